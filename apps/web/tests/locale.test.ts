// The panel's language in a real browser: taken from Accept-Language,
// switched from the header's menu, and remembered for the admin, so
// another browser with another language shows the chosen one after
// signing in.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { ensureSuperadmin } from '@kontor/db';
import { createTestDatabase, type TestDatabase } from '@kontor/db/testing';
import type { Browser, Page } from 'playwright-core';
import { launchChromium } from './lib/chromium.ts';
import { startWebServer, type WebServer } from './lib/web-server.ts';

const ADMIN = { email: 'admin@kontor.test', password: 'a long test password' };

describe('panel language', () => {
  let t: TestDatabase;
  let web: WebServer;
  let browser: Browser;

  async function openAs(locale: string): Promise<Page> {
    const context = await browser.newContext({ locale, viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    page.setDefaultTimeout(15_000);
    return page;
  }

  async function signIn(page: Page) {
    await page.goto(`${web.baseUrl}/signin`);
    await page.waitForSelector('html[data-hydrated]', { state: 'attached' });
    await page.fill('#email', ADMIN.email);
    await page.fill('#password', ADMIN.password);
    await page.locator('form button[type=submit]').first().click();
    await page.waitForURL(`${web.baseUrl}/`);
    await page.waitForSelector('html[data-hydrated]', { state: 'attached' });
  }

  const mainNav = (page: Page) => page.locator('nav').first();

  before(async () => {
    t = await createTestDatabase();
    await ensureSuperadmin(t.db, ADMIN);
    web = await startWebServer({ DATABASE_URL: t.url, LOG_LEVEL: 'silent' });
    browser = await launchChromium();
  });
  after(async () => {
    await browser?.close();
    await web?.stop();
    await t?.drop();
  });

  it('speaks German to a German browser and English to others', async () => {
    const german = await openAs('de-DE');
    await german.goto(`${web.baseUrl}/signin`);
    assert.equal(await german.getAttribute('html', 'lang'), 'de');
    await signIn(german);
    assert.match((await mainNav(german).textContent()) ?? '', /Übersicht[\s\S]*Domains[\s\S]*Protokoll/);
    await german.context().close();

    const french = await openAs('fr-FR');
    await signIn(french);
    assert.equal(await french.getAttribute('html', 'lang'), 'en');
    assert.match((await mainNav(french).textContent()) ?? '', /Dashboard[\s\S]*Audit log/);
    await french.context().close();
  });

  it('switches from the menu and remembers the choice for the admin in another browser', async () => {
    const page = await openAs('en-GB');
    await signIn(page);
    await page.selectOption('#locale-switcher', 'de');
    await page.waitForFunction(() => document.documentElement.lang === 'de');
    assert.match((await mainNav(page).textContent()) ?? '', /Übersicht/);
    await page.reload();
    assert.equal(await page.getAttribute('html', 'lang'), 'de');
    await page.context().close();

    // Another browser, asking for English: the admin's choice wins once signed in.
    const other = await openAs('en-US');
    await signIn(other);
    assert.equal(await other.getAttribute('html', 'lang'), 'de');
    assert.match((await mainNav(other).textContent()) ?? '', /Übersicht/);
    await other.selectOption('#locale-switcher', 'en');
    await other.waitForFunction(() => document.documentElement.lang === 'en');
    const stored = await t.db.adminAccount.findUniqueOrThrow({ where: { email: ADMIN.email } });
    assert.equal(stored.locale, 'en');
    await other.context().close();
  });

  it('ignores a language it does not have', async () => {
    const page = await openAs('en-GB');
    await signIn(page);
    const status = await page.evaluate(async () => {
      const select = document.querySelector<HTMLSelectElement>('#locale-switcher');
      const option = document.createElement('option');
      option.value = 'xx';
      select?.append(option);
      if (select) select.value = 'xx';
      select?.form?.requestSubmit();
      await new Promise((resolve) => setTimeout(resolve, 1000));
      return document.documentElement.lang;
    });
    assert.equal(status, 'en');
    await page.context().close();
  });
});
