/**
 * SEARCH criteria (RFC 3501 §6.4.4) into a tree the store can evaluate,
 * plus ESEARCH `RETURN (...)` (RFC 4731), SEARCHRES `SAVE`/`$` (RFC 5182),
 * MODSEQ (RFC 7162) and OLDER/YOUNGER (RFC 5032).
 *
 * Several keys in a row mean AND; `(a b)` groups; `OR a b`, `NOT a`.
 */
import { type ArgReader, ArgumentError } from '../arguments.ts';
import { parseSearchDate } from '../dates.ts';
import { normalizeFlag } from '../flags.ts';
import { parseSequenceSet, type SequenceSet } from '../sequence-set.ts';
import { describeValue } from '../values.ts';

export type DateOp = 'before' | 'on' | 'since';

export type SearchKey =
  | { type: 'all' }
  /** Message sequence numbers (or `$`). */
  | { type: 'seq'; set: SequenceSet }
  | { type: 'uid'; set: SequenceSet }
  /** A system flag (`\Seen`, `\Recent` ...) or keyword; `set: false` = must not have it. */
  | { type: 'flag'; flag: string; set: boolean }
  /** FROM/TO/CC/BCC/SUBJECT and HEADER; `field` lower-cased; substring, case-insensitive. */
  | { type: 'header'; field: string; value: string }
  | { type: 'body'; value: string }
  | { type: 'text'; value: string }
  /** BEFORE/ON/SINCE (internal date) and SENTBEFORE/SENTON/SENTSINCE (Date: header); `date` is `YYYY-MM-DD`. */
  | { type: 'date'; field: 'internal' | 'sent'; op: DateOp; date: string }
  /** LARGER / SMALLER, in octets. */
  | { type: 'size'; op: 'larger' | 'smaller'; size: number }
  | { type: 'modseq'; modseq: bigint; entry?: { name: string; kind: 'priv' | 'shared' | 'all' } }
  /** OLDER / YOUNGER n seconds (internal date relative to now). */
  | { type: 'age'; op: 'older' | 'younger'; seconds: number }
  | { type: 'not'; key: SearchKey }
  | { type: 'or'; left: SearchKey; right: SearchKey }
  | { type: 'and'; keys: SearchKey[] };

export type SearchReturnOption = 'MIN' | 'MAX' | 'ALL' | 'COUNT' | 'SAVE';

export interface SearchArgs {
  /** UID SEARCH: answer with UIDs. */
  uid: boolean;
  /** RETURN (...) was given (ESEARCH response); `RETURN ()` means ALL. */
  returnOptions?: SearchReturnOption[];
  charset: string;
  criteria: SearchKey;
}

/** Charsets search strings may be declared in; others get `NO [BADCHARSET]`. */
export const SEARCH_CHARSETS = ['UTF-8', 'US-ASCII'] as const;

const MAX_DEPTH = 64;

const FLAG_KEYS: Record<string, [string, boolean]> = {
  ANSWERED: ['\\Answered', true],
  DELETED: ['\\Deleted', true],
  DRAFT: ['\\Draft', true],
  FLAGGED: ['\\Flagged', true],
  SEEN: ['\\Seen', true],
  RECENT: ['\\Recent', true],
  OLD: ['\\Recent', false],
  UNANSWERED: ['\\Answered', false],
  UNDELETED: ['\\Deleted', false],
  UNDRAFT: ['\\Draft', false],
  UNFLAGGED: ['\\Flagged', false],
  UNSEEN: ['\\Seen', false],
};

const HEADER_KEYS = new Set(['FROM', 'TO', 'CC', 'BCC', 'SUBJECT']);

const DATE_KEYS: Record<string, ['internal' | 'sent', DateOp]> = {
  BEFORE: ['internal', 'before'],
  ON: ['internal', 'on'],
  SINCE: ['internal', 'since'],
  SENTBEFORE: ['sent', 'before'],
  SENTON: ['sent', 'on'],
  SENTSINCE: ['sent', 'since'],
};

/** `SEARCH [RETURN (...)] [CHARSET x] key...` */
export function parseSearchArgs(reader: ArgReader, uid: boolean): SearchArgs {
  let returnOptions: SearchReturnOption[] | undefined;
  if (reader.peekAtom() === 'RETURN' && reader.peek(1)?.type === 'list') {
    reader.take('RETURN');
    returnOptions = parseReturnOptions(reader.list('RETURN options'));
  }
  let charset = 'US-ASCII';
  if (reader.acceptKeyword('CHARSET')) charset = parseCharset(reader);
  const criteria = parseSearchCriteria(reader);
  const args: SearchArgs = { uid, charset, criteria };
  if (returnOptions) args.returnOptions = returnOptions;
  return args;
}

/** `RETURN (...)` options (SORT's, RFC 5267, are the same without SAVE). */
export function parseReturnOptions(list: ArgReader, allowed: readonly SearchReturnOption[] = ['MIN', 'MAX', 'ALL', 'COUNT', 'SAVE']): SearchReturnOption[] {
  const options: SearchReturnOption[] = [];
  while (!list.done) {
    const option = list.keyword('RETURN option', allowed) as SearchReturnOption;
    if (!options.includes(option)) options.push(option);
  }
  return options.length === 0 ? ['ALL'] : options;
}

/** The charset name after CHARSET (SORT/THREAD give it without the keyword). */
export function parseCharset(reader: ArgReader): string {
  const charset = reader.astring('charset').toUpperCase();
  if (!(SEARCH_CHARSETS as readonly string[]).includes(charset)) {
    throw new ArgumentError(`Unsupported charset ${charset}`, 'NO', { code: 'BADCHARSET', charsets: SEARCH_CHARSETS });
  }
  return charset;
}

/** One or more keys up to the end of the arguments, ANDed. */
export function parseSearchCriteria(reader: ArgReader): SearchKey {
  const keys: SearchKey[] = [];
  while (!reader.done) keys.push(parseSearchKey(reader, 0));
  if (keys.length === 0) reader.fail('Missing search criteria');
  return keys.length === 1 ? keys[0]! : { type: 'and', keys };
}

function parseSearchKey(reader: ArgReader, depth: number): SearchKey {
  if (depth > MAX_DEPTH) reader.fail('Search criteria nested too deeply');
  const group = reader.optionalList();
  if (group) {
    const keys: SearchKey[] = [];
    while (!group.done) keys.push(parseSearchKey(group, depth + 1));
    if (keys.length === 0) reader.fail('Empty parenthesised search key');
    return keys.length === 1 ? keys[0]! : { type: 'and', keys };
  }
  const value = reader.take('search key');
  if (value.type !== 'atom' || value.section) reader.fail(`Invalid search key: ${describeValue(value)}`);
  const name = value.value.toUpperCase();

  const flagKey = FLAG_KEYS[name];
  if (flagKey) return { type: 'flag', flag: flagKey[0], set: flagKey[1] };
  if (HEADER_KEYS.has(name)) return { type: 'header', field: name.toLowerCase(), value: reader.astring(`${name} string`) };
  const dateKey = DATE_KEYS[name];
  if (dateKey) return { type: 'date', field: dateKey[0], op: dateKey[1], date: parseDate(reader, name) };

  switch (name) {
    case 'ALL':
      return { type: 'all' };
    case 'NEW':
      return {
        type: 'and',
        keys: [
          { type: 'flag', flag: '\\Recent', set: true },
          { type: 'flag', flag: '\\Seen', set: false },
        ],
      };
    case 'KEYWORD':
    case 'UNKEYWORD':
      return { type: 'flag', flag: parseKeyword(reader, name), set: name === 'KEYWORD' };
    case 'HEADER': {
      const field = reader.astring('header field name');
      if (!/^[\x21-\x39\x3b-\x7e]+$/.test(field)) reader.fail(`Invalid header field name: ${field}`);
      return { type: 'header', field: field.toLowerCase(), value: reader.astring('HEADER string') };
    }
    case 'BODY':
      return { type: 'body', value: reader.astring('BODY string') };
    case 'TEXT':
      return { type: 'text', value: reader.astring('TEXT string') };
    case 'LARGER':
    case 'SMALLER':
      return { type: 'size', op: name === 'LARGER' ? 'larger' : 'smaller', size: reader.number(name, { max: Number.MAX_SAFE_INTEGER }) };
    case 'UID':
      return { type: 'uid', set: reader.sequenceSet('UID set') };
    case 'NOT':
      return { type: 'not', key: parseSearchKey(reader, depth + 1) };
    case 'OR': {
      const left = parseSearchKey(reader, depth + 1);
      return { type: 'or', left, right: parseSearchKey(reader, depth + 1) };
    }
    case 'MODSEQ':
      return parseModseqKey(reader);
    case 'OLDER':
    case 'YOUNGER':
      return { type: 'age', op: name === 'OLDER' ? 'older' : 'younger', seconds: reader.nzNumber(`${name} seconds`) };
  }
  if (/^[0-9*:,$]+$/.test(value.value)) {
    const set = parseSequenceSet(value.value);
    if (!set) reader.fail(`Invalid sequence set: ${value.value}`);
    return { type: 'seq', set };
  }
  return reader.fail(`Unknown search key: ${describeValue(value)}`);
}

function parseDate(reader: ArgReader, key: string): string {
  const text = reader.astring(`${key} date`);
  const date = parseSearchDate(text);
  if (date === undefined) reader.fail(`Invalid date for ${key}: ${text} (expected e.g. 1-Feb-1994)`);
  return date;
}

function parseKeyword(reader: ArgReader, key: string): string {
  const text = reader.atom(`${key} flag`);
  const result = normalizeFlag(text);
  if ('error' in result || result.flag.startsWith('\\')) reader.fail(`Invalid keyword for ${key}: ${text}`);
  return result.flag;
}

/** `MODSEQ ["/flags/\\seen" all] 620162338` (RFC 7162 §3.1.5). */
function parseModseqKey(reader: ArgReader): SearchKey {
  const first = reader.peek();
  if (first?.type === 'quoted' || first?.type === 'literal') {
    const name = reader.string('MODSEQ entry name');
    const kind = reader.keyword('MODSEQ entry type', ['PRIV', 'SHARED', 'ALL']).toLowerCase() as 'priv' | 'shared' | 'all';
    if (!name.toLowerCase().startsWith('/flags/')) reader.fail(`Invalid MODSEQ entry name: ${name}`);
    return { type: 'modseq', modseq: reader.modseq('MODSEQ', true), entry: { name, kind } };
  }
  return { type: 'modseq', modseq: reader.modseq('MODSEQ', true) };
}
