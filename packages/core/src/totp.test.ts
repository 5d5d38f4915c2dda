import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  formatTotpSecret,
  generateRecoveryCodes,
  generateTotpSecret,
  looksLikeTotpCode,
  matchTotpCode,
  normalizeRecoveryCode,
  RECOVERY_CODE_COUNT,
  TotpSecretError,
  totpCodeAt,
  totpKeyringFromConfig,
  totpUri,
} from './totp.ts';

// RFC 6238 Appendix B: the SHA-1 seed "12345678901234567890", codes cut to 6 digits.
const RFC_SECRET = 'GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ';
const RFC_VECTORS: Array<[seconds: number, code: string]> = [
  [59, '287082'],
  [1111111109, '081804'],
  [1111111111, '050471'],
  [1234567890, '005924'],
  [2000000000, '279037'],
];

describe('TOTP', () => {
  it('computes the RFC 6238 test vectors (SHA-1, 30 s, 6 digits)', () => {
    for (const [seconds, code] of RFC_VECTORS) {
      assert.equal(totpCodeAt(RFC_SECRET, seconds * 1000), code, `T=${seconds}`);
      assert.equal(matchTotpCode(RFC_SECRET, code, seconds * 1000), Math.floor(seconds / 30), `step of T=${seconds}`);
    }
  });

  it('accepts a code one step either side, with spaces, and nothing further off', () => {
    const now = 1_700_000_000_000;
    const step = Math.floor(now / 30_000);
    const previous = totpCodeAt(RFC_SECRET, now - 30_000);
    assert.equal(matchTotpCode(RFC_SECRET, previous, now), step - 1);
    assert.equal(matchTotpCode(RFC_SECRET, totpCodeAt(RFC_SECRET, now + 30_000), now), step + 1);
    const current = totpCodeAt(RFC_SECRET, now);
    assert.equal(matchTotpCode(RFC_SECRET, `${current.slice(0, 3)} ${current.slice(3)}`, now), step);
    assert.equal(matchTotpCode(RFC_SECRET, totpCodeAt(RFC_SECRET, now - 90_000), now), null);
    assert.equal(matchTotpCode(RFC_SECRET, 'abcdef', now), null);
    assert.equal(matchTotpCode(RFC_SECRET, '12345', now), null);
  });

  it('makes 160-bit secrets and an otpauth URI authenticator apps read', () => {
    const secret = generateTotpSecret();
    assert.match(secret, /^[A-Z2-7]{32}$/);
    assert.notEqual(generateTotpSecret(), secret);
    const uri = new URL(totpUri(secret, { issuer: 'Kontor (mail.example.net)', label: 'anna@example.net' }));
    assert.equal(uri.protocol, 'otpauth:');
    assert.equal(uri.host, 'totp');
    assert.equal(uri.searchParams.get('secret'), secret);
    assert.equal(uri.searchParams.get('issuer'), 'Kontor (mail.example.net)');
    assert.equal(uri.searchParams.get('algorithm'), 'SHA1');
    assert.equal(uri.searchParams.get('digits'), '6');
    assert.equal(uri.searchParams.get('period'), '30');
    assert.equal(formatTotpSecret('ABCDEFGHIJ'), 'ABCD EFGH IJ');
  });

  it('tells authenticator codes from recovery codes', () => {
    assert.ok(looksLikeTotpCode('123 456'));
    assert.ok(!looksLikeTotpCode('abcde-fghjk'));
    assert.ok(!looksLikeTotpCode('1234567'));
  });
});

describe('recovery codes', () => {
  it('are ten different codes without look-alike characters, matched however they are typed', () => {
    const codes = generateRecoveryCodes();
    assert.equal(codes.length, RECOVERY_CODE_COUNT);
    assert.equal(new Set(codes).size, codes.length);
    for (const code of codes) assert.match(code, /^[a-hjkmnp-z2-9]{5}-[a-hjkmnp-z2-9]{5}$/);
    assert.equal(normalizeRecoveryCode(' ABCDE-fghjk '), 'abcdefghjk');
    assert.equal(normalizeRecoveryCode('abcde fghjk'), 'abcdefghjk');
  });
});

describe('TOTP secrets at rest', () => {
  it('are encrypted under the installation key and refused under another', () => {
    const keyring = totpKeyringFromConfig({ DKIM_ENCRYPTION_KEY: 'one installation', DATA_DIR: '/nonexistent' });
    const stored = keyring.encrypt(RFC_SECRET);
    assert.ok(!stored.includes(RFC_SECRET));
    assert.equal(keyring.decrypt(stored), RFC_SECRET);
    const other = totpKeyringFromConfig({ DKIM_ENCRYPTION_KEY: 'another installation', DATA_DIR: '/nonexistent' });
    assert.throws(() => other.decrypt(stored), TotpSecretError);
  });
});
