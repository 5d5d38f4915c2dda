// Every panel page, in English and German, at 1280 and 390 px: screenshots
// into test-results/panel/ to look at, and what can be checked without eyes:
// nothing scrolls sideways on a phone, no Content-Security-Policy violation,
// the page is in the language asked for (<html lang>) and a German page
// shows none of the panel's English words.
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { OUTBOUND_QUEUE } from '@kontor/core';
import {
  adminActor,
  CLI_ACTOR,
  createAdminAccount,
  createAlias,
  createApiKey,
  createDomain,
  createMailbox,
  createOutboundRecipientsInTx,
  ensureSuperadmin,
  logDeliveries,
  setForwarding,
  upsertAutoresponder,
} from '@kontor/db';
import { createTestDatabase, type TestDatabase } from '@kontor/db/testing';
import { Queue } from 'bullmq';
import type { Browser, Page } from 'playwright-core';
import { launchChromium } from './lib/chromium.ts';
import { startWebServer, type WebServer } from './lib/web-server.ts';

const SHOTS = path.resolve(import.meta.dirname, '../../../test-results/panel');
const OWNER = { email: 'inhaber@baeckerei-mueller.example', password: 'ein langes Passwort des Inhabers' };
const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const REDIS_PREFIX = `kontor-every-page-${randomBytes(4).toString('hex')}`;

/**
 * Words of the panel's English that a German page must not show (whole
 * words, in what is visible). The seeded data is German or names, so a hit
 * is a string the panel forgot to translate.
 */
const ENGLISH = [
  'Settings',
  'Mailboxes',
  'Mailbox',
  'Aliases',
  'Search',
  'Save',
  'Delete',
  'Cancel',
  'Remove',
  'Previous',
  'Next',
  'Sign out',
  'Copy',
  'Never',
  'Active',
  'Disabled',
  'Add',
  'Edit',
  'Messages',
  'Queue',
  'Trace',
  'Account',
  'Password',
  'Received',
  'Sent',
  'Refused',
  'Storage',
  'None',
  'Yes',
  'Language',
  'Time zone',
  'Forwarding',
  'Autoresponder',
  'Created',
  'Updated',
  'changed',
  'created',
  'deleted',
  'of',
  'and',
  'the',
];

describe('every panel page in both languages, at 1280 and 390 px', () => {
  let t: TestDatabase;
  let web: WebServer;
  let browser: Browser;
  let queue: Queue;
  const pages: Array<[name: string, path: string]> = [];

  before(async () => {
    mkdirSync(SHOTS, { recursive: true });
    t = await createTestDatabase();
    const db = t.db;
    await ensureSuperadmin(db, OWNER);
    const owner = await adminActor(db, (await db.adminAccount.findUniqueOrThrow({ where: { email: OWNER.email } })).id);
    const bakery = await createDomain(db, CLI_ACTOR, { name: 'bäckerei-müller.example', description: 'Backstube und Laden' });
    await createDomain(db, CLI_ACTOR, { name: 'hofladen.example' });
    const info = await createMailbox(db, CLI_ACTOR, {
      domainId: bakery.id,
      localPart: 'info',
      displayName: 'Bäckerei Müller',
      password: 'Brot und Brötchen 2026',
      quota: '2G',
    });
    const jana = await createMailbox(db, CLI_ACTOR, {
      domainId: bakery.id,
      localPart: 'jana.schmidt-hoffmann',
      displayName: 'Jana Schmidt-Hoffmann',
      password: 'Sauerteig jeden Morgen',
    });
    await db.mailbox.update({ where: { id: info.id }, data: { usedBytes: 734_003_200n, messageCount: 1234 } });
    await createAlias(db, CLI_ACTOR, {
      domainId: bakery.id,
      localPart: 'bestellung',
      destinations: ['info@bäckerei-müller.example', 'lieferant@grosshandel.example'],
    });
    await upsertAutoresponder(db, CLI_ACTOR, jana.id, {
      enabled: true,
      subject: 'Im Urlaub bis 6. Januar',
      body: 'Guten Tag,\n\nich bin bis zum 6. Januar im Urlaub. In dringenden Fällen schreiben Sie an info@.\n\nJana Schmidt-Hoffmann',
      endsAt: '2099-01-06T08:00',
    });
    await setForwarding(db, CLI_ACTOR, info.id, { forwardTo: 'inhaber@privat-mueller.example', keepCopy: true });
    await createAdminAccount(db, CLI_ACTOR, {
      email: 'filiale@hofladen.example',
      password: 'ein langes Filialpasswort',
      role: 'DOMAIN_ADMIN',
      domainIds: [bakery.id],
    });
    await createApiKey(db, owner, { name: 'Webshop Bestellbestätigungen', scope: 'send', senders: ['info@bäckerei-müller.example'] });
    await logDeliveries(db, [
      {
        direction: 'INBOUND',
        queueId: 'in1',
        messageId: '<a1@kunde.example>',
        mailFrom: 'kunde@kunde.example',
        rcptTo: 'info@xn--bckerei-mller-bfb28a.example',
        status: 'accepted',
        remoteHost: '192.0.2.7',
        verdicts: { spf: 'pass', dkim: 'pass', dmarc: 'pass', tls: { protocol: 'TLSv1.3' } },
      },
      {
        direction: 'INBOUND',
        mailFrom: 'werbung@spam.example',
        rcptTo: 'niemand@xn--bckerei-mller-bfb28a.example',
        status: 'rejected',
        remoteHost: '198.51.100.9',
        remoteResponse: '550 5.1.1 No such user here',
      },
      {
        direction: 'OUTBOUND',
        queueId: 'out1',
        messageId: '<b1@xn--bckerei-mller-bfb28a.example>',
        mailFrom: 'info@xn--bckerei-mller-bfb28a.example',
        rcptTo: 'kunde@langsam.example',
        status: 'queued',
        verdicts: { kind: 'submission', client: { ip: '192.0.2.55', user: 'info@xn--bckerei-mller-bfb28a.example', tls: null } },
      },
    ]);
    await db.$transaction((tx) => createOutboundRecipientsInTx(tx, { jobId: 'job-out1', queueId: 'out1', recipients: ['kunde@langsam.example'] }));
    queue = new Queue(OUTBOUND_QUEUE, { connection: { url: REDIS_URL }, prefix: REDIS_PREFIX });
    await queue.add(
      'deliver',
      {
        queueId: 'out1',
        blobSha256: '0'.repeat(64),
        size: 2048,
        mailFrom: 'info@xn--bckerei-mller-bfb28a.example',
        recipients: ['kunde@langsam.example'],
        kind: 'submission',
      },
      { jobId: 'job-out1', delay: 3_600_000 },
    );

    const domain = `/domains/${bakery.id}`;
    const mailbox = `${domain}/mailboxes/${jana.id}`;
    pages.push(
      ['dashboard', '/'],
      ['domains', '/domains'],
      ['domain-mailboxes', domain],
      ['domain-aliases', `${domain}/aliases`],
      ['domain-dns', `${domain}/dns`],
      ['domain-selftest', `${domain}/selftest`],
      ['domain-reports', `${domain}/reports`],
      ['domain-settings', `${domain}/settings`],
      ['mailbox-settings', mailbox],
      ['mailbox-autoresponder', `${mailbox}/autoresponder`],
      ['mailbox-forwarding', `${domain}/mailboxes/${info.id}/forwarding`],
      ['trace', '/trace'],
      ['trace-journey', '/trace/queue/out1'],
      ['queue', '/queue'],
      ['admins', '/admins'],
      ['api-keys', '/api-keys'],
      ['audit', '/audit'],
      ['account', '/account'],
      ['api-docs', '/api-docs'],
      ['not-found', '/domains/999999'],
    );
    web = await startWebServer({ DATABASE_URL: t.url, LOG_LEVEL: 'silent', REDIS_URL, REDIS_PREFIX, MAIL_HOSTNAME: 'mail.baeckerei-mueller.example' });
    browser = await launchChromium();
  });

  after(async () => {
    await browser?.close();
    await web?.stop();
    await queue?.obliterate({ force: true }).catch(() => {});
    await queue?.close();
    await t?.drop();
  });

  async function signedIn(locale: 'en-GB' | 'de-DE'): Promise<Page> {
    const context = await browser.newContext({ locale, viewport: { width: 1280, height: 900 } });
    await context.addInitScript(() => {
      const seen: string[] = [];
      (window as unknown as { __csp: string[] }).__csp = seen;
      document.addEventListener('securitypolicyviolation', (e) => seen.push(`${e.violatedDirective} ${e.blockedURI}`));
    });
    const page = await context.newPage();
    page.setDefaultTimeout(20_000);
    await page.goto(`${web.baseUrl}/signin`);
    await page.waitForSelector('html[data-hydrated]', { state: 'attached' });
    await page.screenshot({ path: path.join(SHOTS, `signin-${locale.slice(0, 2)}-1280.png`), fullPage: true });
    await page.fill('#email', OWNER.email);
    await page.fill('#password', OWNER.password);
    await page.locator('#password').press('Enter');
    await page.waitForURL(`${web.baseUrl}/`);
    return page;
  }

  /**
   * Boxes past the right edge at 390 px, leaving out what scrolls inside a
   * table, the closed phone menu, and what a box inside the screen clips
   * (a title cut off with "…" is a choice, not an overflow).
   */
  function tooWide(page: Page) {
    // No named function inside: the test runner's transform would wrap it in a helper the page does not have.
    return page.evaluate(() => {
      const width = document.documentElement.clientWidth + 1;
      return [...document.querySelectorAll('body *')]
        .filter((e) => {
          if (e.getBoundingClientRect().right <= width || e.closest('.overflow-x-auto, [data-testid="mobile-menu"]')) return false;
          for (let parent = e.parentElement; parent && parent !== document.body; parent = parent.parentElement) {
            if (getComputedStyle(parent).overflowX !== 'visible' && parent.getBoundingClientRect().right <= width) return false;
          }
          return true;
        })
        .slice(0, 5)
        .map((e) => `${e.tagName.toLowerCase()}.${String(e.className).split(' ').slice(0, 3).join('.')} “${(e.textContent ?? '').trim().slice(0, 40)}”`);
    });
  }

  /** The visible English words of the panel in the page's text (not in form fields, code or the data's own words). */
  async function englishWords(page: Page): Promise<string[]> {
    const text = await page.evaluate(() => {
      const clone = document.body.cloneNode(true) as HTMLElement;
      // Not words of the panel: code, what was typed, addresses, and the API's object names (identifiers).
      for (const e of clone.querySelectorAll('script, style, code, pre, input, textarea, select, .font-mono, a[href^="#schema-"]')) e.remove();
      return clone.innerText;
    });
    // A whole word: "Queue-ID" and "1Password" are German's own borrowings and names.
    return ENGLISH.filter((word) => new RegExp(`(^|[^\\p{L}\\p{N}-])${word}([^\\p{L}\\p{N}-]|$)`, 'u').test(text));
  }

  for (const [language, locale] of [
    ['English', 'en-GB'],
    ['German', 'de-DE'],
  ] as const) {
    it(`in ${language}`, async () => {
      const page = await signedIn(locale);
      const short = locale.slice(0, 2);
      const problems: string[] = [];
      for (const [name, pathname] of pages) {
        await page.setViewportSize({ width: 1280, height: 900 });
        const response = await page.goto(`${web.baseUrl}${pathname}`);
        await page.waitForSelector('html[data-hydrated]', { state: 'attached' });
        const expected = name === 'not-found' ? 404 : 200;
        if (response?.status() !== expected) problems.push(`${name}: answered ${response?.status()}`);
        if ((await page.locator('html').getAttribute('lang')) !== short) problems.push(`${name}: <html lang> is not ${short}`);
        await page.screenshot({ path: path.join(SHOTS, `${name}-${short}-1280.png`), fullPage: true });
        await page.setViewportSize({ width: 390, height: 844 });
        await page.waitForTimeout(200); // charts follow their container's width
        await page.screenshot({ path: path.join(SHOTS, `${name}-${short}-390.png`), fullPage: true });
        const wide = await tooWide(page);
        if (wide.length) problems.push(`${name}: wider than 390 px: ${wide.join(' | ')}`);
        if (locale === 'de-DE') {
          const english = await englishWords(page);
          if (english.length) problems.push(`${name}: English on the German page: ${english.join(', ')}`);
        }
        const csp = await page.evaluate(() => (window as unknown as { __csp: string[] }).__csp);
        if (csp.length) problems.push(`${name}: CSP violations: ${csp.join(', ')}`);
      }
      assert.deepEqual(problems, []);
      await page.context().close();
    });
  }
});
