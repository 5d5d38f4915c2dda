// DMARC and TLS reports from the corpus (tests/fixtures/reports) sent over
// SMTP by Python's smtplib to a real maild: the readable ones are stored
// once (a repeat is not stored again), the hostile ones are refused with
// their reason, and every mail still reaches postmaster@ with a 250.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { promisify } from 'node:util';
import { CLI_ACTOR, createDomain, createMailbox, dmarcReportSummary, ensureSuperadmin, tlsReportSummary } from '@kontor/db';
import { createTestDatabase, type TestDatabase } from '@kontor/db/testing';
import { launchChromium } from '../../apps/web/tests/lib/chromium.ts';
import { startWebServer } from '../../apps/web/tests/lib/web-server.ts';
import { type MaildProcess, ROOT, startMaild } from './lib/maild.ts';

const run = promisify(execFile);
const PYTHON = '/usr/bin/python3';
const FIXTURES = path.join(ROOT, 'tests/fixtures/reports');
const ADMIN = { email: 'chef@kontor.example', password: 'a long test passphrase' };
process.env.DKIM_ENCRYPTION_KEY ??= 'kontor test dkim key';

let t: TestDatabase;
let maild: MaildProcess;
let domainId: number;
let postmasterId: number;

// One mail per report: multipart/mixed with a text part and the report attached, as reporters send them.
const SEND = `
import smtplib, sys, os
from email.message import EmailMessage
port, to, ctype, path = int(sys.argv[1]), sys.argv[2], sys.argv[3], sys.argv[4]
m = EmailMessage()
m['From'] = 'noreply-dmarc-support@google.com'
m['To'] = to
m['Subject'] = 'Report domain: reports.test Submitter: ' + os.path.basename(path)
m.set_content('This is an aggregate report.')
maintype, subtype = ctype.split('/')
with open(path, 'rb') as f:
    m.add_attachment(f.read(), maintype=maintype, subtype=subtype, filename=os.path.basename(path))
s = smtplib.SMTP('127.0.0.1', port, timeout=20)
s.ehlo('reporter.example')
refused = s.sendmail('bounces@google.com', [to], m.as_bytes())
s.quit()
print('sent', refused)
`;

async function send(to: string, contentType: string, file: string) {
  const { stdout } = await run(PYTHON, ['-c', SEND, String(maild.ports.smtp), to, contentType, path.join(FIXTURES, file)]);
  assert.match(stdout, /sent \{\}/);
}

async function eventually<T>(read: () => Promise<T>, done: (value: T) => boolean, what: string): Promise<T> {
  const deadline = Date.now() + 20_000;
  for (;;) {
    const value = await read();
    if (done(value)) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}: ${JSON.stringify(value)}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

before(async () => {
  t = await createTestDatabase();
  const domain = await createDomain(t.db, CLI_ACTOR, { name: 'reports.test' });
  domainId = domain.id;
  postmasterId = (await createMailbox(t.db, CLI_ACTOR, { domainId, localPart: 'postmaster', password: 'correct horse battery' })).id;
  await ensureSuperadmin(t.db, ADMIN);
  maild = await startMaild({ databaseUrl: t.url, env: { MAILD_ROLES: 'smtp,workers' } });
});

after(async () => {
  await maild?.stop({ cleanup: true });
  await t?.drop();
});

describe('reports received over SMTP', () => {
  it('stores DMARC reports from zip, gzip and plain XML, each once', async () => {
    await send('dmarc-reports@reports.test', 'application/zip', 'google.com!reports.test!1796256000!1796342399.zip');
    await send('dmarc-reports@reports.test', 'application/gzip', 'enterprise.protection.outlook.com!reports.test!1796342400!1796428800.xml.gz');
    await send('dmarc-reports@reports.test', 'text/xml', 'plain-dmarc.xml');
    // The same Google report again: kept once.
    await send('dmarc-reports@reports.test', 'application/zip', 'google.com!reports.test!1796256000!1796342399.zip');
    const now = new Date('2026-12-06T00:00:00Z');
    const summary = await eventually(
      () => dmarcReportSummary(t.db, CLI_ACTOR, domainId, 30, now),
      (s) => s.reports.length === 3,
      'three DMARC reports',
    );
    assert.deepEqual(summary.reports.map((r) => r.orgName).sort(), ['Enterprise Outlook', 'google.com', 'mail.example.net']);
    assert.deepEqual(summary.totals, { messages: 42 + 7 + 5 + 5, dmarcPass: 42 + 5 + 5, dmarcFail: 7 });
    // The failing source comes first.
    assert.equal(summary.sources[0]?.sourceIp, '203.0.113.66');
    assert.equal(summary.sources[0]?.dmarcFail, 7);
    assert.deepEqual(summary.sources[0]?.dispositions, { quarantine: 7 });
    const good = summary.sources.find((s) => s.sourceIp === '192.0.2.10');
    assert.deepEqual([good?.messages, good?.spfAlignedFail, good?.dkimAlignedPass], [52, 10, 52]);
  });

  it('stores TLS reports (gzip JSON) with failures by result type', async () => {
    await send('tls-reports@reports.test', 'application/tlsrpt+gzip', 'microsoft.com!reports.test!1796256000!1796342399.json.gz');
    await send('tls-reports@reports.test', 'application/tlsrpt+gzip', 'google.com!reports.test!1796256000!1796342399!001.json.gz');
    const now = new Date('2026-12-06T00:00:00Z');
    const summary = await eventually(
      () => tlsReportSummary(t.db, CLI_ACTOR, domainId, 7, now),
      (s) => s.reports.length === 2,
      'two TLS reports',
    );
    assert.deepEqual(summary.totals, { successful: 20 + 2 + 118, failed: 4 });
    assert.deepEqual(summary.policies[0], {
      reporter: 'Microsoft Corporation',
      policyType: 'sts',
      policyDomain: 'reports.test',
      successful: 20,
      failed: 4,
      failures: { 'certificate-expired': 3, 'starttls-not-supported': 1 },
    });
  });

  it('records hostile reports as failures with the reason, and still delivers every mail', async () => {
    await send('dmarc-reports@reports.test', 'application/gzip', 'bomb.xml.gz');
    await send('dmarc-reports@reports.test', 'text/xml', 'xxe.xml');
    await send('tls-reports@reports.test', 'application/json', 'wrong-types.json');
    const dmarc = await eventually(
      () => dmarcReportSummary(t.db, CLI_ACTOR, domainId, 7),
      (s) => s.failures.length === 2,
      'two DMARC failures',
    );
    assert.deepEqual(dmarc.failures.map((f) => f.refusal).sort(), ['malformed', 'too_big']);
    assert.ok(dmarc.failures.some((f) => /DOCTYPE/.test(f.reason)));
    const tls = await eventually(
      () => tlsReportSummary(t.db, CLI_ACTOR, domainId, 7),
      (s) => s.failures.length === 1,
      'one TLS failure',
    );
    assert.equal(tls.failures[0]?.refusal, 'wrong_schema');
    // 4 + 2 + 3 mails, all in postmaster@'s inbox.
    // The corpus is dated December 2026: moved to yesterday, so the periods below hold it whenever this runs.
    const yesterday = new Date(Date.now() - 86_400_000);
    await t.db.dmarcReport.updateMany({ data: { beginAt: yesterday, endAt: yesterday } });
    await t.db.tlsReport.updateMany({ data: { beginAt: yesterday, endAt: yesterday } });
    // The CLI shows the same figures (kontor domain reports).
    const { stdout } = await run(process.execPath, [path.join(ROOT, 'apps/cli/bin/kontor.js'), 'domain', 'reports', 'reports.test', '--days', '7', '--json'], {
      cwd: ROOT,
      env: { ...process.env, DATABASE_URL: t.url },
    });
    const cli = JSON.parse(stdout) as { dmarc: { reports: unknown[]; failures: unknown[] }; tls: { totals: unknown; failures: unknown[] } };
    assert.deepEqual([cli.dmarc.reports.length, cli.dmarc.failures.length, cli.tls.failures.length], [3, 2, 1]);
    assert.deepEqual(cli.tls.totals, { successful: 140, failed: 4 });
    const table = await run(process.execPath, [path.join(ROOT, 'apps/cli/bin/kontor.js'), 'domain', 'reports', 'reports.test'], {
      cwd: ROOT,
      env: { ...process.env, DATABASE_URL: t.url },
    });
    assert.match(table.stdout, /FAIL +203\.0\.113\.66 +7 +7/);
    const inbox = await t.db.folder.findFirstOrThrow({
      where: { mailboxId: postmasterId, name: 'INBOX' },
      include: { _count: { select: { messages: true } } },
    });
    assert.equal(inbox._count.messages, 9);
  });

  it('shows the figures of the delivered reports on the Reports tab', async () => {
    const web = await startWebServer({ DATABASE_URL: t.url, LOG_LEVEL: 'silent' });
    const browser = await launchChromium();
    try {
      const page = await browser.newPage();
      page.setDefaultTimeout(20_000);
      await page.goto(`${web.baseUrl}/signin`);
      await page.waitForSelector('html[data-hydrated]', { state: 'attached' });
      await page.fill('#email', ADMIN.email);
      await page.fill('#password', ADMIN.password);
      await page.locator('#password').press('Enter');
      await page.waitForURL(`${web.baseUrl}/`);
      await page.goto(`${web.baseUrl}/domains/${domainId}/reports?days=7`);
      assert.equal(await page.getByTestId('dmarc-summary').textContent(), '59 messages from 2 sources: 52 passed DMARC, 7 failed.');
      assert.equal(await page.getByTestId('dmarc-verdict').textContent(), '1 source fails DMARC');
      assert.equal(await page.locator('tr[data-source]').first().getAttribute('data-source'), '203.0.113.66');
      assert.equal(await page.getByTestId('tls-summary').textContent(), '140 sessions succeeded, 4 failed.');
      assert.equal(await page.locator('tr[data-report-failure]').count(), 3);
    } finally {
      await browser.close();
      await web.stop();
    }
  });
});
