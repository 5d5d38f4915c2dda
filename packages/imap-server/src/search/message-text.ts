/**
 * The text of a message for SEARCH BODY / TEXT and HEADER: transfer
 * encodings (base64, quoted-printable) and charsets decoded, RFC 2047
 * encoded-words in headers decoded. Reads are bounded (a search scans at
 * most MAX_PART octets of each part and MAX_MESSAGE of a message).
 */

import { readRange } from '../fetch/read-range.ts';
import type { ImapStorage, MessageRecord, StoredPart } from '../storage.ts';

const MAX_PART = 1024 * 1024;
const MAX_MESSAGE = 4 * 1024 * 1024;
const MAX_HEADER = 256 * 1024;

export function decodeCharset(bytes: Buffer, charset: string | undefined): string {
  const label = (charset ?? 'utf-8').trim().toLowerCase() || 'utf-8';
  try {
    return new TextDecoder(label === 'us-ascii' ? 'utf-8' : label).decode(bytes);
  } catch {
    return bytes.toString('latin1');
  }
}

export function decodeQuotedPrintable(input: Buffer): Buffer {
  const text = input.toString('latin1').replace(/=\r?\n/g, '');
  const out = Buffer.alloc(text.length);
  let n = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x3d && /^[0-9A-Fa-f]{2}$/.test(text.slice(i + 1, i + 3))) {
      out[n++] = parseInt(text.slice(i + 1, i + 3), 16);
      i += 2;
    } else {
      out[n++] = c & 0xff;
    }
  }
  return out.subarray(0, n);
}

export function decodeTransfer(bytes: Buffer, encoding: string): Buffer {
  switch (encoding.toUpperCase()) {
    case 'BASE64':
      return Buffer.from(bytes.toString('latin1').replace(/[^A-Za-z0-9+/=]/g, ''), 'base64');
    case 'QUOTED-PRINTABLE':
      return decodeQuotedPrintable(bytes);
    default:
      return bytes;
  }
}

/** RFC 2047 `=?charset?B|Q?text?=` words decoded (adjacent words joined). */
export function decodeEncodedWords(value: string): string {
  return value
    .replace(/(=\?[^?\s]+\?[BbQq]\?[^?\s]*\?=)\s+(?==\?[^?\s]+\?[BbQq]\?[^?\s]*\?=)/g, '$1')
    .replace(/=\?([^?\s]+)\?([BbQq])\?([^?\s]*)\?=/g, (_match, charset: string, kind: string, text: string) => {
      const bytes = kind.toUpperCase() === 'B' ? Buffer.from(text, 'base64') : decodeQuotedPrintable(Buffer.from(text.replace(/_/g, ' '), 'latin1'));
      return decodeCharset(bytes, charset.split('*')[0]);
    });
}

/** Header fields as (lower-case name, unfolded decoded value) pairs. */
export function parseHeaderFields(header: Buffer): Array<[string, string]> {
  const text = header.toString('utf8');
  const fields: Array<[string, string]> = [];
  for (const line of text.split(/\r?\n/)) {
    if (line === '') break;
    if ((line.startsWith(' ') || line.startsWith('\t')) && fields.length > 0) {
      const last = fields[fields.length - 1]!;
      last[1] += ` ${line.trim()}`;
      continue;
    }
    const colon = line.indexOf(':');
    if (colon <= 0) continue;
    fields.push([line.slice(0, colon).trim().toLowerCase(), line.slice(colon + 1).trim()]);
  }
  return fields.map(([name, value]) => [name, decodeEncodedWords(value)]);
}

export class MessageText {
  private header: Promise<Array<[string, string]>> | undefined;
  private body: Promise<string> | undefined;

  constructor(
    private readonly storage: ImapStorage,
    private readonly record: MessageRecord,
  ) {}

  /** The top-level header fields, decoded. */
  headerFields(): Promise<Array<[string, string]>> {
    this.header ??= (async () => {
      const end = this.record.structure?.bodyStart ?? Math.min(this.record.size, MAX_HEADER);
      return parseHeaderFields(await readRange(this.storage, this.record.contentId, 0, end, MAX_HEADER));
    })();
    return this.header;
  }

  /** The decoded text of every text/* part (and the headers of attached messages). */
  bodyText(): Promise<string> {
    this.body ??= (async () => {
      const structure = this.record.structure;
      if (!structure) return '';
      const pieces: string[] = [];
      let budget = MAX_MESSAGE;
      const visit = async (part: StoredPart): Promise<void> => {
        if (budget <= 0) return;
        if (part.children) {
          for (const child of part.children) await visit(child);
          return;
        }
        if (part.message) {
          const header = await readRange(this.storage, this.record.contentId, part.message.body.headerStart, part.message.body.bodyStart, MAX_HEADER);
          pieces.push(
            parseHeaderFields(header)
              .map(([n, v]) => `${n}: ${v}`)
              .join('\n'),
          );
          await visit(part.message.body);
          return;
        }
        if (part.type !== 'text') return;
        const raw = await readRange(this.storage, this.record.contentId, part.bodyStart, part.end, Math.min(MAX_PART, budget));
        budget -= raw.length;
        pieces.push(decodeCharset(decodeTransfer(raw, part.encoding), part.params.charset));
      };
      await visit(structure);
      return pieces.join('\n');
    })();
    return this.body;
  }
}
