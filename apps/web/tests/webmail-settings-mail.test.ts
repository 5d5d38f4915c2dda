// Webmail's mail settings end to end, with the real web app, maild, SMTP
// and IMAP: a vacation reply set in the browser answers ben's message
// (sent over submission) into ben's INBOX; forwarding to ben with and
// without a copy; the domain's "no forwarding by users" set in the panel
// refuses it; the mail app page shows the server values and the Apple
// profile downloads. Screenshots of every settings page at 1280 and 390 px
// in English and German go to test-results/webmail-settings/.
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { loadConfig, mailServerSettings } from '@kontor/core';
import type { ImapFlow } from 'imapflow';
import nodemailer from 'nodemailer';
import type { Page } from 'playwright-core';
import { ADMIN, startWebmailHarness, type TestMailbox, type WebmailHarness } from './lib/webmail-harness.ts';

const SHOTS = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../test-results/webmail-settings');

describe('webmail settings: out of office, forwarding, mail apps', () => {
  let h: WebmailHarness;
  before(async () => {
    mkdirSync(SHOTS, { recursive: true });
    h = await startWebmailHarness();
  });
  after(async () => {
    await h?.stop();
  });

  /** A message over submission, as the user's own mail app sends it. */
  async function submit(from: TestMailbox, to: string, subject: string) {
    const transport = nodemailer.createTransport({
      host: '127.0.0.1',
      port: h.maild.ports.submission,
      secure: false,
      requireTLS: true,
      tls: { rejectUnauthorized: false },
      auth: { user: from.address, pass: from.password },
    });
    try {
      await transport.sendMail({ from: from.address, to, subject, text: 'Are you there?\n' });
    } finally {
      transport.close();
    }
  }

  /** Subjects in a mailbox's INBOX, polled until `until` holds (or it times out). */
  async function inboxSubjects(client: ImapFlow, until: (subjects: string[]) => boolean, timeoutMs = 20_000): Promise<string[]> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const lock = await client.getMailboxLock('INBOX');
      const subjects: string[] = [];
      try {
        // A NOOP brings the server's news (EXISTS): the lock alone sends no command, and the polling keeps imapflow from IDLE.
        await client.noop();
        if ((client.mailbox as { exists: number }).exists > 0) {
          for await (const message of client.fetch('1:*', { envelope: true })) subjects.push(message.envelope?.subject ?? '');
        }
      } finally {
        lock.release();
      }
      if (until(subjects) || Date.now() > deadline) return subjects;
      await new Promise((resolve) => setTimeout(resolve, 300));
    }
  }

  async function open(page: Page, url: string) {
    await page.goto(`${h.web.baseUrl}${url}`);
    await page.waitForSelector('html[data-hydrated]', { state: 'attached' });
  }

  it("sets a vacation reply that answers ben's message in ben's INBOX", async () => {
    const { context, page } = await h.signIn(h.anna);
    await open(page, '/webmail/settings/out-of-office');
    await page.locator('#enabled').check();
    await page.fill('#subject', 'Away until Monday');
    await page.fill('#body', 'Thank you, I will answer on Monday.');
    assert.equal(await page.getByTestId('autoresponder-preview-subject').textContent(), 'Away until Monday (Re: Meeting on Friday)');
    await page.getByRole('button', { name: 'Save autoresponder' }).click();
    await page.getByText('Saved. Replies are being sent now.').waitFor();
    await page.reload();
    assert.equal(await page.getByTestId('autoresponder-state').getAttribute('data-state'), 'active');
    assert.match((await page.getByTestId('autoresponder-time-zone').textContent()) ?? '', /Europe\/Berlin/);

    await submit(h.ben, h.anna.address, 'Lunch on Thursday?');
    const ben = await h.imap(h.ben);
    // Submission, delivery, the autoreply job and its delivery: on a loaded machine that is more than 20 s.
    const subjects = await inboxSubjects(ben, (s) => s.some((x) => x.startsWith('Away until Monday')), 60_000);
    await ben.logout();
    assert.ok(subjects.includes('Away until Monday (Re: Lunch on Thursday?)'), `the auto-reply is in ben's INBOX (${JSON.stringify(subjects)})`);
    const audit = await h.t.db.auditLog.findFirst({ where: { action: 'autoresponder.update', targetId: String(h.anna.id) } });
    assert.equal(audit?.actor, 'mailbox:anna@team.example');

    // Off again, so the forwarding tests below see only forwarded mail.
    await page.locator('#enabled').uncheck();
    await page.getByRole('button', { name: 'Save autoresponder' }).click();
    await page.getByText('Saved. No replies are sent.').waitFor();
    await context.close();
  });

  it('forwards to ben without a copy, then with one', async () => {
    const { context, page } = await h.signIn(h.anna);
    await open(page, '/webmail/settings/forwarding');
    await page.locator('#enabled').check();
    await page.fill('#forwardTo', 'ben@team.example');
    await page.locator('#keepCopy').uncheck();
    await page.getByRole('button', { name: 'Save forwarding' }).click();
    await page.getByText('Mail to anna@team.example is now forwarded.').waitFor();
    await page.reload();
    assert.match((await page.getByTestId('forwarding-status').textContent()) ?? '', /keeps no copy/);

    const anna = await h.imap(h.anna);
    const ben = await h.imap(h.ben);
    const annaBefore = (await inboxSubjects(anna, () => true)).length;
    await h.deliver({ from: 'carla@sender.example', to: h.anna.address, subject: 'Forward me, no copy', text: 'One.' });
    assert.ok((await inboxSubjects(ben, (s) => s.includes('Forward me, no copy'))).includes('Forward me, no copy'));
    assert.equal((await inboxSubjects(anna, () => true)).length, annaBefore, 'no copy stays with anna');

    await page.locator('#keepCopy').check();
    await page.getByRole('button', { name: 'Save forwarding' }).click();
    await page
      .getByTestId('forwarding-status')
      .getByText(/and keeps a copy here/)
      .waitFor();
    await h.deliver({ from: 'carla@sender.example', to: h.anna.address, subject: 'Forward me, keep a copy', text: 'Two.' });
    assert.ok((await inboxSubjects(ben, (s) => s.includes('Forward me, keep a copy'))).includes('Forward me, keep a copy'));
    assert.ok((await inboxSubjects(anna, (s) => s.includes('Forward me, keep a copy'))).includes('Forward me, keep a copy'), 'anna keeps a copy');
    await anna.logout();
    await ben.logout();
    const audit = await h.t.db.auditLog.findFirst({ where: { action: 'mailbox.forwarding', targetId: String(h.anna.id) }, orderBy: { id: 'desc' } });
    assert.equal(audit?.actor, 'mailbox:anna@team.example');
    await context.close();
  });

  it("refuses users' forwarding once the domain's setting is 'not at all'", async () => {
    const { context, page } = await h.signIn(h.anna);
    // This form is loaded while forwarding is still allowed.
    await open(page, '/webmail/settings/forwarding');

    const admin = await h.browser.newContext({ viewport: { width: 1280, height: 900 } });
    const panel = await admin.newPage();
    await panel.goto(`${h.web.baseUrl}/signin`);
    await panel.waitForSelector('html[data-hydrated]', { state: 'attached' });
    await panel.fill('#email', ADMIN.email);
    await panel.fill('#password', ADMIN.password);
    await panel.locator('form button[type=submit]').click();
    await panel.waitForURL((url) => !url.pathname.startsWith('/signin'));
    await panel.goto(`${h.web.baseUrl}/domains/${h.anna.domainId}/settings`);
    await panel.waitForSelector('html[data-hydrated]', { state: 'attached' });
    const card = panel.locator('#user-forwarding');
    await card.getByLabel('Not at all').check();
    await card.getByRole('button', { name: 'Save' }).click();
    await card.getByText(/1 mailbox already forwards further than this allows/).waitFor();
    await card.screenshot({ path: path.join(SHOTS, 'panel-user-forwarding-1280-en.png') });
    await admin.close();

    // The stale form is refused by the server.
    await page.fill('#forwardTo', 'ben@team.example');
    await page.getByRole('button', { name: 'Save forwarding' }).click();
    await page.getByText('The administrator of team.example does not allow forwarding').waitFor();
    await page.reload();
    await page.getByTestId('forwarding-not-allowed').waitFor();
    assert.equal(await page.locator('#forwardTo').count(), 0, 'no form to set up forwarding');
    // What was set up earlier can still be switched off.
    await page.getByRole('button', { name: 'Switch forwarding off' }).click();
    await page.getByTestId('forwarding-status').getByText('All mail stays in this mailbox.').waitFor();
    const row = await h.t.db.mailbox.findUniqueOrThrow({ where: { id: h.anna.id }, select: { forwardTo: true } });
    assert.deepEqual(row.forwardTo, []);
    await context.close();
    // Allowed again for the screenshots below.
    await h.t.db.domain.update({ where: { id: h.anna.domainId }, data: { userForwarding: 'any' } });
  });

  it('shows the mail app values and downloads the Apple profile', async () => {
    const { context, page } = await h.signIn(h.anna);
    await open(page, '/webmail/settings/mail-apps');
    const server = mailServerSettings(loadConfig());
    assert.equal(await page.getByTestId('value-user-name').textContent(), 'anna@team.example');
    assert.equal(await page.getByTestId('imap-host').textContent(), server.hostname);
    assert.equal(await page.getByTestId('imap-tls-port').textContent(), String(server.imaps));
    assert.equal(await page.getByTestId('imap-starttls-port').textContent(), String(server.imap));
    assert.equal(await page.getByTestId('pop3-tls-port').textContent(), String(server.pop3s));
    assert.equal(await page.getByTestId('smtp-tls-port').textContent(), String(server.smtps));
    assert.equal(await page.getByTestId('smtp-starttls-port').textContent(), String(server.submission));
    const qrWidth = await page.getByTestId('profile-qr').evaluate((img: HTMLImageElement) => img.naturalWidth);
    assert.ok(qrWidth > 0, 'the QR code is drawn');
    const href = (await page.getByTestId('profile-download').getAttribute('href')) ?? '';
    assert.equal(href, `${h.web.baseUrl}/apple/anna%40team.example.mobileconfig`, 'the QR code and the button hold a full URL a phone can open');
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('profile-download').click()]);
    assert.equal(download.suggestedFilename(), 'team.example.mobileconfig');
    const response = await context.request.get(href);
    assert.equal(response.status(), 200);
    assert.equal(response.headers()['content-type'], 'application/x-apple-aspen-config');
    const profile = await response.text();
    assert.match(profile, /anna@team\.example/);
    assert.match(profile, new RegExp(`<integer>${server.imaps}</integer>`));
    await context.close();
  });

  it('looks right at 1280 and 390 px in English and German', async () => {
    const pages = [
      ['account', '/webmail/settings'],
      ['out-of-office', '/webmail/settings/out-of-office'],
      ['forwarding', '/webmail/settings/forwarding'],
      ['mail-apps', '/webmail/settings/mail-apps'],
    ] as const;
    for (const locale of ['en', 'de'] as const) {
      for (const width of [1280, 390]) {
        const { context, page } = await h.signIn(h.ben, { locale, width });
        for (const [name, url] of pages) {
          await open(page, url);
          assert.equal(await page.getByTestId('settings-tabs').locator('a[aria-current=page]').count(), 1, `${name}: one tab is current`);
          // Nothing wider than the phone's screen.
          const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
          assert.ok(overflow <= 0, `${name} at ${width}px in ${locale} scrolls sideways by ${overflow}px`);
          const column = page.getByTestId('webmail-settings');
          const scrollHeight = await column.evaluate((el) => el.scrollHeight);
          await page.setViewportSize({ width, height: Math.min(Math.max(900, scrollHeight + 80), 6000) });
          await page.screenshot({ path: path.join(SHOTS, `${name}-${width}-${locale}.png`), fullPage: true });
          await page.setViewportSize({ width, height: 900 });
        }
        await context.close();
      }
    }
  });
});
