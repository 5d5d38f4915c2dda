/**
 * SORT (RFC 5256 §3, DISPLAYFROM/DISPLAYTO from RFC 5957): records →
 * sorted UIDs. Ties are broken by sequence number (= ascending UID).
 */
import type { SortCriterion } from '../protocol/args/sort-thread.ts';
import type { EnvelopeAddressEntry } from '../protocol/envelope.ts';
import { decodeEncodedWords } from '../search/message-text.ts';
import type { MessageRecord } from '../storage.ts';
import { baseSubject } from './base-subject.ts';

function firstAddress(list: readonly EnvelopeAddressEntry[] | null | undefined): { name: string | null; mailbox: string } {
  for (const entry of list ?? []) {
    if ('group' in entry) {
      const member = entry.members[0];
      if (member) return { name: member.name, mailbox: member.mailbox ?? '' };
      continue;
    }
    if (entry.mailbox !== null && entry.host !== null) return { name: entry.name, mailbox: entry.mailbox };
  }
  return { name: null, mailbox: '' };
}

function display(list: readonly EnvelopeAddressEntry[] | null | undefined): string {
  const address = firstAddress(list);
  if (address.name) return decodeEncodedWords(address.name).toLowerCase();
  return address.mailbox.toLowerCase();
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
      return firstAddress(envelope?.from).mailbox.toLowerCase();
    case 'TO':
      return firstAddress(envelope?.to).mailbox.toLowerCase();
    case 'CC':
      return firstAddress(envelope?.cc).mailbox.toLowerCase();
    case 'DISPLAYFROM':
      return display(envelope?.from);
    case 'DISPLAYTO':
      return display(envelope?.to);
  }
}

export function sortRecords(records: readonly MessageRecord[], criteria: readonly SortCriterion[]): MessageRecord[] {
  const keyed = records.map((record) => ({ record, keys: criteria.map((c) => key(record, c)) }));
  keyed.sort((a, b) => {
    for (let i = 0; i < criteria.length; i++) {
      const x = a.keys[i]!;
      const y = b.keys[i]!;
      if (x === y) continue;
      const order = x < y ? -1 : 1;
      return criteria[i]!.reverse ? -order : order;
    }
    return a.record.uid - b.record.uid;
  });
  return keyed.map((k) => k.record);
}
