// The dashboard, the message trace, the audit log and the queue in a real
// browser, in English and German, from seeded DeliveryLog, OutboundAttempt
// and AuditLog rows: the charts draw under the strict CSP and their tables
// hold the seeded numbers, a trace search finds a message and its journey
// shows every step, the audit filters, pages and CSV work, and a domain
// admin sees nothing of another domain (pages, URLs with foreign ids, CSV).
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { OUTBOUND_QUEUE } from '@kontor/core';
import {
  CLI_ACTOR,
  claimOutboundRecipients,
  createAdminAccount,
  createDomain,
  createMailbox,
  createOutboundRecipientsInTx,
  ensureSuperadmin,
  logDeliveries,
  recordOutboundAttempt,
} from '@kontor/db';
import { createTestDatabase, type TestDatabase } from '@kontor/db/testing';
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { launchChromium } from './lib/chromium.ts';
import { startWebServer, type WebServer } from './lib/web-server.ts';

const SHOTS = path.resolve(import.meta.dirname, '../../../test-results/insight');
const ADMIN = { email: 'owner@kontor.test', password: 'a long owner password' };
const SHOP_ADMIN = { email: 'chef@shop.example', password: 'a long shop password' };
const REDIS_PREFIX = `kontor-insight-${randomBytes(4).toString('hex')}`;
const MB = 1024 * 1024;

const VERDICTS = {
  spf: 'pass',
  dkim: 'pass',
  dmarc: 'pass',
  arc: 'none',
  folder: 'INBOX',
  helo: 'mail.remote.example',
  tls: { protocol: 'TLSv1.3', cipher: 'TLS_AES_256_GCM_SHA384' },
};

describe('dashboard, trace, audit and queue', () => {
  let t: TestDatabase;
  let web: WebServer;
  let browser: Browser;
  let redis: Redis;
  let queue: Queue;
  let teamRefusalId: bigint;
  const contexts: BrowserContext[] = [];

  async function pageFor(who: { email: string; password: string }, locale: 'en-US' | 'de-DE'): Promise<Page> {
    const context = await browser.newContext({ locale, viewport: { width: 1280, height: 900 } });
    contexts.push(context);
    // Every CSP violation the page reports, to prove the charts need none.
    await context.addInitScript(() => {
      const seen: string[] = [];
      (window as unknown as { __csp: string[] }).__csp = seen;
      document.addEventListener('securitypolicyviolation', (e) => seen.push(`${e.violatedDirective} ${e.blockedURI}`));
    });
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

  async function open(page: Page, url: string) {
    const response = await page.goto(`${web.baseUrl}${url}`);
    await page.waitForSelector('html[data-hydrated]', { state: 'attached' });
    return response;
  }

  /** 1280 and 390 px; nothing may scroll sideways on the phone. */
  async function shots(page: Page, name: string) {
    await page.setViewportSize({ width: 1280, height: 900 });
    await page.screenshot({ path: path.join(SHOTS, `${name}-1280.png`), fullPage: true });
    await page.setViewportSize({ width: 390, height: 844 });
    await page.waitForTimeout(300); // the charts follow their container's new width
    await page.screenshot({ path: path.join(SHOTS, `${name}-390.png`), fullPage: true });
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    const wide = await page.evaluate(() =>
      [...document.querySelectorAll('body *')]
        // Boxes past the right edge, leaving out what scrolls inside a table and the closed phone menu's hidden panel.
        .filter(
          (e) => e.getBoundingClientRect().right > document.documentElement.clientWidth + 1 && !e.closest('.overflow-x-auto, [data-testid="mobile-menu"]'),
        )
        .slice(0, 5)
        .map((e) => `${e.tagName}.${e.className}`),
    );
    assert.ok(overflow <= 0, `${name} scrolls sideways at 390 px by ${overflow} px: ${wide.join(' | ')}`);
    await page.setViewportSize({ width: 1280, height: 900 });
  }

  const cspViolations = (page: Page) => page.evaluate(() => (window as unknown as { __csp: string[] }).__csp);
  const text = async (page: Page, selector: string) => (await page.locator(selector).innerText()).replace(/\s+/g, ' ');

  before(async () => {
    mkdirSync(SHOTS, { recursive: true });
    t = await createTestDatabase();
    const db = t.db;
    await ensureSuperadmin(db, ADMIN);
    const shop = await createDomain(db, CLI_ACTOR, { name: 'shop.example' });
    const team = await createDomain(db, CLI_ACTOR, { name: 'team.example' });
    await createAdminAccount(db, CLI_ACTOR, { ...SHOP_ADMIN, role: 'DOMAIN_ADMIN', domainIds: [shop.id] });
    const anna = await createMailbox(db, CLI_ACTOR, { domainId: shop.id, localPart: 'anna', password: 'correct horse battery staple' });
    const info = await createMailbox(db, CLI_ACTOR, { domainId: team.id, localPart: 'info', password: 'correct horse battery staple' });
    await db.mailbox.update({ where: { id: anna.id }, data: { usedBytes: 5n * BigInt(MB) } });
    await db.mailbox.update({ where: { id: info.id }, data: { usedBytes: 12n * BigInt(MB) } });

    // Today: three messages to anna (one with its autoreply), two refusals at shop; one message and one refusal at team.
    await logDeliveries(db, [
      {
        direction: 'INBOUND',
        messageId: '<m-shop-1@remote.example>',
        queueId: 'shopq1',
        mailFrom: 'ext@remote.example',
        rcptTo: 'anna@shop.example',
        status: 'accepted',
        remoteHost: '192.0.2.10',
        remoteResponse: '250',
        verdicts: VERDICTS,
      },
      ...['shopq2', 'shopq3'].map((queueId) => ({
        direction: 'INBOUND' as const,
        queueId,
        mailFrom: 'ext@remote.example',
        rcptTo: 'anna@shop.example',
        status: 'accepted',
        remoteHost: '192.0.2.10',
        verdicts: VERDICTS,
      })),
      {
        direction: 'OUTBOUND',
        messageId: '<ar-1@shop.example>',
        queueId: 'shopq1-ar1',
        mailFrom: '',
        senderDomain: 'shop.example',
        rcptTo: 'ext@remote.example',
        status: 'queued',
        verdicts: { kind: 'autoreply' },
      },
      ...[1, 2].map(() => ({
        direction: 'INBOUND' as const,
        mailFrom: 'spam@bad.example',
        rcptTo: 'nobody@shop.example',
        status: 'rejected',
        remoteHost: '198.51.100.7',
        remoteResponse: '550 5.1.1 No such user here',
      })),
      {
        direction: 'INBOUND',
        messageId: '<m-team-1@else.example>',
        queueId: 'teamq1',
        mailFrom: 'partner@else.example',
        rcptTo: 'info@team.example',
        status: 'accepted',
        remoteHost: '203.0.113.5',
        verdicts: VERDICTS,
      },
      {
        direction: 'INBOUND',
        mailFrom: 'huge@else.example',
        rcptTo: 'info@team.example',
        status: 'rejected',
        remoteHost: '203.0.113.5',
        remoteResponse: '552 5.3.4 Message size exceeds the fixed limit of 26214400 bytes',
      },
    ]);
    teamRefusalId = (await db.deliveryLog.findFirstOrThrow({ where: { mailFrom: 'huge@else.example' } })).id;
    // Two days ago: four more for anna, written in bulk (the counters follow any insert).
    await db.$executeRaw`
      INSERT INTO "DeliveryLog" (direction, "mailFrom", "rcptTo", status, "domainId", "queueId", "createdAt", "updatedAt")
      SELECT 'INBOUND', 'ext@remote.example', 'anna@shop.example', 'accepted', ${shop.id}::int, 'old' || n, now() - interval '2 days', now()
      FROM generate_series(1, 4) n`;
    // anna sends to bob: greylisted once, then delivered.
    await logDeliveries(db, [
      {
        direction: 'OUTBOUND',
        messageId: '<out-1@shop.example>',
        queueId: 'shopout1',
        mailFrom: 'anna@shop.example',
        rcptTo: 'bob@remote.example',
        status: 'queued',
        verdicts: { kind: 'submission', client: { ip: '192.0.2.55', user: 'anna@shop.example', tls: { protocol: 'TLSv1.3' } } },
      },
    ]);
    await db.$transaction((tx) => createOutboundRecipientsInTx(tx, { jobId: 'job-shopout1', queueId: 'shopout1', recipients: ['bob@remote.example'] }));
    for (const [attempt, result, reply] of [
      [1, 'deferred', '451 4.7.1 Greylisted, please retry'],
      [2, 'delivered', '250 2.0.0 Ok: queued as 4711'],
    ] as const) {
      const claim = await claimOutboundRecipients(db, 'job-shopout1', { leaseMs: 60_000 });
      await recordOutboundAttempt(db, claim.token, [
        { id: claim.recipients[0]!.id, result, reply, remoteHost: 'mx.remote.example[192.0.2.25]', nextAttemptAt: new Date() },
      ]);
      await logDeliveries(db, [
        {
          direction: 'OUTBOUND',
          messageId: '<out-1@shop.example>',
          queueId: 'shopout1',
          mailFrom: 'anna@shop.example',
          rcptTo: 'bob@remote.example',
          status: result,
          remoteHost: 'mx.remote.example[192.0.2.25]',
          remoteResponse: reply,
          verdicts: { attempt, kind: 'submission' },
        },
      ]);
    }
    // A message still waiting, for the queue page and the dashboard's queue card.
    await logDeliveries(db, [
      {
        direction: 'OUTBOUND',
        queueId: 'shopwait1',
        mailFrom: 'anna@shop.example',
        rcptTo: 'slow@remote.example',
        status: 'queued',
        verdicts: { kind: 'submission' },
      },
    ]);
    await db.$transaction((tx) => createOutboundRecipientsInTx(tx, { jobId: 'job-shopwait1', queueId: 'shopwait1', recipients: ['slow@remote.example'] }));

    // The audit log: 60 changes by one admin (pagination), a formula, a queue action, a change at team.
    await db.auditLog.createMany({
      data: [
        ...Array.from({ length: 60 }, (_, i) => ({
          actor: 'admin:ops@kontor.test',
          action: 'mailbox.update',
          targetType: 'mailbox',
          targetId: String(anna.id),
          domainId: shop.id,
          after: { address: 'anna@shop.example', note: `change ${i}` },
        })),
        {
          actor: "=cmd|' /C calc'!A0",
          action: 'mailbox.update',
          targetType: 'mailbox',
          targetId: String(anna.id),
          domainId: shop.id,
          after: { address: 'anna@shop.example' },
        },
        {
          actor: `admin:${ADMIN.email}`,
          action: 'queue.bounce',
          targetType: 'outbound_job',
          targetId: 'job-shopout1',
          before: { queueId: 'shopout1', recipients: ['bob@remote.example'] },
        },
        {
          actor: `admin:${ADMIN.email}`,
          action: 'mailbox.update',
          targetType: 'mailbox',
          targetId: String(info.id),
          domainId: team.id,
          after: { address: 'secret@team.example' },
        },
      ],
    });

    redis = new Redis('redis://127.0.0.1:6379', { maxRetriesPerRequest: null });
    queue = new Queue(OUTBOUND_QUEUE, { connection: redis, prefix: REDIS_PREFIX });
    await queue.add(
      'deliver',
      { queueId: 'shopwait1', blobSha256: '0'.repeat(64), size: 10, mailFrom: 'anna@shop.example', recipients: ['slow@remote.example'], kind: 'submission' },
      { jobId: 'job-shopwait1', delay: 3_600_000 },
    );
    web = await startWebServer({ DATABASE_URL: t.url, LOG_LEVEL: 'silent', REDIS_URL: 'redis://127.0.0.1:6379', REDIS_PREFIX });
    browser = await launchChromium();
  });

  after(async () => {
    for (const context of contexts) await context.close().catch(() => {});
    await browser?.close();
    await web?.stop();
    await queue?.obliterate({ force: true }).catch(() => {});
    await queue?.close();
    redis?.disconnect();
    await t?.drop();
  });

  const today = new Date().toISOString().slice(0, 10);
  const twoDaysAgo = new Date(Date.now() - 2 * 86_400_000).toISOString().slice(0, 10);
  const tomorrow = new Date(Date.now() + 86_400_000).toISOString().slice(0, 10);

  describe('in English, as the superadmin', () => {
    let page: Page;
    before(async () => {
      page = await pageFor(ADMIN, 'en-US');
    });

    it('dashboard: charts draw under the CSP, and their tables and the cards hold the seeded numbers', async () => {
      await open(page, '/');
      await page.waitForSelector('[data-testid="chart-daily"][data-chart-ready] svg .recharts-bar-rectangle');
      assert.equal(await page.locator('[data-testid="chart-daily"] .recharts-bar').count(), 3, 'received, sent, refused');
      // Bars of the seeded days: today received, sent, refused; two days ago received.
      assert.equal(await page.locator('[data-testid="chart-daily"] .recharts-bar-rectangle path').count(), 4);
      await page.waitForSelector('[data-testid="chart-refusals"][data-chart-ready] .recharts-bar-rectangle');
      assert.equal(await page.locator('[data-testid="chart-refusals"] .recharts-bar-rectangle').count(), 2);
      assert.equal(await page.locator('[data-testid="chart-storage"] .recharts-bar-rectangle').count(), 2);
      assert.deepEqual(await cspViolations(page), []);

      assert.match((await page.getByTestId('chart-daily').getAttribute('aria-label')) ?? '', /8 received, 1 sent, 3 refused/);
      const totals = await text(page, '[data-testid="mail-totals"]');
      assert.match(totals, /Received 8 last 30 days/);
      assert.match(totals, /Sent 1 /);
      assert.match(totals, /Refused 3 /);
      assert.match(totals, /Waiting to be sent 1 1 recipient, oldest/);
      // The table sits in a closed <details>: its text is there for screen readers and for a click.
      const perDay = page.locator('table[aria-label="Numbers per day"]');
      const cells = async (day: string) => (await perDay.locator(`tr[data-day="${day}"] td`).allTextContents()).slice(1);
      assert.deepEqual(await cells(today), ['4', '1', '3']);
      assert.deepEqual(await cells(twoDaysAgo), ['4', '0', '0']);
      await page.getByText('Numbers per day').click();
      assert.ok(await perDay.isVisible());
      const refusals = await text(page, 'table[aria-label="Refusals by reason"]');
      assert.match(refusals, /Unknown recipient 550 5\.1\.1 No such user here 2/);
      assert.match(refusals, /Message too large .* 1/);
      assert.match(await text(page, 'table[aria-label="Storage per domain"]'), /team\.example 1 12 MB shop\.example 1 5 MB/);
      assert.match(await text(page, 'table[aria-label="Top recipients"]'), /anna@shop\.example 7/);
      assert.match(await text(page, 'table[aria-label="Top senders"]'), /ext@remote\.example 7/);
      await shots(page, 'dashboard-en');
      assert.deepEqual(await cspViolations(page), []);
    });

    it('trace: search by address and Message-ID, dates, pages; the journey shows every step', async () => {
      await open(page, '/trace?q=anna%40shop.example');
      const rows = page.locator('tbody tr[data-trace-row]');
      assert.equal(await rows.count(), 11);
      await open(page, `/trace?q=${encodeURIComponent('m-shop-1@remote.example')}`);
      assert.equal(await rows.count(), 1);
      await shots(page, 'trace-en');
      await page.getByRole('link', { name: 'Journey of the message to anna@shop.example' }).click();
      await page.waitForURL(/\/trace\/queue\/shopq1$/);
      const journey = page.getByTestId('journey');
      assert.deepEqual(await journey.locator('li').evaluateAll((items) => items.map((li) => li.getAttribute('data-step'))), [
        'received',
        'local',
        'autoreply',
        'queued',
      ]);
      const received = (await journey.locator('li[data-step="received"]').innerText()).replace(/\s+/g, ' ');
      assert.match(received, /Received from 192\.0\.2\.10/);
      assert.match(received, /HELO mail\.remote\.example/);
      assert.match(received, /TLS TLSv1\.3, TLS_AES_256_GCM_SHA384/);
      assert.match(received, /SPF pass[\s\S]*DKIM pass[\s\S]*DMARC pass/);
      assert.match(await journey.locator('li[data-step="local"]').innerText(), /Delivered to anna@shop\.example, folder INBOX/);
      assert.match(await journey.locator('li[data-step="autoreply"]').innerText(), /Autoreply sent to ext@remote\.example/);
      assert.equal(await page.getByTestId('journey-message-id').innerText(), '<m-shop-1@remote.example>');
      await shots(page, 'journey-en');

      await open(page, '/trace/queue/shopout1');
      const steps = await journey.locator('li').evaluateAll((items) => items.map((li) => li.getAttribute('data-step')));
      assert.deepEqual(steps, ['submitted', 'queued', 'attempt', 'attempt']);
      assert.match(
        (await journey.locator('li[data-step="submitted"]').innerText()).replace(/\s+/g, ' '),
        /Submitted by anna@shop\.example .*Client 192\.0\.2\.55 TLS TLSv1\.3/,
      );
      const attempts = await journey.locator('li[data-step="attempt"]').allInnerTexts();
      assert.match(
        attempts[0] ?? '',
        /Attempt 1 for bob@remote\.example: deferred, will be tried again[\s\S]*mx\.remote\.example\[192\.0\.2\.25\][\s\S]*451 4\.7\.1 Greylisted/,
      );
      assert.match(attempts[1] ?? '', /Attempt 2 for bob@remote\.example: delivered[\s\S]*250 2\.0\.0 Ok/);
      // The same journey by its Message-ID, whose brackets and @ travel encoded.
      await open(page, `/trace/message/${encodeURIComponent('<out-1@shop.example>')}`);
      assert.equal(await journey.locator('li[data-step="attempt"]').count(), 2);

      await open(page, '/trace?pageSize=5');
      assert.equal(await page.getByTestId('list-range').innerText(), '1–5 of 16');
      await page.getByRole('link', { name: 'Next' }).first().click();
      await page.waitForURL(/page=2/);
      assert.equal(await page.getByTestId('list-range').innerText(), '6–10 of 16');
      await open(page, `/trace?from=${twoDaysAgo}&to=${twoDaysAgo}`);
      assert.equal(await rows.count(), 4);
      await open(page, `/trace?from=${tomorrow}`);
      assert.equal(await rows.count(), 0);
      await open(page, '/trace?status=rejected');
      assert.equal(await rows.count(), 3);
    });

    it('audit: filters, pages, CSV with the same filters (quoted, formula-safe) and links to the trace', async () => {
      await open(page, '/audit?actor=ops');
      assert.equal(await page.getByTestId('list-range').innerText(), '1–50 of 60');
      assert.equal(await page.locator('tbody tr[data-audit-id]').count(), 50);
      await page.getByRole('link', { name: 'Next' }).first().click();
      await page.waitForURL(/page=2/);
      assert.equal(await page.locator('tbody tr[data-audit-id]').count(), 10);
      await open(page, '/audit');
      // The action menu names the actions in the log, grouped; its values are the codes.
      const menu = page.locator('select[name="action"]');
      assert.ok((await menu.locator('optgroup[label="Mailboxes"] option').allTextContents()).includes('Mailbox changed'));
      await menu.selectOption('domain.create');
      await page.getByRole('button', { name: 'Filter' }).click();
      await page.waitForURL(/action=domain\.create/);
      assert.equal(await page.locator('tbody tr[data-audit-id]').count(), 2);
      await open(page, `/audit?from=${tomorrow}`);
      assert.match(await page.locator('tbody').innerText(), /No entry matches these filters\./);
      await open(page, '/audit?target=secret%40team.example');
      assert.equal(await page.locator('tbody tr[data-audit-id]').count(), 1);

      await open(page, '/audit?actor=ops');
      // Actions and target types by name; the code stays on hover (what the filter and the CSV use).
      const first = page.locator('tbody tr[data-audit-id]').first();
      assert.match(await first.innerText(), /Mailbox changed[\s\S]*Mailbox anna@shop\.example/);
      assert.equal(await first.getByText('Mailbox changed').first().getAttribute('title'), 'mailbox.update');
      assert.ok(!(await page.locator('tbody').innerText()).includes('mailbox.update'), 'no code shown as the name');
      await shots(page, 'audit-en');
      const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: 'Download CSV' }).click()]);
      assert.match(download.suggestedFilename(), /^kontor-audit-\d{4}-\d{2}-\d{2}\.csv$/);
      const csv = (await page.request.get(`${web.baseUrl}/audit/export?actor=ops`)).text();
      const lines = (await csv)
        .replace(/^\uFEFF/, '')
        .trimEnd()
        .split('\r\n');
      assert.equal(lines[0], 'time,actor,ip,action,target_type,target_id,target,domain,before,after');
      assert.equal(lines.length, 61);
      assert.match(
        lines[1] ?? '',
        /^\d{4}-\d{2}-\d{2}T[^,]+,ops@kontor\.test,,mailbox\.update,mailbox,\d+,mailbox anna@shop\.example,shop\.example,,"\{""note"":""change 59"",""address"":""anna@shop\.example""\}"$/,
      );
      const formula = await (await page.request.get(`${web.baseUrl}/audit/export?actor=cmd`)).text();
      assert.match(formula, /\r\n[^,]+,'=cmd\|' \/C calc'!A0,/);

      await open(page, '/audit?action=queue.bounce');
      await page.getByRole('link', { name: /^Trace Queued message/ }).click();
      await page.waitForURL(/\/trace\/queue\/shopout1$/);
    });

    it('queue: each message links to its journey', async () => {
      await open(page, '/queue');
      const row = page.locator('tr[data-queue-id="shopwait1"]');
      await row.waitFor();
      assert.match(await row.innerText(), /slow@remote\.example \(queued\)/);
      await shots(page, 'queue-en');
      await row.getByRole('link', { name: 'Journey of shopwait1' }).click();
      await page.waitForURL(/\/trace\/queue\/shopwait1$/);
      assert.deepEqual(
        await page
          .getByTestId('journey')
          .locator('li')
          .evaluateAll((items) => items.map((li) => li.getAttribute('data-step'))),
        ['submitted', 'queued', 'waiting'],
      );
    });
  });

  describe('auf Deutsch', () => {
    let page: Page;
    before(async () => {
      page = await pageFor(ADMIN, 'de-DE');
    });

    it('zeigt Übersicht, Nachrichtenverfolgung, Verlauf, Protokoll und Warteschlange auf Deutsch', async () => {
      await open(page, '/');
      await page.getByRole('heading', { name: 'Übersicht', level: 1 }).waitFor();
      await page.waitForSelector('[data-testid="chart-daily"][data-chart-ready] svg .recharts-bar-rectangle');
      assert.match((await page.getByTestId('chart-daily').getAttribute('aria-label')) ?? '', /8 empfangen, 1 gesendet, 3 abgewiesen/);
      assert.match(await text(page, 'table[aria-label="Abweisungen nach Grund"]'), /Unbekannter Empfänger .* 2/);
      assert.match(await text(page, 'table[aria-label="Speicher pro Domain"]'), /team\.example 1 12 MB/);
      assert.match(await text(page, '[data-testid="mail-totals"]'), /Empfangen 8 letzte 30 Tage/);
      assert.match((await page.locator('table[aria-label="Zahlen pro Tag"] thead').textContent()) ?? '', /Tag.*Empfangen.*Gesendet.*Abgewiesen/);
      assert.deepEqual(await cspViolations(page), []);
      await shots(page, 'dashboard-de');

      await open(page, '/trace?q=anna%40shop.example');
      await page.getByRole('heading', { name: 'Nachrichtenverfolgung', level: 1 }).waitFor();
      assert.equal(await page.locator('tbody tr[data-trace-row]').count(), 11);
      await shots(page, 'trace-de');
      await open(page, '/trace/queue/shopout1');
      const journey = page.getByTestId('journey');
      assert.match(await journey.locator('li[data-step="submitted"]').innerText(), /Eingeliefert von anna@shop\.example/);
      assert.match((await journey.locator('li[data-step="attempt"]').allInnerTexts())[1] ?? '', /Zustellversuch 2 für bob@remote\.example: zugestellt/);
      await shots(page, 'journey-de');

      await open(page, '/audit?actor=ops');
      await page.getByRole('heading', { name: 'Protokoll', level: 1 }).waitFor();
      assert.equal(await page.getByTestId('list-range').innerText(), '1–50 von 60');
      assert.ok(await page.getByRole('link', { name: 'Als CSV herunterladen' }).isVisible());
      assert.match(await page.locator('tbody tr[data-audit-id]').first().innerText(), /Postfach geändert[\s\S]*Postfach anna@shop\.example/);
      await open(page, '/audit?action=queue.bounce');
      assert.match(await page.locator('tbody').innerText(), /Aus der Warteschlange entfernt, Absender benachrichtigt[\s\S]*Nachricht in der Warteschlange/);
      assert.equal(await page.locator('select[name="action"] option:checked').textContent(), 'Aus der Warteschlange entfernt, Absender benachrichtigt');
      await page.locator('select[name="action"]').selectOption('mailbox.');
      await page.getByRole('button', { name: 'Filtern' }).click();
      await page.waitForURL(/action=mailbox\./);
      const codes = await page.locator('tbody tr[data-audit-id] span[title]').evaluateAll((badges) => badges.map((b) => b.getAttribute('title')));
      assert.ok(codes.length > 0 && codes.every((code) => code?.startsWith('mailbox.')), codes.join(', '));
      await open(page, '/audit?actor=ops');
      await shots(page, 'audit-de');

      await open(page, '/queue');
      await page.getByRole('heading', { name: 'Warteschlange', level: 1 }).waitFor();
      assert.match(
        await page.locator('tr[data-queue-id="shopwait1"]').innerText(),
        /slow@remote\.example \(eingereiht\)[\s\S]*neuer Versuch geplant[\s\S]*0 Versuche/,
      );
      await shots(page, 'queue-de');
    });
  });

  describe('a domain admin', () => {
    let page: Page;
    before(async () => {
      page = await pageFor(SHOP_ADMIN, 'en-US');
    });

    it('sees only their domain on the dashboard', async () => {
      await open(page, '/');
      await page.waitForSelector('[data-testid="chart-daily"][data-chart-ready] svg .recharts-bar-rectangle');
      const totals = await text(page, '[data-testid="mail-totals"]');
      assert.match(totals, /Received 7 /);
      assert.match(totals, /Refused 2 /);
      assert.match(totals, /Waiting to be sent 1 /);
      const content = await page.evaluate(() => document.body.innerText);
      for (const foreign of ['team.example', 'partner@else.example', 'Message too large', 'secret@']) assert.ok(!content.includes(foreign), foreign);
      await shots(page, 'dashboard-domain-admin-en');
    });

    it('finds none of another domain’s mail in the trace, also not by URL', async () => {
      await open(page, '/trace');
      const all = await page.locator('tbody').innerText();
      assert.ok(!/team\.example|else\.example/.test(all), all);
      await open(page, '/trace?q=info%40team.example');
      assert.equal(await page.locator('tbody tr[data-trace-row]').count(), 0);
      for (const url of ['/trace/queue/teamq1', `/trace/message/${encodeURIComponent('<m-team-1@else.example>')}`, `/trace/entry/${teamRefusalId}`]) {
        const response = await open(page, url);
        assert.equal(response?.status(), 404, url);
        assert.ok(!(await page.content()).includes('team.example'), url);
      }
      const own = await open(page, '/trace/queue/shopq1');
      assert.equal(own?.status(), 200);
    });

    it('reads none of another domain’s audit entries, on the page or in the CSV', async () => {
      await open(page, '/audit');
      assert.ok(!(await page.content()).includes('secret@team.example'));
      await open(page, '/audit?target=secret');
      assert.equal(await page.locator('tbody tr[data-audit-id]').count(), 0);
      await open(page, '/audit?action=queue');
      assert.equal(await page.locator('tbody tr[data-audit-id]').count(), 0, 'queue actions belong to no domain');
      const csv = await (await page.request.get(`${web.baseUrl}/audit/export`)).text();
      assert.ok(!csv.includes('team.example'), 'no team.example in the CSV');
      assert.ok(!csv.includes('queue.bounce'));
      assert.ok(csv.includes('anna@shop.example'));
      const queuePage = await open(page, '/queue');
      assert.equal(queuePage?.status(), 404);
    });
  });
});
