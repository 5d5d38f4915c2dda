// Webmail drafts, identities and signatures end to end: a draft is
// autosaved to Drafts (one version, replaced on each save, seen by
// imapflow as \Draft), survives a reload with its attachment and is gone
// once sent; signatures set in the settings are inserted and switch with
// the From; sending as an alias works, as a foreign address submission
// refuses it (shown in German, nothing lost); a sending limit is shown too.
// Composing in a second tab leaves the first tab's folder live.
// Screenshots at 1280 and 390 px in English and German.
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { CLI_ACTOR, createAlias } from '@kontor/db';
import type { ImapFlow } from 'imapflow';
import { simpleParser } from 'mailparser';
import type { Page } from 'playwright-core';
import { addRecipient, typeBody, waitFor, warmUp } from './lib/webmail-compose-helpers.ts';
import { startWebmailHarness, type WebmailHarness } from './lib/webmail-harness.ts';

const SHOTS = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../test-results/webmail-compose');

async function folderMessages(client: ImapFlow, folder: string) {
  const lock = await client.getMailboxLock(folder);
  try {
    const out: Array<{ uid: number; flags: Set<string>; source: Buffer }> = [];
    for await (const message of client.fetch('1:*', { uid: true, flags: true, source: true })) {
      if (message.source) out.push({ uid: message.uid, flags: message.flags ?? new Set(), source: message.source });
    }
    return out;
  } catch (error) {
    // An empty folder: imapflow's FETCH 1:* answers with an error.
    if (error instanceof Error && /Invalid messageset|BAD|No matching/i.test(error.message)) return [];
    throw error;
  } finally {
    lock.release();
  }
}

/** The autosave finished after the last change (the status shows a time and the URL names the draft). */
async function waitForSave(page: Page) {
  await page.locator('[data-testid=draft-status][data-state=saved]').waitFor({ timeout: 20_000 });
}

describe('webmail drafts, identities and signatures', () => {
  let h: WebmailHarness;
  let anna: ImapFlow;
  let ben: ImapFlow;
  before(async () => {
    h = await startWebmailHarness();
    await warmUp(h);
    await createAlias(h.t.db, CLI_ACTOR, { domainId: h.anna.domainId, localPart: 'sales', destinations: h.anna.address });
    // A correspondent for the address suggestions.
    await h.deliver({ from: 'Carla Schmidt <carla@sender.example>', to: h.anna.address, subject: 'Hello', text: 'Hi Anna' });
    anna = await h.imap(h.anna);
    ben = await h.imap(h.ben);
    await mkdir(SHOTS, { recursive: true });
  });
  after(async () => {
    await anna?.logout().catch(() => undefined);
    await ben?.logout().catch(() => undefined);
    await h?.stop();
  });

  it('autosaves a draft to Drafts, replaces it on each save, reopens it after a reload with its attachment, and removes it once sent', async () => {
    const { page, context } = await h.signIn(h.anna);
    await page.goto(`${h.web.baseUrl}/webmail/compose`);
    await page.getByTestId('compose-editor').waitFor();
    await addRecipient(page, 'to', h.ben.address);
    await page.locator('#compose-subject').fill('Offer for the new office');
    await typeBody(page, 'First paragraph of the offer.');
    const bytes = randomBytes(50_000);
    await page.getByTestId('file-input').setInputFiles({ name: 'floor plan.png', mimeType: 'image/png', buffer: bytes });
    await page.locator('[data-testid=attachment][data-filename="floor plan.png"]').waitFor();
    await waitForSave(page);
    await waitFor('the URL to name the draft', async () => /\/webmail\/compose\?draft=\d+&k=/.test(page.url()));
    let drafts = await folderMessages(anna, 'Drafts');
    assert.equal(drafts.length, 1, 'one draft in Drafts');
    assert.ok(drafts[0]!.flags.has('\\Draft'), 'flagged \\Draft for every mail app');
    const firstUid = drafts[0]!.uid;

    // Back into the paragraph first: the upload's chip and the autosave may have taken the focus from the editor.
    await page.getByTestId('compose-editor').getByText('First paragraph of the offer.').click();
    await page.keyboard.press('End');
    await page.keyboard.type(' And a second sentence.');
    await waitFor('a second save', async () => {
      const list = await folderMessages(anna, 'Drafts');
      return list.length === 1 && list[0]!.uid !== firstUid ? list : null;
    });
    // An autosave may have caught the sentence half typed: wait for the save of all of it, and the URL to name that one.
    const saved = await waitFor('the whole sentence saved and the URL naming that draft', async () => {
      drafts = await folderMessages(anna, 'Drafts');
      if (drafts.length !== 1 || !page.url().includes(`draft=${drafts[0]!.uid}&`)) return null;
      const parsed = await simpleParser(drafts[0]!.source);
      return /And a second sentence\./.test(parsed.text ?? '') ? parsed : null;
    });
    assert.equal(drafts.length, 1, 'the older version was replaced, not kept');
    assert.ok(saved.attachments[0]?.content.equals(bytes));

    await page.reload();
    await page.waitForSelector('html[data-hydrated]', { state: 'attached' });
    await page.getByTestId('compose-editor').waitFor();
    // The form is filled once the page has hydrated; a draft the server could not find would say so in the page.
    await waitFor('the reopened draft in the form', async () => {
      const subject = await page.locator('#compose-subject').inputValue();
      if (subject === '' && (await page.getByText(/draft .*(no longer|not found)|could not be found/i).count())) throw new Error('the draft was not found');
      return subject === 'Offer for the new office';
    });
    await page.locator(`[data-testid=recipients-to] [data-address="${h.ben.address}"]`).waitFor();
    await page.locator('[data-testid=attachment][data-filename="floor plan.png"]').waitFor();
    assert.match((await page.getByTestId('compose-editor').textContent()) ?? '', /First paragraph of the offer\. And a second sentence\./);

    await page.getByTestId('send').click();
    await page.waitForURL(/\/webmail\/f\//, { timeout: 20_000 });
    const received = await waitFor('ben to receive it', async () => {
      const list = await folderMessages(ben, 'INBOX');
      return list.find((m) => m.source.includes('Offer for the new office'));
    });
    const parsed = await simpleParser(received.source);
    assert.ok(parsed.attachments[0]?.content.equals(bytes), 'the reopened draft sent its attachment');
    assert.equal(parsed.headers.get('x-kontor-draft-id'), undefined, 'no draft headers in the sent message');
    assert.equal((await folderMessages(anna, 'Drafts')).length, 0, 'the draft is gone once sent');
    await context.close();
  });

  it("writing in a second tab leaves the first tab's folder live: new INBOX mail still appears there", async () => {
    const { page: inbox, context } = await h.signIn(h.anna);
    await inbox.getByTestId('live-state').and(inbox.locator('[data-state=open]')).waitFor();
    // The same session in a second tab: compose reads Sent for suggestions and saves to Drafts on the shared IMAP connection.
    const compose = await context.newPage();
    await compose.goto(`${h.web.baseUrl}/webmail/compose`);
    await compose.getByTestId('compose-editor').waitFor();
    await compose.locator('#compose-subject').fill('A draft beside the inbox');
    await typeBody(compose, 'Written while the inbox stays open.');
    await waitForSave(compose);
    await h.deliver({ from: 'Dora <dora@sender.example>', to: h.anna.address, subject: 'Arrived while composing', text: 'Live.' });
    // The pool's connection is back in IDLE a second after each autosave (imap-pool.ts, autoIdleDelay): the mail shows soon.
    await inbox
      .getByTestId('message-list')
      .getByRole('link', { name: /Arrived while composing/ })
      .waitFor({ timeout: 20_000 });
    compose.once('dialog', (dialog) => void dialog.accept());
    await compose.getByTestId('discard').click();
    await compose.waitForURL(/\/webmail\/f\//);
    await context.close();
  });

  it('saves the draft when the page is left before the next autosave, and Discard removes it', async () => {
    const { page, context } = await h.signIn(h.anna);
    await page.goto(`${h.web.baseUrl}/webmail/compose`);
    await page.getByTestId('compose-editor').waitFor();
    await page.locator('#compose-subject').fill('Left in a hurry');
    // Straight to the inbox, within the autosave interval: the save on leaving keeps it.
    await page.locator('aside [data-testid=folder-tree] a[data-folder=INBOX]').click();
    await page.waitForURL(/\/webmail\/f\//);
    const draft = await waitFor('the draft saved on leaving', async () =>
      (await folderMessages(anna, 'Drafts')).find((m) => m.source.includes('Left in a hurry')),
    );
    await page.goto(`${h.web.baseUrl}/webmail/compose?draft=${draft.uid}`);
    assert.equal(await page.locator('#compose-subject').inputValue(), 'Left in a hurry');
    page.once('dialog', (dialog) => void dialog.accept());
    await page.getByTestId('discard').click();
    await page.waitForURL(/\/webmail\/f\//);
    await waitFor('the draft to go', async () => !(await folderMessages(anna, 'Drafts')).some((m) => m.source.includes('Left in a hurry')));
    await context.close();
  });

  it('inserts the signature of the From identity and switches it with the From; sending as the alias works', async () => {
    const { page, context } = await h.signIn(h.anna);
    await page.goto(`${h.web.baseUrl}/webmail/settings/signatures`);
    const own = page.locator(`[data-testid=signature-editor][data-identity="${h.anna.address}"]`);
    const alias = page.locator('[data-testid=signature-editor][data-identity="sales@team.example"]');
    await own.locator('[contenteditable=true]').click();
    await page.keyboard.type('Anna Berg');
    await page.keyboard.press('Enter');
    await page.keyboard.type('Team Example');
    await own.getByTestId('save-signature').click();
    await own.getByTestId('signature-result').waitFor();
    await alias.locator('[contenteditable=true]').click();
    await page.keyboard.type('Sales desk');
    await alias.getByTestId('save-signature').click();
    await alias.getByTestId('signature-result').waitFor();
    await page.screenshot({ path: path.join(SHOTS, 'signatures-en-1280.png'), fullPage: true });

    await page.goto(`${h.web.baseUrl}/webmail/compose`);
    const signature = page.locator('[data-testid=compose-editor] .kontor-signature');
    await waitFor('the own signature', async () => /Anna Berg\s*Team Example/.test((await signature.textContent()) ?? ''));
    await page.locator('#compose-from').selectOption('sales@team.example');
    await waitFor('the alias signature', async () => (await signature.textContent()) === 'Sales desk');
    assert.equal(await page.locator('[data-testid=compose-editor] .kontor-signature').count(), 1, 'one signature, replaced');
    await page.locator('#compose-from').selectOption(h.anna.address);
    await waitFor('the own signature again', async () => /Anna Berg/.test((await signature.textContent()) ?? ''));

    // Plain text: the signature under its "-- " line, switched the same way.
    await page.getByTestId('format-switch').getByRole('button', { name: 'Plain text' }).click();
    assert.match(await page.getByTestId('compose-plain').inputValue(), /-- \nAnna Berg\nTeam Example/);
    await page.locator('#compose-from').selectOption('sales@team.example');
    const plain = await page.getByTestId('compose-plain').inputValue();
    assert.match(plain, /-- \nSales desk/);
    assert.doesNotMatch(plain, /Anna Berg/);

    await addRecipient(page, 'to', h.ben.address);
    await page.locator('#compose-subject').fill('From the sales desk');
    await page.getByTestId('compose-plain').evaluate((element) => (element as HTMLTextAreaElement).setSelectionRange(0, 0));
    await page.getByTestId('compose-plain').focus();
    await page.keyboard.type('Our prices for 2027.');
    await page.getByTestId('send').click();
    await page.waitForURL(/\/webmail\/f\//, { timeout: 20_000 });
    const received = await waitFor('ben to receive it', async () => (await folderMessages(ben, 'INBOX')).find((m) => m.source.includes('From the sales desk')));
    const parsed = await simpleParser(received.source);
    assert.equal(parsed.from?.value[0]?.address, 'sales@team.example');
    assert.equal(parsed.html, false, 'plain text only');
    assert.match(parsed.text ?? '', /^Our prices for 2027\.\s*\n\n-- \nSales desk/);
    await context.close();
  });

  it('shows submission refusing a foreign From in German, keeping everything typed', async () => {
    const { page, context } = await h.signIn(h.anna, { locale: 'de' });
    await page.goto(`${h.web.baseUrl}/webmail/compose`);
    await page.getByTestId('compose-editor').waitFor();
    // A tampered form: an address the page never offers.
    await page.locator('#compose-from').evaluate((select) => {
      const option = document.createElement('option');
      option.value = 'ceo@team.example';
      option.textContent = 'ceo@team.example';
      select.append(option);
    });
    await page.locator('#compose-from').selectOption('ceo@team.example');
    await addRecipient(page, 'to', h.ben.address);
    await page.locator('#compose-subject').fill('Nicht von mir');
    await typeBody(page, 'Dieser Text bleibt erhalten.');
    await page.getByTestId('send').click();
    const problem = page.locator('[data-testid=send-problem][data-code=senderRefused]');
    await problem.waitFor({ timeout: 20_000 });
    assert.match((await problem.textContent()) ?? '', /Sie dürfen nicht als ceo@team\.example senden/);
    assert.match(page.url(), /\/webmail\/compose/);
    assert.equal(await page.locator('#compose-subject').inputValue(), 'Nicht von mir');
    assert.match((await page.getByTestId('compose-editor').textContent()) ?? '', /Dieser Text bleibt erhalten\./);
    assert.equal((await folderMessages(ben, 'INBOX')).filter((m) => m.source.includes('Nicht von mir')).length, 0);
    await context.close();
  });

  it('shows a refused recipient and the sending limit beside the form, in German', async () => {
    const { page, context } = await h.signIn(h.anna, { locale: 'de' });
    await page.goto(`${h.web.baseUrl}/webmail/compose`);
    await page.getByTestId('compose-editor').waitFor();
    await addRecipient(page, 'to', 'nobody@team.example');
    await page.locator('#compose-subject').fill('An niemanden');
    await page.getByTestId('send').click();
    const refused = page.locator('[data-testid=send-problem][data-code=recipientsRefused]');
    await refused.waitFor({ timeout: 20_000 });
    assert.match((await refused.textContent()) ?? '', /nobody@team\.example: Adresse gibt es nicht/);

    // Earlier tests sent mail this hour: with a limit of one, submission refuses the next at MAIL FROM.
    await h.t.db.mailbox.update({ where: { id: h.anna.id }, data: { sendLimitPerHour: 1 } });
    try {
      await page.locator('[data-testid=recipients-to] [data-testid=recipient-chip] button').click();
      await addRecipient(page, 'to', h.ben.address);
      await page.locator('#compose-subject').fill('Zu viel');
      await page.getByTestId('send').click();
      const limit = page.locator('[data-testid=send-problem][data-code=sendLimit]');
      await limit.waitFor({ timeout: 20_000 });
      assert.match((await limit.textContent()) ?? '', /Sendelimit von 1 Nachricht pro Stunde/);
      assert.equal(await page.locator('#compose-subject').inputValue(), 'Zu viel');
      await page.screenshot({ path: path.join(SHOTS, 'send-problem-de-1280.png') });
    } finally {
      await h.t.db.mailbox.update({ where: { id: h.anna.id }, data: { sendLimitPerHour: null } });
    }
    await context.close();
  });

  it('screenshots of the compose form at 1280 and 390 px in English and German', async () => {
    for (const locale of ['en', 'de'] as const) {
      for (const width of [1280, 390]) {
        const { page, context } = await h.signIn(h.anna, { locale, width });
        await page.goto(`${h.web.baseUrl}/webmail/compose`);
        await page.getByTestId('compose-editor').waitFor();
        await addRecipient(page, 'to', h.ben.address);
        await page.locator('#compose-subject').fill(locale === 'de' ? 'Angebot für das neue Büro' : 'Offer for the new office');
        await typeBody(page, locale === 'de' ? 'Guten Tag, anbei das Angebot.' : 'Hello, the offer is attached.');
        await page.getByTestId('file-input').setInputFiles({ name: 'offer.pdf', mimeType: 'application/pdf', buffer: randomBytes(12_345) });
        await page.locator('[data-testid=attachment]').waitFor();
        await page.locator('#compose-to').fill('ca');
        await page.getByRole('listbox').waitFor();
        await page.screenshot({ path: path.join(SHOTS, `compose-${locale}-${width}.png`) });
        await page.locator('#compose-to').press('Escape');
        // Not measuring but proving: at 390 px nothing runs off the side.
        const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
        assert.ok(overflow <= 0, `no horizontal scrolling at ${width} px (${overflow}px)`);
        await context.close();
      }
    }
    const { page, context } = await h.signIn(h.anna, { locale: 'de', width: 390 });
    await page.goto(`${h.web.baseUrl}/webmail/settings/signatures`);
    await page.locator('[data-testid=signature-editor]').first().waitFor();
    await page.screenshot({ path: path.join(SHOTS, 'signatures-de-390.png'), fullPage: true });
    await context.close();
  });
});
