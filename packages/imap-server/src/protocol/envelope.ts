/**
 * ENVELOPE (RFC 3501 §7.4.2): the shape the store fills from a message's
 * header, and its wire form.
 *
 * Strings are the header values with RFC 2047 encoded-words left as they
 * are and RFC 5322 quoting removed (`"Gray, Terry"` → `Gray, Terry`).
 */
import { joined, type WireValue } from './encoder.ts';

export interface EnvelopeAddress {
  /** Display name (phrase), or null. */
  name: string | null;
  /** Source route (obsolete `@a,@b:`), almost always null. */
  adl?: string | null;
  /** Local part, or null. */
  mailbox: string | null;
  /** Domain, or null. */
  host: string | null;
}

/** RFC 5322 group syntax `Team: a@x, b@y;`, written as start marker, members, end marker. */
export interface EnvelopeGroup {
  group: string;
  members: EnvelopeAddress[];
}

export type EnvelopeAddressEntry = EnvelopeAddress | EnvelopeGroup;

export interface Envelope {
  /** Date: header as written; null when absent. */
  date: string | null;
  subject: string | null;
  /** null or [] when the header is absent or empty. */
  from: EnvelopeAddressEntry[] | null;
  /** null → the from value is sent (RFC 3501 §7.4.2). */
  sender: EnvelopeAddressEntry[] | null;
  /** null → the from value is sent. */
  replyTo: EnvelopeAddressEntry[] | null;
  to: EnvelopeAddressEntry[] | null;
  cc: EnvelopeAddressEntry[] | null;
  bcc: EnvelopeAddressEntry[] | null;
  inReplyTo: string | null;
  messageId: string | null;
}

function addressValue(address: EnvelopeAddress): WireValue {
  return [address.name, address.adl ?? null, address.mailbox, address.host];
}

/** `((a)(b))`, or NIL for no addresses; groups become start/end markers. */
export function addressListValue(entries: readonly EnvelopeAddressEntry[] | null): WireValue {
  if (!entries || entries.length === 0) return null;
  const items: WireValue[] = [];
  for (const entry of entries) {
    if ('group' in entry) {
      items.push([null, null, entry.group, null]);
      for (const member of entry.members) items.push(addressValue(member));
      items.push([null, null, null, null]);
    } else {
      items.push(addressValue(entry));
    }
  }
  return [joined(...items)];
}

export function envelopeValue(envelope: Envelope): WireValue {
  const hasAddresses = (list: readonly EnvelopeAddressEntry[] | null) => list !== null && list.length > 0;
  const sender = hasAddresses(envelope.sender) ? envelope.sender : envelope.from;
  const replyTo = hasAddresses(envelope.replyTo) ? envelope.replyTo : envelope.from;
  return [
    envelope.date,
    envelope.subject,
    addressListValue(envelope.from),
    addressListValue(sender),
    addressListValue(replyTo),
    addressListValue(envelope.to),
    addressListValue(envelope.cc),
    addressListValue(envelope.bcc),
    envelope.inReplyTo,
    envelope.messageId,
  ];
}
