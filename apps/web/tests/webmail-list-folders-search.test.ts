// Folders, search, keyboard shortcuts and isolation in the webmail, each
// checked with imapflow: folders created, renamed and deleted in the tree
// are what IMAP LIST shows; search finds by a word of the text and by
// sender, narrowed by folder, dates, attachments and unread; j/k/Enter/u/#
// and / work, ? shows the help in both languages; and a crafted action
// call or URL naming ben's folder or UID reaches only anna's own mailbox.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { ImapFlow } from 'imapflow';
import type { Page, Route } from 'playwright-core';
import { folderHref, folderSlug } from '../lib/webmail/folder-path.ts';
import { startWebmailHarness, type WebmailHarness } from './lib/webmail-harness.ts';
import { appendMessages, eventually, hydrated, rowsPage, screenshot, shownUids, subjectsIn, uidsWithFlag, watchCsp } from './lib/webmail-list-fixtures.ts';

async function folderPaths(client: ImapFlow): Promise<string[]> {
  return (await client.list()).map((entry) => entry.path).sort();
}

async function search(page: Page, baseUrl: string, params: Record<string, string>): Promise<string[]> {
  await page.goto(`${baseUrl}/webmail/search?${new URLSearchParams(params)}`);
  await hydrated(page);
  await page.getByTestId('search-summary').waitFor();
  return page.locator('[data-testid=message-list] [data-testid=subject]').allTextContents();
}

/** The subjects without the folder badge a search result carries. */
function bare(subjects: string[]): string[] {
  return subjects.map((subject) => subject.replace(/^(Inbox|Archive|Posteingang|Archiv)/, '')).sort();
}

describe('webmail folders, search, shortcuts and isolation', () => {
  let h: WebmailHarness;
  let anna: ImapFlow;
  let ben: ImapFlow;
  let benSecret: number;
  let benInbox: number;
  before(async () => {
    h = await startWebmailHarness();
    anna = await h.imap(h.anna);
    ben = await h.imap(h.ben);
    await appendMessages(anna, 'INBOX', [
      {
        at: new Date(Date.UTC(2025, 10, 3, 9)),
        from: 'Billing <billing@supplier.example>',
        to: h.anna.address,
        subject: 'Invoice October',
        text: 'Please pay by Friday.',
        flags: ['\\Seen'],
      },
      {
        at: new Date(Date.UTC(2026, 1, 10, 9)),
        from: 'Billing <billing@supplier.example>',
        to: h.anna.address,
        subject: 'Invoice February',
        text: 'The quokka report is attached.',
        attachments: [{ filename: 'report.pdf', content: Buffer.from('%PDF-1.4 test') }],
      },
      {
        at: new Date(Date.UTC(2026, 1, 12, 9)),
        from: 'Carla <carla@friends.example>',
        to: h.anna.address,
        subject: 'Weekend',
        text: 'A quokka at the zoo!',
        flags: ['\\Seen'],
      },
      { at: new Date(Date.UTC(2026, 1, 14, 9)), from: 'Dora <dora@friends.example>', to: h.anna.address, subject: 'Recipe', text: 'Flour, eggs, milk.' },
      { at: new Date(Date.UTC(2026, 1, 15, 9)), from: 'Emil <emil@friends.example>', to: h.anna.address, subject: 'Concert', text: 'Tickets for Saturday.' },
    ]);
    await appendMessages(anna, 'Archive', [
      {
        at: new Date(Date.UTC(2024, 5, 1)),
        from: 'Billing <billing@supplier.example>',
        to: h.anna.address,
        subject: 'Old quokka invoice',
        text: 'Archived.',
        flags: ['\\Seen'],
      },
    ]);
    await ben.mailboxCreate('Ben privat');
    [benSecret] = (await appendMessages(ben, 'Ben privat', [
      { at: new Date(), from: 'Bank <bank@bank.example>', to: h.ben.address, subject: 'Ben secret', text: 'quokka secret' },
    ])) as [number];
    [benInbox] = (await appendMessages(ben, 'INBOX', [
      { at: new Date(), from: 'Bank <bank@bank.example>', to: h.ben.address, subject: 'Ben inbox', text: 'private' },
    ])) as [number];
  });
  after(async () => {
    await anna?.logout().catch(() => undefined);
    await ben?.logout().catch(() => undefined);
    await h?.stop();
  });

  it('creates, nests, renames and deletes folders as IMAP LIST shows; special folders keep their names', async () => {
    const { page, context } = await h.signIn(h.anna);
    const violations = watchCsp(page);
    await hydrated(page);
    const tree = page.locator('aside');
    await tree.getByTestId('new-folder').click();
    await tree.getByTestId('folder-name-form').locator('input').fill('Kunden');
    await tree.getByTestId('folder-name-form').getByRole('button', { name: 'Create' }).click();
    await tree.locator('[data-folder="Kunden"]').waitFor();
    assert.ok((await folderPaths(anna)).includes('Kunden'));
    await tree.locator('[data-folder-menu="Kunden"]').click();
    await tree.getByRole('button', { name: 'New subfolder' }).click();
    await tree.getByTestId('folder-name-form').locator('input').fill('Meier');
    await tree.getByTestId('folder-name-form').getByRole('button', { name: 'Create' }).click();
    await tree.locator('[data-folder="Kunden/Meier"]').waitFor();
    assert.ok((await folderPaths(anna)).includes('Kunden/Meier'));
    // A folder with subfolders is not deleted.
    await tree.locator('[data-folder-menu="Kunden"]').click();
    page.once('dialog', (dialog) => void dialog.accept());
    await tree.getByRole('button', { name: 'Delete folder' }).click();
    await tree.getByRole('alert').filter({ hasText: 'subfolders' }).waitFor();
    await tree.locator('[data-folder-menu="Kunden/Meier"]').click();
    await tree.getByRole('button', { name: 'Rename' }).click();
    await tree.getByTestId('folder-name-form').locator('input').fill('Müller');
    await tree.getByTestId('folder-name-form').getByRole('button', { name: 'Save' }).click();
    await tree.locator('[data-folder="Kunden/Müller"]').waitFor();
    let paths = await folderPaths(anna);
    assert.ok(paths.includes('Kunden/Müller') && !paths.includes('Kunden/Meier'), 'renamed (UTF-7 on the wire, Müller in LIST)');
    await appendMessages(anna, 'Kunden/Müller', [
      { at: new Date(), from: 'Max <max@mueller.example>', to: h.anna.address, subject: 'Angebot', text: 'Anbei.' },
    ]);
    await page.reload();
    await hydrated(page);
    await tree.locator('[data-folder-menu="Kunden/Müller"]').click();
    const question = new Promise<string>((resolve) =>
      page.once('dialog', (dialog) => {
        resolve(dialog.message());
        void dialog.accept();
      }),
    );
    await tree.getByRole('button', { name: 'Delete folder' }).click();
    assert.match(await question, /Müller.*Its message goes to Trash/);
    await tree.locator('[data-folder="Kunden/Müller"]').waitFor({ state: 'detached' });
    paths = await folderPaths(anna);
    assert.ok(!paths.includes('Kunden/Müller'));
    await eventually(async () => (await subjectsIn(anna, 'Trash')).includes('Angebot'), true, "the folder's messages went to Trash");
    // INBOX and the special folders offer no rename or delete.
    await tree.locator('[data-folder-menu="INBOX"]').click();
    assert.equal(await tree.getByTestId('folder-menu').getByRole('button').count(), 1, 'only "New subfolder"');
    await screenshot(page, 'folder-menu-en-1280');
    assert.deepEqual(violations, []);
    await context.close();
  });

  it('searches by a word of the text and by sender, with folder, date, attachment and unread filters, paged', async () => {
    const { page, context } = await h.signIn(h.anna);
    await hydrated(page);
    // The quick search above the list.
    await page.locator('#webmail-search-q').fill('quokka');
    await page.locator('#webmail-search-q').press('Enter');
    await page.waitForURL(/\/webmail\/search\?q=quokka/);
    await page.getByTestId('search-summary').waitFor();
    assert.deepEqual(bare(await page.locator('[data-testid=message-list] [data-testid=subject]').allTextContents()), [
      'Invoice February',
      'Old quokka invoice',
      'Weekend',
    ]);
    assert.match((await page.getByTestId('search-summary').textContent()) ?? '', /3 messages found/);
    await screenshot(page, 'search-en-1280');
    assert.deepEqual(
      bare(await search(page, h.web.baseUrl, { q: 'billing@supplier.example' })),
      ['Invoice February', 'Invoice October', 'Old quokka invoice'],
      'by sender',
    );
    assert.deepEqual(
      bare(await search(page, h.web.baseUrl, { q: 'billing@supplier.example', f: folderSlug('INBOX') })),
      ['Invoice February', 'Invoice October'],
      'one folder',
    );
    assert.deepEqual(bare(await search(page, h.web.baseUrl, { q: 'quokka', unread: '1' })), ['Invoice February'], 'unread only');
    assert.deepEqual(bare(await search(page, h.web.baseUrl, { q: 'invoice', att: '1' })), ['Invoice February'], 'with attachments');
    assert.deepEqual(
      bare(await search(page, h.web.baseUrl, { q: 'invoice', since: '2025-11-01', until: '2025-11-03' })),
      ['Invoice October'],
      'received in a date range, both days included',
    );
    assert.deepEqual(bare(await search(page, h.web.baseUrl, { q: 'quokka zoo' })), ['Weekend'], 'every word must match');
    assert.deepEqual(bare(await search(page, h.web.baseUrl, { q: 'nothing-like-this' })), []);
    // The filters are a form: unread and a folder, chosen by hand.
    await page.goto(`${h.web.baseUrl}/webmail/search`);
    await hydrated(page);
    await page.getByTestId('search-empty').waitFor();
    await page.locator('#webmail-search-q').fill('invoice');
    await page.getByTestId('search-form').locator('summary').click();
    await page.getByTestId('search-folder').selectOption(folderSlug('Archive'));
    await page.getByRole('button', { name: 'Search', exact: true }).click();
    await page.waitForURL(/f=/);
    await page.getByTestId('search-summary').waitFor();
    assert.deepEqual(bare(await page.locator('[data-testid=message-list] [data-testid=subject]').allTextContents()), ['Old quokka invoice']);
    // Results open beside the list.
    await page.locator('[data-testid=message-list] a[data-uid]').first().click();
    await page.waitForURL(/mf=.*m=\d+/);
    // Paging: 60 more hits fill two pages.
    await appendMessages(
      anna,
      'INBOX',
      Array.from({ length: 60 }, (_, i) => ({
        at: new Date(Date.UTC(2026, 2, 1, 0, i)),
        from: 'News <news@list.example>',
        to: h.anna.address,
        subject: `Newsletter ${i}`,
        text: 'weekly digest',
      })),
    );
    const first = await rowsPage(page, `${h.web.baseUrl}/webmail/search/rows?q=digest&page=1`);
    const second = await rowsPage(page, `${h.web.baseUrl}/webmail/search/rows?q=digest&page=2`);
    assert.equal(first.body.total, 60);
    assert.equal(first.body.rows?.length, 50);
    assert.equal(second.body.rows?.length, 10);
    assert.equal(new Set([...(first.body.rows ?? []), ...(second.body.rows ?? [])].map((row) => row.uid)).size, 60, 'no hit twice');
    await context.close();
  });

  it('moves with j/k, opens with Enter, goes back with u, deletes with #, archives with e, searches with /, and shows the help with ?', async () => {
    const { page, context } = await h.signIn(h.anna, { locale: 'de' });
    await hydrated(page);
    const order = await shownUids(page);
    await page.keyboard.press('j');
    await page.locator(`[data-testid=message-row][data-cursor]:has(a[data-uid="${order[0]}"])`).waitFor();
    await page.keyboard.press('j');
    await page.locator(`[data-testid=message-row][data-cursor]:has(a[data-uid="${order[1]}"])`).waitFor();
    await page.keyboard.press('k');
    await page.locator(`[data-testid=message-row][data-cursor]:has(a[data-uid="${order[0]}"])`).waitFor();
    await page.keyboard.press('Enter');
    await page.waitForURL(new RegExp(`m=${order[0]}$`));
    await page.keyboard.press('j');
    await page.waitForURL(new RegExp(`m=${order[1]}$`));
    await page.keyboard.press('u');
    await page.waitForURL((url) => !url.search.includes('m='));
    await page.keyboard.press('o');
    await page.waitForURL(new RegExp(`m=${order[1]}$`));
    const subject = (await page.locator(`[data-testid=message-list] a[data-uid="${order[1]}"] [data-testid=subject]`).textContent()) ?? '';
    await page.keyboard.press('#');
    await page.waitForURL(new RegExp(`m=${order[2]}$`), { timeout: 15_000 });
    await eventually(async () => (await subjectsIn(anna, 'Trash')).includes(subject), true, '# moved the open message to Trash');
    const archived = (await page.locator(`[data-testid=message-list] a[data-uid="${order[2]}"] [data-testid=subject]`).textContent()) ?? '';
    await page.keyboard.press('e');
    await page.waitForURL(new RegExp(`m=${order[3]}$`), { timeout: 15_000 });
    await eventually(async () => (await subjectsIn(anna, 'Archive')).includes(archived), true, 'e moved the open message to Archive');
    // Not while typing: "j" in the search box is a letter.
    await page.keyboard.press('/');
    assert.equal(await page.evaluate(() => document.activeElement?.id), 'webmail-search-q');
    await page.keyboard.type('jk');
    assert.equal(await page.locator('#webmail-search-q').inputValue(), 'jk');
    await page.locator('#webmail-search-q').blur();
    await page.keyboard.press('?');
    const help = page.getByTestId('keyboard-help');
    await help.waitFor();
    assert.match((await help.textContent()) ?? '', /Tastenkürzel.*Nächste Nachricht.*Archivieren/s);
    await screenshot(page, 'keyboard-help-de-1280');
    await page.keyboard.press('Escape');
    await help.waitFor({ state: 'detached' });
    await page.keyboard.press('c');
    await page.waitForURL(/\/webmail\/compose$/);
    await context.close();
  });

  it("a crafted action call or URL with ben's folder or UID reaches only anna's own mailbox", async () => {
    const benSecretBefore = await uidsWithFlag(ben, 'Ben privat', '\\Seen');
    const benInboxSeen = await uidsWithFlag(ben, 'INBOX', '\\Seen');
    const { page, context } = await h.signIn(h.anna);
    await hydrated(page);
    // The folder page and its rows route for ben's folder: not found in anna's account.
    await page.goto(`${h.web.baseUrl}${folderHref('Ben privat')}`);
    await page.getByText('This folder does not exist').waitFor();
    const rows = await rowsPage(page, `${h.web.baseUrl}/webmail/f/${folderSlug('Ben privat')}/rows?uids=${benSecret}`);
    assert.equal(rows.status, 404);
    const inboxRows = await rowsPage(page, `${h.web.baseUrl}/webmail/f/${folderSlug('INBOX')}/rows?uids=${benInbox}`);
    assert.ok(!(inboxRows.body.rows ?? []).some((row) => /Ben/.test(JSON.stringify(row))), "a UID of ben's names anna's message, if any");
    const searched = await rowsPage(page, `${h.web.baseUrl}/webmail/search/rows?q=secret&f=${folderSlug('Ben privat')}`);
    assert.equal(searched.body.total, 0);
    const everywhere = await rowsPage(page, `${h.web.baseUrl}/webmail/search/rows?q=quokka`);
    assert.ok(!JSON.stringify(everywhere.body).includes('Ben secret'));
    // A real action call from anna's page, rewritten on the way to name ben's folder and UIDs.
    await page.goto(`${h.web.baseUrl}${folderHref('INBOX')}`);
    await hydrated(page);
    const rewrite = (body: (original: string) => string) => async (route: Route) => {
      const request = route.request();
      if (request.method() === 'POST' && request.headers()['next-action']) await route.continue({ postData: body(request.postData() ?? '') });
      else await route.continue();
    };
    await page.route(
      '**/webmail/**',
      rewrite((original) => original.replace('"INBOX"', '"Ben privat"').replace(/"uids":\[[^\]]*\]/, `"uids":[${benSecret}]`)),
    );
    await page.locator('[data-testid=message-row] input[type=checkbox]').first().click();
    await page.locator('[data-testid=bulk-actions] [data-action=delete]').click();
    await page.getByTestId('list-status').filter({ hasText: 'no longer there' }).waitFor();
    await page.unroute('**/webmail/**');
    await page.route(
      '**/webmail/**',
      rewrite((original) => original.replace(/"uids":\[[^\]]*\]/, `"uids":[${benInbox}]`).replace('"action":"delete"', '"action":"read"')),
    );
    await page.locator('[data-testid=bulk-actions] [data-action=delete]').click();
    await page.getByTestId('list-status').waitFor();
    await page.unroute('**/webmail/**');
    // A folder deletion, rewritten to name ben's folder: refused, as anna has no such folder.
    await page.route(
      '**/webmail/**',
      rewrite((original) => original.replace('"Kunden"', '"Ben privat"')),
    );
    await page.locator('aside [data-folder-menu="Kunden"]').click();
    page.once('dialog', (dialog) => void dialog.accept());
    await page.locator('aside').getByRole('button', { name: 'Delete folder' }).click();
    await page.locator('aside').getByRole('alert').filter({ hasText: 'does not exist' }).waitFor();
    await page.unroute('**/webmail/**');
    // A new session reads the mailbox as stored now (no change event to wait for).
    const fresh = await h.imap(h.ben);
    assert.deepEqual(await subjectsIn(fresh, 'Ben privat'), ['Ben secret'], "ben's folder is untouched");
    assert.deepEqual(await uidsWithFlag(fresh, 'Ben privat', '\\Seen'), benSecretBefore);
    assert.deepEqual(await subjectsIn(fresh, 'INBOX'), ['Ben inbox']);
    assert.deepEqual(await uidsWithFlag(fresh, 'INBOX', '\\Seen'), benInboxSeen, "ben's inbox flags are untouched");
    assert.deepEqual(await subjectsIn(fresh, 'Trash'), []);
    assert.ok((await folderPaths(fresh)).includes('Ben privat'));
    await fresh.logout();
    assert.ok((await folderPaths(anna)).includes('Kunden'), "anna's own folder stays too");
    await context.close();
  });

  it('looks right at 1280 and 390 px in English and German', async () => {
    for (const locale of ['en', 'de'] as const) {
      for (const width of [1280, 390]) {
        const { page, context } = await h.signIn(h.anna, { locale, width });
        const violations = watchCsp(page);
        await hydrated(page);
        await page.locator('[data-testid=message-list] a[data-uid]').first().waitFor();
        assert.equal(await page.evaluate(() => document.documentElement.scrollWidth), width, `no sideways scroll at ${width} (${locale})`);
        await screenshot(page, `inbox-${locale}-${width}`);
        await page.locator('[data-testid=message-list] a[data-uid]').first().click();
        await page.waitForURL(/m=/);
        if (width === 390) assert.ok(!(await page.getByTestId('message-list').isVisible()), 'on a phone the open message replaces the list');
        await screenshot(page, `message-${locale}-${width}`);
        await search(page, h.web.baseUrl, { q: 'invoice' });
        assert.equal(await page.evaluate(() => document.documentElement.scrollWidth), width);
        await screenshot(page, `search-${locale}-${width}`);
        assert.deepEqual(violations, []);
        await context.close();
      }
    }
  });
});
