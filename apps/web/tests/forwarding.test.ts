// A mailbox's Forwarding tab in a real browser, in English and German:
// addresses added and removed one per line, keep a copy, the off switch,
// errors beside the field; a domain admin posting the form with another
// domain's mailbox id is refused and changes nothing.
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { assignAdminDomain, CLI_ACTOR, createAdminAccount, createDomain, createMailbox, ensureSuperadmin } from '@kontor/db';
import { createTestDatabase, type TestDatabase } from '@kontor/db/testing';
import type { Browser, Page } from 'playwright-core';
import { launchChromium } from './lib/chromium.ts';
import { startWebServer, type WebServer } from './lib/web-server.ts';

const SHOTS = path.resolve(import.meta.dirname, '../../../test-results/forwarding');
const ADMIN = { email: 'admin@kontor.test', password: 'a long test password' };
const COLLEAGUE = { email: 'boss@team.example', password: 'a long colleague password' };
const MAILBOX_PASSWORD = 'correct horse battery staple';

describe('forwarding page', () => {
  let t: TestDatabase;
  let web: WebServer;
  let browser: Browser;
  let page: Page;
  let info: { id: number; domainId: number };
  let foreign: { id: number; domainId: number };

  async function signIn(target: Page, who: { email: string; password: string }) {
    await target.goto(`${web.baseUrl}/signin`);
    await target.waitForSelector('html[data-hydrated]', { state: 'attached' });
    await target.fill('#email', who.email);
    await target.fill('#password', who.password);
    await target.locator('form button[type=submit]').click();
    await target.waitForURL(`${web.baseUrl}/`);
  }
  async function open(target: Page, mailbox: { id: number; domainId: number }) {
    const response = await target.goto(`${web.baseUrl}/domains/${mailbox.domainId}/mailboxes/${mailbox.id}/forwarding`);
    await target.waitForSelector('html[data-hydrated]', { state: 'attached' });
    return response;
  }
  async function shots(target: Page, name: string) {
    const width = target.viewportSize()?.width ?? 1280;
    await target.screenshot({ path: path.join(SHOTS, `${name}-1280.png`), fullPage: true });
    await target.setViewportSize({ width: 390, height: 844 });
    await target.screenshot({ path: path.join(SHOTS, `${name}-390.png`), fullPage: true });
    const overflow = await target.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    assert.ok(overflow <= 0, `${name}: no sideways scrolling at 390 px (${overflow} px too wide)`);
    await target.setViewportSize({ width, height: 900 });
  }
  const stored = async (id: number) => {
    const row = await t.db.mailbox.findUniqueOrThrow({ where: { id }, select: { forwardTo: true, forwardKeepCopy: true } });
    return { forwardTo: row.forwardTo, keepCopy: row.forwardKeepCopy };
  };

  before(async () => {
    mkdirSync(SHOTS, { recursive: true });
    t = await createTestDatabase();
    await ensureSuperadmin(t.db, ADMIN);
    const team = await createDomain(t.db, CLI_ACTOR, { name: 'team.example' });
    const shop = await createDomain(t.db, CLI_ACTOR, { name: 'shop.example' });
    info = await createMailbox(t.db, CLI_ACTOR, { domainId: team.id, localPart: 'info', password: MAILBOX_PASSWORD });
    await createMailbox(t.db, CLI_ACTOR, { domainId: team.id, localPart: 'anna', password: MAILBOX_PASSWORD });
    foreign = await createMailbox(t.db, CLI_ACTOR, { domainId: shop.id, localPart: 'orders', password: MAILBOX_PASSWORD });
    const colleague = await createAdminAccount(t.db, CLI_ACTOR, { ...COLLEAGUE, role: 'DOMAIN_ADMIN' });
    await assignAdminDomain(t.db, CLI_ACTOR, colleague.id, team.id);
    web = await startWebServer({ DATABASE_URL: t.url, LOG_LEVEL: 'silent' });
    browser = await launchChromium();
    page = await (await browser.newContext({ viewport: { width: 1280, height: 900 } })).newPage();
    page.setDefaultTimeout(15_000);
    await signIn(page, ADMIN);
  });
  after(async () => {
    await browser?.close();
    await web?.stop();
    await t?.drop();
  });

  it('starts off; refuses an unknown local address and the mailbox itself beside the field, keeping what was typed', async () => {
    await open(page, info);
    assert.equal(await page.getByRole('link', { name: 'Forwarding' }).getAttribute('aria-current'), 'page');
    assert.match(await page.getByTestId('forwarding-status').innerText(), /Off[\s\S]*All mail stays in this mailbox\./);
    const form = page.getByRole('form', { name: 'Forwarding settings' });
    assert.equal(await form.getByRole('button', { name: 'Switch forwarding off' }).count(), 0, 'nothing to switch off yet');
    await form.getByLabel('Forward incoming mail').check();
    await form.getByLabel('Forward to').fill('nobody@team.example');
    await form.getByRole('button', { name: 'Save forwarding' }).click();
    await page.locator('#forwardTo-error').waitFor();
    assert.equal(await page.locator('#forwardTo-error').innerText(), 'nobody@team.example is not a mailbox or alias here');
    assert.equal(await form.getByLabel('Forward to').inputValue(), 'nobody@team.example');
    assert.equal(await form.getByLabel('Forward to').getAttribute('aria-invalid'), 'true');
    await form.getByLabel('Forward to').fill('Info@team.example');
    await form.getByRole('button', { name: 'Save forwarding' }).click();
    await page.getByText('A mailbox cannot forward to itself').waitFor();
    await shots(page, 'forwarding-error-en');
    assert.deepEqual(await stored(info.id), { forwardTo: [], keepCopy: true });
  });

  it('forwards to a colleague here and a partner elsewhere without a copy; lines are removed again; one click switches it off', async () => {
    await open(page, info);
    const form = page.getByRole('form', { name: 'Forwarding settings' });
    await form.getByLabel('Forward incoming mail').check();
    await form.getByLabel('Forward to').fill('Anna@team.example\npartner@outside.example\n');
    await form.getByLabel('Keep a copy in this mailbox').uncheck();
    await form.getByRole('button', { name: 'Save forwarding' }).click();
    await page.getByText('Mail to info@team.example is now forwarded.').waitFor();
    assert.deepEqual(await stored(info.id), { forwardTo: ['anna@team.example', 'partner@outside.example'], keepCopy: false });
    await open(page, info);
    const status = await page.getByTestId('forwarding-status').innerText();
    assert.match(status, /On[\s\S]*Forwards to 2 addresses and keeps no copy here\./);
    assert.match(status, /anna@team\.example\s*here[\s\S]*partner@outside\.example\s*other provider/);
    assert.equal(await form.getByLabel('Forward to').inputValue(), 'anna@team.example\npartner@outside.example');
    assert.equal(await form.getByLabel('Keep a copy in this mailbox').isChecked(), false);
    await shots(page, 'forwarding-en');

    // The colleague's line removed, a copy kept from now on.
    await form.getByLabel('Forward to').fill('partner@outside.example');
    await form.getByLabel('Keep a copy in this mailbox').check();
    await form.getByRole('button', { name: 'Save forwarding' }).click();
    await page.getByText('Mail to info@team.example is now forwarded.').waitFor();
    assert.deepEqual(await stored(info.id), { forwardTo: ['partner@outside.example'], keepCopy: true });
    await page.getByTestId('forwarding-status').getByText('Forwards to 1 address and keeps a copy here.').waitFor();

    await form.getByRole('button', { name: 'Switch forwarding off' }).click();
    await page.getByText('Forwarding for info@team.example is off: all mail stays in the mailbox.').waitFor();
    assert.deepEqual(await stored(info.id), { forwardTo: [], keepCopy: true });
    await page.getByTestId('forwarding-status').getByText('All mail stays in this mailbox.').waitFor();
    assert.equal(await form.getByLabel('Forward incoming mail').isChecked(), false);
    const audit = await t.db.auditLog.findMany({ where: { action: 'mailbox.forwarding', targetId: String(info.id) }, orderBy: { id: 'asc' } });
    assert.equal(audit.length, 3);
    assert.equal(audit[0]?.actor, `admin:${ADMIN.email}`);
    assert.deepEqual(audit[2]?.after, { address: 'info@team.example', forwardTo: [], keepCopy: true });
  });

  it('speaks German, errors included', async () => {
    const context = await browser.newContext({ locale: 'de-DE', viewport: { width: 1280, height: 900 } });
    const de = await context.newPage();
    de.setDefaultTimeout(15_000);
    await signIn(de, ADMIN);
    await open(de, info);
    assert.equal(await de.getByRole('link', { name: 'Weiterleitung' }).getAttribute('aria-current'), 'page');
    assert.match(await de.getByTestId('forwarding-status').innerText(), /Aus[\s\S]*Alle E-Mails bleiben in diesem Postfach\./);
    const form = de.getByRole('form', { name: 'Einstellungen der Weiterleitung' });
    await form.getByLabel('Eingehende E-Mails weiterleiten').check();
    await form.getByRole('button', { name: 'Weiterleitung speichern' }).click();
    await de.locator('#forwardTo-error').waitFor();
    assert.equal(
      await de.locator('#forwardTo-error').innerText(),
      'Geben Sie mindestens eine Adresse für die Weiterleitung ein oder schalten Sie die Weiterleitung aus',
    );
    await form.getByLabel('Weiterleiten an').fill('keine-adresse');
    await form.getByRole('button', { name: 'Weiterleitung speichern' }).click();
    await de.getByText('„keine-adresse“ ist keine vollständige Adresse').waitFor();
    await shots(de, 'forwarding-error-de');
    await form.getByLabel('Weiterleiten an').fill('anna@team.example\nsteuerbuero@kanzlei.example');
    await form.getByRole('button', { name: 'Weiterleitung speichern' }).click();
    await de.getByText('E-Mails an info@team.example werden jetzt weitergeleitet.').waitFor();
    await open(de, info);
    assert.match(
      await de.getByTestId('forwarding-status').innerText(),
      /An[\s\S]*Leitet an 2 Adressen weiter und behält eine Kopie hier\.[\s\S]*anderer Anbieter/,
    );
    await shots(de, 'forwarding-de');
    await form.getByRole('button', { name: 'Weiterleitung ausschalten' }).click();
    await de.getByText('Die Weiterleitung für info@team.example ist aus: Alle E-Mails bleiben im Postfach.').waitFor();
    assert.deepEqual(await stored(info.id), { forwardTo: [], keepCopy: true });
    await context.close();
  });

  it('refuses a domain admin who posts the form with another domain’s mailbox id', async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const colleague = await context.newPage();
    colleague.setDefaultTimeout(15_000);
    await signIn(colleague, COLLEAGUE);
    assert.equal((await open(colleague, foreign))?.status(), 404, 'the foreign mailbox is not found');
    assert.equal((await open(colleague, { id: foreign.id, domainId: info.domainId }))?.status(), 404, 'nor under their own domain');
    const before = await t.db.mailbox.findUniqueOrThrow({ where: { id: foreign.id } });

    await open(colleague, info);
    const form = colleague.getByRole('form', { name: 'Forwarding settings' });
    await form.locator('input[name=mailboxId]').evaluate((input, id) => ((input as HTMLInputElement).value = String(id)), foreign.id);
    await form.getByLabel('Forward incoming mail').check();
    await form.getByLabel('Forward to').fill('thief@outside.example');
    await form.getByLabel('Keep a copy in this mailbox').uncheck();
    await form.getByRole('button', { name: 'Save forwarding' }).click();
    await form.getByText(`No mailbox ${foreign.id}. It may have been removed meanwhile.`).waitFor();
    assert.deepEqual(await t.db.mailbox.findUniqueOrThrow({ where: { id: foreign.id } }), before, 'the foreign mailbox is unchanged');
    assert.equal(await t.db.auditLog.count({ where: { targetId: String(foreign.id), actor: `admin:${COLLEAGUE.email}` } }), 0);

    // Their own mailbox is theirs to set (the hidden id as the page wrote it).
    await open(colleague, info);
    await form.getByLabel('Forward incoming mail').check();
    await form.getByLabel('Forward to').fill('anna@team.example');
    await form.getByRole('button', { name: 'Save forwarding' }).click();
    await colleague.getByText('Mail to info@team.example is now forwarded.').waitFor();
    assert.deepEqual(await stored(info.id), { forwardTo: ['anna@team.example'], keepCopy: true });
    await context.close();
  });
});
