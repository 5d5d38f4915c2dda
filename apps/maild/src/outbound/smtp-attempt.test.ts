// attemptDelivery against a real STARTTLS peer (aiosmtpd): where TLS is
// required, a certificate node refuses or a peer without STARTTLS is a
// temporary failure with its RFC 8460 result type, and nothing is sent.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { freePort } from '@kontor/core/ports';
import { type AiosmtpdPeer, startAiosmtpdPeer } from '../../../../tests/e2e/lib/aiosmtpd-peer.ts';
import { attemptDelivery, type SmtpTarget } from './smtp-attempt.ts';

let dir: string;
let withTls: AiosmtpdPeer;
let plain: AiosmtpdPeer;
let tlsPort: number;
let plainPort: number;

before(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'kontor-attempt-'));
  const keyFile = path.join(dir, 'key.pem');
  const certFile = path.join(dir, 'cert.pem');
  execFileSync(
    'openssl',
    [
      'req',
      '-x509',
      '-newkey',
      'ec',
      '-pkeyopt',
      'ec_paramgen_curve:P-256',
      '-nodes',
      '-keyout',
      keyFile,
      '-out',
      certFile,
      '-days',
      '2',
      '-subj',
      '/CN=other.example',
      '-addext',
      'subjectAltName=DNS:other.example',
    ],
    { stdio: 'ignore' },
  );
  [tlsPort, plainPort] = [await freePort(), await freePort()];
  withTls = await startAiosmtpdPeer({ host: '127.0.0.1', port: tlsPort, eightBitMime: true, smtpUtf8: true, tls: { certFile, keyFile } });
  plain = await startAiosmtpdPeer({ host: '127.0.0.1', port: plainPort, eightBitMime: true, smtpUtf8: true });
});
after(async () => {
  await withTls?.stop();
  await plain?.stop();
  rmSync(dir, { recursive: true, force: true });
});

const send = (target: SmtpTarget) =>
  attemptDelivery({
    target,
    heloName: 'mx.kontor.test',
    from: 'anna@example.com',
    to: ['bob@mx.example.net'],
    prepare: async () => ({ message: Buffer.from('Subject: t\r\n\r\nbody\r\n'), eightBitMime: false, smtpUtf8: false, refused: [] }),
    connectTimeoutMs: 3000,
  });

describe('attemptDelivery where TLS is required', () => {
  it('a certificate that does not verify (MTA-STS enforce) defers with validation-failure, nothing sent', async () => {
    const result = await send({ host: 'mx.example.net', connectTo: '127.0.0.1', port: tlsPort, tls: 'required', verifyCertificate: true });
    assert.equal(result.kind, 'failed');
    assert.equal(result.kind === 'failed' && result.code, 0);
    assert.match(result.kind === 'failed' ? result.response : '', /^4\.7\.5 TLS required, .*: not sent in plaintext/);
    assert.equal(result.tls?.failure, 'validation-failure');
    assert.equal(withTls.messages.length, 0);
  });

  it('a peer without STARTTLS defers with starttls-not-supported, never a bounce', async () => {
    const result = await send({ host: 'mx.example.net', connectTo: '127.0.0.1', port: plainPort, tls: 'required', verifyCertificate: true });
    assert.equal(result.kind === 'failed' && result.code, 0);
    assert.equal(result.tls?.failure, 'starttls-not-supported');
    assert.equal(plain.messages.length, 0);
  });

  it('opportunistic TLS takes any certificate and says so', async () => {
    const result = await send({ host: 'mx.example.net', connectTo: '127.0.0.1', port: tlsPort, tls: 'opportunistic' });
    assert.equal(result.kind, 'answered');
    assert.deepEqual(result.tls, { secure: true, summary: 'TLS' });
    assert.equal((await withTls.waitFor((m) => m.rcptTo.includes('bob@mx.example.net'))).tls, true);
  });
});
