import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { buildDmarcAggregateXml, externalReportAuthorizationName, parseDmarcAggregate, ruaMailtoAddresses } from './index.ts';

describe('the aggregate reports Kontor sends', () => {
  it('builds a report our parser (RFC 7489 appendix C) reads back', () => {
    const xml = buildDmarcAggregateXml({
      orgName: 'mail.kontor.test',
      email: 'dmarc-reports@kontor.test',
      reportId: 'kontor-1',
      begin: new Date('2026-12-03T00:00:00Z'),
      end: new Date('2026-12-04T00:00:00Z'),
      policy: { domain: 'sender.test', adkim: 'r', aspf: 'r', p: 'reject', pct: 100 },
      records: [
        {
          sourceIp: '192.0.2.1',
          count: 2,
          disposition: 'none',
          dkim: 'pass',
          spf: 'fail',
          headerFrom: 'sender.test',
          envelopeFrom: 'other.test',
          dkimResults: [{ domain: 'sender.test', selector: 's1', result: 'pass' }],
          spfResults: [{ domain: 'other.test', scope: 'mfrom', result: 'fail' }],
        },
        {
          sourceIp: '203.0.113.9',
          count: 1,
          disposition: 'reject',
          dkim: 'fail',
          spf: 'fail',
          headerFrom: 'sender.test & co',
          dkimResults: [],
          spfResults: [],
        },
      ],
    });
    const report = parseDmarcAggregate(xml);
    assert.equal(report.orgName, 'mail.kontor.test');
    assert.equal(report.policy.p, 'reject');
    assert.deepEqual(
      report.records.map((r) => [r.sourceIp, r.count, r.disposition, r.dkimAligned, r.spfAligned, r.headerFrom]),
      [
        ['192.0.2.1', 2, 'none', true, false, 'sender.test'],
        ['203.0.113.9', 1, 'reject', false, false, 'sender.test & co'],
      ],
    );
    assert.deepEqual(report.records[1]?.spf, [{ domain: 'sender.test & co', scope: 'mfrom', result: 'none' }]);
  });

  it('reads rua= mailto addresses and says when a destination must authorise them', () => {
    assert.deepEqual(ruaMailtoAddresses('v=DMARC1; p=none; rua=mailto:DMARC@Sender.test, mailto:agg@reports.example!10m,https://x.example/'), [
      'dmarc@sender.test',
      'agg@reports.example',
    ]);
    assert.deepEqual(ruaMailtoAddresses('v=DMARC1; p=none'), []);
    assert.equal(externalReportAuthorizationName('sender.test', 'sender.test'), null);
    assert.equal(externalReportAuthorizationName('sender.test', 'mail.sender.test'), null);
    assert.equal(externalReportAuthorizationName('Sender.test', 'reports.example'), 'sender.test._report._dmarc.reports.example');
  });
});
