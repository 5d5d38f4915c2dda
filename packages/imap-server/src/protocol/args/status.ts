/**
 * STATUS arguments (RFC 3501 §6.3.10; SIZE and DELETED from RFC 9051 /
 * RFC 8438; HIGHESTMODSEQ from RFC 7162; APPENDLIMIT from RFC 7889):
 *   STATUS mailbox (MESSAGES UNSEEN ...)
 * The item list is shared with LIST ... RETURN (STATUS (...)).
 */
import type { ArgReader } from '../arguments.ts';

export const STATUS_ITEMS = ['MESSAGES', 'RECENT', 'UIDNEXT', 'UIDVALIDITY', 'UNSEEN', 'HIGHESTMODSEQ', 'SIZE', 'DELETED', 'APPENDLIMIT'] as const;

export type StatusItem = (typeof STATUS_ITEMS)[number];

export interface StatusArgs {
  mailbox: string;
  items: StatusItem[];
}

export function parseStatusArgs(reader: ArgReader): StatusArgs {
  const mailbox = reader.mailbox();
  const items = parseStatusItems(reader.list('STATUS item list'));
  reader.end();
  return { mailbox, items };
}

/** `(MESSAGES UNSEEN)` → ['MESSAGES', 'UNSEEN'] (duplicates dropped, at least one). */
export function parseStatusItems(list: ArgReader): StatusItem[] {
  const items: StatusItem[] = [];
  while (!list.done) {
    const item = list.keyword('STATUS item', STATUS_ITEMS) as StatusItem;
    if (!items.includes(item)) items.push(item);
  }
  if (items.length === 0) list.fail('Empty STATUS item list');
  return items;
}
