import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { envelopeAddresses, parseAddressList } from './addresses.ts';
import { parseDate } from './envelope.ts';

const addr = (name: string | null, mailbox: string | null, host: string | null, adl: string | null = null) => ({ name, adl, mailbox, host });

describe('address lists for ENVELOPE', () => {
  it('name-addr, addr-spec, quoted names, comments as names', () => {
    assert.deepEqual(envelopeAddresses('"Doe, John" <john@example.com>, jane@example.com (Jane Roe), <x@y>'), [
      addr('Doe, John', 'john', 'example.com'),
      addr('Jane Roe', 'jane', 'example.com'),
      addr(null, 'x', 'y'),
    ]);
    assert.deepEqual(envelopeAddresses('Barry A. Warsaw <barry@python.org>'), [addr('Barry A. Warsaw', 'barry', 'python.org')]);
  });

  it('groups become start and end markers around their members', () => {
    assert.deepEqual(envelopeAddresses('A Group: a@x, "B" <b@x>; c@x'), [
      addr(null, 'A Group', null),
      addr(null, 'a', 'x'),
      addr('B', 'b', 'x'),
      addr(null, null, null),
      addr(null, 'c', 'x'),
    ]);
    assert.deepEqual(envelopeAddresses('undisclosed-recipients:;'), [addr(null, 'undisclosed-recipients', null), addr(null, null, null)]);
  });

  it('source routes, quoted local parts, domain literals, missing parts', () => {
    assert.deepEqual(envelopeAddresses('<@relay1,@relay2:user@host>'), [addr(null, 'user', 'host', '@relay1,@relay2')]);
    assert.deepEqual(envelopeAddresses('"john doe"@example.com'), [addr(null, '"john doe"', 'example.com')]);
    assert.deepEqual(envelopeAddresses('root@[192.0.2.1]'), [addr(null, 'root', '[192.0.2.1]')]);
    assert.deepEqual(envelopeAddresses('postmaster'), [addr(null, 'postmaster', '')]);
    assert.equal(envelopeAddresses(''), null);
    assert.equal(envelopeAddresses(' , ,'), null);
    assert.equal(envelopeAddresses(undefined), null);
  });

  it('never throws on junk', () => {
    for (const junk of ['<<<', '>>>', '"unterminated', '(unterminated', 'a:b:c;;', '@@@', ':;', '<a@b', '\u0000\u00ff', '[x']) {
      assert.doesNotThrow(() => parseAddressList(junk), junk);
    }
  });
});

describe('dates', () => {
  it('parses RFC 5322 and obsolete forms, null for junk', () => {
    assert.equal(parseDate('Fri, 20 Apr 2001 20:18:00 -0400 (EDT)')?.toISOString(), '2001-04-21T00:18:00.000Z');
    assert.equal(parseDate('01 Jan 2001 00:01+0000')?.toISOString(), '2001-01-01T00:01:00.000Z');
    assert.equal(parseDate('Mon, 3 Mar 97 10:00:00 GMT')?.toISOString(), '1997-03-03T10:00:00.000Z');
    assert.equal(parseDate('garbage'), null);
    assert.equal(parseDate('Mon, 1 Jan 99999 00:00:00 +0000'), null);
    assert.equal(parseDate(undefined), null);
  });
});
