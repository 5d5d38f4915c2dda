import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Config } from '@kontor/core';
import { generate } from 'selfsigned';

export interface Certificate {
  key: Buffer;
  cert: Buffer;
  selfSigned: boolean;
}

/**
 * The certificate every protocol offers: the configured files, or a
 * self-signed one made at first start and kept under DATA_DIR/tls so
 * clients that pinned it keep trusting it across restarts.
 */
export async function loadCertificate(config: Pick<Config, 'TLS_CERT_FILE' | 'TLS_KEY_FILE' | 'DATA_DIR' | 'MAIL_HOSTNAME'>): Promise<Certificate> {
  if (config.TLS_CERT_FILE || config.TLS_KEY_FILE) {
    if (!config.TLS_CERT_FILE || !config.TLS_KEY_FILE) throw new Error('Set both TLS_CERT_FILE and TLS_KEY_FILE, or neither');
    return { cert: readFileSync(config.TLS_CERT_FILE), key: readFileSync(config.TLS_KEY_FILE), selfSigned: false };
  }
  const dir = path.join(config.DATA_DIR, 'tls');
  const certFile = path.join(dir, 'selfsigned-cert.pem');
  const keyFile = path.join(dir, 'selfsigned-key.pem');
  if (!existsSync(certFile) || !existsSync(keyFile)) {
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    const now = new Date();
    const pems = await generate([{ name: 'commonName', value: config.MAIL_HOSTNAME }], {
      keySize: 2048,
      algorithm: 'sha256',
      notBeforeDate: new Date(now.getTime() - 60_000),
      notAfterDate: new Date(now.getTime() + 825 * 24 * 3600_000),
      extensions: [
        { name: 'basicConstraints', cA: false },
        { name: 'keyUsage', digitalSignature: true, keyEncipherment: true },
        { name: 'extKeyUsage', serverAuth: true },
        {
          name: 'subjectAltName',
          altNames: [
            { type: 2, value: config.MAIL_HOSTNAME },
            ...(config.MAIL_HOSTNAME === 'localhost' ? [] : [{ type: 2 as const, value: 'localhost' }]),
            { type: 7, ip: '127.0.0.1' },
          ],
        },
      ],
    });
    writeFileSync(keyFile, pems.private, { mode: 0o600 });
    writeFileSync(certFile, pems.cert);
  }
  return { cert: readFileSync(certFile), key: readFileSync(keyFile), selfSigned: true };
}
