// The received reports against PostgreSQL: stored once per reporter and
// report id, figures per source (failing first) and per TLS policy, the
// period, the unreadable ones, and a domain admin fenced in to their domains.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { NotFoundError } from '@kontor/core';
import type { DmarcAggregateReport, ReportMail, TlsRptReport } from '@kontor/core/reports';
import { CLI_ACTOR } from './actor.ts';
import { createDomain } from './domains.ts';
import { adminActor, createAdminAccount } from './index.ts';
import { dmarcReportSummary, receivedReportRaw, recordReport, recordReportFailure, tlsReportSummary } from './reports.ts';
import { createTestDatabase, type TestDatabase } from './testing.ts';

const DAY = 86_400_000;
const now = new Date('2026-12-04T12:00:00Z');

function dmarcMail(reportId: string, orgName: string, endDaysAgo: number, records: Array<[string, number, boolean, boolean, string]>): ReportMail {
  const report: DmarcAggregateReport = {
    kind: 'dmarc',
    orgName,
    reportId,
    email: null,
    begin: new Date(now.getTime() - (endDaysAgo + 1) * DAY),
    end: new Date(now.getTime() - endDaysAgo * DAY),
    policy: { domain: 'reports.example', p: 'reject' },
    errors: [],
    records: records.map(([sourceIp, count, dkimAligned, spfAligned, disposition]) => ({
      sourceIp,
      count,
      dkimAligned,
      spfAligned,
      disposition,
      headerFrom: 'reports.example',
      envelopeFrom: null,
      reasons: [],
      dkim: [],
      spf: [],
    })),
  };
  return { subject: 'Report', from: 'r@example.net', report, raw: new TextEncoder().encode(reportId), filename: `${reportId}.xml` };
}

let t: TestDatabase;
let domainId: number;
let otherId: number;
before(async () => {
  t = await createTestDatabase();
  domainId = (await createDomain(t.db, CLI_ACTOR, { name: 'reports.example' })).id;
  otherId = (await createDomain(t.db, CLI_ACTOR, { name: 'other.example' })).id;
});
after(async () => {
  await t?.drop();
});

describe('received reports', () => {
  it('stores a report once and sums its sources, failing ones first', async () => {
    const first = dmarcMail('r1', 'google.com', 1, [
      ['192.0.2.1', 10, true, true, 'none'],
      ['203.0.113.5', 2, false, false, 'reject'],
    ]);
    assert.deepEqual(await recordReport(t.db, 'reports.example', first), { stored: true });
    assert.deepEqual(await recordReport(t.db, 'Reports.Example', first), { stored: false });
    await recordReport(t.db, 'reports.example', dmarcMail('r2', 'Yahoo', 2, [['192.0.2.1', 5, false, true, 'none']]));
    // Outside a 7-day period.
    await recordReport(t.db, 'reports.example', dmarcMail('old', 'Yahoo', 20, [['198.51.100.1', 99, false, false, 'none']]));
    const week = await dmarcReportSummary(t.db, CLI_ACTOR, domainId, 7, now);
    assert.deepEqual(week.totals, { messages: 17, dmarcPass: 15, dmarcFail: 2 });
    assert.deepEqual(
      week.sources.map((s) => [s.sourceIp, s.messages, s.dmarcFail, s.dkimAlignedFail, s.reporters]),
      [
        ['203.0.113.5', 2, 2, 2, ['google.com']],
        ['192.0.2.1', 15, 0, 5, ['google.com', 'Yahoo']],
      ],
    );
    assert.equal((await dmarcReportSummary(t.db, CLI_ACTOR, domainId, 30, now)).sources[0]?.sourceIp, '198.51.100.1');
    const raw = await receivedReportRaw(t.db, CLI_ACTOR, domainId, 'dmarc', week.reports[0]!.id);
    assert.equal(new TextDecoder().decode(raw.raw), 'r1');
  });

  it('sums TLS sessions per reporter and policy, and keeps unreadable mails with their reason', async () => {
    const report: TlsRptReport = {
      kind: 'tls',
      orgName: 'Microsoft',
      reportId: 't1',
      contact: null,
      begin: new Date(now.getTime() - 2 * DAY),
      end: new Date(now.getTime() - DAY),
      policies: [
        {
          policyType: 'sts',
          policyDomain: 'reports.example',
          mxHosts: [],
          successful: 9,
          failed: 3,
          failures: [{ resultType: 'certificate-expired', count: 3 }],
        },
      ],
    };
    await recordReport(t.db, 'reports.example', { subject: '', from: '', report, raw: new Uint8Array([1]), filename: 't1.json.gz' });
    await recordReportFailure(t.db, 'reports.example', {
      kind: 'tls',
      mailFrom: 'x@example.net',
      subject: 'bad',
      refusal: 'malformed',
      reason: 'The JSON is malformed',
    });
    const tls = await tlsReportSummary(t.db, CLI_ACTOR, domainId, 7, now);
    assert.deepEqual(tls.totals, { successful: 9, failed: 3 });
    assert.deepEqual(tls.policies[0]?.failures, { 'certificate-expired': 3 });
    const failures = (await tlsReportSummary(t.db, CLI_ACTOR, domainId, 7)).failures;
    assert.deepEqual(
      failures.map((f) => [f.refusal, f.reason]),
      [['malformed', 'The JSON is malformed']],
    );
  });

  it("does not show a domain's reports to another domain's admin", async () => {
    const admin = await createAdminAccount(t.db, CLI_ACTOR, {
      email: 'chef@other.example',
      password: 'a long second passphrase',
      role: 'DOMAIN_ADMIN',
      domainIds: [otherId],
    });
    const actor = await adminActor(t.db, admin.id);
    await assert.rejects(dmarcReportSummary(t.db, actor, domainId, 30, now), NotFoundError);
    await assert.rejects(tlsReportSummary(t.db, actor, domainId, 30, now), NotFoundError);
    await assert.rejects(receivedReportRaw(t.db, actor, domainId, 'dmarc', 1), NotFoundError);
    assert.equal((await dmarcReportSummary(t.db, actor, otherId, 30, now)).sources.length, 0);
  });
});
