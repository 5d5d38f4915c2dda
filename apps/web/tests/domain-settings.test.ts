// A domain's Settings tab in a real browser, in English and German: the
// language of the mail Kontor writes for the domain, its time zone (which
// the autoresponder page then uses), and the catch-all toggle, with errors
// beside their fields; a domain admin sees the page in German and changes
// what is theirs.
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { assignAdminDomain, CLI_ACTOR, createAdminAccount, createDomain, createMailbox, ensureSuperadmin } from '@kontor/db';
import { createTestDatabase, type TestDatabase } from '@kontor/db/testing';
import type { Browser, Page } from 'playwright-core';
import { launchChromium } from './lib/chromium.ts';
import { startWebServer, type WebServer } from './lib/web-server.ts';

process.env.DKIM_ENCRYPTION_KEY ??= 'kontor test dkim key';
const SHOTS = path.resolve(import.meta.dirname, '../../../test-results/autoresponder');
const ADMIN = { email: 'admin@kontor.test', password: 'a long test password' };
const COLLEAGUE = { email: 'chef@praxis.example', password: 'a long colleague password' };

describe('domain settings page', () => {
  let t: TestDatabase;
  let web: WebServer;
  let browser: Browser;
  let domainId: number;
  let mailboxId: number;

  async function newPage(locale: 'en-US' | 'de-DE', who = ADMIN): Promise<Page> {
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
  async function open(page: Page) {
    await page.goto(`${web.baseUrl}/domains/${domainId}/settings`);
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
  const domainRow = () => t.db.domain.findUniqueOrThrow({ where: { id: domainId } });
  const catchAll = () => t.db.alias.findFirst({ where: { domainId, localPart: '*' } });

  before(async () => {
    mkdirSync(SHOTS, { recursive: true });
    t = await createTestDatabase();
    await ensureSuperadmin(t.db, ADMIN);
    domainId = (await createDomain(t.db, CLI_ACTOR, { name: 'praxis.example' })).id;
    mailboxId = (await createMailbox(t.db, CLI_ACTOR, { domainId, localPart: 'empfang', password: 'correct horse battery staple' })).id;
    const colleague = await createAdminAccount(t.db, CLI_ACTOR, { ...COLLEAGUE, role: 'DOMAIN_ADMIN' });
    await assignAdminDomain(t.db, CLI_ACTOR, colleague.id, domainId);
    web = await startWebServer({ DATABASE_URL: t.url, LOG_LEVEL: 'silent' });
    browser = await launchChromium();
  });
  after(async () => {
    await browser?.close();
    await web?.stop();
    await t?.drop();
  });

  it('in English: language and time zone saved and audited; an unknown zone is refused beside its field', async () => {
    const page = await newPage('en-US');
    await open(page);
    const form = page.getByRole('form', { name: 'Language and time zone' });
    assert.equal(await form.getByLabel('Language of system mail').inputValue(), 'en');
    assert.equal(await form.getByLabel('Time zone').inputValue(), 'Europe/Berlin');
    assert.ok((await form.locator('select[name=timeZone] option').count()) > 300, 'every IANA zone to choose from');

    // A value no menu offers (a forged post) is refused beside the field.
    await form.locator('select[name=timeZone]').evaluate((select) => {
      const option = document.createElement('option');
      option.value = 'Mars/Olympus_Mons';
      option.textContent = 'Mars';
      select.append(option);
      (select as HTMLSelectElement).value = 'Mars/Olympus_Mons';
    });
    await form.getByRole('button', { name: 'Save language and time zone' }).click();
    await page.locator('#timeZone-error').waitFor();
    assert.equal(await page.locator('#timeZone-error').innerText(), 'Choose a time zone, for example Europe/Berlin');
    assert.equal((await domainRow()).timeZone, 'Europe/Berlin');

    await form.getByLabel('Language of system mail').selectOption('de');
    await form.getByLabel('Time zone').selectOption('America/New_York');
    await form.getByRole('button', { name: 'Save language and time zone' }).click();
    await page.getByText('Language and time zone saved.').waitFor();
    const saved = await domainRow();
    assert.deepEqual({ language: saved.language, timeZone: saved.timeZone }, { language: 'de', timeZone: 'America/New_York' });
    const audit = await t.db.auditLog.findFirstOrThrow({ where: { action: 'domain.update', domainId } });
    assert.deepEqual(audit.after, { language: 'de', timeZone: 'America/New_York' });

    // The autoresponder page now reads and writes its dates in New York time.
    await page.goto(`${web.baseUrl}/domains/${domainId}/mailboxes/${mailboxId}/autoresponder`);
    assert.match(await page.getByTestId('autoresponder-time-zone').innerText(), /Times are in America\/New_York/);
    await page.context().close();
  });

  it('in English: the catch-all needs a destination, goes on, and off again keeping it', async () => {
    const page = await newPage('en-US');
    await open(page);
    assert.equal(await page.getByTestId('catch-all-state').getAttribute('data-state'), 'off');
    const form = page.getByRole('form', { name: 'Catch-all' });
    await form.getByLabel('Accept mail to unknown addresses').check();
    await form.getByRole('button', { name: 'Save catch-all' }).click();
    await page.locator('#catchAllDestinations-error').waitFor();
    assert.equal(await page.locator('#catchAllDestinations-error').innerText(), 'Enter at least one destination address');
    await form.getByLabel('Deliver to').fill('nobody@praxis.example');
    await form.getByRole('button', { name: 'Save catch-all' }).click();
    await page.waitForFunction(() => document.querySelector('#catchAllDestinations-error')?.textContent?.includes('nobody@praxis.example'));
    assert.equal(await page.locator('#catchAllDestinations-error').innerText(), 'nobody@praxis.example is not a mailbox or alias here');
    assert.equal(await catchAll(), null);

    await form.getByLabel('Deliver to').fill('empfang@praxis.example');
    await form.getByRole('button', { name: 'Save catch-all' }).click();
    await page.getByText('Catch-all is on: mail to unknown addresses goes to empfang@praxis.example.').waitFor();
    assert.deepEqual((({ active, destinations }) => ({ active, destinations }))((await catchAll())!), {
      active: true,
      destinations: ['empfang@praxis.example'],
    });
    await open(page);
    assert.equal(await page.getByTestId('catch-all-state').getAttribute('data-state'), 'on');
    await shots(page, 'domain-settings-en');

    await form.getByLabel('Accept mail to unknown addresses').uncheck();
    await form.getByRole('button', { name: 'Save catch-all' }).click();
    await page.getByText('Catch-all is off.').waitFor();
    const off = await catchAll();
    assert.equal(off?.active, false);
    assert.deepEqual(off?.destinations, ['empfang@praxis.example'], 'the destination is kept for next time');
    await open(page);
    assert.equal(await form.getByLabel('Deliver to').inputValue(), 'empfang@praxis.example');
    await page.context().close();
  });

  it('auf Deutsch für einen Domain-Admin: übersetzt, Catch-all wieder an, Sprache zurück auf Englisch', async () => {
    const page = await newPage('de-DE', COLLEAGUE);
    await open(page);
    assert.equal(await page.getByRole('heading', { name: 'Sprache und Zeitzone' }).count(), 1);
    assert.equal(await page.getByRole('heading', { name: 'Domain löschen' }).count(), 0, 'only superadmins delete domains');
    assert.equal(await page.getByLabel('Standard-Speicherplatz je Postfach').count(), 0, 'limits are for superadmins');
    const locale = page.getByRole('form', { name: 'Sprache und Zeitzone' });
    assert.equal(await locale.getByLabel('Sprache der Systemnachrichten').inputValue(), 'de');
    await locale.getByLabel('Sprache der Systemnachrichten').selectOption('en');
    await locale.getByRole('button', { name: 'Sprache und Zeitzone speichern' }).click();
    await page.getByText('Sprache und Zeitzone gespeichert.').waitFor();
    assert.equal((await domainRow()).language, 'en');

    const form = page.getByRole('form', { name: 'Catch-all' });
    await form.getByLabel('E-Mails an unbekannte Adressen annehmen').check();
    await form.getByLabel('Zustellen an').fill('');
    await form.getByRole('button', { name: 'Catch-all speichern' }).click();
    await page.locator('#catchAllDestinations-error').waitFor();
    assert.equal(await page.locator('#catchAllDestinations-error').innerText(), 'Geben Sie mindestens eine Zieladresse ein');
    await form.getByLabel('Zustellen an').fill('empfang@praxis.example');
    await form.getByRole('button', { name: 'Catch-all speichern' }).click();
    await page.getByText('Catch-all ist an: E-Mails an unbekannte Adressen gehen an empfang@praxis.example.').waitFor();
    assert.equal((await catchAll())?.active, true);
    const actor = await t.db.auditLog.findFirstOrThrow({ where: { action: 'alias.update', targetType: 'alias' }, orderBy: { id: 'desc' } });
    assert.equal(actor.actor, `admin:${COLLEAGUE.email}`);
    await open(page);
    await shots(page, 'domain-settings-de');
    await page.context().close();
  });
});
