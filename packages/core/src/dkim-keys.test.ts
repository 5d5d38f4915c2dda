import assert from 'node:assert/strict';
import { createSign, createVerify } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, it } from 'node:test';
import { createDkimKeyring, DkimKeyError, dkimKeyringFromConfig, dkimPublicKeyOf, generateDkimKeyPair } from './dkim-keys.ts';

describe('DKIM keys', () => {
  it('makes an RSA-2048 pair whose public half is the p= value', async () => {
    const pair = await generateDkimKeyPair();
    assert.equal(dkimPublicKeyOf(pair.privateKeyPem), pair.publicKey);
    const der = Buffer.from(pair.publicKey, 'base64');
    assert.ok(der.length > 290 && der.length < 300, `2048-bit SPKI is 294 bytes, got ${der.length}`);
    const signature = createSign('sha256').update('x').sign(pair.privateKeyPem);
    const publicPem = `-----BEGIN PUBLIC KEY-----\n${pair.publicKey}\n-----END PUBLIC KEY-----`;
    assert.ok(createVerify('sha256').update('x').verify(publicPem, signature));
  });

  it('encrypts private keys with AES-256-GCM and refuses the wrong key', async () => {
    const { privateKeyPem } = await generateDkimKeyPair();
    const keyring = createDkimKeyring('a long random secret');
    const stored = keyring.encrypt(privateKeyPem);
    assert.match(stored, /^v1:/);
    assert.ok(!stored.includes('PRIVATE KEY'));
    assert.equal(keyring.decrypt(stored), privateKeyPem);
    assert.throws(() => createDkimKeyring('another').decrypt(stored), DkimKeyError);
  });

  it('keeps a generated key file under DATA_DIR that every process shares', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'kontor-dkim-'));
    try {
      const a = dkimKeyringFromConfig({ DATA_DIR: dir, DKIM_ENCRYPTION_KEY: undefined });
      const file = path.join(dir, 'dkim-encryption-key');
      assert.equal(statSync(file).mode & 0o777, 0o600);
      const b = dkimKeyringFromConfig({ DATA_DIR: dir, DKIM_ENCRYPTION_KEY: undefined });
      assert.equal(b.decrypt(a.encrypt('pem')), 'pem');
      assert.ok(readFileSync(file, 'utf8').trim().length >= 43);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
