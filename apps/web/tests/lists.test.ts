// The panel's lists at scale in a real browser, in English and German:
// server-side search and paging of domains, mailboxes and aliases, the
// "add" forms at the top of their lists, the autoresponder and forwarding
// badges, copying DNS values, and phones at 390 px (no page scrolls
// sideways, every section is reachable from the menu). Screenshots of
// every page at 1280 and 390 px go to test-results/lists/.
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { CLI_ACTOR, createAlias, createDomain, createMailbox, ensureSuperadmin } from '@kontor/db';
import { createTestDatabase, type TestDatabase } from '@kontor/db/testing';
import type { Browser, Page } from 'playwright-core';
import { launchChromium } from './lib/chromium.ts';
import { startWebServer, type WebServer } from './lib/web-server.ts';

const SHOTS = path.resolve(import.meta.dirname, '../../../test-results/lists');
const ADMIN = { email: 'admin@kontor.test', password: 'a long test password' };
const PHONE = { width: 390, height: 844 };
const DESKTOP = { width: 1280, height: 900 };

describe('lists, phones and copy buttons', () => {
  let t: TestDatabase;
  let web: WebServer;
  let browser: Browser;
  let en: Page;
  let de: Page;
  let shopId: number;
  let dnsMx = '';

  async function newPage(locale: string): Promise<Page> {
    const context = await browser.newContext({ locale, viewport: DESKTOP });
    await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: web.baseUrl });
    const page = await context.newPage();
    page.setDefaultTimeout(15_000);
    await page.goto(`${web.baseUrl}/signin`);
    await page.waitForSelector('html[data-hydrated]', { state: 'attached' });
    await page.fill('#email', ADMIN.email);
    await page.fill('#password', ADMIN.password);
    await page.locator('form button[type=submit]').first().click();
    await page.waitForURL(`${web.baseUrl}/`);
    return page;
  }

  async function open(page: Page, pathname: string) {
    const response = await page.goto(`${web.baseUrl}${pathname}`);
    assert.equal(response?.status(), 200, `${pathname} answers 200`);
    await page.waitForSelector('html[data-hydrated]', { state: 'attached' });
  }

  const rows = (page: Page, table: string) => page.locator(`table[aria-label="${table}"] tbody tr`);
  const range = (page: Page) => page.getByTestId('list-range').innerText();

  /** The page's width, and the deepest elements that reach past the viewport (to name the culprit). */
  async function widthAndCulprits(page: Page): Promise<{ width: number; culprits: string }> {
    // A string, not a function: tsx would wrap named helpers inside it in its __name(), unknown in the page.
    return page.evaluate(`(() => {
      const limit = document.documentElement.clientWidth;
      const wide = [...document.querySelectorAll('body *')].filter((el) => el.checkVisibility() && el.getBoundingClientRect().right > limit + 1);
      const deepest = wide.filter((el) => !wide.some((other) => other !== el && el.contains(other)));
      const name = (el) => el.tagName.toLowerCase() + (el.id ? '#' + el.id : '') + '.' + [...el.classList].slice(0, 4).join('.');
      return {
        width: document.documentElement.scrollWidth,
        culprits: deepest.slice(0, 5).map((el) => name(el) + ' (right ' + Math.round(el.getBoundingClientRect().right) + ') in ' + (el.parentElement ? name(el.parentElement) : '?')).join('; '),
      };
    })()`);
  }

  async function shot(page: Page, name: string) {
    await page.screenshot({ path: path.join(SHOTS, `${name}.png`), fullPage: true });
  }

  before(async () => {
    mkdirSync(SHOTS, { recursive: true });
    t = await createTestDatabase();
    await ensureSuperadmin(t.db, ADMIN);
    const shop = await createDomain(t.db, CLI_ACTOR, { name: 'shop.example', description: 'Online store' });
    shopId = shop.id;
    // Rows straight in where only the lists look at them: 120 password hashes would only slow the test.
    await t.db.mailbox.createMany({
      data: Array.from({ length: 118 }, (_, i) => ({
        domainId: shop.id,
        localPart: `user${String(i).padStart(3, '0')}`,
        passwordHash: 'x',
        quotaBytes: 1n << 30n,
      })),
    });
    const away = await createMailbox(t.db, CLI_ACTOR, { domainId: shop.id, localPart: 'away', password: 'correct horse battery', displayName: 'On holiday' });
    await t.db.autoresponder.create({ data: { mailboxId: away.id, subject: 'Away', body: 'Back on Monday', enabled: true } });
    const fwd = await createMailbox(t.db, CLI_ACTOR, { domainId: shop.id, localPart: 'forwarded', password: 'correct horse battery' });
    await t.db.mailbox.update({ where: { id: fwd.id }, data: { forwardTo: ['someone@elsewhere.example'] } });
    await t.db.alias.createMany({
      data: Array.from({ length: 58 }, (_, i) => ({
        domainId: shop.id,
        localPart: `team${String(i).padStart(2, '0')}`,
        destinations: [`user${String(i).padStart(3, '0')}@shop.example`],
      })),
    });
    await createAlias(t.db, CLI_ACTOR, { domainId: shop.id, localPart: 'partners', destinations: 'away@shop.example, agency@partner.example' });
    await t.db.domain.createMany({
      data: Array.from({ length: 54 }, (_, i) => ({
        name: `client${String(i).padStart(2, '0')}.example`,
        unicodeName: `client${String(i).padStart(2, '0')}.example`,
      })),
    });
    web = await startWebServer({ DATABASE_URL: t.url, LOG_LEVEL: 'silent' });
    browser = await launchChromium();
    en = await newPage('en-GB');
    de = await newPage('de-DE');
  });
  after(async () => {
    await browser?.close();
    await web?.stop();
    await t?.drop();
  });

  it('pages through 120 mailboxes on the server and searches them', async () => {
    await open(en, `/domains/${shopId}`);
    assert.equal(await rows(en, 'Mailboxes').count(), 50);
    assert.equal(await range(en), '1–50 of 120');
    assert.match(await rows(en, 'Mailboxes').first().innerText(), /away@shop\.example/);
    await en.getByRole('link', { name: 'Next' }).click();
    await en.waitForURL(/\?page=2$/);
    assert.equal(await range(en), '51–100 of 120');
    await en.getByRole('link', { name: 'Next' }).click();
    await en.waitForURL(/\?page=3$/);
    assert.equal(await rows(en, 'Mailboxes').count(), 20);
    assert.match(await rows(en, 'Mailboxes').last().innerText(), /user117@shop\.example/);

    await en.getByRole('searchbox', { name: 'Search mailboxes' }).fill('user10');
    await en.getByRole('button', { name: 'Search' }).click();
    await en.waitForURL(/\?q=user10$/);
    assert.equal(await rows(en, 'Mailboxes').count(), 10);
    assert.equal(await en.getByTestId('list-range').count(), 0, 'one page needs no pager');
    await en.getByRole('searchbox', { name: 'Search mailboxes' }).fill('nobody-here');
    await en.getByRole('button', { name: 'Search' }).click();
    await en.getByText('No mailbox matches “nobody-here”.').waitFor();
  });

  it('shows Autoresponder and Forwarding badges where they are on', async () => {
    await open(en, `/domains/${shopId}`);
    const away = en.locator('tr[data-mailbox="away@shop.example"]');
    const forwarded = en.locator('tr[data-mailbox="forwarded@shop.example"]');
    assert.match(await away.innerText(), /Autoresponder/);
    assert.doesNotMatch(await away.innerText(), /Forwarding/);
    assert.match(await forwarded.innerText(), /Forwarding/);
    assert.doesNotMatch(await forwarded.innerText(), /Autoresponder/);
    assert.doesNotMatch(await en.locator('tr[data-mailbox="user000@shop.example"]').innerText(), /Autoresponder|Forwarding/);
    await shot(en, 'mailboxes-en-1280');
  });

  it('opens "Add a mailbox" at the top of the list, without scrolling', async () => {
    await open(en, `/domains/${shopId}`);
    const button = en.getByRole('button', { name: 'Add a mailbox' });
    assert.equal(await en.locator('#localPart').isVisible(), false, 'the form waits behind its button on a full list');
    const box = await button.boundingBox();
    assert.ok(box && box.y + box.height <= DESKTOP.height, `the button is on the first screen (y=${box?.y})`);
    await button.click();
    await en.locator('#localPart').waitFor();
    assert.equal(await button.getAttribute('aria-expanded'), 'true');
    assert.ok(await en.evaluate(() => document.activeElement?.id === 'localPart'), 'the first field has the focus');
    const field = await en.locator('#password').boundingBox();
    assert.ok(field && field.y + field.height <= DESKTOP.height, 'the form is on the first screen too');
    await en.fill('#localPart', 'newcomer');
    await en.fill('#password', 'seven purple elephants dance');
    await en.getByRole('button', { name: 'Create mailbox' }).click();
    await en.getByText('newcomer@shop.example was created.').waitFor();
    await en.locator('tr[data-mailbox="newcomer@shop.example"]').waitFor();
    await shot(en, 'mailbox-add-en-1280');
  });

  it('pages and searches aliases, by address and by destination', async () => {
    await open(en, `/domains/${shopId}/aliases`);
    assert.equal(await range(en), '1–50 of 59');
    await en.getByRole('link', { name: 'Next' }).click();
    await en.waitForURL(/aliases\?page=2$/);
    assert.equal(await rows(en, 'Aliases').count(), 9);
    await en.getByRole('searchbox', { name: 'Search aliases' }).fill('agency@');
    await en.getByRole('button', { name: 'Search' }).click();
    await en.waitForURL(/aliases\?q=agency%40$/);
    assert.equal(await rows(en, 'Aliases').count(), 1);
    assert.match(await rows(en, 'Aliases').first().innerText(), /partners@shop\.example[\s\S]*agency@partner\.example\s+external/);
    const button = en.getByRole('button', { name: 'Add an alias' });
    const box = await button.boundingBox();
    assert.ok(box && box.y + box.height <= DESKTOP.height, 'the add button is on the first screen');
    await button.click();
    await en.locator('#destinations').waitFor();
    await shot(en, 'aliases-en-1280');
  });

  it('pages and searches domains', async () => {
    await open(en, '/domains');
    assert.equal(await range(en), '1–50 of 55');
    await en.getByRole('link', { name: 'Next' }).click();
    await en.waitForURL(/domains\?page=2$/);
    assert.equal(await rows(en, 'Domains').count(), 5);
    assert.equal(await en.locator('tr[data-domain="shop.example"]').count(), 1);
    await en.getByRole('searchbox', { name: 'Search domains' }).fill('online');
    await en.getByRole('button', { name: 'Search' }).click();
    await en.waitForURL(/domains\?q=online$/);
    assert.equal(await rows(en, 'Domains').count(), 1);
    assert.match(await rows(en, 'Domains').first().innerText(), /shop\.example/);
    await open(en, '/domains');
    await en.getByRole('button', { name: 'Add a domain' }).click();
    await en.locator('#name').waitFor();
    await shot(en, 'domains-en-1280');
  });

  it('copies a DNS value to the clipboard', async () => {
    await open(en, `/domains/${shopId}/dns`);
    const mx = en.locator('tr[data-record-type="MX"]');
    dnsMx = (await mx.getByTestId('dns-value').innerText()).trim();
    assert.match(dnsMx, /^10 \S+\.$/);
    await mx.getByRole('button', { name: /^Copy: value of the MX record/ }).click();
    await mx.getByText('Copied').waitFor();
    assert.equal(await en.evaluate(() => navigator.clipboard.readText()), dnsMx);
    const dkim = en.locator('tr[data-record-name^="kontor._domainkey."]');
    await dkim.getByRole('button', { name: /^Copy: value/ }).click();
    assert.match(await en.evaluate(() => navigator.clipboard.readText()), /^v=DKIM1; k=rsa; p=[A-Za-z0-9+/=]{300,}$/);
    await en.getByRole('button', { name: /all records as zone file lines/ }).click();
    assert.match(await en.evaluate(() => navigator.clipboard.readText()), /^shop\.example\.\t3600\tIN\tMX\t10 /);
    await shot(en, 'dns-en-1280');
  });

  it('speaks German on every list, with numbers and badges in German', async () => {
    await open(de, `/domains/${shopId}`);
    assert.equal(await de.getAttribute('html', 'lang'), 'de');
    assert.equal(await range(de), '1–50 von 121');
    await de.getByRole('searchbox', { name: 'Postfächer durchsuchen' }).waitFor();
    assert.match(await de.locator('tr[data-mailbox="away@shop.example"]').innerText(), /Abwesenheitsnotiz/);
    assert.match(await de.locator('tr[data-mailbox="forwarded@shop.example"]').innerText(), /Weiterleitung/);
    assert.match(
      await de.getByRole('navigation', { name: 'Bereiche der Domain' }).innerText(),
      /Postfächer\s*121[\s\S]*Aliasse\s*59[\s\S]*DNS-Einträge[\s\S]*Einstellungen/,
    );
    await de.getByRole('button', { name: 'Neues Postfach' }).click();
    await de.fill('#localPart', 'kurz');
    await de.fill('#password', 'kurz');
    await de.locator('form[aria-label="Postfach anlegen"] button[type=submit]').click();
    await de.locator('#password-error').waitFor();
    assert.match(await de.locator('#password-error').innerText(), /mindestens 10 Zeichen/i);
    await shot(de, 'mailboxes-de-1280');

    await open(de, `/domains/${shopId}/aliases`);
    assert.equal(await range(de), '1–50 von 59');
    await de.getByRole('button', { name: 'Neuer Alias' }).waitFor();
    assert.match(await de.locator('tr[data-alias="partners@shop.example"]').innerText(), /intern[\s\S]*extern/);
    await shot(de, 'aliases-de-1280');

    await open(de, '/domains');
    assert.equal(await range(de), '1–50 von 55');
    await de.getByRole('heading', { name: 'Domains' }).waitFor();
    await de.getByRole('columnheader', { name: 'Postfächer' }).waitFor();
    await shot(de, 'domains-de-1280');

    await open(de, `/domains/${shopId}/dns`);
    await de.getByRole('heading', { name: 'Einzutragende Einträge' }).waitFor();
    await de.getByRole('button', { name: /^Kopieren: Wert des MX-Eintrags/ }).click();
    assert.equal(await de.evaluate(() => navigator.clipboard.readText()), dnsMx);
    await shot(de, 'dns-de-1280');

    const response = await de.goto(`${web.baseUrl}/domains/999999`);
    assert.equal(response?.status(), 404);
    await de.getByRole('heading', { name: 'Nicht gefunden' }).waitFor();
    await shot(de, 'not-found-de-1280');
  });

  for (const [language, page] of [
    ['en', () => en],
    ['de', () => de],
  ] as const) {
    it(`fits a 390 px phone without sideways scrolling (${language})`, async () => {
      const p = page();
      await p.setViewportSize(PHONE);
      try {
        const pages = {
          dashboard: '/',
          domains: '/domains',
          'domains-search': '/domains?q=client',
          mailboxes: `/domains/${shopId}`,
          aliases: `/domains/${shopId}/aliases`,
          dns: `/domains/${shopId}/dns`,
          settings: `/domains/${shopId}/settings`,
        };
        for (const [name, pathname] of Object.entries(pages)) {
          await open(p, pathname);
          const { width, culprits } = await widthAndCulprits(p);
          assert.ok(width <= PHONE.width, `${pathname} is ${width} px wide at 390 px: ${culprits}`);
          await shot(p, `${name}-${language}-390`);
        }
        await open(p, `/domains/${shopId}/aliases`);
        await p
          .locator('tr[data-alias="partners@shop.example"]')
          .getByRole('button', { name: /^(Edit|.* bearbeiten)/ })
          .click();
        assert.ok((await p.evaluate(() => document.documentElement.scrollWidth)) <= PHONE.width, 'an opened alias editor fits');
        await shot(p, `alias-edit-${language}-390`);
        const notFound = await p.goto(`${web.baseUrl}/domains/999999`);
        assert.equal(notFound?.status(), 404);
        assert.ok((await p.evaluate(() => document.documentElement.scrollWidth)) <= PHONE.width, 'the 404 page fits');
      } finally {
        await p.setViewportSize(DESKTOP);
      }
    });

    it(`reaches every section from the phone menu (${language})`, async () => {
      const p = page();
      await p.setViewportSize(PHONE);
      try {
        await open(p, '/domains');
        const sections = await p.locator('aside nav a').evaluateAll((links) => links.map((a) => a.getAttribute('href')));
        assert.ok(sections.length >= 6, `the sidebar lists the sections (${sections.join(' ')})`);
        await p.getByTestId('mobile-menu').locator('summary').click();
        const menu = p.getByTestId('mobile-menu').locator('nav a');
        assert.deepEqual(await menu.evaluateAll((links) => links.map((a) => a.getAttribute('href'))), sections);
        for (const link of await menu.all()) {
          const box = await link.boundingBox();
          assert.ok(await link.isVisible(), `${await link.innerText()} is visible`);
          assert.ok(box && box.x >= 0 && box.x + box.width <= PHONE.width && box.y + box.height <= PHONE.height, `${await link.innerText()} is on screen`);
        }
        await shot(p, `menu-${language}-390`);
        await p
          .getByTestId('mobile-menu')
          .getByRole('link', { name: language === 'en' ? 'Audit log' : 'Protokoll' })
          .click();
        await p.waitForURL(/\/audit$/);
        await p.waitForFunction(() => !document.querySelector('[data-testid=mobile-menu]')?.hasAttribute('open'));
        assert.ok((await p.evaluate(() => document.documentElement.scrollWidth)) <= PHONE.width, '/audit fits');
        await p.getByTestId('mobile-menu').locator('summary').click();
        await p
          .getByTestId('mobile-menu')
          .getByRole('button', { name: language === 'en' ? 'Sign out' : 'Abmelden' })
          .waitFor();
      } finally {
        await p.setViewportSize(DESKTOP);
      }
    });
  }
});
