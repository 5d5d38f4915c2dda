/**
 * SEARCHRES (RFC 5182): `$` in search criteria stands for the messages
 * the last `SEARCH RETURN (SAVE)` found. Before evaluation every `$`
 * (as a sequence set or after UID) is replaced by those UIDs, so the
 * evaluator and the store's first cut only ever see plain UID sets.
 */
import type { SearchKey } from '../protocol/args/search.ts';
import type { SequenceRange } from '../protocol/sequence-set.ts';
import type { ParsedCommand } from '../protocol/values.ts';

/** Matches nothing (an empty saved result). */
const NOTHING: SearchKey = { type: 'not', key: { type: 'all' } };

export function usesSavedResult(key: SearchKey): boolean {
  switch (key.type) {
    case 'seq':
    case 'uid':
      return key.set.kind === 'saved';
    case 'not':
      return usesSavedResult(key.key);
    case 'or':
      return usesSavedResult(key.left) || usesSavedResult(key.right);
    case 'and':
      return key.keys.some(usesSavedResult);
    default:
      return false;
  }
}

/** `key` with every `$` replaced by `UID <saved>` (ascending UIDs). */
export function substituteSavedResult(key: SearchKey, saved: readonly number[]): SearchKey {
  switch (key.type) {
    case 'seq':
    case 'uid':
      if (key.set.kind !== 'saved') return key;
      return saved.length === 0 ? NOTHING : { type: 'uid', set: { kind: 'ranges', ranges: toRanges(saved) } };
    case 'not':
      return { type: 'not', key: substituteSavedResult(key.key, saved) };
    case 'or':
      return { type: 'or', left: substituteSavedResult(key.left, saved), right: substituteSavedResult(key.right, saved) };
    case 'and':
      return { type: 'and', keys: key.keys.map((k) => substituteSavedResult(k, saved)) };
    default:
      return key;
  }
}

function toRanges(uids: readonly number[]): SequenceRange[] {
  const ranges: SequenceRange[] = [];
  for (const uid of uids) {
    const last = ranges[ranges.length - 1];
    if (last && last.end === uid - 1) last.end = uid;
    else ranges.push({ start: uid, end: uid });
  }
  return ranges;
}

/**
 * A SEARCH (or UID SEARCH) that asks for RETURN (... SAVE ...), read from
 * the raw command so it works for one rejected before its arguments were
 * parsed: RFC 5182 §2.1 empties the saved result when such a SEARCH fails
 * (tagged NO or BAD), whatever made it fail.
 */
export function requestsSave(command: ParsedCommand): boolean {
  if (command.command !== 'SEARCH' && command.command !== 'UID SEARCH') return false;
  const [first, second] = command.args;
  if (first?.type !== 'atom' || first.value.toUpperCase() !== 'RETURN' || second?.type !== 'list') return false;
  return second.items.some((item) => item.type === 'atom' && item.value.toUpperCase() === 'SAVE');
}
