/**
 * SEARCH and UID SEARCH (RFC 3501 §6.4.4): every search key, CHARSET
 * UTF-8/US-ASCII, MODSEQ (RFC 7162: the result carries `(MODSEQ n)`),
 * ESEARCH `RETURN (MIN MAX COUNT ALL)` (RFC 4731). SAVE / `$`
 * (SEARCHRES) is not offered.
 */
import type { SearchArgs } from '../protocol/args/search.ts';
import type { CommandHandler, Completion } from '../protocol/dispatcher.ts';
import { atom, type WireValue } from '../protocol/encoder.ts';
import { compactSequenceSet } from '../protocol/sequence-set.ts';
import { searchMailbox, searchNeeds } from '../search/evaluate.ts';
import type { Session } from '../server/session.ts';
import { bad, ok, selectedOf } from './results.ts';

async function search(args: SearchArgs, session: Session, tag: string): Promise<Completion> {
  const view = selectedOf(session);
  const needs = searchNeeds(args.criteria);
  if (needs.saved || args.returnOptions?.includes('SAVE')) return bad('SEARCHRES ($, RETURN (SAVE)) is not supported');
  if (needs.modseq) session.enableCondstore();
  const result = await searchMailbox({ storage: session.storage, view, now: new Date() }, args.criteria, needs);
  const numbers = args.uid ? result.uids : result.uids.map((uid) => view.seqOf(uid));

  if (args.returnOptions) {
    const line: WireValue[] = [atom('ESEARCH'), [atom('TAG'), tag]];
    if (args.uid) line.push(atom('UID'));
    const options = args.returnOptions;
    if (numbers.length > 0) {
      // Ascending UIDs give ascending sequence numbers too.
      if (options.includes('MIN')) line.push(atom('MIN'), numbers[0]!);
      if (options.includes('MAX')) line.push(atom('MAX'), numbers[numbers.length - 1]!);
    }
    if (options.includes('COUNT')) line.push(atom('COUNT'), numbers.length);
    if (options.includes('ALL') && numbers.length > 0) line.push(atom('ALL'), atom(compactSequenceSet(numbers)));
    if (needs.modseq && numbers.length > 0) line.push(atom('MODSEQ'), result.highestModseq);
    await session.send(line);
  } else {
    const line: WireValue[] = [atom('SEARCH'), ...numbers];
    if (needs.modseq && numbers.length > 0) line.push([atom('MODSEQ'), result.highestModseq]);
    await session.send(line);
  }
  return ok('SEARCH completed');
}

export const searchCommand: CommandHandler<'SEARCH', Session> = (args, { session, tag }) => search(args, session, tag);
export const uidSearch: CommandHandler<'UID SEARCH', Session> = (args, { session, tag }) => search(args, session, tag);
