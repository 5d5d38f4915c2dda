/**
 * SORT (RFC 5256 §3, DISPLAYFROM/DISPLAYTO from RFC 5957): records →
 * sorted UIDs. Strings compare with i;ascii-casemap (collation.ts); ties
 * are broken by sequence number (= ascending UID).
 *
 * The address keys read the first address *structure* of the ENVELOPE
 * list, as both RFCs define them: for `To: Team: a@x, b@y;` that is the
 * group's start marker (NIL NIL "Team" NIL), so the message sorts by the
 * group's name, which is also what a client shows for it.
 *
 * The key rules are @kontor/core's sort-keys; a storage that keeps them
 * as columns sorts in its database instead (ImapStorage.sortMessages).
 */

import { decodeEncodedWords } from '@kontor/core/mime-text';
import { baseSubject, displaySortKey, mailboxSortKey } from '@kontor/core/sort-keys';
import type { SortCriterion } from '../protocol/args/sort-thread.ts';
import type { EnvelopeAddress, EnvelopeAddressEntry } from '../protocol/envelope.ts';
import type { MessageRecord } from '../storage.ts';
import { compareOctets } from './collation.ts';

/** The first address structure; a group as its start marker. */
function firstAddress(list: readonly EnvelopeAddressEntry[] | null | undefined): EnvelopeAddress | undefined {
  const first = list?.[0];
  if (first && 'group' in first) return { name: null, mailbox: first.group, host: null };
  return first;
}

/** The date SORT DATE uses: the Date: header, else the internal date. */
export function sentTime(record: MessageRecord): number {
  return (record.headers?.sentDate ?? record.internalDate).getTime();
}

function key(record: MessageRecord, criterion: SortCriterion): string | number {
  const envelope = record.envelope;
  switch (criterion.key) {
    case 'ARRIVAL':
      return record.internalDate.getTime();
    case 'DATE':
      return sentTime(record);
    case 'SIZE':
      return record.size;
    case 'SUBJECT':
      return baseSubject(record.headers?.subject ?? decodeEncodedWords(envelope?.subject ?? ''));
    case 'FROM':
      return mailboxSortKey(firstAddress(envelope?.from));
    case 'TO':
      return mailboxSortKey(firstAddress(envelope?.to));
    case 'CC':
      return mailboxSortKey(firstAddress(envelope?.cc));
    case 'DISPLAYFROM':
      return displaySortKey(firstAddress(envelope?.from));
    case 'DISPLAYTO':
      return displaySortKey(firstAddress(envelope?.to));
  }
}

export function sortRecords(records: readonly MessageRecord[], criteria: readonly SortCriterion[]): MessageRecord[] {
  const keyed = records.map((record) => ({ record, keys: criteria.map((c) => key(record, c)) }));
  keyed.sort((a, b) => {
    for (let i = 0; i < criteria.length; i++) {
      const x = a.keys[i]!;
      const y = b.keys[i]!;
      if (x === y) continue;
      const order = typeof x === 'string' && typeof y === 'string' ? compareOctets(x, y) : x < y ? -1 : 1;
      return criteria[i]!.reverse ? -order : order;
    }
    return a.record.uid - b.record.uid;
  });
  return keyed.map((k) => k.record);
}
