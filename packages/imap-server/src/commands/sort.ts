/**
 * SORT and UID SORT (RFC 5256, RFC 5957 DISPLAYFROM/DISPLAYTO): the
 * messages matching the search criteria, in the asked order; with
 * `RETURN (...)` (ESORT, RFC 5267) as an ESEARCH response (esort.ts).
 */
import type { SortArgs } from '../protocol/args/sort-thread.ts';
import type { CommandHandler, Completion } from '../protocol/dispatcher.ts';
import { atom } from '../protocol/encoder.ts';
import { searchMailbox, searchNeeds } from '../search/evaluate.ts';
import { substituteSavedResult } from '../search/saved-result.ts';
import { enableCondstore } from '../server/condstore.ts';
import type { SelectedMailbox } from '../server/selected-mailbox.ts';
import type { Session } from '../server/session.ts';
import { sortRecords } from '../sort/sort.ts';
import type { MessageRecord } from '../storage.ts';
import { esortLine } from './esort.ts';
import { ok, selectedOf } from './results.ts';

/** The UIDs (ascending) of the messages matching `search`. */
export async function matchingUids(session: Session, view: SelectedMailbox, search: SortArgs['search']): Promise<number[]> {
  // `$` is the saved search result (RFC 5182 §2.1).
  const criteria = substituteSavedResult(search, view.savedResult);
  const needs = searchNeeds(criteria);
  if (needs.modseq) await enableCondstore(session);
  return (await searchMailbox({ storage: session.storage, view, now: new Date() }, criteria, needs)).uids;
}

/** The records of `uids`, in batches; `structure` for the envelope (the address keys). */
export async function recordsOf(session: Session, view: SelectedMailbox, uids: readonly number[], structure: boolean): Promise<MessageRecord[]> {
  const records: MessageRecord[] = [];
  // Rows without the MIME description are small: larger batches.
  const batch = structure ? 500 : 2000;
  for (let i = 0; i < uids.length; i += batch) {
    records.push(...(await session.storage.listMessages(view.id, { uids: uids.slice(i, i + batch), include: { structure, headers: true } })));
  }
  return records;
}

/** UIDs in SORT order: by the storage when it can (SQL), else here. */
async function sortedUids(session: Session, view: SelectedMailbox, uids: number[], criteria: SortArgs['criteria']): Promise<number[]> {
  const byStorage = uids.length > 1 && session.storage.sortMessages ? await session.storage.sortMessages(view.id, uids, criteria) : null;
  if (byStorage) return byStorage;
  const records = await recordsOf(session, view, uids, true);
  return sortRecords(records, criteria).map((r) => r.uid);
}

async function sort(args: SortArgs, session: Session, tag: string): Promise<Completion> {
  const view = selectedOf(session);
  const uids = await sortedUids(session, view, await matchingUids(session, view, args.search), args.criteria);
  const numbers = uids.map((uid) => (args.uid ? uid : view.seqOf(uid))).filter((n) => n > 0);
  if (args.returnOptions) await session.send(esortLine(tag, args.uid, args.returnOptions, numbers));
  else await session.send([atom('SORT'), ...numbers]);
  return ok('SORT completed');
}

export const sortCommand: CommandHandler<'SORT', Session> = (args, { session, tag }) => sort(args, session, tag);
export const uidSort: CommandHandler<'UID SORT', Session> = (args, { session, tag }) => sort(args, session, tag);
