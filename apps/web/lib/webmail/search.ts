import 'server-only';
import { type MailFolder, readFolders } from './folders.ts';
import { type SearchAttributes, searchAtom, searchString, searchUids } from './imap-commands.ts';
import { type ImapLogin, withImap } from './imap-pool.ts';
import { messageFacts } from './message-facts.ts';
import { type MessageRow, messagesByUid, PAGE_SIZE } from './message-list.ts';
import { type SearchQuery, searchWords } from './search-query.ts';

/**
 * Search runs on the server (IMAP SEARCH in maild): each word must be in
 * the sender, a recipient, the subject or the text; filters narrow by
 * received date and unread. "Has attachments" has no SEARCH key, so the
 * hits' BODYSTRUCTURE decides it. Results are newest first; across folders
 * by INTERNALDATE, fetched for the hits only, and only the page's rows are
 * fetched in full. Dates and attachment markers are kept per folder
 * (message-facts.ts): a search asks the server only about hits it has not
 * seen before.
 */
export interface SearchPage {
  rows: MessageRow[];
  total: number;
  page: number;
  pageSize: number;
  /** Folders searched (the user's selectable ones, or the one asked for). */
  folders: string[];
  /** How many of them hold a hit. */
  foldersWithHits: number;
}

interface Hit {
  path: string;
  uid: number;
  time: number;
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** RFC 3501 date: 5-Mar-2026. */
function imapDate(day: string, addDays = 0): string {
  const date = new Date(`${day}T00:00:00Z`);
  date.setUTCDate(date.getUTCDate() + addDays);
  return `${date.getUTCDate()}-${MONTHS[date.getUTCMonth()]}-${date.getUTCFullYear()}`;
}

/** OR FROM w OR TO w OR SUBJECT w BODY w (RFC 3501 OR takes two keys). */
function anyField(word: string): SearchAttributes {
  const value = searchString(word);
  return [
    searchAtom('OR'),
    searchAtom('FROM'),
    value,
    searchAtom('OR'),
    searchAtom('TO'),
    value,
    searchAtom('OR'),
    searchAtom('SUBJECT'),
    value,
    searchAtom('BODY'),
    value,
  ];
}

export function searchCriteria(query: SearchQuery): SearchAttributes {
  const criteria: SearchAttributes = searchWords(query.q).flatMap(anyField);
  // SINCE and BEFORE compare the received date by day; "until" includes its day.
  if (query.since) criteria.push(searchAtom('SINCE'), searchAtom(imapDate(query.since)));
  if (query.until) criteria.push(searchAtom('BEFORE'), searchAtom(imapDate(query.until, 1)));
  if (query.unread) criteria.push(searchAtom('UNSEEN'));
  if (criteria.length === 0) criteria.push(searchAtom('ALL'));
  return criteria;
}

async function searchFolder(login: ImapLogin, path: string, query: SearchQuery, needDates: boolean): Promise<Hit[]> {
  return withImap(login, path, async (client) => {
    const uids = await searchUids(client, searchCriteria(query));
    if (!needDates && !query.attachment) return uids.map((uid) => ({ path, uid, time: uid }));
    const details = await messageFacts(client, login.mailboxId, uids, query.attachment);
    return uids.flatMap((uid) => {
      const found = details.get(uid);
      if (!found || (query.attachment && !found.attachment)) return [];
      // In one folder the UID is the arrival order; across folders the received time is.
      return [{ path, uid, time: needDates ? found.time : uid }];
    });
  });
}

function searchedFolders(folders: MailFolder[], query: SearchQuery): string[] {
  const selectable = folders.filter((folder) => folder.selectable);
  if (!query.folder) return selectable.map((folder) => folder.path);
  return selectable.some((folder) => folder.path === query.folder) ? [query.folder] : [];
}

/** One page of results. */
export async function searchMessages(login: ImapLogin, query: SearchQuery, page = 1): Promise<SearchPage> {
  const folders = searchedFolders(await readFolders(login), query);
  const needDates = folders.length > 1;
  const hits: Hit[] = [];
  for (const path of folders) hits.push(...(await searchFolder(login, path, query, needDates)));
  hits.sort((a, b) => b.time - a.time || b.uid - a.uid);
  const current = Math.max(1, page);
  const slice = hits.slice((current - 1) * PAGE_SIZE, current * PAGE_SIZE);
  const byFolder = new Map<string, number[]>();
  for (const hit of slice) byFolder.set(hit.path, [...(byFolder.get(hit.path) ?? []), hit.uid]);
  const rows = new Map<string, MessageRow>();
  for (const [path, uids] of byFolder) {
    for (const row of await messagesByUid(login, path, uids)) rows.set(`${row.uid}@${path}`, row);
  }
  return {
    rows: slice.flatMap((hit) => rows.get(`${hit.uid}@${hit.path}`) ?? []),
    total: hits.length,
    page: current,
    pageSize: PAGE_SIZE,
    folders,
    foldersWithHits: new Set(hits.map((hit) => hit.path)).size,
  };
}
