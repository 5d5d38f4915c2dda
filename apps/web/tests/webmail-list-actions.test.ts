// The list's bulk actions and drag-and-drop, each checked in the mailbox
// with imapflow (another mail app): mark read/unread/flag over a
// shift-click range, move by the menu and by dragging onto a folder,
// delete to Trash and for good from Trash, Junk and Not junk with their
// keywords; on a 390 px phone too.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { ImapFlow } from 'imapflow';
import type { Page } from 'playwright-core';
import { folderHref } from '../lib/webmail/folder-path.ts';
import { startWebmailHarness, type WebmailHarness } from './lib/webmail-harness.ts';
import { appendMessages, eventually, hydrated, screenshot, subjectsIn, uidsWithFlag, watchCsp } from './lib/webmail-list-fixtures.ts';

function row(page: Page, uid: number) {
  return page.locator(`[data-testid=message-list] [data-testid=message-row]:has(a[data-uid="${uid}"])`);
}

async function select(page: Page, uid: number, options: { shift?: boolean } = {}) {
  await row(page, uid)
    .locator('input[type=checkbox]')
    .click({ modifiers: options.shift ? ['Shift'] : [] });
}

/** Runs a bulk action and waits for the list to say it is done. */
async function act(page: Page, action: string) {
  await page.locator(`[data-testid=bulk-actions] [data-action=${action}]`).click();
  await page
    .getByTestId('list-status')
    .filter({ hasText: /Done|Erledigt/ })
    .waitFor();
}

describe('webmail list actions', () => {
  let h: WebmailHarness;
  let client: ImapFlow;
  const uid: Record<string, number> = {};
  before(async () => {
    h = await startWebmailHarness();
    client = await h.imap(h.anna);
    await client.mailboxCreate('Projects');
    const subjects = ['Alpha', 'Bravo', 'Charlie', 'Delta', 'Echo', 'Foxtrot', 'Golf', 'Hotel'];
    const made = await appendMessages(
      client,
      'INBOX',
      subjects.map((subject, i) => ({
        at: new Date(Date.UTC(2026, 2, 1 + i)),
        from: 'Vera <vera@outside.example>',
        to: h.anna.address,
        subject,
        text: `${subject} body`,
      })),
    );
    subjects.forEach((subject, i) => {
      uid[subject] = made[i] as number;
    });
  });
  after(async () => {
    await client?.logout().catch(() => undefined);
    await h?.stop();
  });

  it('marks a shift-click range read, one unread again, and flags, as imapflow sees', async () => {
    const { page, context } = await h.signIn(h.anna);
    const violations = watchCsp(page);
    await hydrated(page);
    await select(page, uid.Hotel as number);
    await select(page, uid.Foxtrot as number, { shift: true });
    assert.equal(await page.getByTestId('selected-count').textContent(), '3 selected');
    await screenshot(page, 'bulk-selection-en-1280');
    await act(page, 'read');
    await eventually(() => uidsWithFlag(client, 'INBOX', '\\Seen'), [uid.Foxtrot, uid.Golf, uid.Hotel]);
    assert.equal(
      await row(page, uid.Golf as number)
        .locator('a')
        .getAttribute('data-seen'),
      'true',
      'the rows show it at once',
    );
    await act(page, 'unread');
    await eventually(() => uidsWithFlag(client, 'INBOX', '\\Seen'), []);
    await act(page, 'flag');
    await eventually(() => uidsWithFlag(client, 'INBOX', '\\Flagged'), [uid.Foxtrot, uid.Golf, uid.Hotel]);
    await act(page, 'unflag');
    await eventually(() => uidsWithFlag(client, 'INBOX', '\\Flagged'), []);
    // Select all, then none.
    await page.getByTestId('select-all').check();
    assert.equal(await page.getByTestId('selected-count').textContent(), '8 selected');
    await page.getByTestId('select-all').uncheck();
    await page.getByTestId('selected-count').waitFor({ state: 'detached' });
    assert.deepEqual(violations, []);
    await context.close();
  });

  it('moves by the menu and by dragging onto a folder; both land where imapflow looks', async () => {
    const { page, context } = await h.signIn(h.anna);
    await hydrated(page);
    await select(page, uid.Alpha as number);
    await page.getByTestId('bulk-move').selectOption('Projects');
    await row(page, uid.Alpha as number).waitFor({ state: 'detached' });
    await eventually(() => subjectsIn(client, 'Projects'), ['Alpha']);
    assert.ok(!(await subjectsIn(client, 'INBOX')).includes('Alpha'));
    // Dragging one row (not selected) moves just it.
    await page.dragAndDrop(`[data-testid=message-list] a[data-uid="${uid.Bravo}"]`, 'aside [data-drop-folder="Projects"]');
    await row(page, uid.Bravo as number).waitFor({ state: 'detached' });
    await eventually(async () => (await subjectsIn(client, 'Projects')).sort(), ['Alpha', 'Bravo']);
    // Dragging a selected row takes the whole selection.
    await select(page, uid.Charlie as number);
    await select(page, uid.Delta as number);
    await page.dragAndDrop(`[data-testid=message-list] a[data-uid="${uid.Delta}"]`, 'aside [data-drop-folder="Projects"]');
    await row(page, uid.Charlie as number).waitFor({ state: 'detached' });
    await eventually(async () => (await subjectsIn(client, 'Projects')).sort(), ['Alpha', 'Bravo', 'Charlie', 'Delta']);
    await page.locator('aside [data-folder="Projects"]').click();
    await page.waitForURL(/\/webmail\/f\/UHJvamVjdHM/);
    assert.equal(await page.locator('[data-testid=message-list] [data-testid=message-row]').count(), 4);
    await context.close();
  });

  it('deletes to Trash, and from Trash for good', async () => {
    const { page, context } = await h.signIn(h.anna, { locale: 'de' });
    await hydrated(page);
    await select(page, uid.Echo as number);
    await act(page, 'delete');
    await eventually(() => subjectsIn(client, 'Trash'), ['Echo']);
    assert.ok(!(await subjectsIn(client, 'INBOX')).includes('Echo'));
    await page.goto(`${h.web.baseUrl}${folderHref('Trash')}`);
    await hydrated(page);
    await page.locator('[data-testid=message-list] a[data-uid]').first().waitFor();
    await page.locator('[data-testid=message-row] input[type=checkbox]').first().click();
    assert.equal(await page.locator('[data-testid=bulk-actions] [data-action=delete]').textContent(), 'Endgültig löschen');
    const question = new Promise<string>((resolve) =>
      page.once('dialog', (dialog) => {
        resolve(dialog.message());
        void dialog.accept();
      }),
    );
    await act(page, 'delete');
    assert.match(await question, /Diese Nachricht endgültig löschen\? Das lässt sich nicht rückgängig machen\./);
    await eventually(() => subjectsIn(client, 'Trash'), [], 'expunged');
    await context.close();
  });

  it('sends to Junk with $Junk and back to the inbox with $NotJunk, on a phone', async () => {
    const { page, context } = await h.signIn(h.anna, { width: 390 });
    await hydrated(page);
    assert.equal(await page.evaluate(() => document.documentElement.scrollWidth), 390, 'no sideways scroll');
    await select(page, uid.Golf as number);
    await screenshot(page, 'bulk-selection-en-390');
    assert.equal(await page.evaluate(() => document.documentElement.scrollWidth), 390, 'the action bar fits');
    await act(page, 'junk');
    await eventually(() => subjectsIn(client, 'Junk'), ['Golf']);
    const [junkUid] = await uidsWithFlag(client, 'Junk', '$Junk');
    assert.ok(junkUid, 'the message carries $Junk in Junk');
    await page.goto(`${h.web.baseUrl}${folderHref('Junk')}`);
    await hydrated(page);
    await page.locator('[data-testid=message-row] input[type=checkbox]').first().click();
    await act(page, 'notJunk');
    await eventually(() => subjectsIn(client, 'Junk'), []);
    await eventually(async () => (await subjectsIn(client, 'INBOX')).includes('Golf'), true, 'back in the inbox');
    await eventually(async () => (await uidsWithFlag(client, 'INBOX', '$NotJunk')).length, 1, 'with $NotJunk');
    assert.deepEqual(await uidsWithFlag(client, 'INBOX', '$Junk'), [], 'and without $Junk');
    await context.close();
  });
});
