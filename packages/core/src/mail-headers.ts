import { randomBytes } from 'node:crypto';

/**
 * Small helpers for the messages Kontor writes itself (bounces,
 * autoreplies) and the header edits of submission.
 */

/** RFC 5322 date-time in UTC: `Fri, 27 Nov 2026 21:05:09 +0000`. */
export function rfc5322Date(date = new Date()): string {
  return date.toUTCString().replace('GMT', '+0000');
}

/** A new Message-ID (with angle brackets) on `domain`. */
export function newMessageId(domain: string): string {
  return `<${Date.now().toString(36)}.${randomBytes(9).toString('base64url')}@${domain}>`;
}

/** A header value as is when ASCII, else as RFC 2047 encoded words (UTF-8, base64). */
export function encodeHeaderText(text: string): string {
  // eslint-disable-next-line no-control-regex
  if (/^[\x20-\x7e]*$/.test(text)) return text;
  const words: string[] = [];
  let chunk = '';
  for (const char of text) {
    // 45 bytes of UTF-8 make 60 base64 characters: each word stays under 76.
    if (Buffer.byteLength(chunk + char) > 45) {
      words.push(chunk);
      chunk = '';
    }
    chunk += char;
  }
  if (chunk) words.push(chunk);
  return words.map((w) => `=?UTF-8?B?${Buffer.from(w).toString('base64')}?=`).join('\r\n ');
}

/** `"Name" <address>` (encoded when needed), or `<address>` without a name. */
export function formatMailbox(address: string, name?: string | null): string {
  if (!name) return `<${address}>`;
  // eslint-disable-next-line no-control-regex
  const display = /^[\x20-\x7e]*$/.test(name) ? `"${name.replace(/(["\\])/g, '\\$1')}"` : encodeHeaderText(name);
  return `${display} <${address}>`;
}

/** A body as base64 lines of 76 characters, CRLF-terminated. */
export function base64Lines(text: string | Buffer): string {
  const encoded = Buffer.from(text).toString('base64');
  return `${(encoded.match(/.{1,76}/g) ?? []).join('\r\n')}\r\n`;
}

/** One header field of a raw header block: its name and its full (folded) text, CRLF included. */
export interface HeaderField {
  /** Lower-case name. */
  key: string;
  /** The field as it was, `Name: value\r\n` with its continuation lines. */
  line: string;
}

/** Splits a raw header block (without the blank line) into fields. */
export function splitHeaderFields(block: string): HeaderField[] {
  const fields: HeaderField[] = [];
  for (const line of block.split(/(?<=\r\n)/)) {
    if (!line) continue;
    if ((line.startsWith(' ') || line.startsWith('\t')) && fields.length) {
      fields[fields.length - 1]!.line += line;
      continue;
    }
    const colon = line.indexOf(':');
    fields.push({ key: (colon > 0 ? line.slice(0, colon) : line).trim().toLowerCase(), line });
  }
  return fields;
}

/** The unfolded value of a field. */
export function headerValue(field: HeaderField): string {
  const colon = field.line.indexOf(':');
  return (colon < 0 ? '' : field.line.slice(colon + 1)).replace(/\r\n(?=[ \t])/g, '').trim();
}
