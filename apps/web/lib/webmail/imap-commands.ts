import 'server-only';
import type { FetchMessageObject, ImapFlow, MailboxObject } from 'imapflow';
import type { ImapAttribute, ImapAttributeList, ImapResponse } from 'imapflow/lib/handler/types.js';
import { formatMessageResponse } from 'imapflow/lib/tools.js';
import { compactSet, expandOrderedSet } from './sequence-set.ts';

/**
 * The IMAP commands imapflow has no method for: SORT/ESORT (RFC 5256,
 * RFC 5267), THREAD=REFERENCES (RFC 5256) and FETCH PREVIEW (RFC 8970).
 * They go through imapflow's command queue (`exec`), which its typings
 * leave out; the declaration below names the part used here.
 */
declare module 'imapflow' {
  interface ImapFlow {
    exec(
      command: string,
      attributes: ImapAttributeList,
      options?: { untagged?: Record<string, (untagged: ImapResponse) => Promise<void>> },
    ): Promise<{ response: ImapResponse; next: () => void }>;
  }
}

export type SortKey = 'ARRIVAL' | 'DATE' | 'DISPLAYFROM' | 'FROM' | 'SUBJECT' | 'SIZE';

const atom = (value: string) => ({ type: 'ATOM', value });

/** Runs one command whose answer comes as untagged `response` lines, each given to `onLine`; resolves when the server says OK. */
async function run(client: ImapFlow, command: string, attributes: ImapAttributeList, response: string, onLine: (line: ImapResponse) => Promise<void> | void) {
  const answer = await client.exec(command, attributes, { untagged: { [response]: async (line: ImapResponse) => onLine(line) } });
  answer.next();
}

function numberOf(attribute: ImapAttribute | undefined): number | null {
  const value = attribute && !Array.isArray(attribute) ? attribute.value : undefined;
  const number = Number(typeof value === 'string' || typeof value === 'number' ? value : Number.NaN);
  return Number.isSafeInteger(number) && number > 0 ? number : null;
}

/**
 * The folder's UIDs in the asked order (UID SORT, RFC 5256 §3). With ESORT
 * the answer is one ESEARCH line with ascending runs compacted; maild has no
 * PARTIAL (RFC 9394), so every UID comes back and the caller pages.
 */
export async function sortUids(client: ImapFlow, key: SortKey, reverse: boolean): Promise<number[]> {
  const criteria = reverse ? [atom('REVERSE'), atom(key)] : [atom(key)];
  let uids: number[] = [];
  if (client.capabilities.has('ESORT')) {
    await run(client, 'UID SORT', [atom('RETURN'), [atom('ALL')], criteria, atom('UTF-8'), atom('ALL')], 'ESEARCH', (line) => {
      const attributes = line.attributes ?? [];
      const at = attributes.findIndex((entry) => entry && !Array.isArray(entry) && String(entry.value).toUpperCase() === 'ALL');
      const set = at >= 0 ? attributes[at + 1] : undefined;
      uids = set && !Array.isArray(set) ? expandOrderedSet(String(set.value)) : [];
    });
    return uids;
  }
  await run(client, 'UID SORT', [criteria, atom('UTF-8'), atom('ALL')], 'SORT', (line) => {
    uids.push(...(line.attributes ?? []).map(numberOf).filter((n): n is number => n !== null));
  });
  return uids;
}

/** A thread's UIDs, parents before children (the order of THREAD's tree, flattened). */
function flattenThread(node: ImapAttribute): number[] {
  if (Array.isArray(node)) return node.flatMap(flattenThread);
  const uid = numberOf(node);
  return uid ? [uid] : [];
}

/** UID THREAD REFERENCES (RFC 5256 §4): each thread as its UIDs. */
export async function threadUids(client: ImapFlow): Promise<number[][]> {
  const threads: number[][] = [];
  await run(client, 'UID THREAD', [atom('REFERENCES'), atom('UTF-8'), atom('ALL')], 'THREAD', (line) => {
    for (const thread of line.attributes ?? []) {
      const uids = flattenThread(thread);
      if (uids.length > 0) threads.push(uids);
    }
  });
  return threads;
}

export interface FetchedRow {
  message: FetchMessageObject;
  preview: string;
}

/** The PREVIEW item of a FETCH response (RFC 8970 §3): a string, or NIL when the server has none. */
function previewOf(line: ImapResponse): string {
  const items = line.attributes?.[1];
  if (!Array.isArray(items)) return '';
  for (let i = 0; i + 1 < items.length; i += 2) {
    const name = items[i];
    if (name && !Array.isArray(name) && String(name.value).toUpperCase() === 'PREVIEW') {
      const value = items[i + 1];
      if (!value || Array.isArray(value)) return '';
      return Buffer.isBuffer(value.value) ? value.value.toString('utf8') : String(value.value ?? '');
    }
  }
  return '';
}

/**
 * One FETCH of everything a list row shows, PREVIEW included, for a set of
 * UIDs (`uid`) or sequence numbers. imapflow's fetch() does not know
 * PREVIEW, so the command is sent as is and each response is read with
 * imapflow's own parser plus the PREVIEW item.
 */
export async function fetchListRows(client: ImapFlow, set: string, { uid, preview }: { uid: boolean; preview: boolean }): Promise<FetchedRow[]> {
  const mailbox = client.mailbox;
  if (!mailbox || typeof mailbox !== 'object') throw new Error('No folder selected');
  const items = ['UID', 'FLAGS', 'ENVELOPE', 'RFC822.SIZE', 'BODYSTRUCTURE', 'INTERNALDATE'];
  if (preview && client.capabilities.has('PREVIEW')) items.push('PREVIEW');
  const rows: FetchedRow[] = [];
  await run(client, uid ? 'UID FETCH' : 'FETCH', [{ type: 'SEQUENCE', value: set }, items.map(atom)], 'FETCH', async (line) => {
    rows.push({ message: await formatMessageResponse(line, mailbox as MailboxObject, undefined, client), preview: previewOf(line) });
  });
  return rows;
}

/** UID → flags for a set of UIDs (a thread's members: its row shows unread if any member is). */
export async function fetchFlags(client: ImapFlow, uids: number[]): Promise<Map<number, Set<string>>> {
  const flags = new Map<number, Set<string>>();
  if (uids.length === 0) return flags;
  for await (const message of client.fetch(compactSet(uids), { uid: true, flags: true }, { uid: true })) {
    flags.set(message.uid, message.flags ?? new Set());
  }
  return flags;
}

/** A search key as IMAP attributes: criteria side by side mean AND (RFC 3501 §6.4.4). */
export type SearchAttributes = ImapAttributeList;

export const searchAtom = atom;
export const searchString = (value: string) => ({ type: 'STRING', value });

/** UID SEARCH CHARSET UTF-8 <criteria>: the matching UIDs, ascending. */
export async function searchUids(client: ImapFlow, criteria: SearchAttributes): Promise<number[]> {
  const uids: number[] = [];
  await run(client, 'UID SEARCH', [atom('CHARSET'), atom('UTF-8'), ...criteria], 'SEARCH', (line) => {
    if (line.numbers) uids.push(...line.numbers);
    else uids.push(...(line.attributes ?? []).map(numberOf).filter((n): n is number => n !== null));
  });
  return uids.sort((a, b) => a - b);
}

/** UID → INTERNALDATE and (when asked) whether it has attachments, for search hits across folders. */
export async function fetchDatesAndStructure(client: ImapFlow, uids: number[], structure: boolean) {
  const found = new Map<number, { time: number; structure?: FetchMessageObject['bodyStructure'] }>();
  if (uids.length === 0) return found;
  for await (const message of client.fetch(compactSet(uids), { uid: true, internalDate: true, bodyStructure: structure }, { uid: true })) {
    const time = message.internalDate ? new Date(message.internalDate).getTime() : 0;
    found.set(message.uid, { time, structure: message.bodyStructure });
  }
  return found;
}
