/**
 * The IMAP ENVELOPE (RFC 3501 7.4.2) and the decoded header values SEARCH and
 * SORT use, both computed from a message's header fields once, at append.
 */
import { decodeEncodedWords } from '@kontor/core/mime-text';
import libmime from 'libmime';
import { type EnvelopeAddress, envelopeAddresses, parseAddressList } from './addresses.ts';

export type { EnvelopeAddress };

/** Raw header values as IMAP sends them (unfolded, encoded-words kept). */
export type Envelope = {
  date: string | null;
  subject: string | null;
  from: EnvelopeAddress[] | null;
  sender: EnvelopeAddress[] | null;
  replyTo: EnvelopeAddress[] | null;
  to: EnvelopeAddress[] | null;
  cc: EnvelopeAddress[] | null;
  bcc: EnvelopeAddress[] | null;
  inReplyTo: string | null;
  messageId: string | null;
};

/** Decoded values for SEARCH/SORT; stored in the Message columns of the same names. */
export type SearchHeaders = {
  subject: string;
  from: string;
  to: string;
  cc: string;
  bcc: string;
  messageId: string;
  inReplyTo: string;
  date: Date | null;
  /** References: unfolded, encoded-words decoded the way the IMAP server reads a header (THREAD); "" when absent. */
  references: string;
};

/** Header fields the envelope and the search columns read (lower-case names). */
export const ENVELOPE_FIELDS: ReadonlySet<string> = new Set([
  'date',
  'subject',
  'from',
  'sender',
  'reply-to',
  'to',
  'cc',
  'bcc',
  'in-reply-to',
  'message-id',
  'references',
]);

/** Header fields read: unfolded value of the first occurrence, by lower-case name. */
export type HeaderFields = ReadonlyMap<string, string>;

export function buildEnvelope(fields: HeaderFields): Envelope {
  const from = envelopeAddresses(fields.get('from'));
  const text = (name: string) => {
    const value = fields.get(name);
    return value === undefined ? null : value;
  };
  return {
    date: text('date'),
    subject: text('subject'),
    from,
    // RFC 3501: the server defaults sender and reply-to to from.
    sender: envelopeAddresses(fields.get('sender')) ?? from,
    replyTo: envelopeAddresses(fields.get('reply-to')) ?? from,
    to: envelopeAddresses(fields.get('to')),
    cc: envelopeAddresses(fields.get('cc')),
    bcc: envelopeAddresses(fields.get('bcc')),
    inReplyTo: text('in-reply-to'),
    messageId: text('message-id'),
  };
}

/** Decodes RFC 2047 encoded-words; NUL never survives (PostgreSQL text and JSONB refuse it). */
function decodeWords(value: string): string {
  let decoded: string;
  try {
    decoded = libmime.decodeWords(value);
  } catch {
    decoded = value;
  }
  return decoded.replace(/\u0000/g, '');
}

/**
 * "Name <box@host>, other@host" with names decoded; a group as
 * "Team: a@x, b@y;", so SEARCH TO/CC/BCC find its display name too.
 */
function addressText(value: string | undefined): string {
  if (!value) return '';
  const one = (m: { name: string | null; mailbox: string; host: string }) => {
    const address = m.host ? `${m.mailbox}@${m.host}` : m.mailbox;
    const name = m.name ? decodeWords(m.name).trim() : '';
    return name ? (address ? `${name} <${address}>` : name) : address;
  };
  const parts = parseAddressList(value).map((item) => {
    if (item.kind === 'mailbox') return one(item);
    const members = item.members.map(one).filter(Boolean).join(', ');
    return `${decodeWords(item.name).trim()}:${members ? ` ${members}` : ''};`;
  });
  return parts.filter(Boolean).join(', ');
}

/** The first <id> of a Message-ID style field, or the trimmed value when there is none. */
function messageIdOf(value: string | undefined): string {
  if (!value) return '';
  return /<[^<>]*>/.exec(value)?.[0] ?? value.trim();
}

const EARLIEST = Date.UTC(1000, 0, 1);
const LATEST = Date.UTC(9999, 11, 31);

/** RFC 5322 date (obsolete forms and comments tolerated); null when unreadable. */
export function parseDate(value: string | undefined): Date | null {
  if (!value) return null;
  const cleaned = value
    .replace(/\([^)]*\)/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
  // Two-digit years (RFC 5322 4.3): 00-49 → 20xx, 50-99 → 19xx.
  const normalized = cleaned.replace(/^((?:[A-Za-z]{3},\s*)?\d{1,2}\s+[A-Za-z]{3}\s+)(\d{2})(\s)/, (_, head: string, yy: string, tail: string) => {
    const year = Number(yy);
    return `${head}${year < 50 ? 2000 + year : 1900 + year}${tail}`;
  });
  const time = Date.parse(normalized);
  if (Number.isNaN(time) || time < EARLIEST || time > LATEST) return null;
  return new Date(time);
}

const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];

/**
 * The calendar day written in a Date: header (`YYYY-MM-DD`), "disregarding
 * time and timezone" as SENTBEFORE/SENTON/SENTSINCE want (RFC 3501 §6.4.4):
 * `1 Dec 2026 23:30 -0500` is 1 December although it is 2 December in UTC.
 * null exactly when parseDate finds no date.
 */
export function writtenDay(value: string | undefined): string | null {
  const date = parseDate(value);
  if (!date || !value) return null;
  const cleaned = value
    .replace(/\([^)]*\)/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
  const rfc = /^(?:[A-Za-z]{3},\s*)?(\d{1,2})\s+([A-Za-z]{3})[a-z]*\s+(\d{2,4})\b/.exec(cleaned);
  const month = rfc ? MONTHS.indexOf(rfc[2]!.toLowerCase()) : -1;
  if (rfc && month >= 0) {
    const written = Number(rfc[3]);
    // Two- and three-digit years as parseDate reads them (RFC 5322 §4.3).
    const year = rfc[3]!.length === 2 ? (written < 50 ? 2000 + written : 1900 + written) : rfc[3]!.length === 3 ? 1900 + written : written;
    return `${String(year).padStart(4, '0')}-${String(month + 1).padStart(2, '0')}-${rfc[1]!.padStart(2, '0')}`;
  }
  const iso = /^(\d{4})-(\d{2})-(\d{2})/.exec(cleaned);
  if (iso) return `${iso[1]}-${iso[2]}-${iso[3]}`;
  return date.toISOString().slice(0, 10);
}

export function buildSearchHeaders(fields: HeaderFields): SearchHeaders {
  return {
    subject: decodeWords(fields.get('subject') ?? '').trim(),
    from: addressText(fields.get('from')),
    to: addressText(fields.get('to')),
    cc: addressText(fields.get('cc')),
    bcc: addressText(fields.get('bcc')),
    messageId: messageIdOf(fields.get('message-id')),
    inReplyTo: (fields.get('in-reply-to') ?? '').trim(),
    date: parseDate(fields.get('date')),
    references: decodeEncodedWords((fields.get('references') ?? '').trim()),
  };
}
