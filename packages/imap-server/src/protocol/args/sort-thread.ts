/**
 * SORT and THREAD arguments (RFC 5256; DISPLAYFROM/DISPLAYTO from RFC 5957):
 *   SORT (REVERSE DATE SUBJECT) UTF-8 search-key...
 *   THREAD REFERENCES UTF-8 search-key...
 * Unlike SEARCH, the charset is mandatory and comes without the CHARSET word.
 */
import type { ArgReader } from '../arguments.ts';
import { parseCharset, parseReturnOptions, parseSearchCriteria, type SearchKey, type SearchReturnOption } from './search.ts';

export const SORT_KEYS = ['ARRIVAL', 'CC', 'DATE', 'FROM', 'SIZE', 'SUBJECT', 'TO', 'DISPLAYFROM', 'DISPLAYTO'] as const;
export type SortKey = (typeof SORT_KEYS)[number];

export const THREAD_ALGORITHMS = ['ORDEREDSUBJECT', 'REFERENCES', 'REFS'] as const;
export type ThreadAlgorithm = (typeof THREAD_ALGORITHMS)[number];

export interface SortCriterion {
  key: SortKey;
  reverse: boolean;
}

export interface SortArgs {
  uid: boolean;
  /** ESORT (RFC 5267 §3): `SORT RETURN (MIN MAX COUNT ALL)` answers with ESEARCH; `RETURN ()` means ALL. */
  returnOptions?: SearchReturnOption[];
  criteria: SortCriterion[];
  charset: string;
  search: SearchKey;
}

export interface ThreadArgs {
  uid: boolean;
  algorithm: ThreadAlgorithm;
  charset: string;
  search: SearchKey;
}

export function parseSortArgs(reader: ArgReader, uid: boolean): SortArgs {
  let returnOptions: SearchReturnOption[] | undefined;
  if (reader.peekAtom() === 'RETURN' && reader.peek(1)?.type === 'list') {
    reader.take('RETURN');
    returnOptions = parseReturnOptions(reader.list('RETURN options'), ['MIN', 'MAX', 'ALL', 'COUNT']);
  }
  const list = reader.list('sort criteria');
  const criteria: SortCriterion[] = [];
  while (!list.done) {
    const reverse = list.acceptKeyword('REVERSE');
    criteria.push({ key: list.keyword('sort key', SORT_KEYS) as SortKey, reverse });
  }
  if (criteria.length === 0) reader.fail('Empty sort criteria');
  const charset = parseCharset(reader);
  const args: SortArgs = { uid, criteria, charset, search: parseSearchCriteria(reader) };
  if (returnOptions) args.returnOptions = returnOptions;
  return args;
}

export function parseThreadArgs(reader: ArgReader, uid: boolean): ThreadArgs {
  const algorithm = reader.keyword('thread algorithm', THREAD_ALGORITHMS) as ThreadAlgorithm;
  const charset = parseCharset(reader);
  return { uid, algorithm, charset, search: parseSearchCriteria(reader) };
}
