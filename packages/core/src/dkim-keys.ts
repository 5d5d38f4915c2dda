import { createCipheriv, createDecipheriv, createHash, createPrivateKey, createPublicKey, generateKeyPair, randomBytes } from 'node:crypto';
import { promisify } from 'node:util';
import type { Config } from './config.ts';
import { instanceSecret } from './instance-secret.ts';

/**
 * DKIM key pairs (RSA-2048 for rsa-sha256, and Ed25519 for ed25519-sha256,
 * RFC 8463, signed beside it) and how their private halves are
 * kept: encrypted with AES-256-GCM under the installation's DKIM key
 * (DKIM_ENCRYPTION_KEY, else DATA_DIR/dkim-encryption-key), so a database
 * dump alone does not give the signing keys away.
 */
export interface DkimKeyPair {
  /** PKCS#8 PEM. */
  privateKeyPem: string;
  /** The p= of the TXT record: SubjectPublicKeyInfo DER, base64 (RSA); the raw 32-octet key, base64 (Ed25519, RFC 8463 §4). */
  publicKey: string;
}

/** The signing algorithms Kontor keeps a key for; every domain signs with one key of each. */
export const DKIM_ALGORITHMS = ['rsa-sha256', 'ed25519-sha256'] as const;
export type DkimAlgorithm = (typeof DKIM_ALGORITHMS)[number];

/**
 * The Ed25519 key's selector beside an RSA selector: `kontor` →
 * `kontor-ed25519`. Both keys of a domain rotate together, so the RSA
 * selector (Domain.dkimSelector) names the pair.
 */
export function ed25519Selector(rsaSelector: string): string {
  return `${rsaSelector.slice(0, 63 - '-ed25519'.length)}-ed25519`;
}

/** Ed25519 key pair: PKCS#8 PEM, and the raw public key as p= wants it (the last 32 octets of the SPKI DER). */
export async function generateEd25519DkimKeyPair(): Promise<DkimKeyPair> {
  const { privateKey, publicKey } = await generate('ed25519');
  return {
    privateKeyPem: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
    publicKey: publicKey.export({ type: 'spki', format: 'der' }).subarray(-32).toString('base64'),
  };
}

const generate = promisify(generateKeyPair);

export async function generateDkimKeyPair(bits = 2048): Promise<DkimKeyPair> {
  const { privateKey, publicKey } = await generate('rsa', { modulusLength: bits });
  return {
    privateKeyPem: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
    publicKey: publicKey.export({ type: 'spki', format: 'der' }).toString('base64'),
  };
}

/** The public half of a PEM private key as p= carries it (base64 SPKI DER for RSA, the raw key for Ed25519). */
export function dkimPublicKeyOf(privateKeyPem: string): string {
  const key = createPublicKey(createPrivateKey(privateKeyPem));
  const der = key.export({ type: 'spki', format: 'der' });
  return (key.asymmetricKeyType === 'ed25519' ? der.subarray(-32) : der).toString('base64');
}

/** Encrypts and decrypts private keys at rest. */
export interface DkimKeyring {
  encrypt(privateKeyPem: string): string;
  decrypt(stored: string): string;
}

const FORMAT = 'v1';

export function createDkimKeyring(secret: string): DkimKeyring {
  const key = createHash('sha256').update(secret, 'utf8').digest();
  return {
    encrypt(privateKeyPem) {
      const iv = randomBytes(12);
      const cipher = createCipheriv('aes-256-gcm', key, iv);
      const data = Buffer.concat([cipher.update(privateKeyPem, 'utf8'), cipher.final()]);
      return [FORMAT, iv.toString('base64'), cipher.getAuthTag().toString('base64'), data.toString('base64')].join(':');
    },
    decrypt(stored) {
      const [format, iv, tag, data] = stored.split(':');
      if (format !== FORMAT || !iv || !tag || !data) throw new DkimKeyError('The stored DKIM key has an unknown format');
      try {
        const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(iv, 'base64'));
        decipher.setAuthTag(Buffer.from(tag, 'base64'));
        return Buffer.concat([decipher.update(Buffer.from(data, 'base64')), decipher.final()]).toString('utf8');
      } catch {
        throw new DkimKeyError(
          'The DKIM private key cannot be decrypted: DKIM_ENCRYPTION_KEY (or DATA_DIR/dkim-encryption-key) differs from the one it was made with',
        );
      }
    },
  };
}

export class DkimKeyError extends Error {
  readonly code = 'dkim_key';
}

/** The keyring of this installation, from configuration (the key file is made on first use). */
export function dkimKeyringFromConfig(config: Pick<Config, 'DKIM_ENCRYPTION_KEY' | 'DATA_DIR'>): DkimKeyring {
  return createDkimKeyring(instanceSecret({ configured: config.DKIM_ENCRYPTION_KEY, dataDir: config.DATA_DIR, name: 'dkim-encryption-key' }));
}

/** `v=DKIM1; k=rsa; p=…` (or k=ed25519): the TXT value published at SELECTOR._domainkey.DOMAIN. */
export function dkimTxtValue(publicKey: string, algorithm: string = 'rsa-sha256'): string {
  return `v=DKIM1; k=${algorithm.startsWith('ed25519') ? 'ed25519' : 'rsa'}; p=${publicKey}`;
}
