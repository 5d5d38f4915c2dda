/**
 * IMAP SEARCH criteria → the store's metadata filter (SQL), for the first
 * cut of a search. Keys the filter expresses with the IMAP server's exact
 * semantics (flags, UIDs, sizes, MODSEQ, dates, OLDER/YOUNGER) are
 * `exact`. The filter is always a superset of the matches; the server
 * checks the candidates itself where it is not exact:
 *
 * - FROM TO CC BCC SUBJECT with ASCII text narrow by a case-insensitive
 *   LIKE on the decoded columns that also lets through what JavaScript's
 *   case folding would match (the server's comparison); other text is
 *   left to the server;
 * - HEADER (other fields), BODY and TEXT read the message: left to the
 *   server;
 * - sequence numbers and \Recent belong to the session: left to the server.
 */
import type { SearchKey } from '@kontor/imap-server';
import { type HeaderColumn, isAsciiText, type MessageFilter } from '@kontor/mailstore';

export interface FilterContext {
  /** What `*` means in a UID set. */
  maxUid: number;
  now: Date;
}

export interface TranslatedFilter {
  filter: MessageFilter;
  exact: boolean;
}

const ANY: TranslatedFilter = { filter: { kind: 'all' }, exact: false };
const HEADER_COLUMNS: Partial<Record<string, HeaderColumn>> = { subject: 'subject', from: 'from', to: 'to', cc: 'cc', bcc: 'bcc' };

export function searchKeyToFilter(key: SearchKey, context: FilterContext): TranslatedFilter {
  switch (key.type) {
    case 'all':
      return { filter: { kind: 'all' }, exact: true };
    case 'uid': {
      if (key.set.kind !== 'ranges') return ANY;
      const ranges = key.set.ranges.map(({ start, end }) => {
        const a = start === '*' ? context.maxUid : start;
        const b = end === '*' ? context.maxUid : end;
        return [Math.min(a, b), Math.max(a, b)] as const;
      });
      return { filter: { kind: 'uids', ranges }, exact: true };
    }
    case 'flag':
      if (key.flag.toLowerCase() === '\\recent') return ANY;
      return { filter: { kind: 'flag', flag: key.flag, set: key.set }, exact: true };
    case 'size':
      return { filter: { kind: 'size', op: key.op, size: key.size }, exact: true };
    case 'modseq':
      return { filter: { kind: 'modseq', atLeast: key.modseq }, exact: true };
    case 'date':
      return { filter: { kind: 'day', field: key.field, op: key.op, day: key.date }, exact: true };
    case 'age': {
      // OLDER n: at least n seconds old; YOUNGER n: at most (RFC 5032).
      const at = new Date(context.now.getTime() - key.seconds * 1000);
      return { filter: { kind: 'received', op: key.op === 'older' ? 'before' : 'after', at }, exact: true };
    }
    case 'not': {
      const inner = searchKeyToFilter(key.key, context);
      return inner.exact ? { filter: { kind: 'not', filter: inner.filter }, exact: true } : ANY;
    }
    case 'or': {
      const left = searchKeyToFilter(key.left, context);
      const right = searchKeyToFilter(key.right, context);
      return { filter: { kind: 'or', filters: [left.filter, right.filter] }, exact: left.exact && right.exact };
    }
    case 'and': {
      const parts = key.keys.map((k) => searchKeyToFilter(k, context));
      return { filter: { kind: 'and', filters: parts.map((p) => p.filter) }, exact: parts.every((p) => p.exact) };
    }
    case 'header': {
      const column = HEADER_COLUMNS[key.field];
      if (!column || !isAsciiText(key.value)) return ANY;
      return { filter: { kind: 'contains', column, text: key.value }, exact: false };
    }
    case 'seq':
    case 'body':
    case 'text':
      return ANY;
  }
}
