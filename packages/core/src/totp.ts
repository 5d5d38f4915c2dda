import { randomInt } from 'node:crypto';
import { Secret, TOTP } from 'otpauth';
import type { Config } from './config.ts';
import { dkimKeyringFromConfig } from './dkim-keys.ts';

/**
 * Time-based one-time passwords (RFC 6238) for two-factor sign-in, and the
 * recovery codes that stand in when the phone is gone. The parameters are
 * the ones every authenticator app understands: HMAC-SHA-1, 30-second
 * steps, 6 digits (RFC 6238 section 4; Google Authenticator ignores others).
 */
export const TOTP_PERIOD_SECONDS = 30;
export const TOTP_DIGITS = 6;
const TOTP_ALGORITHM = 'SHA1';
/**
 * Codes one step either side are accepted too, for a phone clock a little
 * off and the seconds it takes to type (RFC 6238 section 5.2 recommends at
 * most one step of network delay).
 */
const TOTP_WINDOW = 1;

/** A new shared secret: 160 random bits (RFC 4226 section 4 asks for at least 128), base32 as apps expect. */
export function generateTotpSecret(): string {
  return new Secret({ size: 20 }).base32;
}

function totp(secret: string, label = '', issuer = ''): TOTP {
  return new TOTP({
    issuer,
    label,
    secret: Secret.fromBase32(secret),
    algorithm: TOTP_ALGORITHM,
    digits: TOTP_DIGITS,
    period: TOTP_PERIOD_SECONDS,
  });
}

/** The otpauth:// URI an authenticator app reads from the QR code (Key Uri Format). */
export function totpUri(secret: string, account: { issuer: string; label: string }): string {
  return totp(secret, account.label, account.issuer).toString();
}

/** The secret in groups of four, as people type it into an app by hand. */
export function formatTotpSecret(secret: string): string {
  return secret.replace(/(.{4})(?=.)/g, '$1 ');
}

/** True when the text typed looks like an authenticator code (6 digits, spaces allowed) rather than a recovery code. */
export function looksLikeTotpCode(input: string): boolean {
  return new RegExp(`^\\d{${TOTP_DIGITS}}$`).test(input.replace(/\s+/g, ''));
}

/**
 * The RFC 6238 time step of the code typed, when it is right for `now`
 * (or a step either side), else null. The caller stores the step and
 * refuses it, and every earlier one, the next time: a code works once.
 */
export function matchTotpCode(secret: string, input: string, now = Date.now()): number | null {
  const token = input.replace(/\s+/g, '');
  if (!looksLikeTotpCode(token)) return null;
  const delta = totp(secret).validate({ token, timestamp: now, window: TOTP_WINDOW });
  if (delta === null) return null;
  return TOTP.counter({ period: TOTP_PERIOD_SECONDS, timestamp: now }) + delta;
}

/** The code an app shows at `timestamp` (tests and the CLI's self-check). */
export function totpCodeAt(secret: string, timestamp = Date.now()): string {
  return totp(secret).generate({ timestamp });
}

export const RECOVERY_CODE_COUNT = 10;
// No 0/o, 1/l/i: codes are read off paper.
const RECOVERY_ALPHABET = 'abcdefghjkmnpqrstuvwxyz23456789';
const RECOVERY_LENGTH = 10;

/** One-time recovery codes, `xxxxx-xxxxx` (about 49 random bits each). */
export function generateRecoveryCodes(count = RECOVERY_CODE_COUNT): string[] {
  return Array.from({ length: count }, () => {
    const chars = Array.from({ length: RECOVERY_LENGTH }, () => RECOVERY_ALPHABET[randomInt(RECOVERY_ALPHABET.length)]).join('');
    return `${chars.slice(0, 5)}-${chars.slice(5)}`;
  });
}

/** A recovery code as typed (any case, with or without the dash and spaces) in the form it is hashed in. */
export function normalizeRecoveryCode(input: string): string {
  return input.toLowerCase().replace(/[\s-]+/g, '');
}

/** Encrypts and decrypts TOTP secrets at rest. */
export interface TotpKeyring {
  encrypt(secret: string): string;
  decrypt(stored: string): string;
}

export class TotpSecretError extends Error {
  readonly code = 'totp_secret';
}

/**
 * TOTP secrets are kept like DKIM private keys: AES-256-GCM under the
 * installation's key (DKIM_ENCRYPTION_KEY, else DATA_DIR/dkim-encryption-key),
 * so a database dump alone does not give the second factor away. One key
 * to back up, one mechanism to review.
 */
export function totpKeyringFromConfig(config: Pick<Config, 'DKIM_ENCRYPTION_KEY' | 'DATA_DIR'>): TotpKeyring {
  const keyring = dkimKeyringFromConfig(config);
  return {
    encrypt: (secret) => keyring.encrypt(secret),
    decrypt(stored) {
      try {
        return keyring.decrypt(stored);
      } catch {
        throw new TotpSecretError(
          'The two-factor secret cannot be decrypted: DKIM_ENCRYPTION_KEY (or DATA_DIR/dkim-encryption-key) differs from the one it was made with',
        );
      }
    },
  };
}
