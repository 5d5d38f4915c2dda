// The autoresponder page in a real browser, in English and German, against
// a running maild: a vacation reply set in the panel answers a message
// delivered over SMTP (to a fake remote MX); past its end date it answers
// nobody and has switched itself off. A domain admin posting the form with
// another domain's mailbox id is refused.
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { utcToZonedLocal, zonedLocalToUtc } from '@kontor/core';
import { assignAdminDomain, CLI_ACTOR, createAdminAccount, createDomain, createMailbox, ensureSuperadmin, updateDomainLocale } from '@kontor/db';
import { createTestDatabase, type TestDatabase } from '@kontor/db/testing';
import nodemailer from 'nodemailer';
import type { Browser, Page } from 'playwright-core';
import { type FakeMx, type ReceivedMessage, startFakeMx } from '../../../tests/e2e/lib/fake-mx.ts';
import { type MaildProcess, startMaild } from '../../../tests/e2e/lib/maild.ts';
import { launchChromium } from './lib/chromium.ts';
import { startWebServer, type WebServer } from './lib/web-server.ts';

process.env.DKIM_ENCRYPTION_KEY ??= 'kontor test dkim key';
const SHOTS = path.resolve(import.meta.dirname, '../../../test-results/autoresponder');
const ADMIN = { email: 'admin@kontor.test', password: 'a long test password' };
const COLLEAGUE = { email: 'chefin@kanzlei.example', password: 'a long colleague password' };
const MAILBOX_PASSWORD = 'correct horse battery staple';
const ZONE = 'Europe/Berlin';
const HOUR = 3_600_000;

type Mailbox = { id: number; domainId: number };

/** The decoded Subject: of a raw message (RFC 2047 B-words joined). */
function subjectOf(raw: string): string {
  const header = raw.slice(0, raw.indexOf('\r\n\r\n'));
  const folded = /\r\nSubject: ((?:.*)(?:\r\n[ \t].*)*)/.exec(`\r\n${header}`)?.[1] ?? '';
  return folded
    .replace(/\?=\r\n[ \t]+=\?/g, '?==?')
    .replace(/=\?UTF-8\?B\?([^?]*)\?=/gi, (_, b64: string) => Buffer.from(b64, 'base64').toString('utf8'))
    .replace(/\r\n[ \t]+/g, ' ');
}

/** The base64 text body of an autoreply. */
function bodyOf(raw: string): string {
  return Buffer.from(raw.slice(raw.indexOf('\r\n\r\n') + 4), 'base64').toString('utf8');
}

describe('autoresponder page', () => {
  let t: TestDatabase;
  let web: WebServer;
  let maild: MaildProcess;
  let mx: FakeMx;
  let browser: Browser;
  let anna: Mailbox;
  let ben: Mailbox;
  let foreign: Mailbox;

  async function signIn(page: Page, who: { email: string; password: string }) {
    await page.goto(`${web.baseUrl}/signin`);
    await page.waitForSelector('html[data-hydrated]', { state: 'attached' });
    await page.fill('#email', who.email);
    await page.fill('#password', who.password);
    await page.locator('form button[type=submit]').click();
    await page.waitForURL(`${web.baseUrl}/`);
  }
  async function newPage(locale: 'en-US' | 'de-DE', who = ADMIN): Promise<Page> {
    const page = await (await browser.newContext({ locale, viewport: { width: 1280, height: 900 } })).newPage();
    page.setDefaultTimeout(15_000);
    await signIn(page, who);
    return page;
  }
  async function open(page: Page, mailbox: Mailbox) {
    const response = await page.goto(`${web.baseUrl}/domains/${mailbox.domainId}/mailboxes/${mailbox.id}/autoresponder`);
    await page.waitForSelector('html[data-hydrated]', { state: 'attached' });
    return response;
  }
  async function shots(page: Page, name: string) {
    // From the top: a full-page shot of a scrolled page draws the sticky header midway.
    await page.evaluate(() => window.scrollTo(0, 0));
    await page.setViewportSize({ width: 1280, height: 900 });
    await page.screenshot({ path: path.join(SHOTS, `${name}-1280.png`), fullPage: true });
    await page.setViewportSize({ width: 390, height: 844 });
    await page.screenshot({ path: path.join(SHOTS, `${name}-390.png`), fullPage: true });
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    assert.ok(overflow <= 0, `${name}: no sideways scrolling at 390 px (${overflow} px too wide)`);
    await page.setViewportSize({ width: 1280, height: 900 });
  }
  /** Mail from outside to the MX, over SMTP. */
  async function receive(from: string, to: string, subject: string) {
    const transport = nodemailer.createTransport({ host: '127.0.0.1', port: maild.ports.smtp, name: 'mail.remote.test', tls: { rejectUnauthorized: false } });
    try {
      await transport.sendMail({ envelope: { from, to: [to] }, from, to, subject, text: 'Sind Sie da? / Are you there?\n' });
    } finally {
      transport.close();
    }
  }
  const repliesTo = (rcpt: string) => mx.messages.filter((m: ReceivedMessage) => m.rcptTo.includes(rcpt));
  const row = (mailbox: Mailbox) => t.db.autoresponder.findUnique({ where: { mailboxId: mailbox.id } });
  /** A time as the datetime-local field takes it, in the domain's zone. */
  const local = (ms: number) => utcToZonedLocal(new Date(ms), ZONE);

  before(async () => {
    mkdirSync(SHOTS, { recursive: true });
    t = await createTestDatabase();
    await ensureSuperadmin(t.db, ADMIN);
    const kanzlei = await createDomain(t.db, CLI_ACTOR, { name: 'kanzlei.example' });
    await updateDomainLocale(t.db, CLI_ACTOR, kanzlei.id, { timeZone: ZONE, language: 'de' });
    const shop = await createDomain(t.db, CLI_ACTOR, { name: 'shop.example' });
    anna = await createMailbox(t.db, CLI_ACTOR, { domainId: kanzlei.id, localPart: 'anna', displayName: 'Anna Berg', password: MAILBOX_PASSWORD });
    ben = await createMailbox(t.db, CLI_ACTOR, { domainId: kanzlei.id, localPart: 'ben', displayName: 'Ben Roth', password: MAILBOX_PASSWORD });
    foreign = await createMailbox(t.db, CLI_ACTOR, { domainId: shop.id, localPart: 'orders', password: MAILBOX_PASSWORD });
    const colleague = await createAdminAccount(t.db, CLI_ACTOR, { ...COLLEAGUE, role: 'DOMAIN_ADMIN' });
    await assignAdminDomain(t.db, CLI_ACTOR, colleague.id, kanzlei.id);
    mx = await startFakeMx();
    [maild, web] = await Promise.all([
      startMaild({
        databaseUrl: t.url,
        dns: { 'MX:remote.test': [{ exchange: 'mx.remote.test', priority: 10 }], 'A:mx.remote.test': ['127.0.0.1'] },
        env: { MAILD_ROLES: 'smtp,workers', OUTBOUND_PORT: String(mx.port), QUEUE_RETRY_BASE: '200ms' },
      }),
      startWebServer({ DATABASE_URL: t.url, LOG_LEVEL: 'silent' }),
    ]);
    browser = await launchChromium();
  });
  after(async () => {
    await browser?.close();
    await web?.stop();
    await maild?.stop({ cleanup: true });
    await mx?.close();
    await t?.drop();
  });

  it('in English: errors beside the fields, a live preview, then a reply to mail delivered over SMTP', async () => {
    const page = await newPage('en-US');
    await open(page, anna);
    assert.equal(await page.getByTestId('autoresponder-state').getAttribute('data-state'), 'off');
    assert.equal(await page.getByTestId('autoresponder-status').innerText(), 'No automatic replies are sent.');
    assert.match(await page.getByTestId('autoresponder-time-zone').innerText(), /Times are in Europe\/Berlin, the time zone of kanzlei\.example\./);
    const form = page.getByRole('form', { name: 'Autoresponder' });

    // Everything wrong at once: each problem under its own field.
    const now = Date.now();
    await form.getByLabel('Send automatic replies', { exact: true }).check();
    await form.getByLabel('Start', { exact: true }).fill(local(now + 48 * HOUR));
    await form.getByLabel('End', { exact: true }).fill(local(now + 24 * HOUR));
    await form.getByLabel('Reply interval', { exact: true }).fill('0');
    await form.getByRole('button', { name: 'Save autoresponder' }).click();
    await page.locator('#subject-error').waitFor();
    assert.equal(await page.locator('#subject-error').innerText(), 'Enter a subject for the reply');
    assert.equal(await page.locator('#body-error').innerText(), 'Enter the text of the reply');
    assert.equal(await page.locator('#endsAt-error').innerText(), 'The end must be after the start');
    assert.equal(await page.locator('#intervalDays-error').innerText(), 'Enter a whole number of days from 1 to 30');
    assert.equal(await form.getByLabel('End', { exact: true }).inputValue(), local(now + 24 * HOUR), 'what was typed stays');
    await shots(page, 'autoresponder-errors-en');
    assert.equal(await row(anna), null, 'nothing saved');

    // The preview follows the typing: the subject as the sender will see it.
    await form.getByLabel('Subject', { exact: true }).fill('Out of office');
    await form.getByLabel('Message', { exact: true }).fill('I am away until Monday.\nAnna');
    const preview = page.getByTestId('autoresponder-preview');
    await page.waitForFunction(
      () => document.querySelector('[data-testid=autoresponder-preview-subject]')?.textContent === 'Out of office (Re: Meeting on Friday)',
    );
    assert.match(await preview.innerText(), /Anna Berg <anna@kanzlei\.example>[\s\S]*I am away until Monday\.\nAnna/);
    const start = local(now - HOUR);
    const end = local(now + 48 * HOUR);
    await form.getByLabel('Start', { exact: true }).fill(start);
    await form.getByLabel('End', { exact: true }).fill(end);
    await form.getByLabel('Reply interval', { exact: true }).fill('4');
    await form.getByRole('button', { name: 'Save autoresponder' }).click();
    await page.getByText('Saved. Replies are being sent now.').waitFor();
    const saved = await row(anna);
    assert.equal(saved?.enabled, true);
    assert.equal(saved?.subject, 'Out of office');
    assert.equal(saved?.startsAt?.toISOString(), zonedLocalToUtc(start, ZONE)?.toISOString(), 'the start read in Europe/Berlin');
    assert.equal(saved?.endsAt?.toISOString(), zonedLocalToUtc(end, ZONE)?.toISOString());
    const audit = await t.db.auditLog.findFirstOrThrow({ where: { action: 'autoresponder.update', targetId: String(anna.id) } });
    assert.equal(audit.actor, `admin:${ADMIN.email}`);

    await open(page, anna);
    assert.equal(await page.getByTestId('autoresponder-state').getAttribute('data-state'), 'active');
    assert.match(await page.getByTestId('autoresponder-status').innerText(), /^Replies are being sent now, until /);
    assert.equal(await form.getByLabel('End', { exact: true }).inputValue(), end, 'shown again in the domain time zone');
    await shots(page, 'autoresponder-en');

    await receive('bob@remote.test', 'anna@kanzlei.example', 'Meeting on Friday');
    const reply = await mx.waitFor((m) => m.rcptTo.includes('bob@remote.test'));
    assert.equal(reply.mailFrom, '', 'sent with the null sender');
    assert.equal(subjectOf(reply.raw), 'Out of office (Re: Meeting on Friday)', 'the subject the preview showed');
    assert.equal(bodyOf(reply.raw), 'I am away until Monday.\r\nAnna');
    assert.match(reply.raw, /\r\nAuto-Submitted: auto-replied\r\n/);
    await page.context().close();
  });

  it('auf Deutsch: Fehler neben den Feldern, dann eine Antwort auf eine per SMTP zugestellte Nachricht', async () => {
    const page = await newPage('de-DE');
    await open(page, ben);
    assert.equal(await page.getByTestId('autoresponder-status').innerText(), 'Es werden keine automatischen Antworten gesendet.');
    const form = page.getByRole('form', { name: 'Abwesenheitsnotiz' });
    await form.getByLabel('Automatische Antworten senden', { exact: true }).check();
    await form.getByLabel('Betreff', { exact: true }).fill('');
    await form.getByLabel('Ende', { exact: true }).fill(local(Date.now() - HOUR));
    await form.getByLabel('Antwortintervall', { exact: true }).fill('31');
    await form.getByRole('button', { name: 'Abwesenheitsnotiz speichern' }).click();
    await page.locator('#subject-error').waitFor();
    assert.equal(await page.locator('#subject-error').innerText(), 'Geben Sie einen Betreff für die Antwort ein');
    assert.equal(await page.locator('#body-error').innerText(), 'Geben Sie den Text der Antwort ein');
    assert.equal(
      await page.locator('#endsAt-error').innerText(),
      'Dieses Ende liegt schon in der Vergangenheit: Wählen Sie ein späteres, oder schalten Sie die Abwesenheitsnotiz aus',
    );
    assert.equal(await page.locator('#intervalDays-error').innerText(), 'Geben Sie eine ganze Zahl von Tagen zwischen 1 und 30 ein');
    await shots(page, 'autoresponder-errors-de');

    await form.getByLabel('Betreff', { exact: true }).fill('Nicht im Büro');
    await form.getByLabel('Nachricht', { exact: true }).fill('Ich bin bis Montag im Urlaub.\nBen Roth');
    await page.waitForFunction(
      () => document.querySelector('[data-testid=autoresponder-preview-subject]')?.textContent === 'Nicht im Büro (Re: Termin am Freitag)',
    );
    await form.getByLabel('Ende', { exact: true }).fill(local(Date.now() + 72 * HOUR));
    await form.getByLabel('Antwortintervall', { exact: true }).fill('7');
    await form.getByRole('button', { name: 'Abwesenheitsnotiz speichern' }).click();
    await page.getByText('Gespeichert. Antworten werden jetzt gesendet.').waitFor();
    await open(page, ben);
    assert.match(await page.getByTestId('autoresponder-status').innerText(), /^Antworten werden jetzt gesendet, bis /);
    assert.equal((await page.getByTestId('autoresponder-state').innerText()).trim(), 'An');
    await shots(page, 'autoresponder-de');

    await receive('clara@remote.test', 'ben@kanzlei.example', 'Angebot');
    const reply = await mx.waitFor((m) => m.rcptTo.includes('clara@remote.test'));
    assert.equal(subjectOf(reply.raw), 'Nicht im Büro (Re: Angebot)');
    assert.equal(bodyOf(reply.raw), 'Ich bin bis Montag im Urlaub.\r\nBen Roth');
    assert.equal((await row(ben))?.intervalDays, 7);
    await page.context().close();
  });

  it('after its end date: no reply, switched itself off (audited by system), and the page says so', async () => {
    // Time passes: Anna's absence ended a minute ago.
    await t.db.autoresponder.update({ where: { mailboxId: anna.id }, data: { endsAt: new Date(Date.now() - 60_000) } });
    await receive('dora@remote.test', 'anna@kanzlei.example', 'Are you back?');
    // A later message that is answered: once its reply is out, Anna's message has been decided.
    await receive('marker@remote.test', 'ben@kanzlei.example', 'Marker');
    await mx.waitFor((m) => m.rcptTo.includes('marker@remote.test'));
    await new Promise((resolve) => setTimeout(resolve, 1000));
    assert.equal(repliesTo('dora@remote.test').length, 0, 'no reply after the end date');
    const folder = await t.db.folder.findFirstOrThrow({ where: { mailboxId: anna.id, name: 'INBOX' } });
    assert.equal(await t.db.message.count({ where: { folderId: folder.id, subject: 'Are you back?' } }), 1, 'the mail itself is delivered');
    assert.equal((await row(anna))?.enabled, false, 'switched itself off');
    const audit = await t.db.auditLog.findFirstOrThrow({ where: { action: 'autoresponder.expire', targetId: String(anna.id) } });
    assert.equal(audit.actor, 'system');

    for (const [locale, text] of [
      ['en-US', /^Ended on .+; it switched itself off\.$/],
      ['de-DE', /^Am .+ abgelaufen; sie hat sich selbst ausgeschaltet\.$/],
    ] as const) {
      const page = await newPage(locale);
      await open(page, anna);
      assert.equal(await page.getByTestId('autoresponder-state').getAttribute('data-state'), 'expired');
      assert.match((await page.getByTestId('autoresponder-status').innerText()).split(' · ')[0] ?? '', text);
      assert.equal(await page.locator('input[name=enabled]').isChecked(), false);
      await shots(page, `autoresponder-expired-${locale.slice(0, 2)}`);
      await page.context().close();
    }
  });

  it('a domain admin cannot open or change another domain’s autoresponder, not even with a forged mailbox id', async () => {
    const page = await newPage('en-US', COLLEAGUE);
    assert.equal((await open(page, foreign))?.status(), 404, 'the foreign page is not found');
    assert.equal((await open(page, { id: foreign.id, domainId: anna.domainId }))?.status(), 404, 'nor under their own domain');
    await open(page, ben);
    const form = page.getByRole('form', { name: 'Autoresponder' });
    await form.getByLabel('Subject', { exact: true }).fill('Hijacked');
    await form.getByLabel('Message', { exact: true }).fill('Send your orders elsewhere.');
    await form.locator('input[name=mailboxId]').evaluate((input, id) => {
      (input as HTMLInputElement).value = String(id);
    }, foreign.id);
    await form.getByRole('button', { name: 'Save autoresponder' }).click();
    await form.getByText(`No mailbox ${foreign.id}. It may have been removed meanwhile.`).waitFor();
    assert.equal(await row(foreign), null, 'nothing was written for the foreign mailbox');
    assert.equal((await row(ben))?.subject, 'Nicht im Büro', 'nor for their own');
    assert.equal(await t.db.auditLog.count({ where: { targetId: String(foreign.id), actor: `admin:${COLLEAGUE.email}` } }), 0);
    await page.context().close();
  });
});
