import 'server-only';
import type { FetchMessageObject, MessageAddressObject, MessageStructureObject } from 'imapflow';
import { type ImapLogin, withImap } from './imap-pool.ts';

export interface MailAddress {
  name: string;
  address: string;
}

export interface MessageRow {
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
  hasAttachment: boolean;
}

export interface MessagePage {
  path: string;
  rows: MessageRow[];
  total: number;
  page: number;
  pageSize: number;
}

export const PAGE_SIZE = 50;

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

export function messageRow(message: FetchMessageObject): MessageRow {
  const flags = message.flags ?? new Set<string>();
  return {
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
    hasAttachment: hasAttachment(message.bodyStructure),
  };
}

/** One page of a folder, newest first (by arrival: UID order). */
export async function listMessages(login: ImapLogin, path: string, options: { page?: number } = {}): Promise<MessagePage> {
  const page = Math.max(1, options.page ?? 1);
  return withImap(login, path, async (client) => {
    const uids = ((await client.search({ all: true }, { uid: true })) || []).sort((a, b) => b - a);
    const slice = uids.slice((page - 1) * PAGE_SIZE, page * PAGE_SIZE);
    const rows: MessageRow[] = [];
    if (slice.length > 0) {
      for await (const message of client.fetch(
        slice,
        { uid: true, envelope: true, flags: true, size: true, bodyStructure: true, internalDate: true },
        { uid: true },
      )) {
        rows.push(messageRow(message));
      }
    }
    rows.sort((a, b) => b.uid - a.uid);
    return { path, rows, total: uids.length, page, pageSize: PAGE_SIZE };
  });
}

/** The raw message (for the reading pane's renderer), and \Seen set as opening it in any mail app does. */
export async function fetchMessageSource(login: ImapLogin, path: string, uid: number, options: { markSeen?: boolean } = {}) {
  return withImap(login, path, async (client) => {
    const message = await client.fetchOne(String(uid), { uid: true, source: true, flags: true, envelope: true }, { uid: true });
    if (!message || !message.source) return null;
    if (options.markSeen !== false && !message.flags?.has('\\Seen')) await client.messageFlagsAdd(String(uid), ['\\Seen'], { uid: true });
    return { uid: message.uid, source: message.source, flags: [...(message.flags ?? [])] };
  });
}
