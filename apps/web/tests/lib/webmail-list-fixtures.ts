// What the message-list tests share: messages put straight into a folder
// over IMAP (APPEND, with a chosen date and flags, as a migration or
// another client would), the list's rows as the browser shows them, the
// rows route as the page's scripts fetch it, and a CSP watch.
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import type { ImapFlow } from 'imapflow';
import type { SendMailOptions } from 'nodemailer';
import MailComposer from 'nodemailer/lib/mail-composer/index.js';
import type { Page } from 'playwright-core';

export const SHOTS = path.resolve(import.meta.dirname, '../../../../test-results/webmail-list');

export interface SeedMessage extends SendMailOptions {
  /** INTERNALDATE, and the Date: header unless `date` is given. */
  at: Date;
  flags?: string[];
}

/** APPENDs the messages to `folder` in the given order (so UIDs follow it). Returns their UIDs. */
export async function appendMessages(client: ImapFlow, folder: string, messages: SeedMessage[]): Promise<number[]> {
  const uids: number[] = [];
  for (const { at, flags, ...mail } of messages) {
    const raw = await new MailComposer({ date: at, ...mail }).compile().build();
    const result = await client.append(folder, raw, flags ?? [], at);
    if (result === false || !result.uid) throw new Error(`APPEND to ${folder} gave no UID`);
    uids.push(result.uid);
  }
  return uids;
}

/** The UIDs of the rows drawn now, top to bottom (a virtual list draws only those in view). */
export async function shownUids(page: Page): Promise<number[]> {
  const uids = await page
    .locator('[data-testid=message-list] [data-testid=message-row] a[data-uid]')
    .evaluateAll((links) => links.map((link) => ({ uid: Number(link.getAttribute('data-uid')), top: link.getBoundingClientRect().top })));
  return uids.sort((a, b) => a.top - b.top).map((entry) => entry.uid);
}

/** One page of the rows route, fetched by the page itself (its cookie, its origin). */
export async function rowsPage(
  page: Page,
  url: string,
): Promise<{ status: number; body: { rows?: Array<{ uid: number; path: string; seen: boolean }>; total?: number; error?: string } }> {
  return page.evaluate(async (target) => {
    const response = await fetch(target, { headers: { Accept: 'application/json' } });
    return { status: response.status, body: await response.json() };
  }, url);
}

/** Console lines about blocked content: a page must cause none. */
export function watchCsp(page: Page): string[] {
  const violations: string[] = [];
  page.on('console', (message) => {
    if (/Content Security Policy|Refused to/i.test(message.text())) violations.push(message.text());
  });
  return violations;
}

export async function screenshot(page: Page, name: string): Promise<void> {
  mkdirSync(SHOTS, { recursive: true });
  await page.screenshot({ path: path.join(SHOTS, `${name}.png`) });
}

/** Waits until the page's scripts run (the list switches to its virtual, scrolling form then). */
export async function hydrated(page: Page): Promise<void> {
  await page.waitForSelector('html[data-hydrated]', { state: 'attached' });
}

/** The UIDs of a folder that carry (or lack) a flag, as another mail client sees them. */
export async function uidsWithFlag(client: ImapFlow, folder: string, flag: string): Promise<number[]> {
  const lock = await client.getMailboxLock(folder);
  try {
    // A folder already selected learns of messages that arrived meanwhile only when the server may say so.
    await client.noop();
    const found: number[] = [];
    for await (const message of client.fetch('1:*', { uid: true, flags: true })) if (message.flags?.has(flag)) found.push(message.uid);
    return found.sort((a, b) => a - b);
  } finally {
    lock.release();
  }
}

/** Subjects in a folder, as another mail client sees them. */
export async function subjectsIn(client: ImapFlow, folder: string): Promise<string[]> {
  const lock = await client.getMailboxLock(folder);
  try {
    await client.noop();
    const subjects: string[] = [];
    if ((client.mailbox && typeof client.mailbox === 'object' ? client.mailbox.exists : 0) === 0) return subjects;
    for await (const message of client.fetch('1:*', { envelope: true })) subjects.push(message.envelope?.subject ?? '');
    return subjects;
  } finally {
    lock.release();
  }
}

/**
 * Waits until `read()` gives `expected` (deep-equal), for at most 10 s.
 * Another IMAP session learns of a change through maild's change events,
 * a moment after the web's session made it.
 */
export async function eventually<T>(read: () => Promise<T>, expected: T, message?: string): Promise<void> {
  const deadline = Date.now() + 10_000;
  for (;;) {
    const actual = await read();
    try {
      assert.deepStrictEqual(actual, expected, message);
      return;
    } catch (error) {
      if (Date.now() > deadline) throw error;
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  }
}
