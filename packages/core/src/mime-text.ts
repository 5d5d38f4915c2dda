/**
 * The searchable text of a stored message, one rule for every reader: the
 * mail store writes it at delivery (packages/mailstore, the body-text
 * index) and the IMAP server computes the same from the blob for messages
 * stored before the index existed (SEARCH BODY/TEXT, HEADER).
 *
 * Transfer encodings (base64, quoted-printable) and charsets are decoded,
 * RFC 2047 encoded-words in headers decoded, text/html reduced to its
 * visible text. Decoders work on Buffers: a search over thousands of
 * messages spent most of its time in a string-based quoted-printable decode.
 */

/** Characters of decoded body text kept per message (index and fallback alike). */
export const MAX_BODY_TEXT = 256 * 1024;
/** Octets of one text part read (encoded). */
const MAX_PART = 1024 * 1024;
/** Octets of a message's text parts read in all (encoded). */
const MAX_MESSAGE = 4 * 1024 * 1024;
/** Octets of a header read. */
export const MAX_HEADER = 256 * 1024;

export function decodeCharset(bytes: Buffer, charset: string | undefined): string {
  const label = (charset ?? 'utf-8').trim().toLowerCase() || 'utf-8';
  try {
    return new TextDecoder(label === 'us-ascii' ? 'utf-8' : label).decode(bytes);
  } catch {
    return bytes.toString('latin1');
  }
}

function hexValue(c: number): number {
  if (c >= 0x30 && c <= 0x39) return c - 0x30;
  if (c >= 0x41 && c <= 0x46) return c - 0x37;
  if (c >= 0x61 && c <= 0x66) return c - 0x57;
  return -1;
}

const EQUALS = 0x3d;
const SPACE = 0x20;
const TAB = 0x09;
const CR = 0x0d;
const LF = 0x0a;

/**
 * Quoted-printable (RFC 2045 §6.7) exactly as libqp decodes it, in three
 * passes over the octets, in place (no strings): spaces and tabs at the
 * end of a line dropped, then soft breaks (`=` before a line break or at
 * the end) removed, then `=XX` (either case) made its octet; everything
 * else is copied. The order matters for malformed input (`=\r \n`).
 */
export function decodeQuotedPrintable(input: Uint8Array): Buffer {
  const length = input.length;
  const out = Buffer.allocUnsafe(length);
  let n = 0;
  for (let i = 0; i < length; ) {
    const c = input[i]!;
    if (c !== SPACE && c !== TAB) {
      out[n++] = c;
      i++;
      continue;
    }
    let j = i + 1;
    while (j < length && (input[j] === SPACE || input[j] === TAB)) j++;
    // Trailing white space of a line is padding, not text.
    if (!(j === length || input[j] === CR || input[j] === LF)) for (; i < j; i++) out[n++] = input[i]!;
    i = j;
  }
  let m = 0;
  for (let k = 0; k < n; k++) {
    const c = out[k]!;
    if (c === EQUALS) {
      if (k === n - 1) break;
      if (out[k + 1] === LF) {
        k += 1;
        continue;
      }
      if (out[k + 1] === CR && k + 2 < n && out[k + 2] === LF) {
        k += 2;
        continue;
      }
    }
    out[m++] = c;
  }
  let p = 0;
  for (let k = 0; k < m; k++) {
    const c = out[k]!;
    if (c === EQUALS && k < m - 2) {
      const hi = hexValue(out[k + 1]!);
      const lo = hi >= 0 ? hexValue(out[k + 2]!) : -1;
      if (lo >= 0) {
        out[p++] = hi * 16 + lo;
        k += 2;
        continue;
      }
    }
    out[p++] = c;
  }
  return out.subarray(0, p);
}

/** Base64: Node's decoder skips line breaks and other stray characters itself. */
export function decodeBase64(input: Uint8Array): Buffer {
  return Buffer.from(Buffer.from(input.buffer, input.byteOffset, input.byteLength).toString('latin1'), 'base64');
}

export function decodeTransfer(bytes: Buffer, encoding: string): Buffer {
  switch (encoding.toUpperCase()) {
    case 'BASE64':
      return decodeBase64(bytes);
    case 'QUOTED-PRINTABLE':
      return decodeQuotedPrintable(bytes);
    default:
      return bytes;
  }
}

/** RFC 2047 `=?charset?B|Q?text?=` words decoded (adjacent words joined). */
export function decodeEncodedWords(value: string): string {
  if (!value.includes('=?')) return value;
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

/** Header fields as stored text: one `name: value` line each (values are unfolded, so lossless). */
export function headerFieldsText(fields: ReadonlyArray<readonly [string, string]>): string {
  return fields.map(([name, value]) => `${name}: ${value}`).join('\n');
}

/** The inverse of headerFieldsText. */
export function headerFieldsFromText(text: string): Array<[string, string]> {
  if (text === '') return [];
  return text.split('\n').map((line) => {
    const colon = line.indexOf(': ');
    return [line.slice(0, colon), line.slice(colon + 2)];
  });
}

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: ' ' };

function decodeEntities(text: string): string {
  return text.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (whole, name: string) => {
    if (name[0] === '#') {
      const code = name[1] === 'x' || name[1] === 'X' ? Number.parseInt(name.slice(2), 16) : Number(name.slice(1));
      return code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : whole;
    }
    return ENTITIES[name.toLowerCase()] ?? whole;
  });
}

/** An HTML fragment's visible text: comments, head, style and script removed, block ends as spaces, entities decoded. */
export function htmlToText(html: string): string {
  const text = html
    .replace(/<!--[\s\S]*?(-->|$)/g, ' ')
    .replace(/<(head|style|script|title)\b[\s\S]*?(<\/\1\s*>|$)/gi, ' ')
    .replace(/<\/?(p|div|br|tr|li|h[1-6]|table|blockquote)\b[^>]*>/gi, ' ')
    .replace(/<[^>]*>?/g, '');
  return decodeEntities(text);
}

/** The parts of a MIME description the text needs (mailstore's BodyPart, imap-server's StoredPart). */
export interface TextPart {
  type: string;
  subtype: string;
  params: Record<string, string>;
  encoding: string;
  headerStart: number;
  bodyStart: number;
  end: number;
  children?: readonly TextPart[];
  message?: { body: TextPart };
}

/** Octets [start, end) of the stored message. */
export type ReadOctets = (start: number, end: number) => Promise<Buffer>;

/**
 * The decoded text of every text/* part (text/html as its visible text) and
 * the header fields of attached messages, in order, joined by line breaks,
 * cut at MAX_BODY_TEXT characters.
 */
export async function messageBodyText(structure: TextPart, read: ReadOctets): Promise<string> {
  const pieces: string[] = [];
  let budget = MAX_MESSAGE;
  let chars = 0;
  const visit = async (part: TextPart): Promise<void> => {
    if (budget <= 0 || chars >= MAX_BODY_TEXT) return;
    if (part.children) {
      for (const child of part.children) await visit(child);
      return;
    }
    if (part.message) {
      const header = await read(part.message.body.headerStart, Math.min(part.message.body.bodyStart, part.message.body.headerStart + MAX_HEADER));
      const text = headerFieldsText(parseHeaderFields(header));
      pieces.push(text);
      chars += text.length + 1;
      await visit(part.message.body);
      return;
    }
    if (part.type !== 'text') return;
    const raw = await read(part.bodyStart, Math.min(part.end, part.bodyStart + Math.min(MAX_PART, budget)));
    budget -= raw.length;
    const decoded = decodeCharset(decodeTransfer(raw, part.encoding), part.params.charset);
    const text = part.subtype === 'html' ? htmlToText(decoded) : decoded;
    pieces.push(text);
    chars += text.length + 1;
  };
  await visit(structure);
  const text = pieces.join('\n').replace(/\u0000/g, '');
  return text.length > MAX_BODY_TEXT ? text.slice(0, MAX_BODY_TEXT) : text;
}

/** The top-level header fields (the header is [0, bodyStart) of the message). */
export async function messageHeaderFields(structure: { bodyStart: number } | undefined, size: number, read: ReadOctets): Promise<Array<[string, string]>> {
  const end = Math.min(structure?.bodyStart ?? size, MAX_HEADER);
  return end > 0 ? parseHeaderFields(await read(0, end)) : [];
}

/**
 * The words of a text as the full-text index holds them: NFC, lower case,
 * runs of letters and digits separated by one space. Both the stored
 * vector and the query are built from this, so PostgreSQL's parser sees
 * only plain words whatever the database's locale.
 */
export function indexWords(text: string): string[] {
  return (
    text
      .normalize('NFC')
      .toLowerCase()
      .match(/[\p{L}\p{N}]+/gu) ?? []
  );
}
