import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { isPublicHostname, reverseName } from './names.ts';

describe('DNS names', () => {
  it('tells public host names from local and reserved ones', () => {
    for (const name of ['mail.example.com', 'mx1.kontor.de', 'MAIL.Example.NET.']) assert.equal(isPublicHostname(name), true, name);
    for (const name of [
      'localhost',
      'mail',
      'mail.local',
      'mx.kontor.test',
      'a.localhost',
      'box.home.arpa',
      '192.0.2.1',
      '[2001:db8::1]',
      'mail.internal',
      'x.example',
    ])
      assert.equal(isPublicHostname(name), false, name);
  });

  it('reverses IPv4 and IPv6 addresses for PTR and blocklist names', () => {
    assert.equal(reverseName('192.0.2.10'), '10.2.0.192.in-addr.arpa');
    assert.equal(reverseName('2001:db8::1'), '1.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.8.b.d.0.1.0.0.2.ip6.arpa');
    assert.equal(reverseName('::ffff:192.0.2.1'), '1.0.2.0.0.0.0.c.f.f.f.f.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.ip6.arpa');
  });
});
