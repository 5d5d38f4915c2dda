import 'server-only';
import type { FetchMessageObject, ImapFlow, MailboxObject, MessageAddressObject, MessageStructureObject } from 'imapflow';
import { type FetchedRow, fetchFlags, fetchListRows, type SortKey, sortUids, threadUids } from './imap-commands.ts';
import { type ImapLogin, withImap } from './imap-pool.ts';
import { DEFAULT_ORDER, type ListOrder, type SortField } from './list-order.ts';
import { cachedOrder } from './order-cache.ts';
import { compactSet } from './sequence-set.ts';

export interface MailAddress {
  name: string;
  address: string;
}

export interface MessageRow {
  /** The folder the message is in (search results come from several). */
  path: string;
  uid: number;
  subject: string;
  from: MailAddress[];
  to: MailAddress[];
  date: string | null;
  size: number;
  seen: boolean;
  flagged: boolean;
  answered: boolean;
  forwarded: boolean;
  draft: boolean;
  junk: boolean;
  hasAttachment: boolean;
  /** The first lines of the text (FETCH PREVIEW, RFC 8970). */
  preview: string;
  /** In the conversation view: every message of the thread (this row is its newest), and how many are unread. */
  thread?: { uids: number[]; unseen: number };
}

export interface MessagePage {
  path: string;
  order: ListOrder;
  rows: MessageRow[];
  /** Messages (or conversations) in the whole folder. */
  total: number;
  page: number;
  pageSize: number;
}

export const PAGE_SIZE = 50;

const SORT_KEYS: Record<Exclude<SortField, 'arrival'>, SortKey> = { date: 'DATE', from: 'DISPLAYFROM', subject: 'SUBJECT', size: 'SIZE' };

export function addresses(list: MessageAddressObject[] | undefined): MailAddress[] {
  return (list ?? []).map((entry) => ({ name: entry.name ?? '', address: entry.address ?? '' }));
}

/** A part that is an attachment: a file name, or Content-Disposition: attachment. */
export function hasAttachment(structure: MessageStructureObject | undefined): boolean {
  if (!structure) return false;
  if (structure.disposition === 'attachment' || (structure.dispositionParameters?.filename && structure.disposition !== 'inline')) return true;
  return (structure.childNodes ?? []).some(hasAttachment);
}

function isoDate(value: Date | string | undefined): string | null {
  if (!value) return null;
  const date = value instanceof Date ? value : new Date(value);
  return Number.isNaN(date.getTime()) ? null : date.toISOString();
}

export function messageRow(path: string, message: FetchMessageObject, preview = ''): MessageRow {
  const flags = message.flags ?? new Set<string>();
  return {
    path,
    uid: message.uid,
    subject: message.envelope?.subject ?? '',
    from: addresses(message.envelope?.from),
    to: addresses(message.envelope?.to),
    date: isoDate(message.envelope?.date ?? message.internalDate),
    size: message.size ?? 0,
    seen: flags.has('\\Seen'),
    flagged: flags.has('\\Flagged'),
    answered: flags.has('\\Answered'),
    forwarded: flags.has('$Forwarded'),
    draft: flags.has('\\Draft'),
    junk: flags.has('$Junk'),
    hasAttachment: hasAttachment(message.bodyStructure),
    preview,
  };
}

/** Rows in the order of `uids` (a FETCH answers in the server's order); UIDs gone in between are left out. */
async function rowsInOrder(client: ImapFlow, path: string, uids: number[]): Promise<MessageRow[]> {
  if (uids.length === 0) return [];
  const fetched = await fetchListRows(client, compactSet(uids), { uid: true, preview: true });
  const byUid = new Map(fetched.map((row) => [row.message.uid, row]));
  return uids.flatMap((uid) => {
    const row = byUid.get(uid);
    return row ? [messageRow(path, row.message, row.preview)] : [];
  });
}

/**
 * Arrival order needs no SORT: it is the folder's own (sequence number)
 * order, so a page is one FETCH of 50 sequence numbers however large the
 * folder is. (SORT ARRIVAL would use INTERNALDATE, which differs only for
 * messages copied in with an older date.)
 */
async function arrivalPage(client: ImapFlow, path: string, reverse: boolean, page: number) {
  const exists = (client.mailbox as MailboxObject).exists;
  const skip = (page - 1) * PAGE_SIZE;
  const low = reverse ? Math.max(1, exists - skip - PAGE_SIZE + 1) : skip + 1;
  const high = reverse ? exists - skip : Math.min(exists, skip + PAGE_SIZE);
  if (high < low) return { rows: [], total: exists };
  const fetched: FetchedRow[] = await fetchListRows(client, `${low}:${high}`, { uid: false, preview: true });
  fetched.sort((a, b) => (reverse ? b.message.seq - a.message.seq : a.message.seq - b.message.seq));
  return { rows: fetched.map((row) => messageRow(path, row.message, row.preview)), total: exists };
}

async function sortedPage(client: ImapFlow, path: string, order: ListOrder, page: number) {
  const key = SORT_KEYS[order.sort as Exclude<SortField, 'arrival'>];
  const uids = await cachedOrder(client, `sort ${key} ${order.reverse}`, () => sortUids(client, key, order.reverse));
  const slice = uids.slice((page - 1) * PAGE_SIZE, page * PAGE_SIZE);
  return { rows: await rowsInOrder(client, path, slice), total: uids.length };
}

/** Threads newest first: by their newest message (highest UID, the last to arrive). */
async function sortedThreads(client: ImapFlow): Promise<number[][]> {
  const threads = await threadUids(client);
  const newest = new Map(threads.map((uids) => [uids, Math.max(...uids)]));
  return threads.sort((a, b) => (newest.get(b) ?? 0) - (newest.get(a) ?? 0));
}

async function threadPage(client: ImapFlow, path: string, page: number) {
  const threads = await cachedOrder(client, 'threads', () => sortedThreads(client));
  const slice = threads.slice((page - 1) * PAGE_SIZE, page * PAGE_SIZE);
  const heads = slice.map((uids) => Math.max(...uids));
  const rows = await rowsInOrder(client, path, heads);
  // The row of a thread is its newest message, marked as the whole thread is: unread, flagged or with attachments if any member is.
  const members = slice.filter((uids) => uids.length > 1).flat();
  const flags = await fetchFlags(client, members);
  const threadOf = new Map(slice.map((uids) => [Math.max(...uids), uids]));
  for (const row of rows) {
    const uids = threadOf.get(row.uid) ?? [row.uid];
    const unseen = uids.filter((uid) => (uid === row.uid ? !row.seen : !flags.get(uid)?.has('\\Seen'))).length;
    const flagged = uids.some((uid) => flags.get(uid)?.has('\\Flagged'));
    row.thread = { uids: [...uids].sort((a, b) => b - a), unseen };
    row.seen = unseen === 0;
    row.flagged ||= flagged;
  }
  return { rows, total: threads.length };
}

/** One page of a folder in the user's order. Only the page's messages are fetched. */
export async function listMessages(login: ImapLogin, path: string, options: { order?: ListOrder; page?: number } = {}): Promise<MessagePage> {
  const order = options.order ?? DEFAULT_ORDER;
  const page = Math.max(1, options.page ?? 1);
  return withImap(login, path, async (client) => {
    // The connection may have sat in IDLE: NOOP brings the message count up to date before it picks the page.
    await client.noop();
    const result = order.threads
      ? await threadPage(client, path, page)
      : order.sort === 'arrival'
        ? await arrivalPage(client, path, order.reverse, page)
        : await sortedPage(client, path, order, page);
    return { path, order, ...result, page, pageSize: PAGE_SIZE };
  });
}

/** Rows for given UIDs of one folder, newest first (a conversation opened in the list). */
export async function messagesByUid(login: ImapLogin, path: string, uids: number[]): Promise<MessageRow[]> {
  const wanted = [...new Set(uids)].sort((a, b) => b - a).slice(0, 500);
  return withImap(login, path, (client) => rowsInOrder(client, path, wanted));
}

/** The raw message (for the reading pane's renderer), and \Seen set as opening it in any mail app does. */
export async function fetchMessageSource(login: ImapLogin, path: string, uid: number, options: { markSeen?: boolean } = {}) {
  return withImap(login, path, async (client) => {
    const message = await client.fetchOne(String(uid), { uid: true, source: true, flags: true, envelope: true }, { uid: true });
    if (message === false || !message.source) return null;
    if (options.markSeen !== false && !message.flags?.has('\\Seen')) await client.messageFlagsAdd(String(uid), ['\\Seen'], { uid: true });
    return { uid: message.uid, source: message.source, flags: [...(message.flags ?? [])] };
  });
}
