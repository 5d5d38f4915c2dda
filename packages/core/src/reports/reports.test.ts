import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { type DmarcAggregateReport, parseReportDocument, parseReportMail, ReportError, type ReportRefusal, type TlsRptReport } from './index.ts';

const fixture = (name: string) => readFileSync(new URL(`../../../../tests/fixtures/reports/${name}`, import.meta.url));

function dmarc(name: string): DmarcAggregateReport {
  const report = parseReportDocument(fixture(name));
  assert.equal(report.kind, 'dmarc');
  return report as DmarcAggregateReport;
}

function refused(name: string, refusal: ReportRefusal, message: RegExp) {
  assert.throws(
    () => parseReportDocument(fixture(name)),
    (error: unknown) => error instanceof ReportError && error.refusal === refusal && message.test(error.message),
  );
}

describe('DMARC aggregate reports', () => {
  it("reads Google's zip", () => {
    const report = dmarc('google.com!reports.test!1796256000!1796342399.zip');
    assert.equal(report.orgName, 'google.com');
    assert.equal(report.reportId, '4128749012470192740');
    assert.equal(report.begin.toISOString(), '2026-12-03T00:00:00.000Z');
    assert.equal(report.policy.domain, 'reports.test');
    assert.equal(report.policy.p, 'quarantine');
    assert.deepEqual(
      report.records.map((r) => [r.sourceIp, r.count, r.disposition, r.dkimAligned, r.spfAligned]),
      [
        ['192.0.2.10', 42, 'none', true, true],
        ['203.0.113.66', 7, 'quarantine', false, false],
      ],
    );
    assert.deepEqual(report.records[0]?.dkim, [{ domain: 'reports.test', selector: 'k2026', result: 'pass' }]);
  });

  it("reads Microsoft's gzip XML and a plain one", () => {
    const report = dmarc('enterprise.protection.outlook.com!reports.test!1796342400!1796428800.xml.gz');
    assert.equal(report.orgName, 'Enterprise Outlook');
    assert.equal(report.records[0]?.envelopeFrom, 'bounce.reports.test');
    assert.deepEqual(report.records[0]?.spf, [{ domain: 'bounce.reports.test', scope: 'mfrom', result: 'fail' }]);
    assert.equal(dmarc('plain-dmarc.xml').reportId, 'plain-report-1');
  });

  it('reads the DMARCbis schema (namespace, np, testing, reasons)', () => {
    const report = dmarc('yahoo.com!reports.test!1796342400!1796428799.xml.gz');
    assert.equal(report.policy.np, 'reject');
    assert.equal(report.policy.discovery_method, 'treewalk');
    assert.equal(report.records[0]?.sourceIp, '2001:db8::25');
    assert.deepEqual(report.records[0]?.reasons, [{ type: 'local_policy', comment: 'arc=fail' }]);
  });
});

describe('TLS reports', () => {
  it("reads Google's and Microsoft's gzip JSON", () => {
    const google = parseReportDocument(fixture('google.com!reports.test!1796256000!1796342399!001.json.gz')) as TlsRptReport;
    assert.equal(google.kind, 'tls');
    assert.equal(google.policies[0]?.successful, 118);
    const microsoft = parseReportDocument(fixture('microsoft.com!reports.test!1796256000!1796342399.json.gz')) as TlsRptReport;
    assert.equal(microsoft.orgName, 'Microsoft Corporation');
    assert.deepEqual(
      microsoft.policies.map((p) => [p.policyType, p.successful, p.failed, p.failures.map((f) => [f.resultType, f.count])]),
      [
        [
          'sts',
          20,
          4,
          [
            ['certificate-expired', 3],
            ['starttls-not-supported', 1],
          ],
        ],
        ['no-policy-found', 2, 0, []],
      ],
    );
  });
});

describe('hostile and broken reports are refused with a reason', () => {
  it('refuses decompression bombs', () => {
    refused('bomb.xml.gz', 'too_big', /more than 20971520 bytes/);
    refused('bomb.zip', 'too_big', /more than 20971520 bytes/);
    refused('many-entries.zip', 'too_big', /more than 16 entries/);
  });

  it('refuses XXE and billion laughs without expanding anything', () => {
    refused('xxe.xml', 'malformed', /DOCTYPE/);
    refused('billion-laughs.xml', 'malformed', /DOCTYPE/);
  });

  it('refuses truncated gzip, malformed XML, wrong JSON types and floods of records', () => {
    refused('truncated.xml.gz', 'malformed', /gzip/);
    refused('malformed.xml', 'malformed', /XML is malformed/);
    refused('wrong-types.json', 'wrong_schema', /total-successful-session-count/);
    refused('huge-records.xml.gz', 'too_big', /more than 50000 records/);
  });

  it('tells a document that is no report', () => {
    assert.throws(
      () => parseReportDocument(new TextEncoder().encode('<html><body>hi</body></html>')),
      (e: unknown) => e instanceof ReportError && e.refusal === 'not_a_report',
    );
    assert.throws(
      () => parseReportDocument(new TextEncoder().encode('hello')),
      (e: unknown) => e instanceof ReportError && e.refusal === 'not_a_report',
    );
  });
});

describe('reports in mail', () => {
  const mail = (contentType: string, filename: string, data: Buffer) =>
    Buffer.from(
      [
        'From: noreply-dmarc-support@google.com',
        'To: dmarc-reports@reports.test',
        'Subject: Report domain: reports.test Submitter: google.com',
        'MIME-Version: 1.0',
        'Content-Type: multipart/mixed; boundary="b1"',
        '',
        '--b1',
        'Content-Type: multipart/alternative; boundary="b2"',
        '',
        '--b2',
        'Content-Type: text/plain',
        '',
        'This is an aggregate report.',
        '--b2--',
        '--b1',
        `Content-Type: ${contentType}; name="${filename}"`,
        `Content-Disposition: attachment; filename="${filename}"`,
        'Content-Transfer-Encoding: base64',
        '',
        data.toString('base64').replace(/.{76}/g, '$&\r\n'),
        '--b1--',
        '',
      ].join('\r\n'),
    );

  it('finds the report attachment in a nested MIME structure', async () => {
    const name = 'google.com!reports.test!1796256000!1796342399.zip';
    const parsed = await parseReportMail(mail('application/zip', name, fixture(name)));
    assert.equal(parsed.report.kind, 'dmarc');
    assert.equal(parsed.report.reportId, '4128749012470192740');
    assert.equal(parsed.filename, name);
    assert.deepEqual(Buffer.from(parsed.raw), fixture(name));
  });

  it('names the refusal of a bad attachment, and a mail without one', async () => {
    await assert.rejects(
      parseReportMail(mail('application/gzip', 'bomb.xml.gz', fixture('bomb.xml.gz'))),
      (e: unknown) => e instanceof ReportError && e.refusal === 'too_big',
    );
    await assert.rejects(
      parseReportMail(Buffer.from('Subject: hi\r\n\r\nno report here\r\n')),
      (e: unknown) => e instanceof ReportError && e.refusal === 'not_a_report',
    );
  });
});
