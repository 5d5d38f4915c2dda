/**
 * ESORT (RFC 5267 §3): `SORT RETURN (MIN MAX COUNT ALL) ...` answers with
 * an ESEARCH response instead of `* SORT`. The options mean what they
 * mean in ESEARCH, read in sort order: MIN is the first message of the
 * sorted result and MAX the last, and ALL lists them in sort order (ranges
 * only where consecutive numbers are adjacent in that order).
 *
 * CONTEXT=SORT (RFC 5267 §4) is not offered: it needs the PARTIAL option
 * and, above all, UPDATE/CANCELUPDATE with ADDTO/REMOVEFROM notifications
 * kept current as the mailbox changes.
 */
import type { SearchReturnOption } from '../protocol/args/search.ts';
import { atom, type WireValue } from '../protocol/encoder.ts';
import { compactSequenceSet } from '../protocol/sequence-set.ts';

/** `* ESEARCH (TAG "t") [UID] MIN a MAX b COUNT n ALL set` for numbers in sort order. */
export function esortLine(tag: string, uid: boolean, options: readonly SearchReturnOption[], sorted: readonly number[]): WireValue[] {
  const line: WireValue[] = [atom('ESEARCH'), [atom('TAG'), tag]];
  if (uid) line.push(atom('UID'));
  if (sorted.length > 0) {
    if (options.includes('MIN')) line.push(atom('MIN'), sorted[0]!);
    if (options.includes('MAX')) line.push(atom('MAX'), sorted[sorted.length - 1]!);
  }
  if (options.includes('COUNT')) line.push(atom('COUNT'), sorted.length);
  if (options.includes('ALL') && sorted.length > 0) line.push(atom('ALL'), atom(compactSequenceSet(sorted, { keepOrder: true })));
  return line;
}
