import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createStaticResolver } from './resolver.ts';
import { countSpfLookups, evaluateSpf, spfAllowsAll, spfRecordsOf } from './spf.ts';

describe('SPF', () => {
  const resolver = createStaticResolver({
    'TXT:a.example': [['v=spf1 include:b.example include:c.example mx -all']],
    'TXT:b.example': [['v=spf1 a ptr exists:%{i}.x.example ip4:192.0.2.0/24 -all']],
    'TXT:c.example': [['v=spf1 redirect=d.example']],
    'TXT:d.example': [['v=spf1 a:one.example a:two.example mx:three.example ~all']],
    'TXT:loop.example': [['v=spf1 include:loop.example -all']],
    'TXT:many.example': [[`v=spf1 ${Array.from({ length: 11 }, (_, i) => `a:h${i}.example`).join(' ')} -all`]],
    'A:mail.example': ['192.0.2.10'],
    'TXT:ok.example': [['v=spf1 a:mail.example -all']],
  });

  it('counts the DNS lookups of a record and of what it includes (RFC 7208 §4.6.4)', async () => {
    // a: include b (1) + a, ptr, exists (3) + include c (1) + redirect (1) + a, a, mx (3) + mx (1)
    assert.equal(await countSpfLookups('v=spf1 include:b.example include:c.example mx -all', resolver), 10);
    assert.equal(await countSpfLookups('v=spf1 ip4:192.0.2.1 -all', resolver), 0);
    assert.ok((await countSpfLookups('v=spf1 include:loop.example -all', resolver)) > 10, 'a loop never ends');
    assert.equal(await countSpfLookups('v=spf1 include:ok.example include:ok.example -all', resolver), 4, 'the same include twice costs twice');
    assert.ok((await countSpfLookups('v=spf1 include:many.example -all', resolver)) > 10);
  });

  it('finds SPF records among TXT records and sees +all', () => {
    assert.deepEqual(spfRecordsOf(['google-site-verification=x', 'v=spf1 -all', 'v=spf10 x', 'V=SPF1 mx']), ['v=spf1 -all', 'V=SPF1 mx']);
    assert.equal(spfAllowsAll('v=spf1 +all'), true);
    assert.equal(spfAllowsAll('v=spf1 all'), true);
    assert.equal(spfAllowsAll('v=spf1 mx -all'), false);
  });

  it('evaluates a record for an address as a receiver does (mailauth)', async () => {
    assert.equal(await evaluateSpf({ domain: 'ok.example', ip: '192.0.2.10', helo: 'mail.example', resolver }), 'pass');
    assert.equal(await evaluateSpf({ domain: 'ok.example', ip: '198.51.100.1', helo: 'mail.example', resolver }), 'fail');
    assert.equal(await evaluateSpf({ domain: 'localhost', ip: '127.0.0.1', helo: 'localhost', resolver }), 'none');
  });
});
