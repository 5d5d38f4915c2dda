// The Reports tab of a domain, the API and what a domain admin may see:
// reports from the corpus (tests/fixtures/reports) read by the same parser
// and writer maild uses at delivery, shown in a real browser in English and
// German at 1280 and 390 px (screenshots under test-results/reports).
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { parseReportMail } from '@kontor/core/reports';
import { adminActor, CLI_ACTOR, createAdminAccount, createApiKey, createDomain, recordReport, recordReportFailure } from '@kontor/db';
import { createTestDatabase, type TestDatabase } from '@kontor/db/testing';
import type { Browser, Page } from 'playwright-core';
import { launchChromium } from './lib/chromium.ts';
import { startWebServer, type WebServer } from './lib/web-server.ts';

const ROOT = path.resolve(import.meta.dirname, '../../..');
const FIXTURES = path.join(ROOT, 'tests/fixtures/reports');
const SHOTS = path.join(ROOT, 'test-results/reports');
const OWNER = { email: 'owner@kontor.test', password: 'a long boss passphrase' };
const OTHER = { email: 'chef@other.example', password: 'a long second passphrase' };

/** A report mail as reporters send it, with one fixture attached. */
function reportMail(file: string, contentType: string): Buffer {
  const data = readFileSync(path.join(FIXTURES, file)).toString('base64').replace(/.{76}/g, '$&\r\n');
  return Buffer.from(
    [
      'From: reporter@example.net',
      'Subject: Report domain: reports.test',
      'MIME-Version: 1.0',
      'Content-Type: multipart/mixed; boundary="b"',
      '',
      '--b',
      'Content-Type: text/plain',
      '',
      'Report attached.',
      '--b',
      `Content-Type: ${contentType}; name="${file}"`,
      'Content-Transfer-Encoding: base64',
      `Content-Disposition: attachment; filename="${file}"`,
      '',
      data,
      '--b--',
      '',
    ].join('\r\n'),
  );
}

describe('the Reports tab and API', () => {
  let t: TestDatabase;
  let web: WebServer;
  let browser: Browser;
  let domainId: number;
  let otherId: number;
  let key: string;
  let otherKey: string;

  before(async () => {
    t = await createTestDatabase();
    domainId = (await createDomain(t.db, CLI_ACTOR, { name: 'reports.test' })).id;
    otherId = (await createDomain(t.db, CLI_ACTOR, { name: 'other.example' })).id;
    const owner = await createAdminAccount(t.db, CLI_ACTOR, { ...OWNER, role: 'SUPERADMIN' });
    await createAdminAccount(t.db, CLI_ACTOR, { ...OTHER, role: 'DOMAIN_ADMIN', domainIds: [otherId] });
    const boss = await adminActor(t.db, owner.id);
    key = (await createApiKey(t.db, boss, { name: 'Reports', scope: 'superadmin' })).key;
    otherKey = (await createApiKey(t.db, boss, { name: 'Other', scope: 'domains', domainIds: [otherId] })).key;
    const now = Date.now();
    for (const [file, type] of [
      ['google.com!reports.test!1796256000!1796342399.zip', 'application/zip'],
      ['enterprise.protection.outlook.com!reports.test!1796342400!1796428800.xml.gz', 'application/gzip'],
      ['yahoo.com!reports.test!1796342400!1796428799.xml.gz', 'application/gzip'],
      ['microsoft.com!reports.test!1796256000!1796342399.json.gz', 'application/tlsrpt+gzip'],
      ['google.com!reports.test!1796256000!1796342399!001.json.gz', 'application/tlsrpt+gzip'],
    ] as const) {
      const mail = await parseReportMail(reportMail(file, type));
      // Moved to yesterday, so the default period holds them whenever the test runs.
      mail.report.begin = new Date(now - 2 * 86_400_000);
      mail.report.end = new Date(now - 86_400_000);
      assert.deepEqual(await recordReport(t.db, 'reports.test', mail), { stored: true });
    }
    await recordReportFailure(t.db, 'reports.test', {
      kind: 'dmarc',
      mailFrom: 'noreply@bad.example',
      subject: 'Report',
      refusal: 'too_big',
      reason: 'The gzip report unpacks to more than 20971520 bytes',
    });
    web = await startWebServer({
      DATABASE_URL: t.url,
      LOG_LEVEL: 'silent',
      REDIS_URL: 'redis://127.0.0.1:6379',
      REDIS_PREFIX: `kontor-reports-${process.pid}`,
    });
    browser = await launchChromium();
  });

  after(async () => {
    await browser?.close();
    await web?.stop();
    await t?.drop();
  });

  async function signedIn(who: { email: string; password: string }, locale: 'en-US' | 'de-DE', width: number): Promise<Page> {
    const context = await browser.newContext({ locale, viewport: { width, height: 900 } });
    const page = await context.newPage();
    page.setDefaultTimeout(20_000);
    await page.goto(`${web.baseUrl}/signin`);
    await page.waitForSelector('html[data-hydrated]', { state: 'attached' });
    await page.fill('#email', who.email);
    await page.fill('#password', who.password);
    await page.locator('#password').press('Enter');
    await page.waitForURL(`${web.baseUrl}/`);
    return page;
  }

  it('shows the failing sources first in red, TLS failures by type, the reports and the unreadable one', async () => {
    const page = await signedIn(OWNER, 'en-US', 1280);
    await page.goto(`${web.baseUrl}/domains/${domainId}`);
    await page.getByTestId('domain-tabs').getByRole('link', { name: 'Reports' }).click();
    await page.waitForURL(`${web.baseUrl}/domains/${domainId}/reports`);
    assert.equal(await page.getByTestId('dmarc-summary').innerText(), '57 messages from 3 sources: 47 passed DMARC, 10 failed.');
    assert.equal(await page.getByTestId('dmarc-verdict').innerText(), '2 sources fail DMARC');
    const rows = page.locator('tr[data-source]');
    assert.deepEqual(await rows.evaluateAll((trs) => trs.map((tr) => [tr.getAttribute('data-source'), tr.getAttribute('data-failing')])), [
      ['203.0.113.66', 'true'],
      ['2001:db8::25', 'true'],
      ['192.0.2.10', 'false'],
    ]);
    assert.match(await rows.first().innerText(), /7\s+7 fails[\s\S]*quarantine 7/);
    assert.equal(await page.getByTestId('tls-summary').innerText(), '140 sessions succeeded, 4 failed.');
    assert.match(await page.locator('tr[data-tls-policy="Microsoft Corporation sts"]').innerText(), /certificate-expired 3[\s\S]*starttls-not-supported 1/);
    assert.equal(await page.locator('tr[data-report]').count(), 5);
    assert.match(await page.locator('tr[data-report-failure="too_big"]').innerText(), /Too big[\s\S]*20971520/);
    await page.screenshot({ path: path.join(SHOTS, 'reports-en-1280.png'), fullPage: true });

    // The raw download is the attachment as the reporter sent it.
    const link = page.locator('tr[data-report="4128749012470192740"] a');
    const response = await page.request.get(`${web.baseUrl}${await link.getAttribute('href')}`);
    assert.equal(response.status(), 200);
    assert.equal(response.headers()['content-type'], 'application/zip');
    assert.deepEqual(Buffer.from(await response.body()), readFileSync(path.join(FIXTURES, 'google.com!reports.test!1796256000!1796342399.zip')));

    await page.goto(`${web.baseUrl}/domains/${domainId}/reports?days=7`);
    assert.equal(await page.getByTestId('report-period').locator('a[aria-current="page"]').innerText(), 'Last 7 days');
    await page.context().close();
  });

  it('reads German and fits 390 px', async () => {
    for (const [locale, name] of [
      ['de-DE', 'de'],
      ['en-US', 'en'],
    ] as const) {
      const page = await signedIn(OWNER, locale, 390);
      await page.goto(`${web.baseUrl}/domains/${domainId}/reports`);
      if (locale === 'de-DE') assert.equal(await page.getByTestId('dmarc-verdict').innerText(), 'Bei 2 Quellen schlägt DMARC fehl');
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
      assert.ok(overflow <= 0, `the page is ${overflow} px wider than the screen`);
      await page.screenshot({ path: path.join(SHOTS, `reports-${name}-390.png`), fullPage: true });
      if (locale === 'de-DE') {
        await page.setViewportSize({ width: 1280, height: 900 });
        await page.screenshot({ path: path.join(SHOTS, 'reports-de-1280.png'), fullPage: true });
      }
      await page.context().close();
    }
  });

  it("keeps another domain's admin and key out", async () => {
    const page = await signedIn(OTHER, 'en-US', 1280);
    const tab = await page.goto(`${web.baseUrl}/domains/${domainId}/reports`);
    assert.equal(tab?.status(), 404);
    const raw = await page.request.get(`${web.baseUrl}/domains/${domainId}/reports/raw/dmarc/1`);
    assert.equal(raw.status(), 404);
    await page.context().close();
    const api = await fetch(`${web.baseUrl}/api/v1/domains/${domainId}/reports/dmarc`, { headers: { authorization: `Bearer ${otherKey}` } });
    assert.equal(api.status, 404);
  });

  it('answers GET /api/v1/domains/{id}/reports/dmarc and /tls', async () => {
    const dmarc = await fetch(`${web.baseUrl}/api/v1/domains/${domainId}/reports/dmarc?days=90`, { headers: { authorization: `Bearer ${key}` } });
    assert.equal(dmarc.status, 200);
    const body = (await dmarc.json()) as { days: number; totals: unknown; sources: Array<{ sourceIp: string }>; failures: Array<{ refusal: string }> };
    assert.equal(body.days, 90);
    assert.deepEqual(body.totals, { messages: 57, dmarcPass: 47, dmarcFail: 10 });
    assert.equal(body.sources[0]?.sourceIp, '203.0.113.66');
    assert.equal(body.failures[0]?.refusal, 'too_big');
    const tls = (await (await fetch(`${web.baseUrl}/api/v1/domains/${domainId}/reports/tls`, { headers: { authorization: `Bearer ${key}` } })).json()) as {
      totals: unknown;
    };
    assert.deepEqual(tls.totals, { successful: 140, failed: 4 });
    const bad = await fetch(`${web.baseUrl}/api/v1/domains/${domainId}/reports/tls?days=12`, { headers: { authorization: `Bearer ${key}` } });
    assert.equal(bad.status, 400);
  });
});
