import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseConfig } from '../config.ts';
import { isAcmeName, LETS_ENCRYPT_PRODUCTION, LETS_ENCRYPT_STAGING, resolveAcmeDirectory } from './acme-directory.ts';

describe('ACME settings', () => {
  it('ACME_DIRECTORY defaults to Let’s Encrypt, knows staging and takes any URL', () => {
    assert.equal(parseConfig({}).ACME_DIRECTORY, LETS_ENCRYPT_PRODUCTION);
    assert.equal(parseConfig({ ACME_DIRECTORY: 'staging' }).ACME_DIRECTORY, LETS_ENCRYPT_STAGING);
    assert.equal(parseConfig({ ACME_DIRECTORY: 'https://127.0.0.1:14000/dir' }).ACME_DIRECTORY, 'https://127.0.0.1:14000/dir');
    assert.equal(resolveAcmeDirectory('ftp://x'), null);
    assert.throws(() => parseConfig({ ACME_DIRECTORY: 'not a url' }), /ACME_DIRECTORY/);
  });

  it('ACME_RENEW_DAYS defaults to 30 and ACME_EMAIL must be an address', () => {
    const config = parseConfig({});
    assert.equal(config.ACME_RENEW_DAYS, 30);
    assert.equal(config.ACME_EMAIL, undefined);
    assert.equal(parseConfig({ ACME_EMAIL: 'ops@example.com' }).ACME_EMAIL, 'ops@example.com');
    assert.throws(() => parseConfig({ ACME_EMAIL: 'nobody' }), /ACME_EMAIL/);
    assert.throws(() => parseConfig({ ACME_RENEW_DAYS: '0' }), /ACME_RENEW_DAYS/);
  });

  it('only public DNS names are asked for', () => {
    assert.equal(isAcmeName('mail.example.com'), true);
    assert.equal(isAcmeName('mta-sts.xn--bcher-kva.de'), true);
    for (const name of ['localhost', 'mail', 'a.localhost', '127.0.0.1', '::1', 'example.com.', 'bad_name.example.com']) {
      assert.equal(isAcmeName(name), false, name);
    }
  });
});
