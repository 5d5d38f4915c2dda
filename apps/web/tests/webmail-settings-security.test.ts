// Webmail's "Account & security" settings end to end, with the real web
// app, maild and a browser: a mailbox user changes their password (the
// old one is refused, the other browser signed out, this one stays),
// turns on two-factor sign-in and signs in with a code and with a
// recovery code (good once), makes an app password that Python's imaplib
// logs in with until it is revoked, and signs another browser out.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { after, before, describe, it } from 'node:test';
import { totpCodeAt } from '@kontor/core';
import { CLI_ACTOR, createMailbox } from '@kontor/db';
import type { BrowserContext, Page } from 'playwright-core';
import { PASSWORD, startWebmailHarness, type TestMailbox, type WebmailHarness } from './lib/webmail-harness.ts';

const NEW_PASSWORD = 'seven blue ducks swim home';

/** Python's imaplib over IMAPS (no certificate check: maild's is self-signed); exit 0 logged in, 3 refused. */
const IMAPLIB = `
import imaplib, ssl, sys
ctx = ssl.create_default_context()
ctx.check_hostname = False
ctx.verify_mode = ssl.CERT_NONE
m = imaplib.IMAP4_SSL('127.0.0.1', int(sys.argv[1]), ssl_context=ctx)
try:
    m.login(sys.argv[2], sys.argv[3])
except imaplib.IMAP4.error as e:
    print('refused', e)
    sys.exit(3)
typ, data = m.select('INBOX')
print(typ, data[0].decode())
m.logout()
`;

describe('webmail settings: account and security', () => {
  let h: WebmailHarness;
  before(async () => {
    h = await startWebmailHarness();
  });
  after(async () => {
    await h?.stop();
  });

  async function addMailbox(localPart: string): Promise<TestMailbox> {
    const created = await createMailbox(h.t.db, CLI_ACTOR, { domainId: h.anna.domainId, localPart, password: PASSWORD });
    return { id: created.id, domainId: created.domainId, address: created.address, password: PASSWORD };
  }

  /** The sign-in form with any password, and a code when asked; resolves on webmail, or on the form's error. */
  async function signIn(who: TestMailbox, password: string, code?: string): Promise<{ context: BrowserContext; page: Page; ok: boolean }> {
    const context = await h.browser.newContext({ viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    page.setDefaultTimeout(15_000);
    await page.goto(`${h.web.baseUrl}/signin?callbackUrl=%2Fwebmail`);
    await page.waitForSelector('html[data-hydrated]', { state: 'attached' });
    await page.fill('#email', who.address);
    await page.fill('#password', password);
    await page.locator('form button[type=submit]').click();
    if (code !== undefined) {
      await page.locator('#code').waitFor();
      await page.fill('#code', code);
      await page.locator('form button[type=submit]').click();
    }
    const outcome = await Promise.race([
      page.waitForURL(/\/webmail\/f\//).then(() => true),
      page
        .locator('form [role=alert]')
        .first()
        .waitFor()
        .then(() => false),
    ]);
    return { context, page, ok: outcome };
  }

  function imaplib(address: string, password: string) {
    return spawnSync('/usr/bin/python3', ['-c', IMAPLIB, String(h.maild.ports.imaps), address, password], { encoding: 'utf8', timeout: 20_000 });
  }

  it('changes the password: the old one is refused, the other browser is signed out, this one stays', async () => {
    const carla = await addMailbox('carla');
    const here = await signIn(carla, PASSWORD);
    const there = await signIn(carla, PASSWORD);
    assert.ok(here.ok && there.ok);
    const { page } = here;
    await page.goto(`${h.web.baseUrl}/webmail/settings`);
    await page.waitForSelector('html[data-hydrated]', { state: 'attached' });
    await page.fill('#currentPassword', 'not my password at all');
    await page.fill('#newPassword', NEW_PASSWORD);
    await page.fill('#confirmPassword', NEW_PASSWORD);
    await page.getByRole('button', { name: 'Change password' }).click();
    await page.locator('#currentPassword-error').waitFor();

    await page.fill('#currentPassword', PASSWORD);
    await page.fill('#newPassword', NEW_PASSWORD);
    await page.fill('#confirmPassword', NEW_PASSWORD);
    await page.getByRole('button', { name: 'Change password' }).click();
    await page.getByText('Your password was changed. 1 other browser was signed out.').waitFor();

    await there.page.goto(`${h.web.baseUrl}/webmail`);
    assert.match(there.page.url(), /\/signin/, 'the other browser is signed out');
    await page.goto(`${h.web.baseUrl}/webmail/settings`);
    assert.match(page.url(), /\/webmail\/settings$/, 'this browser stays signed in');

    const old = await signIn(carla, PASSWORD);
    assert.equal(old.ok, false, 'the old password is refused');
    const fresh = await signIn(carla, NEW_PASSWORD);
    assert.equal(fresh.ok, true, 'the new password signs in');
    assert.equal(imaplib(carla.address, PASSWORD).status, 3, 'mail apps are refused the old password too');
    assert.equal(imaplib(carla.address, NEW_PASSWORD).status, 0);
    const audit = await h.t.db.auditLog.findFirst({ where: { action: 'mailbox.password', targetId: String(carla.id) } });
    assert.equal(audit?.actor, 'mailbox:carla@team.example');
    for (const c of [here, there, old, fresh]) await c.context.close();
  });

  it('turns on two-factor sign-in; a code signs in, and a recovery code once', async () => {
    const dora = await addMailbox('dora');
    const { context, page } = await signIn(dora, PASSWORD);
    await page.goto(`${h.web.baseUrl}/webmail/settings`);
    await page.waitForSelector('html[data-hydrated]', { state: 'attached' });
    await page.getByRole('button', { name: 'Set up two-factor authentication' }).click();
    const secret = ((await page.getByTestId('totp-secret').textContent()) ?? '').replace(/\s+/g, '');
    assert.match(secret, /^[A-Z2-7]+$/);
    const qr = page.locator('#two-factor img[src^="data:image/svg+xml"]');
    assert.equal(await qr.count(), 1, 'the QR code is a data: image');
    await page.fill('#totp-code', totpCodeAt(secret, Date.now()));
    await page.getByRole('button', { name: 'Turn on' }).click();
    const list = page.getByTestId('recovery-codes');
    await list.waitFor();
    const codes = (await list.locator('li').allTextContents()).map((c) => c.trim());
    assert.equal(codes.length, 10);
    await page.getByRole('button', { name: 'I have saved them' }).click();
    await page.getByTestId('two-factor-status').getByText('On', { exact: true }).waitFor();
    await context.close();

    assert.equal(imaplib(dora.address, PASSWORD).status, 3, 'with 2FA on, mail apps are refused the account password');

    // The next time step's code (the one the confirmation used is spent).
    const withCode = await signIn(dora, PASSWORD, totpCodeAt(secret, Date.now() + 30_000));
    assert.equal(withCode.ok, true, 'a code from the app signs in');
    const withRecovery = await signIn(dora, PASSWORD, codes[0]);
    assert.equal(withRecovery.ok, true, 'a recovery code signs in');
    const again = await signIn(dora, PASSWORD, codes[0]);
    assert.equal(again.ok, false, 'the same recovery code is refused the second time');
    const enabled = await h.t.db.auditLog.findFirst({ where: { action: 'mailbox.2fa.enable', targetId: String(dora.id) } });
    assert.equal(enabled?.actor, 'mailbox:dora@team.example');
    for (const c of [withCode, withRecovery, again]) await c.context.close();
  });

  it('creates an app password that imaplib logs in with, shows its last use, and revokes it', async () => {
    const { context, page } = await h.signIn(h.anna);
    await page.goto(`${h.web.baseUrl}/webmail/settings`);
    await page.waitForSelector('html[data-hydrated]', { state: 'attached' });
    await page.fill('#app-password-name', 'Python on the laptop');
    await page.getByRole('button', { name: 'Create app password' }).click();
    const value = ((await page.getByTestId('app-password-value').textContent()) ?? '').trim();
    assert.match(value, /^[a-z2-9]{4}(-[a-z2-9]{4}){3}$/);
    await page.getByTestId('new-app-password').getByRole('button', { name: /Copy/ }).waitFor();

    const login = imaplib(h.anna.address, value);
    assert.equal(login.status, 0, login.stdout + login.stderr);
    assert.match(login.stdout, /^OK /);

    await page.getByRole('button', { name: 'Done' }).click();
    await page.reload();
    const row = page.locator('[data-app-password="Python on the laptop"]');
    await row.getByText(/last used/).waitFor();
    assert.equal(await page.getByTestId('app-password-value').count(), 0, 'the password is shown only once');

    await row.getByRole('button', { name: 'Revoke' }).click();
    await row.waitFor({ state: 'detached' });
    const refused = imaplib(h.anna.address, value);
    assert.equal(refused.status, 3, refused.stdout + refused.stderr);
    const revoked = await h.t.db.auditLog.findFirst({ where: { action: 'mailbox.app-password.revoke', targetId: String(h.anna.id) } });
    assert.equal(revoked?.actor, 'mailbox:anna@team.example');
    await context.close();
  });

  it('lists the signed-in browsers and signs another one out: its next page is the sign-in', async () => {
    const erik = await addMailbox('erik');
    const here = await signIn(erik, PASSWORD);
    const there = await signIn(erik, PASSWORD);
    const { page } = here;
    await page.goto(`${h.web.baseUrl}/webmail/settings`);
    await page.waitForSelector('html[data-hydrated]', { state: 'attached' });
    const rows = page.getByTestId('session-row');
    assert.equal(await rows.count(), 2);
    const current = page.locator('[data-testid=session-row][data-current=true]');
    await current.getByText('This browser').waitFor();
    assert.match((await current.textContent()) ?? '', /Chrome on Linux/);
    const other = page.locator('[data-testid=session-row]:not([data-current])');
    assert.match((await other.textContent()) ?? '', /127\.0\.0\.1/);
    await other.getByRole('button', { name: 'Sign out' }).click();
    await other.waitFor({ state: 'detached' });
    await page.getByText('This is the only browser you are signed in with.').waitFor();

    await there.page.goto(`${h.web.baseUrl}/webmail/settings`);
    assert.match(there.page.url(), /\/signin/);
    await page.reload();
    assert.match(page.url(), /\/webmail\/settings$/);
    const ended = await h.t.db.auditLog.findFirst({ where: { action: 'mailbox.sessions.end', targetId: String(erik.id) } });
    assert.equal(ended?.actor, 'mailbox:erik@team.example');
    await here.context.close();
    await there.context.close();
  });
});
