// The Administrators page in a real browser: a superadmin adds a domain
// admin, changes their domains, switches them off and removes them; the
// domain admin sees exactly what was given, and not the page itself.
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { CLI_ACTOR, createDomain, ensureSuperadmin } from '@kontor/db';
import { createTestDatabase, type TestDatabase } from '@kontor/db/testing';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { launchChromium } from './lib/chromium.ts';
import { startWebServer, type WebServer } from './lib/web-server.ts';

const SHOTS = path.resolve(import.meta.dirname, '../../../test-results');
const ADMIN = { email: 'admin@kontor.test', password: 'a long test password' };
const COLLEAGUE = { email: 'anna@team.example', password: 'a long colleague password' };

describe('administrators page', () => {
  let t: TestDatabase;
  let web: WebServer;
  let browser: Browser;
  let owner: Page;
  let colleagueContext: BrowserContext;

  async function signIn(page: Page, who: { email: string; password: string }) {
    await page.goto(`${web.baseUrl}/signin`);
    await page.waitForSelector('html[data-hydrated]', { state: 'attached' });
    await page.fill('#email', who.email);
    await page.fill('#password', who.password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForURL(`${web.baseUrl}/`);
  }

  async function openAdmins() {
    await owner.goto(`${web.baseUrl}/admins`);
    await owner.waitForSelector('html[data-hydrated]', { state: 'attached' });
  }

  const row = (email: string) => owner.locator(`tr[data-admin="${email}"]`);

  before(async () => {
    mkdirSync(SHOTS, { recursive: true });
    t = await createTestDatabase();
    await ensureSuperadmin(t.db, ADMIN);
    await createDomain(t.db, CLI_ACTOR, { name: 'team.example' });
    await createDomain(t.db, CLI_ACTOR, { name: 'shop.example' });
    web = await startWebServer({ DATABASE_URL: t.url, LOG_LEVEL: 'silent' });
    browser = await launchChromium();
    owner = await (await browser.newContext({ viewport: { width: 1280, height: 900 } })).newPage();
    owner.setDefaultTimeout(15_000);
    colleagueContext = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    await signIn(owner, ADMIN);
  });
  after(async () => {
    await browser?.close();
    await web?.stop();
    await t?.drop();
  });

  it('adds a domain admin for the ticked domain; a bad address is shown beside its field', async () => {
    await openAdmins();
    await owner.fill('#email', 'not an address');
    await owner.fill('#password', COLLEAGUE.password);
    await owner.getByRole('form', { name: 'Add administrator' }).getByLabel('team.example').check();
    await owner.getByRole('button', { name: 'Add administrator' }).click();
    await owner.locator('#email-error').waitFor();
    assert.match((await owner.locator('#email-error').textContent()) ?? '', /address/);
    assert.ok(await owner.getByRole('form', { name: 'Add administrator' }).getByLabel('team.example').isChecked(), 'the ticked domain stays ticked');

    await owner.fill('#email', COLLEAGUE.email);
    await owner.fill('#displayName', 'Anna');
    await owner.fill('#password', COLLEAGUE.password);
    await owner.getByRole('button', { name: 'Add administrator' }).click();
    await owner.getByText(`${COLLEAGUE.email} can now sign in.`).waitFor();
    await row(COLLEAGUE.email).waitFor();
    assert.match((await row(COLLEAGUE.email).textContent()) ?? '', /Domain admin[\s\S]*team\.example/);
    assert.match((await row(COLLEAGUE.email).textContent()) ?? '', /No 2FA/, 'the two-factor status is shown');
    await owner.screenshot({ path: path.join(SHOTS, 'web-admins-1280.png'), fullPage: true });
    await owner.setViewportSize({ width: 390, height: 844 });
    await owner.screenshot({ path: path.join(SHOTS, 'web-admins-390.png'), fullPage: true });
    const overflow = await owner.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    assert.ok(overflow <= 0, `no sideways scrolling at 390 px (${overflow} px too wide)`);
    await owner.setViewportSize({ width: 1280, height: 900 });
  });

  it('the page reads in German for a German browser', async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'de-DE' });
    const page = await context.newPage();
    await page.goto(`${web.baseUrl}/signin`);
    await page.waitForSelector('html[data-hydrated]', { state: 'attached' });
    await page.fill('#email', ADMIN.email);
    await page.fill('#password', ADMIN.password);
    await page.getByRole('button', { name: 'Anmelden', exact: true }).click();
    await page.waitForURL(`${web.baseUrl}/`);
    await page.goto(`${web.baseUrl}/admins`);
    await page.waitForSelector('html[data-hydrated]', { state: 'attached' });
    await page.getByRole('heading', { name: 'Administratoren' }).waitFor();
    const colleague = page.locator(`tr[data-admin="${COLLEAGUE.email}"]`);
    assert.match((await colleague.textContent()) ?? '', /Domain-Admin[\s\S]*team\.example[\s\S]*Keine 2FA/);
    for (const text of ['Domains speichern', 'Abschalten', 'Überall abmelden', 'Entfernen']) {
      assert.equal(await colleague.getByRole('button', { name: text, exact: true }).count(), 1, text);
    }
    await page.getByRole('button', { name: 'Administrator hinzufügen' }).click();
    await page.locator('#email-error').getByText('Geben Sie eine Adresse', { exact: false }).waitFor();
    await page.screenshot({ path: path.join(SHOTS, 'web-admins-de-1280.png'), fullPage: true });
    await page.setViewportSize({ width: 390, height: 844 });
    await page.screenshot({ path: path.join(SHOTS, 'web-admins-de-390.png'), fullPage: true });
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    assert.ok(overflow <= 0, `no sideways scrolling at 390 px (${overflow} px too wide)`);
    await context.close();
  });

  it('the domain admin sees only their domain and not this page', async () => {
    const page = await colleagueContext.newPage();
    await signIn(page, COLLEAGUE);
    await page.goto(`${web.baseUrl}/domains`);
    assert.equal(await page.locator('tr[data-domain="team.example"]').count(), 1);
    assert.equal(await page.locator('tr[data-domain="shop.example"]').count(), 0);
    const response = await page.goto(`${web.baseUrl}/admins`);
    assert.equal(response?.status(), 404);
    assert.equal(await page.getByRole('link', { name: 'Administrators' }).count(), 0);
  });

  it('changes their domains with the checkboxes', async () => {
    await openAdmins();
    const domains = owner.getByRole('form', { name: `Domains of ${COLLEAGUE.email}` });
    await domains.getByLabel('team.example').uncheck();
    await domains.getByLabel('shop.example').check();
    await domains.getByRole('button', { name: 'Save domains' }).click();
    await row(COLLEAGUE.email).getByText('Domains saved.').waitFor();
    const page = colleagueContext.pages()[0]!;
    await page.goto(`${web.baseUrl}/domains`);
    assert.equal(await page.locator('tr[data-domain="shop.example"]').count(), 1);
    assert.equal(await page.locator('tr[data-domain="team.example"]').count(), 0);
  });

  it('switching off ends their session at once; the last superadmin cannot be removed; removal is audited', async () => {
    await openAdmins();
    await row(COLLEAGUE.email).getByRole('button', { name: 'Switch off' }).click();
    await row(COLLEAGUE.email).getByText('Switched off; its sessions ended.').waitFor();
    const page = colleagueContext.pages()[0]!;
    await page.goto(`${web.baseUrl}/domains`);
    assert.match(page.url(), /\/signin/);

    // The signed-in superadmin's own row offers no switch-off or removal.
    assert.equal(await row(ADMIN.email).getByRole('button', { name: 'Remove' }).count(), 0);
    await openAdmins();
    await row(COLLEAGUE.email).getByRole('button', { name: 'Remove' }).click();
    await row(COLLEAGUE.email).getByText(`Remove ${COLLEAGUE.email} for good?`).waitFor();
    await row(COLLEAGUE.email).getByRole('button', { name: 'Yes, remove' }).click();
    await owner.waitForFunction((email) => !document.querySelector(`tr[data-admin="${email}"]`), COLLEAGUE.email);
    const actions = (await t.db.auditLog.findMany({ where: { targetType: 'admin' }, orderBy: { id: 'asc' } })).map((a) => a.action);
    for (const action of ['admin.create', 'admin.domains', 'admin.disable', 'admin.remove'])
      assert.ok(actions.includes(action), `${action}: ${actions.join(', ')}`);
  });
});
