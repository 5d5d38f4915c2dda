import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { evaluateSelftest, type SelftestFacts, selftestAddress, selftestFixText, selftestTokenOf } from './selftest.ts';

const GOOD: SelftestFacts = {
  domain: 'shop.test',
  ip: '192.0.2.25',
  helo: 'mail.example.net',
  spf: { result: 'pass', domain: 'shop.test' },
  dkim: [
    { domain: 'shop.test', algorithm: 'rsa-sha256', result: 'pass' },
    { domain: 'shop.test', algorithm: 'ed25519-sha256', result: 'pass' },
  ],
  dmarc: { result: 'pass', record: true, spfAligned: true, dkimAligned: true },
  tls: { protocol: 'TLSv1.3', cipher: 'TLS_AES_256_GCM_SHA384' },
  ptr: { names: ['mail.example.net'], confirmed: true },
  blocklists: { listed: [], unanswered: [], zones: 2 },
  size: 900,
  maxSize: 1000,
  headers: { messageId: true, date: true, from: true },
};

const statusOf = (facts: SelftestFacts) => Object.fromEntries(evaluateSelftest(facts).map((v) => [v.check, `${v.status}${v.fix ? ` ${v.fix}` : ''}`]));

describe('deliverability self-test verdicts', () => {
  it('passes everything a strict receiver accepts', () => {
    assert.deepEqual(new Set(Object.values(statusOf(GOOD))), new Set(['pass']));
  });

  it('names each failure with its fix', () => {
    assert.deepEqual(
      statusOf({
        ...GOOD,
        spf: { result: 'none', domain: 'shop.test' },
        // An RSA signature of another domain does not count for this one.
        dkim: [
          { domain: 'other.test', algorithm: 'rsa-sha256', result: 'pass' },
          { domain: 'shop.test', algorithm: 'ed25519-sha256', result: 'fail' },
        ],
        dmarc: { result: 'fail', record: true, spfAligned: false, dkimAligned: false },
        tls: null,
        ptr: { names: ['host.provider.example'], confirmed: false },
        blocklists: { listed: ['zen.spamhaus.org'], unanswered: [], zones: 2 },
        size: 1001,
        headers: { messageId: false, date: true, from: true },
      }),
      {
        spf: 'fail spfMissing',
        'dkim-rsa': 'fail dkimMissing',
        'dkim-ed25519': 'fail dkimFail',
        dmarc: 'fail dmarcFail',
        tls: 'fail noTls',
        'ptr-helo': 'fail ptrMismatch',
        blocklist: 'fail listed',
        size: 'fail tooLarge',
        headers: 'fail headersMissing',
      },
    );
  });

  it('warns where a receiver may still accept', () => {
    const verdicts = statusOf({
      ...GOOD,
      spf: { result: 'softfail', domain: 'shop.test' },
      tls: { protocol: 'TLSv1', cipher: 'AES128-SHA' },
      ptr: { names: ['other.example.net'], confirmed: true },
      blocklists: { listed: [], unanswered: ['zen.spamhaus.org'], zones: 2 },
    });
    assert.equal(verdicts.spf, 'warn spfFail');
    assert.equal(verdicts.tls, 'warn oldTls');
    assert.equal(verdicts['ptr-helo'], 'warn heloMismatch');
    assert.equal(verdicts.blocklist, 'warn blocklistUnanswered');
  });

  it('says the fix in English and German', () => {
    const spf = evaluateSelftest({ ...GOOD, spf: { result: 'fail', domain: 'shop.test' } })[0]!;
    assert.equal(selftestFixText(spf), 'The SPF record of shop.test does not authorise 192.0.2.25. Publish the SPF record the DNS tab shows.');
    assert.equal(
      selftestFixText(spf, 'de'),
      'Der SPF-Eintrag von shop.test erlaubt 192.0.2.25 nicht. Veröffentlichen Sie den SPF-Eintrag, den der DNS-Reiter zeigt.',
    );
    assert.equal(selftestFixText(evaluateSelftest(GOOD)[0]!), '');
  });

  it('knows its probe addresses at MAIL_HOSTNAME only', () => {
    const address = selftestAddress('0123456789abcdef01234567', 'Mail.Example.NET');
    assert.equal(address, 'kontor-selftest-0123456789abcdef01234567@mail.example.net');
    assert.equal(selftestTokenOf(address.toUpperCase(), 'mail.example.net'), '0123456789abcdef01234567');
    assert.equal(selftestTokenOf('kontor-selftest-0123456789abcdef01234567@shop.test', 'mail.example.net'), undefined);
    assert.equal(selftestTokenOf('kontor-selftest-x@mail.example.net', 'mail.example.net'), undefined);
  });
});
