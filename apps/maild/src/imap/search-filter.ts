/**
 * IMAP SEARCH criteria → the store's metadata filter (SQL), for the first
 * cut of a search. Keys the filter expresses with the IMAP server's exact
 * semantics (flags, UIDs, sizes, MODSEQ, internal dates, OLDER/YOUNGER) are
 * `exact`. The filter is always a superset of the matches; the server
 * checks the candidates itself where it is not exact:
 *
 * - FROM TO CC BCC SUBJECT with ASCII text narrow by a case-insensitive
 *   LIKE on the decoded columns that also lets through what JavaScript's
 *   case folding would match (the server's comparison); other text is
 *   left to the server;
 * - SENTBEFORE/SENTON/SENTSINCE narrow by the UTC sent date widened by the
 *   largest time zone; the server compares the day written in Date:;
 * - BODY and TEXT narrow by the full-text index of the stored search text
 *   (a word starting with each word of the string; messages without an
 *   indexed text pass); the server checks the substring on the text;
 * - HEADER (other fields) reads the header: left to the server;
 * - sequence numbers and \Recent belong to the session: left to the server.
 */
import { indexWords } from '@kontor/core/mime-text';
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
  /** When not exact: a filter that implies a match where it can tell (those need no check by the server). */
  sure?: MessageFilter;
}

const ANY: TranslatedFilter = { filter: { kind: 'all' }, exact: false };
const HEADER_COLUMNS: Partial<Record<string, HeaderColumn>> = { subject: 'subject', from: 'from', to: 'to', cc: 'cc', bcc: 'bcc' };

/**
 * RFC 5322 zones are ±HHMM, so the instant (UTC) of a Date: lies less than
 * 100 hours from the time written in it; JavaScript's parser takes every
 * such zone (+9959 too).
 */
const MAX_ZONE_MS = 100 * 3600 * 1000;
const DAY_MS = 24 * 3600 * 1000;

/**
 * SENT* compare the day written in Date:, its zone disregarded (RFC 3501
 * §6.4.4), which the UTC column cannot tell: widened by the largest zone it
 * is a superset, and the server checks the written day.
 */
function sentDayFilter(op: 'before' | 'on' | 'since', day: string): TranslatedFilter {
  const start = Date.parse(`${day}T00:00:00Z`);
  const after = { kind: 'sent', op: 'after', at: new Date(start - MAX_ZONE_MS) } as const;
  const before = { kind: 'sent', op: 'before', at: new Date((op === 'before' ? start : start + DAY_MS) + MAX_ZONE_MS) } as const;
  if (op === 'before') return { filter: before, exact: false };
  if (op === 'since') return { filter: after, exact: false };
  return { filter: { kind: 'and', filters: [after, before] }, exact: false };
}

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
      if (key.field === 'sent') return sentDayFilter(key.op, key.date);
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
    case 'body':
    case 'text': {
      const words = indexWords(key.value);
      return words.length ? { filter: { kind: 'words', words }, exact: false } : ANY;
    }
    case 'seq':
      return ANY;
  }
}

/** A contains-filter's text: ASCII and not empty (an empty string is the server's to answer). */
function sureText(text: string): boolean {
  return text !== '' && isAsciiText(text);
}

/**
 * A filter that implies the criteria match, with IMAP's substring
 * semantics kept exact (case folded as the server folds it): metadata keys
 * as themselves, FROM/TO/CC/BCC/SUBJECT and BODY/TEXT with ASCII text on
 * the decoded columns and the stored search text. undefined: nothing is
 * certain (the server checks every candidate).
 */
export function sureFilter(key: SearchKey, context: FilterContext): MessageFilter | undefined {
  switch (key.type) {
    case 'header': {
      const column = HEADER_COLUMNS[key.field];
      return column && sureText(key.value) ? { kind: 'contains', column, text: key.value, exactly: true } : undefined;
    }
    case 'body': {
      if (!sureText(key.value)) return undefined;
      // One ASCII word as the index writes it: the body's vector decides without reading the texts.
      const word = key.value.toLowerCase();
      if (/^[a-z0-9]+$/.test(word)) return { kind: 'bodyWord', word };
      return { kind: 'textContains', part: 'body', text: key.value };
    }
    case 'text': {
      if (!sureText(key.value)) return undefined;
      const filters: MessageFilter[] = [{ kind: 'textContains', part: 'body', text: key.value }];
      if (!/[\r\n]/.test(key.value)) filters.push({ kind: 'textContains', part: 'header', text: key.value });
      return { kind: 'or', filters };
    }
    case 'or': {
      const parts = [sureFilter(key.left, context), sureFilter(key.right, context)].filter((f) => f !== undefined);
      return parts.length ? { kind: 'or', filters: parts } : undefined;
    }
    case 'and': {
      const parts = key.keys.map((k) => sureFilter(k, context));
      return parts.every((p) => p !== undefined) ? { kind: 'and', filters: parts } : undefined;
    }
    default: {
      const translated = searchKeyToFilter(key, context);
      return translated.exact ? translated.filter : undefined;
    }
  }
}
