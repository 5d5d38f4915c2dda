/**
 * SEARCH and UID SEARCH (RFC 3501 §6.4.4): every search key, CHARSET
 * UTF-8/US-ASCII, MODSEQ (RFC 7162: the result carries `(MODSEQ n)`),
 * ESEARCH `RETURN (MIN MAX COUNT ALL)` (RFC 4731), SEARCHRES
 * `RETURN (SAVE)` and `$` (RFC 5182), OLDER/YOUNGER (WITHIN, RFC 5032).
 */
import type { SearchArgs, SearchReturnOption } from '../protocol/args/search.ts';
import type { CommandHandler, Completion } from '../protocol/dispatcher.ts';
import { atom, type WireValue } from '../protocol/encoder.ts';
import { compactSequenceSet } from '../protocol/sequence-set.ts';
import { searchMailbox, searchNeeds } from '../search/evaluate.ts';
import { substituteSavedResult } from '../search/saved-result.ts';
import { enableCondstore } from '../server/condstore.ts';
import type { SelectedMailbox } from '../server/selected-mailbox.ts';
import type { Session } from '../server/session.ts';
import { ok, selectedOf } from './results.ts';

async function search(args: SearchArgs, session: Session, tag: string): Promise<Completion> {
  const view = selectedOf(session);
  const options = args.returnOptions;
  const saving = options?.includes('SAVE') ?? false;
  let result: { uids: number[]; highestModseq: bigint };
  try {
    const criteria = substituteSavedResult(args.criteria, view.savedResult);
    const needs = searchNeeds(criteria);
    if (needs.modseq) await enableCondstore(session);
    result = await searchMailbox({ storage: session.storage, view, now: new Date() }, criteria, needs);
    if (!needs.modseq) result.highestModseq = 0n;
  } catch (error) {
    // RFC 5182 §2.1: a failed SEARCH with SAVE leaves the saved result empty.
    if (saving) view.savedResult = [];
    throw error;
  }
  const numbers = args.uid ? result.uids : result.uids.map((uid) => view.seqOf(uid));

  if (options) {
    if (saving) view.savedResult = savedPart(result.uids, options);
    const reported = options.filter((o) => o !== 'SAVE');
    // RFC 5182 §2.4: SAVE alone answers with no ESEARCH response.
    if (reported.length > 0) await session.send(await esearchLine(session, view, { tag, uid: args.uid, reported, numbers, result }));
  } else {
    const line: WireValue[] = [atom('SEARCH'), ...numbers];
    if (result.highestModseq > 0n && numbers.length > 0) line.push([atom('MODSEQ'), result.highestModseq]);
    await session.send(line);
  }
  return ok('SEARCH completed');
}

/** Only MIN and/or MAX asked for (neither ALL nor COUNT): just those messages count. */
function onlyEnds(options: readonly SearchReturnOption[]): boolean {
  return !options.includes('ALL') && !options.includes('COUNT');
}

/** RFC 5182 §2.4: SAVE with MIN or MAX alone saves only those; with ALL or COUNT, everything. */
function savedPart(uids: number[], options: readonly SearchReturnOption[]): number[] {
  if (uids.length === 0 || !onlyEnds(options)) return uids;
  const part: number[] = [];
  if (options.includes('MIN')) part.push(uids[0]!);
  if (options.includes('MAX') && uids[uids.length - 1] !== part[0]) part.push(uids[uids.length - 1]!);
  return part.length > 0 ? part : uids;
}

async function esearchLine(
  session: Session,
  view: SelectedMailbox,
  search: { tag: string; uid: boolean; reported: SearchReturnOption[]; numbers: number[]; result: { uids: number[]; highestModseq: bigint } },
): Promise<WireValue[]> {
  const { reported: options, numbers, result } = search;
  const line: WireValue[] = [atom('ESEARCH'), [atom('TAG'), search.tag]];
  if (search.uid) line.push(atom('UID'));
  if (numbers.length > 0) {
    // Ascending UIDs give ascending sequence numbers too.
    if (options.includes('MIN')) line.push(atom('MIN'), numbers[0]!);
    if (options.includes('MAX')) line.push(atom('MAX'), numbers[numbers.length - 1]!);
  }
  if (options.includes('COUNT')) line.push(atom('COUNT'), numbers.length);
  if (options.includes('ALL') && numbers.length > 0) line.push(atom('ALL'), atom(compactSequenceSet(numbers)));
  if (result.highestModseq > 0n && numbers.length > 0) {
    // RFC 7162 §3.1.5: with MIN and/or MAX alone, the MODSEQ is that of the messages returned.
    const modseq = onlyEnds(options) ? await highestModseqOf(session, view, savedPart(result.uids, options)) : result.highestModseq;
    line.push(atom('MODSEQ'), modseq);
  }
  return line;
}

async function highestModseqOf(session: Session, view: SelectedMailbox, uids: number[]): Promise<bigint> {
  const records = await session.storage.listMessages(view.id, { uids });
  let highest = 0n;
  for (const record of records) if (record.modseq > highest) highest = record.modseq;
  return highest;
}

export const searchCommand: CommandHandler<'SEARCH', Session> = (args, { session, tag }) => search(args, session, tag);
export const uidSearch: CommandHandler<'UID SEARCH', Session> = (args, { session, tag }) => search(args, session, tag);
