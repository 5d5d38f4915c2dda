import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseConfig } from './config.ts';

describe('parseConfig', () => {
  it('has working defaults for an empty environment', () => {
    const config = parseConfig({});
    assert.equal(config.IMAP_PORT, 1143);
    assert.deepEqual(config.PROXY_PROTOCOL_TRUSTED, []);
    assert.equal(config.ALLOW_PLAINTEXT_AUTH_LOOPBACK, false);
  });

  it('reads trusted proxies as a list and names a bad entry', () => {
    assert.deepEqual(parseConfig({ PROXY_PROTOCOL_TRUSTED: ' 127.0.0.1, 10.0.0.0/8 ,fd00::/8' }).PROXY_PROTOCOL_TRUSTED, [
      '127.0.0.1',
      '10.0.0.0/8',
      'fd00::/8',
    ]);
    assert.throws(
      () => parseConfig({ PROXY_PROTOCOL_TRUSTED: '127.0.0.1,haproxy.local' }),
      /PROXY_PROTOCOL_TRUSTED: not an address or CIDR network: haproxy\.local/,
    );
  });

  it('keeps MAIL_HOSTNAME in the ASCII form DNS, SMTP and certificates use', () => {
    assert.equal(parseConfig({ MAIL_HOSTNAME: 'Mail.Bäckerei-Müller.de.' }).MAIL_HOSTNAME, 'mail.xn--bckerei-mller-bfb28a.de');
    assert.equal(parseConfig({ MAIL_HOSTNAME: 'localhost' }).MAIL_HOSTNAME, 'localhost');
    assert.throws(() => parseConfig({ MAIL_HOSTNAME: 'mail example.com' }), /MAIL_HOSTNAME/);
  });

  it('refuses a port out of range', () => {
    assert.throws(() => parseConfig({ IMAP_PORT: '70000' }), /IMAP_PORT/);
  });
});
