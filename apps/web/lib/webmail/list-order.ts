/**
 * How the user wants a folder listed: sort field and direction, or as
 * conversations. Remembered in a cookie (one for every folder, as mail apps
 * do); read by the folder page, written by its setListOrder action. No
 * server-only import: the list's controls use the same names.
 */
export const SORT_FIELDS = ['arrival', 'date', 'from', 'subject', 'size'] as const;
export type SortField = (typeof SORT_FIELDS)[number];

export interface ListOrder {
  sort: SortField;
  /** Descending: newest, largest or Z first. */
  reverse: boolean;
  /** Conversations (THREAD=REFERENCES), newest conversation first; the sort then does not apply. */
  threads: boolean;
}

export const DEFAULT_ORDER: ListOrder = { sort: 'arrival', reverse: true, threads: false };

export const LIST_ORDER_COOKIE = 'kontor-webmail-order';

/** The direction a field starts in when chosen: newest and largest first, names A to Z. */
export function defaultReverse(sort: SortField): boolean {
  return sort === 'arrival' || sort === 'date' || sort === 'size';
}

/** `date.desc` or `arrival.desc.threads`; anything else is the default. */
export function parseListOrder(value: string | undefined): ListOrder {
  const [sort, direction, view] = (value ?? '').split('.');
  if (!SORT_FIELDS.includes(sort as SortField) || (direction !== 'asc' && direction !== 'desc')) return DEFAULT_ORDER;
  return { sort: sort as SortField, reverse: direction === 'desc', threads: view === 'threads' };
}

export function serializeListOrder(order: ListOrder): string {
  return `${order.sort}.${order.reverse ? 'desc' : 'asc'}${order.threads ? '.threads' : ''}`;
}
