// The panel end to end, in a real browser against the built app and a
// throw-away database: sign-in, domains, mailboxes, aliases, deleting with
// confirmation, a domain admin's narrower view, sign-out.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { CLI_ACTOR, createAdminAccount, createDomain, ensureSuperadmin, getDomain } from '@kontor/db';
import { createTestDatabase, type TestDatabase } from '@kontor/db/testing';
import type { Browser, Page } from 'playwright-core';
import { launchChromium } from './lib/chromium.ts';
import { startWebServer, type WebServer } from './lib/web-server.ts';

const WEB_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const ROOT = path.resolve(WEB_DIR, '../..');
const SHOTS = path.join(ROOT, 'test-results');
const NEXT_BIN = path.join(ROOT, 'node_modules/.bin/next');
const DIST_DIR = process.env.KONTOR_WEB_DIST_DIR || '.next';

const ADMIN = { email: 'admin@kontor.test', password: 'a long test password' };
const DOMAIN_ADMIN = { email: 'owner@example.com', password: 'another long test password' };

describe('web panel in a browser', () => {
  let testDb: TestDatabase;
  let web: WebServer | undefined;
  let browser: Browser | undefined;
  let page: Page;
  let baseUrl: string;

  /** Navigates and waits until React has hydrated the page. */
  async function open(pathname: string) {
    const response = await page.goto(`${baseUrl}${pathname}`);
    await page.waitForSelector('html[data-hydrated]', { state: 'attached' });
    return response;
  }

  async function shot(name: string) {
    await page.screenshot({ path: path.join(SHOTS, `web-${name}.png`), fullPage: true });
  }

  async function signIn(email: string, password: string) {
    await page.fill('#email', email);
    await page.fill('#password', password);
    await page.getByRole('button', { name: 'Sign in' }).click();
  }

  async function signOut() {
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.waitForURL(/\/signin$/);
    await page.waitForSelector('html[data-hydrated]', { state: 'attached' });
  }

  const domainRow = (text: string) => page.locator('table[aria-label="Domains"] tbody tr', { hasText: text });

  before(async () => {
    mkdirSync(SHOTS, { recursive: true });
    if (!existsSync(path.join(WEB_DIR, DIST_DIR, 'BUILD_ID'))) {
      // npm test builds first; a lone run of this file builds here.
      const build = spawnSync(NEXT_BIN, ['build'], { cwd: WEB_DIR, stdio: 'inherit' });
      assert.equal(build.status, 0, 'next build failed');
    }
    testDb = await createTestDatabase();
    await ensureSuperadmin(testDb.db, ADMIN);

    web = await startWebServer({ DATABASE_URL: testDb.url, LOG_LEVEL: 'silent' });
    baseUrl = web.baseUrl;

    browser = await launchChromium();
    const context = await browser.newContext({ viewport: { width: 1280, height: 860 } });
    page = await context.newPage();
    page.setDefaultTimeout(15_000);
  });

  after(async () => {
    await browser?.close();
    await web?.stop();
    await testDb?.drop();
  });

  it('sends a visitor without a session to the sign-in page', async () => {
    await open('/');
    assert.match(page.url(), /\/signin/);
    await shot('signin');
  });

  it('refuses a wrong password without saying whether the account exists', async () => {
    await signIn(ADMIN.email, 'not the password');
    const alert = page.locator('form [role=alert]');
    await alert.waitFor();
    assert.match(await alert.innerText(), /email address or password is not correct/i);
    await signIn('nobody@kontor.test', 'not the password');
    await page.waitForFunction(() => document.querySelector('form [role=alert]')?.textContent?.includes('not correct'));
    assert.match(page.url(), /\/signin/);
  });

  it('signs in and shows the dashboard', async () => {
    await signIn(ADMIN.email, ADMIN.password);
    await page.waitForURL(`${baseUrl}/`);
    await page.waitForSelector('html[data-hydrated]', { state: 'attached' });
    assert.equal(await page.getByTestId('signed-in-as').innerText(), ADMIN.email);
    assert.ok(await page.getByRole('heading', { name: 'Dashboard' }).isVisible());
  });

  it('creates a domain and lists it', async () => {
    await open('/domains');
    await page.fill('#name', 'example.com');
    await page.fill('#description', 'Main office');
    await page.getByRole('button', { name: 'Add domain' }).click();
    await domainRow('example.com').waitFor();
    assert.equal(await page.inputValue('#name'), '', 'the form is cleared after success');
  });

  it('shows a bad domain name beside the name field and keeps the input', async () => {
    await page.fill('#name', 'bad_domain');
    await page.fill('#description', 'typed text survives');
    await page.getByRole('button', { name: 'Add domain' }).click();
    const error = page.locator('#name-error');
    await error.waitFor();
    assert.equal(await error.getAttribute('role'), 'alert');
    assert.match(await error.innerText(), /domain name/i);
    assert.equal(await page.inputValue('#name'), 'bad_domain');
    assert.equal(await page.inputValue('#description'), 'typed text survives');
    assert.equal(await page.getAttribute('#name', 'aria-invalid'), 'true');
    await shot('domain-error');
  });

  it('range-checks numbers beside their fields instead of failing on the server', async () => {
    await page.fill('#name', 'bounds.example');
    await page.fill('#description', '');
    await page.fill('#maxMailboxes', '99999999999999');
    await page.fill('#defaultQuota', '2000T');
    await page.getByRole('button', { name: 'Add domain' }).click();
    await page.locator('#maxMailboxes-error').waitFor();
    assert.match((await page.locator('#maxMailboxes-error').textContent()) ?? '', /at most 1,000,000/);
    assert.match((await page.locator('#defaultQuota-error').textContent()) ?? '', /at most 1024 TB/);
    assert.equal(await page.getByText('Something went wrong').count(), 0);
    await page.fill('#maxMailboxes', '');
    await page.fill('#defaultQuota', '');
    await page.fill('#name', '');
  });

  it('refuses a duplicate domain', async () => {
    await page.fill('#name', 'example.com');
    await page.fill('#description', '');
    await page.getByRole('button', { name: 'Add domain' }).click();
    await page.waitForFunction(() => /already exists/.test(document.querySelector('#name-error')?.textContent ?? ''));
    assert.equal(await domainRow('example.com').count(), 1);
  });

  it('creates a Unicode domain and shows both of its forms', async () => {
    await page.fill('#name', 'bücher.example');
    await page.getByRole('button', { name: 'Add domain' }).click();
    const row = domainRow('bücher.example');
    await row.waitFor();
    assert.match(await row.innerText(), /xn--bcher-kva\.example/);
    await shot('domains');
  });

  it('creates a mailbox: a too-short password is refused beside its field, then a good one works', async () => {
    await domainRow('example.com').getByRole('link', { name: 'example.com' }).click();
    await page.getByRole('heading', { name: /example\.com/ }).waitFor();
    await page.locator('#localPart').waitFor();
    assert.equal(await page.inputValue('#quota'), '1 GB', 'quota defaults to the domain default');
    await page.fill('#localPart', 'info');
    await page.fill('#displayName', 'Info desk');
    await page.fill('#password', 'short');
    await page.getByRole('button', { name: 'Create mailbox' }).click();
    await page.locator('#password-error').waitFor();
    assert.match(await page.locator('#password-error').innerText(), /at least 10 characters/i);
    assert.equal(await page.inputValue('#localPart'), 'info');
    assert.equal(await page.inputValue('#displayName'), 'Info desk');

    await page.fill('#password', 'correct horse battery staple');
    await page.getByRole('button', { name: 'Create mailbox' }).click();
    await page.locator('table[aria-label="Mailboxes"] a', { hasText: 'info@example.com' }).waitFor();
    await shot('mailboxes');
  });

  it('edits a mailbox and shows its usage', async () => {
    await page.locator('table[aria-label="Mailboxes"] a', { hasText: 'info@example.com' }).click();
    await page.getByTestId('mailbox-address').waitFor();
    await page.waitForSelector('html[data-hydrated]', { state: 'attached' });
    assert.equal(await page.getByTestId('mailbox-address').innerText(), 'info@example.com');
    assert.equal(await page.getByTestId('mailbox-messages').innerText(), '0');
    assert.match(await page.getByTestId('mailbox-usage').innerText(), /0 B\s+of 1 GB/);
    await page.fill('#quota', 'lots');
    await page.getByRole('button', { name: 'Save changes' }).click();
    await page.locator('#quota-error').waitFor();
    assert.equal(await page.inputValue('#quota'), 'lots');
    await page.fill('#quota', '2G');
    await page.getByRole('button', { name: 'Save changes' }).click();
    await page.waitForFunction(() => document.querySelector('[data-testid=mailbox-usage]')?.textContent?.includes('2 GB'));
    await shot('mailbox');
  });

  it('creates an alias with an internal and an external destination', async () => {
    await page.getByRole('link', { name: 'example.com' }).first().click();
    await page.getByRole('link', { name: /^Aliases/ }).click();
    await page.locator('#destinations').waitFor();
    await page.fill('#localPart', 'sales');
    await page.fill('#destinations', 'info@example.com\npartner@example.org');
    await page.getByRole('button', { name: 'Create alias' }).click();
    const row = page.locator('table[aria-label="Aliases"] tbody tr', { hasText: 'sales@example.com' });
    await row.waitFor();
    const text = await row.innerText();
    assert.match(text, /info@example\.com\s+internal/);
    assert.match(text, /partner@example\.org\s+external/);
    await shot('aliases');
  });

  it('counts everything on the dashboard and records it in the audit log', async () => {
    await open('/');
    const stat = async (label: string) => (await page.locator('dl > *', { hasText: label }).locator('dd').first().innerText()).trim();
    assert.equal(await stat('Domains'), '2');
    assert.equal(await stat('Mailboxes'), '1');
    assert.equal(await stat('Aliases'), '1');
    await shot('dashboard');
    await open('/audit');
    const first = page.locator('table[aria-label="Audit log"] tbody tr').first();
    assert.match(await first.innerText(), /admin@kontor\.test[\s\S]*Alias created[\s\S]*sales@example\.com/);
    assert.equal(await first.getByText('Alias created').first().getAttribute('title'), 'alias.create');
  });

  it('edits an alias in place: a bad destination is shown beside the field, then lines are added and removed', async () => {
    await open('/domains');
    await page.getByRole('link', { name: 'example.com' }).first().click();
    await page.getByRole('link', { name: /^Aliases/ }).click();
    await page.waitForSelector('html[data-hydrated]', { state: 'attached' });
    const row = page.locator('table[aria-label="Aliases"] tbody tr', { hasText: 'sales@example.com' });
    await row.getByRole('button', { name: 'Edit sales@example.com' }).click();
    const form = row.getByRole('form', { name: 'Edit sales@example.com' });
    const field = form.getByLabel('Delivers to');
    assert.equal(await field.inputValue(), 'info@example.com\npartner@example.org');
    await field.fill('info@example.com\nnot-an-address');
    await form.getByRole('button', { name: 'Save' }).click();
    await form.locator('[role=alert]').first().waitFor();
    assert.match((await form.textContent()) ?? '', /not-an-address/);
    assert.equal(await field.inputValue(), 'info@example.com\nnot-an-address', 'what was typed is kept');
    await shot('alias-edit-error');
    await field.fill('info@example.com\nnew.partner@example.org');
    await form.getByRole('button', { name: 'Save' }).click();
    await row.getByText('sales@example.com was saved.').waitFor();
    const text = (await row.textContent()) ?? '';
    assert.match(text, /new\.partner@example\.org/);
    assert.doesNotMatch(text, /(^|[^.])partner@example\.org/);
  });

  it('deletes a domain that has a mailbox only after a confirmation that names it', async () => {
    const domain = await getDomain(testDb.db, CLI_ACTOR, 'bücher.example');
    await open(`/domains/${domain.id}`);
    await page.fill('#localPart', 'team');
    await page.fill('#password', 'seven purple elephants dance');
    await page.getByRole('button', { name: 'Create mailbox' }).click();
    await page.locator('table[aria-label="Mailboxes"] a', { hasText: 'team@bücher.example' }).waitFor();

    await page.getByRole('navigation', { name: 'Domain sections' }).getByRole('link', { name: 'Settings' }).click();
    await page.getByRole('button', { name: 'Delete domain…' }).click();
    const consequences = page.getByTestId('delete-consequences');
    await consequences.waitFor();
    assert.match(await consequences.innerText(), /1 mailbox \(team@bücher\.example\)/);
    await shot('delete-domain');
    await page.getByRole('button', { name: 'Delete everything' }).click();
    await page.waitForURL(/\/domains\?deleted=1$/);
    await domainRow('example.com').waitFor();
    assert.equal(await domainRow('bücher.example').count(), 0);
  });

  it('lets a domain admin see only their domain', async () => {
    const example = await getDomain(testDb.db, CLI_ACTOR, 'example.com');
    const other = await createDomain(testDb.db, CLI_ACTOR, { name: 'other.example' });
    await createAdminAccount(testDb.db, CLI_ACTOR, { ...DOMAIN_ADMIN, role: 'DOMAIN_ADMIN', domainIds: [example.id] });

    await signOut();
    await signIn(DOMAIN_ADMIN.email, DOMAIN_ADMIN.password);
    await page.waitForURL(`${baseUrl}/`);
    await open('/domains');
    await domainRow('example.com').waitFor();
    assert.equal(await page.locator('table[aria-label="Domains"] tbody tr').count(), 1);
    assert.equal(await page.locator('#name').count(), 0, 'no form to add domains');
    await shot('domain-admin');

    const response = await page.goto(`${baseUrl}/domains/${other!.id}`);
    assert.equal(response?.status(), 404);
    assert.ok(await page.getByRole('heading', { name: 'Not found' }).isVisible());
    await shot('not-found');
    assert.doesNotMatch(await page.content(), /other\.example/);

    await open(`/domains/${example.id}/settings`);
    assert.equal(await page.getByRole('button', { name: 'Delete domain…' }).count(), 0);
    assert.equal(await page.locator('#defaultQuota').count(), 0);

    await page.setViewportSize({ width: 390, height: 844 });
    await open(`/domains/${example.id}`);
    await shot('mobile');
    await page.setViewportSize({ width: 1280, height: 860 });
  });

  it('signs out', async () => {
    await open('/');
    await signOut();
    await open('/domains');
    assert.match(page.url(), /\/signin\?callbackUrl=%2Fdomains$/);
  });
});
