// A mailbox's Settings tab in a real browser, in English and German:
// limits, a generated password that is shown once and then works over
// real IMAP against a started maild, the last login that IMAP login
// leaves, app password revocation, 2FA reset; and a domain admin who
// edits the forms' hidden mailbox id to another domain's mailbox is
// refused by every action.
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { hashPassword } from '@kontor/core';
import { assignAdminDomain, CLI_ACTOR, createAdminAccount, createDomain, createMailbox, ensureSuperadmin } from '@kontor/db';
import { createTestDatabase, type TestDatabase } from '@kontor/db/testing';
import { ImapFlow } from 'imapflow';
import type { Browser, Locator, Page } from 'playwright-core';
import { type MaildProcess, startMaild } from '../../../tests/e2e/lib/maild.ts';
import { launchChromium } from './lib/chromium.ts';
import { startWebServer, type WebServer } from './lib/web-server.ts';

const SHOTS = path.resolve(import.meta.dirname, '../../../test-results/mailbox');
const ADMIN = { email: 'admin@kontor.test', password: 'a long test password' };
const COLLEAGUE = { email: 'anna@team.example', password: 'a long colleague password' };
const MAILBOX_PASSWORD = 'correct horse battery staple';
const text = async (locator: Locator) => (await locator.textContent()) ?? '';

describe('mailbox settings page', () => {
  let t: TestDatabase;
  let web: WebServer;
  let maild: MaildProcess;
  let browser: Browser;
  let page: Page;
  let own: { id: number; domainId: number; address: string };
  let foreign: { id: number; domainId: number; address: string };

  async function signIn(target: Page, who: { email: string; password: string }) {
    await target.goto(`${web.baseUrl}/signin`);
    await target.waitForSelector('html[data-hydrated]', { state: 'attached' });
    await target.fill('#email', who.email);
    await target.fill('#password', who.password);
    await target.locator('form button[type=submit]').click();
    await target.waitForURL(`${web.baseUrl}/`);
  }
  async function open(target: Page, mailbox: { id: number; domainId: number }) {
    const response = await target.goto(`${web.baseUrl}/domains/${mailbox.domainId}/mailboxes/${mailbox.id}`);
    await target.waitForSelector('html[data-hydrated]', { state: 'attached' });
    return response;
  }
  async function shots(target: Page, name: string) {
    const width = target.viewportSize()?.width ?? 1280;
    // From the top, so the sticky header is not painted into the middle of a full-page picture.
    await target.evaluate(() => window.scrollTo(0, 0));
    await target.screenshot({ path: path.join(SHOTS, `${name}-1280.png`), fullPage: true });
    await target.setViewportSize({ width: 390, height: 844 });
    await target.screenshot({ path: path.join(SHOTS, `${name}-390.png`), fullPage: true });
    // The long phone page again in screen-sized parts, readable when looked at.
    const height = await target.evaluate(() => document.documentElement.scrollHeight);
    for (let top = 0, part = 1; top < height; top += 1000, part++) {
      const clip = { x: 0, y: top, width: 390, height: Math.min(1000, height - top) };
      await target.screenshot({ path: path.join(SHOTS, 'parts', `${name}-390-${part}.png`), fullPage: true, clip });
    }
    const overflow = await target.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    assert.ok(overflow <= 0, `${name}: no sideways scrolling at 390 px (${overflow} px too wide)`);
    const tabs = await target.getByTestId('mailbox-tabs').evaluate((nav) => nav.scrollWidth - nav.clientWidth);
    assert.ok(tabs <= 0, `${name}: every tab is in view at 390 px (${tabs} px cut off)`);
    await target.setViewportSize({ width, height: 900 });
  }
  async function imapLogin(user: string, pass: string) {
    const client = new ImapFlow({
      host: '127.0.0.1',
      port: maild.ports.imaps,
      secure: true,
      tls: { rejectUnauthorized: false },
      auth: { user, pass },
      logger: false,
    });
    await client.connect();
    await client.logout();
  }
  async function addAppPassword(mailboxId: number, name: string) {
    return t.db.appPassword.create({ data: { mailboxId, name, passwordHash: await hashPassword(`${name} app password secret`) } });
  }
  async function addTwoFactor(mailboxId: number) {
    await t.db.totpSecret.create({ data: { mailboxId, secretEncrypted: 'not read by this page', confirmedAt: new Date() } });
    await t.db.recoveryCode.createMany({ data: [1, 2].map((n) => ({ mailboxId, codeHash: `hash ${n}` })) });
  }

  before(async () => {
    mkdirSync(path.join(SHOTS, 'parts'), { recursive: true });
    t = await createTestDatabase();
    await ensureSuperadmin(t.db, ADMIN);
    const team = await createDomain(t.db, CLI_ACTOR, { name: 'team.example' });
    const shop = await createDomain(t.db, CLI_ACTOR, { name: 'shop.example' });
    own = await createMailbox(t.db, CLI_ACTOR, { domainId: team.id, localPart: 'info', displayName: 'Info desk', password: MAILBOX_PASSWORD, quota: '1G' });
    foreign = await createMailbox(t.db, CLI_ACTOR, { domainId: shop.id, localPart: 'orders', password: MAILBOX_PASSWORD });
    const colleague = await createAdminAccount(t.db, CLI_ACTOR, { ...COLLEAGUE, role: 'DOMAIN_ADMIN' });
    await assignAdminDomain(t.db, CLI_ACTOR, colleague.id, team.id);
    await addAppPassword(own.id, 'Thunderbird');
    await addAppPassword(own.id, 'Phone');
    await addTwoFactor(own.id);
    [web, maild] = await Promise.all([
      startWebServer({
        DATABASE_URL: t.url,
        LOG_LEVEL: 'silent',
        SEND_LIMIT_PER_HOUR: '150',
        SEND_LIMIT_PER_DAY: '900',
        MAIL_HOSTNAME: 'mail.kontor.example',
        IMAPS_PORT: '993',
        IMAP_PORT: '143',
        SUBMISSION_PORT: '587',
      }),
      startMaild({ databaseUrl: t.url }),
    ]);
    browser = await launchChromium();
    page = await (await browser.newContext({ viewport: { width: 1280, height: 900 } })).newPage();
    page.setDefaultTimeout(15_000);
    await signIn(page, ADMIN);
  });
  after(async () => {
    await browser?.close();
    await Promise.all([web?.stop(), maild?.stop({ cleanup: true })]);
    await t?.drop();
  });

  it('shows the header with tabs, the server default limits as placeholders, and changes the limits', async () => {
    await open(page, own);
    assert.equal(await text(page.getByTestId('mailbox-address')), 'info@team.example');
    const tabs = page.getByRole('navigation', { name: 'Mailbox sections' });
    assert.deepEqual(await tabs.getByRole('link').allInnerTexts(), ['Settings', 'Autoresponder', 'Forwarding']);
    assert.equal(await tabs.getByRole('link', { name: 'Settings' }).getAttribute('aria-current'), 'page');
    assert.equal(await tabs.getByRole('link', { name: 'Forwarding' }).getAttribute('href'), `/domains/${own.domainId}/mailboxes/${own.id}/forwarding`);
    assert.equal(await page.getAttribute('#sendLimitPerHour', 'placeholder'), '150');
    assert.equal(await page.getAttribute('#sendLimitPerDay', 'placeholder'), '900');
    assert.match(await text(page.locator('#sendLimitPerHour-hint')), /server default \(150\)/);

    await page.fill('#sendLimitPerHour', 'many');
    await page.getByRole('button', { name: 'Save changes' }).click();
    await page.locator('#sendLimitPerHour-error').waitFor();
    assert.equal(await text(page.locator('#sendLimitPerHour-error')), 'Enter a whole number');
    assert.equal(await page.inputValue('#sendLimitPerHour'), 'many', 'what was typed is kept');

    await page.fill('#sendLimitPerHour', '20');
    await page.fill('#sendLimitPerDay', '0');
    await page.getByRole('button', { name: 'Save changes' }).click();
    await page.getByText('info@team.example was saved.').waitFor();
    let row = await t.db.mailbox.findUniqueOrThrow({ where: { id: own.id } });
    assert.equal(row.sendLimitPerHour, 20);
    assert.equal(row.sendLimitPerDay, 0);
    await open(page, own);
    assert.equal(await page.inputValue('#sendLimitPerHour'), '20');

    await page.fill('#sendLimitPerDay', '');
    await page.getByRole('button', { name: 'Save changes' }).click();
    await page.getByText('info@team.example was saved.').waitFor();
    row = await t.db.mailbox.findUniqueOrThrow({ where: { id: own.id } });
    assert.equal(row.sendLimitPerDay, null, 'empty is the server default again');
    assert.ok(await t.db.auditLog.findFirst({ where: { action: 'mailbox.update', targetId: String(own.id), actor: `admin:${ADMIN.email}` } }));
  });

  it('copies the user name, server names and ports of the mail app settings', async () => {
    await page.context().grantPermissions(['clipboard-read', 'clipboard-write'], { origin: web.baseUrl });
    await open(page, own);
    const setup = page.getByTestId('mail-app-setup');
    const copied = async (button: string) => {
      await setup.getByRole('button', { name: button, exact: true }).click();
      await setup.getByRole('button', { name: button, exact: true }).getByText('Copied').waitFor();
      return page.evaluate(() => navigator.clipboard.readText());
    };
    assert.equal(await copied('Copy: IMAP server'), 'mail.kontor.example');
    assert.equal(await copied('Copy: IMAP port (SSL/TLS)'), '993');
    assert.equal(await copied('Copy: IMAP port (STARTTLS)'), '143');
    assert.equal(await copied('Copy: SMTP (sending) port (STARTTLS)'), '587');
    assert.equal(await copied('Copy: User name'), 'info@team.example');
    assert.equal(await setup.getByRole('button', { name: /^Copy: / }).count(), 10, 'the user name, and per protocol a server and two ports');
  });

  it('resets two-factor sign-in after a confirmation', async () => {
    await open(page, own);
    assert.match(await text(page.getByTestId('two-factor-state')), /On since[\s\S]*2 unused recovery codes/);
    await shots(page, 'mailbox-settings-en');
    await page.getByRole('button', { name: 'Reset two-factor sign-in…' }).click();
    const confirm = page.getByRole('form', { name: 'Reset two-factor sign-in of info@team.example?' });
    await confirm.getByRole('button', { name: 'Yes, reset' }).click();
    await page.getByText('Two-factor sign-in of info@team.example is off.').waitFor();
    assert.equal(await text(page.getByTestId('two-factor-state')), 'Off');
    assert.equal(await t.db.totpSecret.count({ where: { mailboxId: own.id } }), 0);
    assert.equal(await t.db.recoveryCode.count({ where: { mailboxId: own.id } }), 0);
    assert.ok(await t.db.auditLog.findFirst({ where: { action: 'mailbox.2fa.reset', targetId: String(own.id) } }));
  });

  it('generates a new password, shown once; it works over IMAP, and the login is shown', async () => {
    await open(page, own);
    assert.match(await text(page.locator('[data-login=imap]')), /Never/);
    await page.getByRole('button', { name: 'Generate a new password…' }).click();
    await page.getByRole('form', { name: 'Replace the password of info@team.example?' }).getByRole('button', { name: 'Generate password' }).click();
    const shown = page.getByTestId('generated-password');
    await shown.waitFor();
    const password = (await text(shown)).trim();
    assert.match(password, /^[A-Za-z2-9]{5}(-[A-Za-z2-9]{5}){3}$/);
    assert.equal(await page.getByTestId('generated-password-box').getByRole('button', { name: /^Copy/ }).count(), 1);
    await shots(page, 'mailbox-password-en');
    const row = await t.db.mailbox.findUniqueOrThrow({ where: { id: own.id } });
    assert.match(row.passwordHash, /^\$argon2id\$/);

    await page.reload();
    await page.waitForSelector('html[data-hydrated]', { state: 'attached' });
    assert.equal(await page.getByTestId('generated-password').count(), 0, 'gone after a reload');
    assert.ok(!(await page.content()).includes(password), 'not anywhere in the page');

    await assert.rejects(imapLogin(own.address, MAILBOX_PASSWORD), 'the old password is refused');
    await imapLogin(own.address, password);
    await open(page, own);
    const imap = await text(page.locator('[data-login=imap]'));
    assert.match(imap, /from 127\.0\.0\.1/);
    assert.doesNotMatch(imap, /Never/);
    assert.match(await text(page.locator('[data-login=pop3]')), /Never/);
    assert.ok(await t.db.auditLog.findFirst({ where: { action: 'mailbox.password-reset', targetId: String(own.id) } }));
  });

  it('sets a typed password: a weak one is refused beside the field', async () => {
    await open(page, own);
    const form = page.getByRole('form', { name: 'Or set a password yourself' });
    await form.getByLabel('New password').fill('short');
    await form.getByRole('button', { name: 'Set this password' }).click();
    await page.locator('#password-error').waitFor();
    assert.match(await text(page.locator('#password-error')), /at least 10 characters/);
    await form.getByLabel('New password').fill(MAILBOX_PASSWORD);
    await form.getByRole('button', { name: 'Set this password' }).click();
    await page.getByText('The new password of info@team.example is set.').waitFor();
    await imapLogin(own.address, MAILBOX_PASSWORD);
  });

  it('revokes an app password after a confirmation', async () => {
    await open(page, own);
    const phone = page.locator('li[data-app-password="Phone"]');
    assert.match(await text(phone), /Created [\s\S]*never used/);
    await phone.getByRole('button', { name: 'Revoke Phone' }).click();
    await phone.getByText('Revoke “Phone”?', { exact: false }).waitFor();
    await phone.getByRole('button', { name: 'Yes, revoke' }).click();
    await page.waitForFunction(() => !document.querySelector('li[data-app-password="Phone"]'));
    assert.equal(await page.locator('li[data-app-password="Thunderbird"]').count(), 1);
    assert.deepEqual(
      (await t.db.appPassword.findMany({ where: { mailboxId: own.id } })).map((a) => a.name),
      ['Thunderbird'],
    );
    assert.ok(await t.db.auditLog.findFirst({ where: { action: 'mailbox.app-password.revoke', targetId: String(own.id) } }));
  });

  it('speaks German', async () => {
    const context = await browser.newContext({ locale: 'de-DE', viewport: { width: 1280, height: 900 } });
    const de = await context.newPage();
    de.setDefaultTimeout(15_000);
    await signIn(de, ADMIN);
    await addTwoFactor(own.id);
    await open(de, own);
    const tabs = de.getByRole('navigation', { name: 'Bereiche des Postfachs' });
    assert.deepEqual(await tabs.getByRole('link').allInnerTexts(), ['Einstellungen', 'Abwesenheit', 'Weiterleitung']);
    assert.match(await text(de.getByTestId('two-factor-state')), /Eingeschaltet seit[\s\S]*2 unbenutzte Wiederherstellungscodes/);
    assert.match(await text(de.locator('[data-login=imap]')), /von 127\.0\.0\.1/);
    assert.match(await text(de.locator('#sendLimitPerHour-hint')), /Vorgabe des Servers \(150\)/);
    await de.fill('#sendLimitPerHour', '-3');
    await de.getByRole('button', { name: 'Änderungen speichern' }).click();
    await de.locator('#sendLimitPerHour-error').waitFor();
    assert.equal(await text(de.locator('#sendLimitPerHour-error')), 'Geben Sie 0 oder mehr ein');
    await de.fill('#sendLimitPerHour', '1000');
    await de.getByRole('button', { name: 'Änderungen speichern' }).click();
    await de.getByText('info@team.example wurde gespeichert.').waitFor();
    assert.equal(await de.getByTestId('mail-app-setup').getByRole('button', { name: 'Kopieren: Server für IMAP' }).count(), 1);
    await shots(de, 'mailbox-settings-de');
    await de.getByRole('button', { name: 'Neues Passwort erzeugen…' }).click();
    await de.getByRole('button', { name: 'Passwort erzeugen', exact: true }).click();
    await de.getByTestId('generated-password').waitFor();
    await de.getByText('Es wird nur dieses eine Mal angezeigt.', { exact: false }).waitFor();
    await shots(de, 'mailbox-password-de');
    await context.close();
  });

  it('refuses every action a domain admin posts with another domain’s mailbox id', async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const colleague = await context.newPage();
    colleague.setDefaultTimeout(15_000);
    await signIn(colleague, COLLEAGUE);
    assert.equal((await open(colleague, foreign))?.status(), 404, 'the foreign mailbox page is not found');
    assert.equal((await colleague.goto(`${web.baseUrl}/domains/${own.domainId}/mailboxes/${foreign.id}`))?.status(), 404, 'nor under their own domain');

    const foreignApp = await addAppPassword(foreign.id, 'Shop till');
    await addTwoFactor(foreign.id);
    const before = await t.db.mailbox.findUniqueOrThrow({ where: { id: foreign.id } });
    const refusal = `No mailbox ${foreign.id}. It may have been removed meanwhile.`;

    // Each form of the colleague's own mailbox page, with its hidden id changed to the foreign mailbox.
    async function postForeign(form: ReturnType<Page['getByRole']>, submit: string, extra?: (f: typeof form) => Promise<unknown>) {
      await form.locator('input[name=mailboxId]').evaluate((input, id) => ((input as HTMLInputElement).value = String(id)), foreign.id);
      await extra?.(form);
      await form.getByRole('button', { name: submit }).click();
      await form.getByText(refusal).waitFor();
    }
    await open(colleague, own);
    await postForeign(colleague.getByRole('form', { name: 'Mailbox settings' }), 'Save changes', async (f) => {
      await f.getByLabel('Messages per hour').fill('1');
      await f.getByLabel('Active').uncheck();
    });
    await postForeign(colleague.getByRole('form', { name: 'Or set a password yourself' }), 'Set this password', (f) =>
      f.getByLabel('New password').fill('a password of my choosing'),
    );
    await colleague.getByRole('button', { name: 'Generate a new password…' }).click();
    await postForeign(colleague.getByRole('form', { name: 'Replace the password of info@team.example?' }), 'Generate password');
    assert.equal(await colleague.getByTestId('generated-password').count(), 0);
    await colleague.getByRole('button', { name: 'Revoke Thunderbird' }).click();
    await postForeign(colleague.getByRole('form', { name: 'Revoke Thunderbird' }), 'Yes, revoke', (f) =>
      f.locator('input[name=appPasswordId]').evaluate((input, id) => ((input as HTMLInputElement).value = String(id)), foreignApp.id),
    );
    await colleague.getByRole('button', { name: 'Reset two-factor sign-in…' }).click();
    await postForeign(colleague.getByRole('form', { name: 'Reset two-factor sign-in of info@team.example?' }), 'Yes, reset');
    await colleague.getByRole('button', { name: 'Delete mailbox…' }).click();
    await postForeign(colleague.getByRole('form', { name: 'Delete info@team.example?' }), 'Delete mailbox');

    assert.deepEqual(await t.db.mailbox.findUniqueOrThrow({ where: { id: foreign.id } }), before, 'the foreign mailbox is unchanged');
    assert.ok(await t.db.appPassword.findUnique({ where: { id: foreignApp.id } }), 'its app password is still there');
    assert.equal(await t.db.totpSecret.count({ where: { mailboxId: foreign.id } }), 1, 'its 2FA is still on');
    assert.equal(await t.db.recoveryCode.count({ where: { mailboxId: foreign.id } }), 2);
    assert.equal(await t.db.auditLog.count({ where: { targetId: String(foreign.id), actor: `admin:${COLLEAGUE.email}` } }), 0);
    // Their own mailbox is still theirs to manage.
    assert.equal(await t.db.appPassword.count({ where: { mailboxId: own.id, name: 'Thunderbird' } }), 1);
    await context.close();
  });
});
