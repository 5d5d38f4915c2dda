// The API keys page in a real browser, in English and German: a key is
// shown once and works at once, the list shows its last use, revoking
// stops it; a domain admin creates keys only within their domains and sees
// only those; the public API reference page. Screenshots at 1280 and 390 px.
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { adminActor, CLI_ACTOR, createAdminAccount, createApiKey, createDomain } from '@kontor/db';
import { createTestDatabase, type TestDatabase } from '@kontor/db/testing';
import type { Browser, Page } from 'playwright-core';
import { apiDocText, germanApiDocTexts } from '../lib/api/docs-german.ts';
import { launchChromium } from './lib/chromium.ts';
import { startWebServer, type WebServer } from './lib/web-server.ts';

const SHOTS = path.resolve(import.meta.dirname, '../../../test-results/api');
const OWNER = { email: 'owner@kontor.test', password: 'a long boss password' };
const ANNA = { email: 'anna@shop.example', password: 'a long colleague password' };

describe('API keys page', () => {
  let t: TestDatabase;
  let web: WebServer;
  let browser: Browser;
  let shopId: number;
  let teamKeyPrefix: string;

  async function newPage(locale: 'en-US' | 'de-DE', who: { email: string; password: string }): Promise<Page> {
    const page = await (await browser.newContext({ locale, viewport: { width: 1280, height: 900 } })).newPage();
    page.setDefaultTimeout(15_000);
    await page.goto(`${web.baseUrl}/signin`);
    await page.waitForSelector('html[data-hydrated]', { state: 'attached' });
    await page.fill('#email', who.email);
    await page.fill('#password', who.password);
    await page.locator('form button[type=submit]').click();
    await page.waitForURL(`${web.baseUrl}/`);
    return page;
  }
  async function open(page: Page, pathname = '/api-keys') {
    await page.goto(`${web.baseUrl}${pathname}`);
    await page.waitForSelector('html[data-hydrated]', { state: 'attached' });
  }
  async function shots(page: Page, name: string) {
    await page.evaluate(() => window.scrollTo(0, 0));
    await page.setViewportSize({ width: 1280, height: 900 });
    await page.screenshot({ path: path.join(SHOTS, `${name}-1280.png`), fullPage: true });
    await page.setViewportSize({ width: 390, height: 844 });
    await page.screenshot({ path: path.join(SHOTS, `${name}-390.png`), fullPage: true });
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    assert.ok(overflow <= 0, `${name}: no sideways scrolling at 390 px (${overflow} px too wide)`);
    await page.setViewportSize({ width: 1280, height: 900 });
  }
  async function callApi(key: string, pathname: string) {
    const response = await fetch(`${web.baseUrl}/api/v1${pathname}`, { headers: { authorization: `Bearer ${key}` } });
    return { status: response.status, body: (await response.json()) as { rows?: Array<{ name: string }> } };
  }

  before(async () => {
    mkdirSync(SHOTS, { recursive: true });
    t = await createTestDatabase();
    const owner = await createAdminAccount(t.db, CLI_ACTOR, { ...OWNER, role: 'SUPERADMIN' });
    const shop = await createDomain(t.db, CLI_ACTOR, { name: 'shop.example' });
    const team = await createDomain(t.db, CLI_ACTOR, { name: 'team.example' });
    shopId = shop.id;
    await createAdminAccount(t.db, CLI_ACTOR, { ...ANNA, role: 'DOMAIN_ADMIN', domainIds: [shop.id] });
    teamKeyPrefix = (await createApiKey(t.db, await adminActor(t.db, owner.id), { name: 'Team backup', scope: 'domains', domainIds: [team.id] })).prefix;
    web = await startWebServer({
      DATABASE_URL: t.url,
      LOG_LEVEL: 'silent',
      REDIS_URL: 'redis://127.0.0.1:6379',
      REDIS_PREFIX: `kontor-apikeys-${randomBytes(4).toString('hex')}`,
    });
    browser = await launchChromium();
  });
  after(async () => {
    await browser?.close();
    await web?.stop();
    await t?.drop();
  });

  it('a superadmin creates a key that is shown once and works at once; its use shows in the list; revoked, it stops (English)', async () => {
    const page = await newPage('en-US', OWNER);
    await open(page);
    assert.equal(await page.getByRole('link', { name: 'API keys' }).first().getAttribute('aria-current'), 'page');
    const form = page.getByRole('form', { name: 'Create API key' });
    await form.getByRole('button', { name: 'Create key' }).click();
    await page.locator('#name-error').waitFor();

    await page.fill('#name', 'Web shop');
    await form.getByLabel('Manage domains').check();
    await form.getByLabel('shop.example').check();
    await form.getByRole('button', { name: 'Create key' }).click();
    const field = page.getByRole('textbox', { name: 'The new API key' });
    await field.waitFor();
    const key = await field.inputValue();
    assert.match(key, /^kontor_[a-z2-7]{12}_[A-Za-z0-9_-]{43}$/);
    await page.getByText('The key “Web shop” has been created.').waitFor();
    await page.getByRole('button', { name: 'Copy: The new API key' }).waitFor();
    const prefix = key.slice(0, 19);
    const row = page.locator(`tr[data-key="${prefix}"]`);
    await row.getByText('Never used').filter({ visible: true }).waitFor();
    await shots(page, 'api-keys-created-en');

    const used = await callApi(key, '/domains');
    assert.equal(used.status, 200);
    assert.deepEqual(
      used.body.rows?.map((d) => d.name),
      ['shop.example'],
    );
    await open(page);
    assert.equal(await page.getByRole('textbox', { name: 'The new API key' }).count(), 0, 'the key is shown only once');
    assert.ok(!(await page.content()).includes(key.slice(prefix.length + 1)), 'the secret is nowhere on the page');
    assert.match((await row.textContent()) ?? '', /from 127\.0\.0\.1/);
    assert.match((await row.textContent()) ?? '', /shop\.example/);
    assert.equal(await page.locator(`tr[data-key="${teamKeyPrefix}"]`).count(), 1, 'a superadmin sees every key');
    await shots(page, 'api-keys-list-en');

    await row.getByRole('button', { name: 'Revoke' }).click();
    await row.getByRole('button', { name: 'Yes, revoke' }).click();
    await row.getByText('Revoked').filter({ visible: true }).waitFor();
    assert.equal(await row.getByRole('button', { name: 'Revoke' }).count(), 0);
    assert.equal((await callApi(key, '/domains')).status, 401);
    assert.ok(await t.db.auditLog.findFirst({ where: { action: 'apikey.revoke', actor: `admin:${OWNER.email}` } }));
  });

  it('a domain admin creates keys only for their own domain and sees only those (German)', async () => {
    const page = await newPage('de-DE', ANNA);
    await open(page);
    assert.equal(await page.getByRole('heading', { level: 1 }).textContent(), 'API-Schlüssel');
    const form = page.getByRole('form', { name: 'API-Schlüssel anlegen' });
    assert.equal(await form.getByLabel('Alles').count(), 0, 'no superadmin keys for a domain admin');
    assert.equal(await form.getByLabel('team.example').count(), 0);
    assert.equal(await page.locator(`tr[data-key="${teamKeyPrefix}"]`).count(), 0, "another domain's key is not listed");

    await page.fill('#name', 'Shop-Benachrichtigungen');
    await form.getByLabel('E-Mails senden').check();
    await page.fill('#senders', 'info@team.example');
    await form.getByRole('button', { name: 'Schlüssel anlegen' }).click();
    await page.locator('#senders-error').waitFor();
    assert.equal(await page.locator('#senders-error').textContent(), 'info@team.example gehört zu keiner Domain, die Sie hier verwalten');
    assert.equal(await page.inputValue('#name'), 'Shop-Benachrichtigungen', 'what was typed stays');

    await page.fill('#senders', 'bestellung@shop.example\n@shop.example');
    await form.getByRole('button', { name: 'Schlüssel anlegen' }).click();
    const key = await page.getByRole('textbox', { name: 'Der neue API-Schlüssel' }).inputValue();
    assert.match(key, /^kontor_/);
    await page.getByText('Kopieren Sie den Schlüssel jetzt').waitFor();
    const prefix = key.slice(0, 19);
    const row = page.locator(`tr[data-key="${prefix}"]`);
    await row.getByText('Noch nie benutzt').filter({ visible: true }).waitFor();
    assert.match((await row.textContent()) ?? '', /bestellung@shop\.example, @shop\.example/);
    const stored = await t.db.apiKey.findUniqueOrThrow({ where: { prefix } });
    assert.deepEqual(stored.domainIds, [shopId]);
    assert.equal(stored.scope, 'send');
    assert.equal((await callApi(key, '/domains')).status, 403, 'a sending key manages nothing');
    await shots(page, 'api-keys-de');
  });

  it('the API reference is a page of its own, without a key or a script from elsewhere', async () => {
    const page = await (await browser.newContext({ viewport: { width: 1280, height: 900 } })).newPage();
    const outside: string[] = [];
    page.on('request', (request) => {
      if (!request.url().startsWith(web.baseUrl)) outside.push(request.url());
    });
    const response = await page.goto(`${web.baseUrl}/api-docs`);
    assert.equal(response?.status(), 200);
    assert.equal(await page.getByRole('heading', { level: 1 }).textContent(), 'API reference');
    await page.locator('#sendMessage').getByText('/api/v1/messages').waitFor();
    await page.locator('#schema-SendMessage').waitFor();
    assert.match((await page.locator('#createMailbox').textContent()) ?? '', /password/);
    assert.deepEqual(outside, []);
    await shots(page, 'api-docs');
    // The full pages are long: the top and one operation as a person sees them.
    await page.screenshot({ path: path.join(SHOTS, 'api-docs-top-1280.png') });
    await page.setViewportSize({ width: 390, height: 844 });
    await page.locator('#createMailbox').scrollIntoViewIfNeeded();
    await page.screenshot({ path: path.join(SHOTS, 'api-docs-operation-390.png') });
  });

  it('the API reference speaks German to a German browser; the OpenAPI document itself stays English', async () => {
    const document = (await (await fetch(`${web.baseUrl}/api/v1/openapi.json`, { headers: { 'accept-language': 'de-DE' } })).json()) as {
      paths: Record<string, Record<string, { operationId: string; summary: string }>>;
    };
    assert.equal(document.paths['/messages']?.post?.summary, 'Send a message');
    // Every text the page shows from the document has its German, and the table holds no text the document lost.
    const shown = new Set<string>();
    const walk = (node: unknown): void => {
      if (Array.isArray(node)) return node.forEach(walk);
      if (!node || typeof node !== 'object') return;
      for (const [key, value] of Object.entries(node)) {
        if ((key === 'description' || key === 'summary') && typeof value === 'string') shown.add(value);
        else walk(value);
      }
    };
    walk(document);
    const german = germanApiDocTexts();
    assert.deepEqual(
      [...shown].filter((text) => !german.has(text)),
      [],
      'texts without German in lib/api/docs-german.ts',
    );
    assert.deepEqual(
      [...german].filter((text) => !shown.has(text)),
      [],
      'German for texts the document no longer has',
    );

    const page = await (await browser.newContext({ locale: 'de-DE', viewport: { width: 1280, height: 900 } })).newPage();
    const response = await page.goto(`${web.baseUrl}/api-docs`);
    assert.equal(response?.status(), 200);
    assert.equal(await page.locator('html').getAttribute('lang'), 'de');
    assert.equal(await page.getByRole('heading', { level: 1 }).textContent(), 'API-Referenz');
    for (const heading of ['Schlüssel', 'Fehler', 'Listen', 'Domains', 'Postfächer', 'Aliase', 'Administratoren', 'Warteschlange', 'Versand', 'Objekte']) {
      assert.equal(await page.getByRole('heading', { level: 2, name: heading, exact: true }).count(), 1, heading);
    }
    const operations = Object.values(document.paths).flatMap((methods) => Object.values(methods));
    for (const operation of operations) {
      assert.equal((await page.locator(`#${operation.operationId} h3`).textContent())?.trim(), apiDocText(operation.summary, 'de'), operation.operationId);
    }
    assert.equal(await page.locator('#sendMessage h3').textContent(), 'Eine Nachricht senden');
    const mailbox = page.locator('#createMailbox');
    assert.match((await mailbox.textContent()) ?? '', /Mit seinen Standardordnern/);
    assert.deepEqual(await mailbox.locator('th').allTextContents(), ['Feld', 'Typ', 'Bedeutung', 'Feld', 'Typ', 'Bedeutung']);
    assert.match((await mailbox.textContent()) ?? '', /Antwort 201:/);
    await shots(page, 'api-docs-de');
    await page.screenshot({ path: path.join(SHOTS, 'api-docs-top-de-1280.png') });
  });
});
