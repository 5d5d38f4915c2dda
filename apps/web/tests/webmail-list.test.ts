// The webmail's message list against maild, checked with imapflow as the
// independent client: every sort order equals the order computed from
// what imapflow fetches, pages load as the list scrolls (and only the rows
// in view are drawn), the conversation view groups a reply chain, and the
// server's first page costs one FETCH of 50 rows.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { ImapFlow } from 'imapflow';
import type { Page } from 'playwright-core';
import { folderSlug } from '../lib/webmail/folder-path.ts';
import { startWebmailHarness, type WebmailHarness } from './lib/webmail-harness.ts';
import { appendMessages, hydrated, rowsPage, type SeedMessage, screenshot, shownUids, watchCsp } from './lib/webmail-list-fixtures.ts';

const COUNT = 130;
const NAMES = ['Zora Adler', 'Bert Quint', 'Anton Mayer', 'Carla Jung', 'Dieter Ott', 'Emma Frey', 'Yusuf Demir', 'Greta Holm'];

/**
 * 130 messages whose sent dates, senders, subjects and sizes are all in a
 * different order than their arrival, so each sort order is a different list.
 */
function seedMessages(): SeedMessage[] {
  const base = Date.UTC(2026, 0, 1);
  return Array.from({ length: COUNT }, (_, i) => {
    const name = `${NAMES[i % NAMES.length]} ${String((i * 37) % COUNT).padStart(3, '0')}`;
    return {
      at: new Date(base + ((i * 53) % COUNT) * 3_600_000),
      from: `"${name}" <sender${i}@outside.example>`,
      to: 'anna@team.example',
      subject: `Topic ${String((i * 71) % COUNT).padStart(3, '0')}`,
      text: `Message number ${i}. ${'padding '.repeat((i * 29) % COUNT)}`,
      flags: i % 3 === 0 ? [] : ['\\Seen'],
    };
  });
}

interface Fetched {
  uid: number;
  date: number;
  from: string;
  subject: string;
  size: number;
}

async function fetchAll(client: ImapFlow): Promise<Fetched[]> {
  const lock = await client.getMailboxLock('INBOX');
  try {
    const all: Fetched[] = [];
    for await (const message of client.fetch('1:*', { uid: true, envelope: true, size: true })) {
      all.push({
        uid: message.uid,
        date: message.envelope?.date ? new Date(message.envelope.date).getTime() : 0,
        from: (message.envelope?.from?.[0]?.name || message.envelope?.from?.[0]?.address || '').toLowerCase(),
        subject: (message.envelope?.subject ?? '').toLowerCase(),
        size: message.size ?? 0,
      });
    }
    return all;
  } finally {
    lock.release();
  }
}

/** RFC 5256: by the key, ties by sequence number (ascending UID) whichever the direction. */
function expectedOrder(all: Fetched[], key: keyof Fetched, reverse: boolean): number[] {
  return [...all]
    .sort((a, b) => {
      const order = a[key] < b[key] ? -1 : a[key] > b[key] ? 1 : 0;
      return (reverse ? -order : order) || a.uid - b.uid;
    })
    .map((entry) => entry.uid);
}

async function rowsOf(page: Page, baseUrl: string, order: string, pageNo: number): Promise<number[]> {
  const answer = await rowsPage(page, `${baseUrl}/webmail/f/${folderSlug('INBOX')}/rows?page=${pageNo}&order=${order}`);
  assert.equal(answer.status, 200);
  return (answer.body.rows ?? []).map((row) => row.uid);
}

describe('webmail message list', () => {
  let h: WebmailHarness;
  let client: ImapFlow;
  let uids: number[];
  before(async () => {
    h = await startWebmailHarness();
    client = await h.imap(h.anna);
    uids = await appendMessages(client, 'INBOX', seedMessages());
  });
  after(async () => {
    await client?.logout().catch(() => undefined);
    await h?.stop();
  });

  it('sorts by arrival, date, sender, subject and size both ways, as imapflow sees the folder', async () => {
    const { page, context } = await h.signIn(h.anna);
    const violations = watchCsp(page);
    await hydrated(page);
    const all = await fetchAll(client);
    const arrival = [...uids].sort((a, b) => b - a);
    assert.deepEqual(await shownUids(page).then((shown) => shown.slice(0, 8)), arrival.slice(0, 8), 'newest arrival first by default');
    const cases: Array<[string, keyof Fetched | 'arrival']> = [
      ['date', 'date'],
      ['from', 'from'],
      ['subject', 'subject'],
      ['size', 'size'],
    ];
    for (const [field, key] of cases) {
      for (const reverse of [true, false]) {
        const expected = key === 'arrival' ? arrival : expectedOrder(all, key, reverse);
        const order = `${field}.${reverse ? 'desc' : 'asc'}`;
        const pages = [
          ...(await rowsOf(page, h.web.baseUrl, order, 1)),
          ...(await rowsOf(page, h.web.baseUrl, order, 2)),
          ...(await rowsOf(page, h.web.baseUrl, order, 3)),
        ];
        assert.deepEqual(pages, expected, `${order}: the three pages are the folder in that order`);
      }
    }
    assert.deepEqual(await rowsOf(page, h.web.baseUrl, 'arrival.asc', 1), [...uids].sort((a, b) => a - b).slice(0, 50), 'oldest arrival first');
    // The user picks an order in the list: it shows at once and is kept for the next visit.
    await page.getByTestId('sort-field').selectOption('subject');
    await page.locator('[data-testid=sort-direction][data-reverse=false]').waitFor();
    await page.waitForFunction(() => document.querySelector('[data-testid=sort-field]') instanceof HTMLSelectElement);
    const bySubject = expectedOrder(all, 'subject', false);
    await page.locator(`[data-testid=message-list] a[data-uid="${bySubject[0]}"]`).waitFor();
    assert.deepEqual((await shownUids(page)).slice(0, 6), bySubject.slice(0, 6));
    await page.getByTestId('sort-direction').click();
    await page.locator('[data-testid=sort-direction][data-reverse=true]').waitFor();
    const bySubjectDesc = expectedOrder(all, 'subject', true);
    await page.locator(`[data-testid=message-list] a[data-uid="${bySubjectDesc[0]}"]`).waitFor();
    assert.deepEqual((await shownUids(page)).slice(0, 6), bySubjectDesc.slice(0, 6));
    await page.reload();
    await hydrated(page);
    assert.equal(await page.getByTestId('sort-field').inputValue(), 'subject', 'the order is remembered');
    assert.deepEqual((await shownUids(page)).slice(0, 6), bySubjectDesc.slice(0, 6));
    await page.getByTestId('sort-field').selectOption('arrival');
    await page.locator(`[data-testid=message-list] a[data-uid="${arrival[0]}"]`).waitFor();
    assert.deepEqual(violations, [], 'no Content-Security-Policy violations');
    await context.close();
  });

  it('draws only the rows in view and fetches the next pages as the list scrolls', async () => {
    const { page, context } = await h.signIn(h.anna);
    await hydrated(page);
    const requests: string[] = [];
    page.on('request', (request) => {
      if (request.url().includes('/rows?')) requests.push(request.url());
    });
    assert.match((await page.getByTestId('list-total').textContent()) ?? '', /130 messages/);
    const drawn = await page.locator('[data-testid=message-row]').count();
    assert.ok(drawn > 5 && drawn < 40, `only the rows in view are drawn (${drawn})`);
    assert.equal(await page.locator('[data-testid=message-list] li').first().getAttribute('aria-setsize'), '130');
    const scroller = page.getByTestId('message-scroller');
    await scroller.evaluate((element) => element.scrollTo(0, element.scrollHeight));
    const oldest = Math.min(...uids);
    await page.locator(`[data-testid=message-list] a[data-uid="${oldest}"]`).waitFor();
    assert.ok(
      requests.some((url) => url.includes('page=3')),
      'the last page was fetched when scrolled to',
    );
    assert.ok(!requests.some((url) => url.includes('page=2')), 'the pages in between were skipped');
    assert.ok((await page.locator('[data-testid=message-row]').count()) < 40, 'still only the rows in view');
    // Opening a row of page 3 keeps the list where it is and marks the message read.
    const row = page.locator(`[data-testid=message-list] a[data-uid="${oldest}"]`);
    await row.click();
    await page.waitForURL(/m=/);
    await page.locator(`[data-testid=message-list] a[data-uid="${oldest}"][data-seen=true]`).waitFor();
    await context.close();
  });

  it('groups a reply chain into one conversation, newest conversation first', async () => {
    await h.deliver({
      from: 'Otto <otto@outside.example>',
      to: h.anna.address,
      subject: 'Lunch plans',
      text: 'Shall we?',
      messageId: '<lunch-1@outside.example>',
    });
    await h.deliver({
      from: 'Paula <paula@outside.example>',
      to: h.anna.address,
      subject: 'Re: Lunch plans',
      text: 'Yes, at noon.',
      messageId: '<lunch-2@team.example>',
      inReplyTo: '<lunch-1@outside.example>',
      references: ['<lunch-1@outside.example>'],
    });
    await h.deliver({
      from: 'Otto <otto@outside.example>',
      to: h.anna.address,
      subject: 'Re: Re: Lunch plans',
      text: 'See you there.',
      messageId: '<lunch-3@outside.example>',
      inReplyTo: '<lunch-2@team.example>',
      references: ['<lunch-1@outside.example>', '<lunch-2@team.example>'],
    });
    const { page, context } = await h.signIn(h.anna, { locale: 'de' });
    await hydrated(page);
    await page.getByTestId('conversations').click();
    const thread = page.locator('[data-testid=message-row]').first();
    await thread.getByTestId('thread-count').waitFor();
    assert.equal(await thread.getByTestId('thread-count').locator('span[aria-hidden=true]').first().textContent(), '3');
    assert.match((await thread.getByTestId('thread-count').textContent()) ?? '', /3 Nachrichten in dieser Unterhaltung/);
    assert.match((await thread.getByTestId('subject').textContent()) ?? '', /Lunch plans/);
    assert.match((await page.getByTestId('list-total').textContent()) ?? '', /131 Unterhaltungen/);
    await screenshot(page, 'conversations-de-1280');
    await thread.getByTestId('thread-count').click();
    await page.locator('[data-testid=message-row][data-depth="1"]').nth(2).waitFor();
    const subjects = await page.locator('[data-testid=message-row] [data-testid=subject]').allTextContents();
    assert.deepEqual(subjects.slice(1, 4), ['Re: Re: Lunch plans', 'Re: Lunch plans', 'Lunch plans'], 'the conversation opens newest first');
    await page.getByTestId('conversations').click();
    await page.locator('[data-testid=message-row] [data-testid=thread-count]').first().waitFor({ state: 'detached' });
    await context.close();
  });
});
