/**
 * A deliberately small MIME structure parser for the in-memory test
 * storage: CRLF messages, Content-Type with boundary, message/rfc822,
 * simple address lists. The real one is @kontor/mailstore's; this one
 * only has to describe the test messages correctly.
 */
import type { Envelope, EnvelopeAddress, EnvelopeAddressEntry } from '../protocol/envelope.ts';
import type { SearchHeaders, StoredPart } from '../storage.ts';

/** Repeated To/Cc/Bcc lines add their addresses, as the real store does; other fields keep the first. */
const ADDRESS_LIST_FIELDS = new Set(['to', 'cc', 'bcc']);

function headerFields(text: string): Map<string, string> {
  const fields = new Map<string, string>();
  let last: string | undefined;
  for (const line of text.split('\r\n')) {
    if (line.startsWith(' ') || line.startsWith('\t')) {
      if (last) fields.set(last, `${fields.get(last)} ${line.trim()}`);
      continue;
    }
    const colon = line.indexOf(':');
    if (colon <= 0) continue;
    const name = line.slice(0, colon).trim().toLowerCase();
    const value = line.slice(colon + 1).trim();
    const earlier = fields.get(name);
    last = earlier === undefined || ADDRESS_LIST_FIELDS.has(name) ? name : undefined;
    if (earlier === undefined) fields.set(name, value);
    else if (last) fields.set(name, `${earlier}, ${value}`);
  }
  return fields;
}

function contentType(value: string | undefined, fallback: string): { type: string; subtype: string; params: Record<string, string> } {
  const [full = fallback, ...rest] = (value ?? fallback).split(';');
  const [type = 'text', subtype = 'plain'] = full.trim().toLowerCase().split('/');
  const params: Record<string, string> = {};
  for (const param of rest) {
    const eq = param.indexOf('=');
    if (eq <= 0) continue;
    params[param.slice(0, eq).trim().toLowerCase()] = param
      .slice(eq + 1)
      .trim()
      .replace(/^"(.*)"$/, '$1');
  }
  if (type === 'text' && !params.charset) params.charset = 'us-ascii';
  return { type, subtype, params };
}

function parseAddress(item: string): EnvelopeAddress {
  const match = /^\s*(?:"?([^"<]*?)"?\s*)?<([^@>]+)@([^>]+)>\s*$/.exec(item) ?? /^\s*()([^@\s]+)@(\S+)\s*$/.exec(item);
  if (!match) return { name: null, mailbox: item.trim(), host: null };
  return { name: match[1] ? match[1] : null, mailbox: match[2]!, host: match[3]! };
}

/** Simple address lists, with RFC 5322 groups (`Team: a@x, b@y;`); no quoted commas or colons. */
export function parseAddresses(value: string | undefined): EnvelopeAddressEntry[] | null {
  if (!value) return null;
  const entries: EnvelopeAddressEntry[] = [];
  let rest = value;
  while (rest.trim() !== '') {
    const group = /^\s*([^,:<>"@]+):([^;]*);\s*,?/.exec(rest);
    if (group) {
      const members = group[2]!.trim() === '' ? [] : group[2]!.split(',').map(parseAddress);
      entries.push({ group: group[1]!.trim(), members });
      rest = rest.slice(group[0].length);
      continue;
    }
    const comma = rest.indexOf(',');
    entries.push(parseAddress(comma === -1 ? rest : rest.slice(0, comma)));
    rest = comma === -1 ? '' : rest.slice(comma + 1);
  }
  return entries;
}

export function envelopeOf(fields: Map<string, string>): Envelope {
  const from = parseAddresses(fields.get('from'));
  return {
    date: fields.get('date') ?? null,
    subject: fields.get('subject') ?? null,
    from,
    sender: parseAddresses(fields.get('sender')) ?? from,
    replyTo: parseAddresses(fields.get('reply-to')) ?? from,
    to: parseAddresses(fields.get('to')),
    cc: parseAddresses(fields.get('cc')),
    bcc: parseAddresses(fields.get('bcc')),
    inReplyTo: fields.get('in-reply-to') ?? null,
    messageId: fields.get('message-id') ?? null,
  };
}

function countLines(buffer: Buffer, start: number, end: number): number {
  if (end <= start) return 0;
  let lines = 0;
  for (let i = start; i < end; i++) if (buffer[i] === 0x0a) lines++;
  return buffer[end - 1] === 0x0a ? lines : lines + 1;
}

/** Containers opened this deep, a deeper one is a text/plain part: the store's rule (@kontor/mailstore MAX_MIME_DEPTH). */
const MAX_MIME_DEPTH = 100;

export function parseEntity(buffer: Buffer, start: number, end: number, fallbackType = 'text/plain', depth = 0): StoredPart {
  const text = buffer.toString('latin1', start, end);
  let headerLength: number;
  if (text.startsWith('\r\n')) headerLength = 2;
  else {
    const blank = text.indexOf('\r\n\r\n');
    headerLength = blank === -1 ? text.length : blank + 4;
  }
  const bodyStart = start + headerLength;
  const fields = headerFields(text.slice(0, headerLength));
  const declared = contentType(fields.get('content-type'), fallbackType);
  const tooDeep = depth >= MAX_MIME_DEPTH && (declared.type === 'multipart' || (declared.type === 'message' && declared.subtype === 'rfc822'));
  const { type, subtype, params } = tooDeep ? { type: 'text', subtype: 'plain', params: {} } : declared;
  const part: StoredPart = {
    type,
    subtype,
    params,
    id: fields.get('content-id') ?? null,
    description: fields.get('content-description') ?? null,
    encoding: (fields.get('content-transfer-encoding') ?? '7BIT').toUpperCase(),
    md5: null,
    disposition: null,
    language: null,
    location: null,
    headerStart: start,
    bodyStart,
    end,
    size: end - bodyStart,
    lines: countLines(buffer, bodyStart, end),
  };
  if (type === 'multipart' && params.boundary) {
    const delimiter = `--${params.boundary}`;
    const body = buffer.toString('latin1', bodyStart, end);
    const children: StoredPart[] = [];
    let position = body.startsWith(delimiter) ? 0 : body.indexOf(`\r\n${delimiter}`);
    while (position !== -1) {
      const lineStart = body.startsWith(delimiter, position) ? position : position + 2;
      if (body.startsWith(`${delimiter}--`, lineStart)) break;
      const contentStart = body.indexOf('\r\n', lineStart) + 2;
      const next = body.indexOf(`\r\n${delimiter}`, contentStart - 2);
      const contentEnd = next === -1 ? body.length : next;
      children.push(parseEntity(buffer, bodyStart + contentStart, bodyStart + contentEnd, subtype === 'digest' ? 'message/rfc822' : 'text/plain', depth + 1));
      position = next;
    }
    part.children = children;
  } else if (type === 'message' && subtype === 'rfc822') {
    const inner = parseEntity(buffer, bodyStart, end, 'text/plain', depth + 1);
    part.message = { envelope: envelopeOf(headerFields(buffer.toString('utf8', bodyStart, inner.bodyStart))), body: inner };
  }
  return part;
}

const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];

/** `Tue, 1 Dec 2026 23:30:00 -0500` → `2026-12-01`: the day as written (RFC 3501 §6.4.4 SENT*). */
function writtenDay(value: string, parsed: Date): string {
  const match = /^\s*(?:[A-Za-z]{3},\s*)?(\d{1,2})\s+([A-Za-z]{3})\s+(\d{4})\b/.exec(value);
  const month = match ? MONTHS.indexOf(match[2]!.toLowerCase()) : -1;
  if (!match || month < 0) return parsed.toISOString().slice(0, 10);
  return `${match[3]}-${String(month + 1).padStart(2, '0')}-${match[1]!.padStart(2, '0')}`;
}

export interface ParsedMessage {
  structure: StoredPart;
  envelope: Envelope;
  headers: SearchHeaders;
}

export function parseMessage(content: Buffer): ParsedMessage {
  const structure = parseEntity(content, 0, content.length);
  const fields = headerFields(content.toString('utf8', 0, structure.bodyStart));
  const parsedDate = fields.get('date') ? new Date(fields.get('date')!) : null;
  const date = parsedDate && !Number.isNaN(parsedDate.getTime()) ? parsedDate : null;
  return {
    structure,
    envelope: envelopeOf(fields),
    headers: {
      subject: fields.get('subject') ?? '',
      from: fields.get('from') ?? '',
      to: fields.get('to') ?? '',
      cc: fields.get('cc') ?? '',
      bcc: fields.get('bcc') ?? '',
      messageId: fields.get('message-id') ?? '',
      inReplyTo: fields.get('in-reply-to') ?? '',
      sentDate: date,
      sentDay: date ? writtenDay(fields.get('date')!, date) : null,
    },
  };
}
