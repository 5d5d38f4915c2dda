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
import { bad, ok, selectedOf } from './results.ts';

/** The records (envelope and header columns included) of the messages matching `criteria`. */
export async function matchingRecords(session: Session, view: SelectedMailbox, search: SortArgs['search']): Promise<MessageRecord[] | string> {
  // `$` is the saved search result (RFC 5182 §2.1).
  const criteria = substituteSavedResult(search, view.savedResult);
  const needs = searchNeeds(criteria);
  if (needs.modseq) await enableCondstore(session);
  const { uids } = await searchMailbox({ storage: session.storage, view, now: new Date() }, criteria, needs);
  const records: MessageRecord[] = [];
  for (let i = 0; i < uids.length; i += 500) {
    records.push(...(await session.storage.listMessages(view.id, { uids: uids.slice(i, i + 500), include: { structure: true, headers: true } })));
  }
  return records;
}

async function sort(args: SortArgs, session: Session, tag: string): Promise<Completion> {
  const view = selectedOf(session);
  const records = await matchingRecords(session, view, args.search);
  if (typeof records === 'string') return bad(records);
  const sorted = sortRecords(records, args.criteria);
  const numbers = sorted.map((r) => (args.uid ? r.uid : view.seqOf(r.uid))).filter((n) => n > 0);
  if (args.returnOptions) await session.send(esortLine(tag, args.uid, args.returnOptions, numbers));
  else await session.send([atom('SORT'), ...numbers]);
  return ok('SORT completed');
}

export const sortCommand: CommandHandler<'SORT', Session> = (args, { session, tag }) => sort(args, session, tag);
export const uidSort: CommandHandler<'UID SORT', Session> = (args, { session, tag }) => sort(args, session, tag);
