import { encode as encodeQp, wrap as wrapQp } from 'nodemailer/lib/qp';

/**
 * What a message needs from the next hop, and the re-encoding that lets it
 * pass a hop that offers less. Works on the whole message in memory (it is
 * at most the submission size limit) so the result can be DKIM-signed as
 * the exact bytes that go out.
 */

/** RFC 5321 §4.5.3.1.6: 1000 octets with CRLF. */
export const MAX_LINE_OCTETS = 998;

export interface MessageNeeds {
  /** An octet above 127 anywhere: BODY=8BITMIME (RFC 6152) or conversion. */
  eightBit: boolean;
  /** An octet above 127 in the header: only SMTPUTF8 carries it (RFC 6532). */
  utf8Header: boolean;
  /** A line longer than 998 octets: illegal in SMTP at any hop. */
  longLines: boolean;
}

export function messageNeeds(message: Buffer): MessageNeeds {
  const headerEnd = endOfHeader(message);
  return {
    eightBit: hasEightBit(message),
    utf8Header: hasEightBit(message.subarray(0, headerEnd)),
    longLines: hasLongLine(message),
  };
}

/** Whether an SMTP address needs SMTPUTF8 (RFC 6531 §3.2): a non-ASCII character. */
export function needsSmtpUtf8(address: string): boolean {
  return /[^\x00-\x7f]/.test(address);
}

/**
 * The message with its offending leaf parts re-encoded: quoted-printable for
 * text/*, base64 otherwise, and `Content-Transfer-Encoding` set to match.
 * `sevenBit` re-encodes every part with 8-bit octets (a hop without
 * 8BITMIME); long lines are always re-encoded. Multipart and message/rfc822
 * containers are walked; the header itself is never changed beyond
 * Content-Transfer-Encoding of a re-encoded part. Returns the input itself
 * when nothing had to change.
 */
export function reencodeMessage(message: Buffer, options: { sevenBit: boolean }): Buffer {
  return reencodeEntity(message, options, 0);
}

const MAX_DEPTH = 100;

function reencodeEntity(entity: Buffer, options: { sevenBit: boolean }, depth: number): Buffer {
  const headerEnd = endOfHeader(entity);
  const header = entity.subarray(0, headerEnd).toString('latin1');
  const body = entity.subarray(headerEnd);
  const contentType = fieldValue(header, 'content-type') ?? 'text/plain';
  const mediaType = contentType.split(';')[0]!.trim().toLowerCase();
  const boundary = /;\s*boundary\s*=\s*(?:"([^"]+)"|([^\s;]+))/i.exec(contentType);
  if (mediaType.startsWith('multipart/') && boundary && depth < MAX_DEPTH) {
    const rebuilt = reencodeMultipart(body, boundary[1] ?? boundary[2]!, options, depth);
    return rebuilt === body ? entity : Buffer.concat([entity.subarray(0, headerEnd), rebuilt]);
  }
  const encoding = (fieldValue(header, 'content-transfer-encoding') ?? '7bit').trim().toLowerCase();
  const unencoded = encoding === '7bit' || encoding === '8bit' || encoding === 'binary';
  if (mediaType === 'message/rfc822' && unencoded && depth < MAX_DEPTH) {
    const start = body.indexOf('\r\n') === 0 ? 2 : body.indexOf('\n') === 0 ? 1 : 0;
    const inner = body.subarray(start);
    const rebuilt = reencodeEntity(inner, options, depth + 1);
    if (rebuilt === inner) return entity;
    return Buffer.concat([entity.subarray(0, headerEnd + start), rebuilt]);
  }
  if (!unencoded) return entity; // quoted-printable and base64 are 7-bit with short lines already
  const offending = hasLongLine(body) || (options.sevenBit && hasEightBit(body));
  if (!offending) return entity;
  const start = body.indexOf('\r\n') === 0 ? 2 : body.indexOf('\n') === 0 ? 1 : 0;
  const content = body.subarray(start);
  const text = mediaType.startsWith('text/');
  const encoded = text ? wrapQp(encodeQp(crlf(content)), 76) : base64Lines(content);
  const newHeader = setTransferEncoding(header, text ? 'quoted-printable' : 'base64');
  // Quoted-printable keeps a final line break; base64 gets one back when the content had it.
  const trailing = !text && content.at(-1) === 0x0a ? '\r\n' : '';
  return Buffer.from(`${newHeader}\r\n${encoded}${trailing}`, 'latin1');
}

function reencodeMultipart(body: Buffer, boundary: string, options: { sevenBit: boolean }, depth: number): Buffer {
  const text = body.toString('latin1');
  const delimiter = `--${boundary}`;
  // Delimiter lines: CRLF--boundary (RFC 2046 §5.1.1); the first may open the body.
  const pattern = new RegExp(`(^|\\r?\\n)${escapeRegExp(delimiter)}(--)?[ \\t]*(?=\\r?\\n|$)`, 'g');
  const marks = [...text.matchAll(pattern)];
  if (marks.length < 2) return body;
  const pieces: Buffer[] = [];
  let changed = false;
  let cursor = 0;
  for (let i = 0; i < marks.length; i++) {
    const mark = marks[i]!;
    const markStart = mark.index!;
    if (i > 0) {
      const partStart = cursor;
      const part = body.subarray(partStart, markStart);
      const rebuilt = reencodeEntity(part, options, depth + 1);
      if (rebuilt !== part) changed = true;
      pieces.push(rebuilt);
    } else {
      pieces.push(body.subarray(0, markStart));
    }
    pieces.push(body.subarray(markStart, markStart + mark[0].length));
    if (mark[2]) {
      pieces.push(body.subarray(markStart + mark[0].length));
      break;
    }
    // The part starts after the delimiter line's own line break.
    const afterMark = markStart + mark[0].length;
    const lineBreak = text.startsWith('\r\n', afterMark) ? 2 : text.startsWith('\n', afterMark) ? 1 : 0;
    pieces.push(body.subarray(afterMark, afterMark + lineBreak));
    cursor = afterMark + lineBreak;
    if (i === marks.length - 1) pieces.push(body.subarray(cursor));
  }
  return changed ? Buffer.concat(pieces) : body;
}

/** Offset of the empty line ending the header (the body starts there, with its CRLF). */
function endOfHeader(entity: Buffer): number {
  if (entity.subarray(0, 2).toString() === '\r\n') return 0;
  if (entity[0] === 0x0a) return 0;
  const crlf = entity.indexOf('\r\n\r\n');
  const lf = entity.indexOf('\n\n');
  if (crlf >= 0 && (lf < 0 || crlf < lf)) return crlf + 2;
  if (lf >= 0) return lf + 1;
  return entity.length;
}

function fieldValue(header: string, name: string): string | undefined {
  const unfolded = header.replace(/\r?\n(?=[ \t])/g, '');
  const match = new RegExp(`^${name}[ \\t]*:(.*)$`, 'im').exec(unfolded);
  return match?.[1]?.trim();
}

function setTransferEncoding(header: string, encoding: string): string {
  const eol = header.includes('\r\n') ? '\r\n' : '\n';
  const lines = header.split(/(?<=\n)/);
  const kept: string[] = [];
  let skipping = false;
  for (const line of lines) {
    if (skipping && /^[ \t]/.test(line)) continue;
    skipping = /^content-transfer-encoding[ \t]*:/i.test(line);
    if (!skipping) kept.push(line);
  }
  let out = kept.join('');
  if (out && !out.endsWith('\n')) out += eol;
  return `${out}Content-Transfer-Encoding: ${encoding}${eol}`;
}

function hasEightBit(buffer: Buffer): boolean {
  for (const octet of buffer) if (octet > 0x7f) return true;
  return false;
}

function hasLongLine(buffer: Buffer): boolean {
  let start = 0;
  for (;;) {
    const lf = buffer.indexOf(0x0a, start);
    const end = lf < 0 ? buffer.length : lf;
    const length = end - start - (end > start && buffer[end - 1] === 0x0d ? 1 : 0);
    if (length > MAX_LINE_OCTETS) return true;
    if (lf < 0) return false;
    start = lf + 1;
  }
}

/** Bare LF line breaks as CRLF, so quoted-printable keeps them as hard line breaks. */
function crlf(content: Buffer): Buffer {
  return Buffer.from(content.toString('latin1').replace(/\r?\n/g, '\r\n'), 'latin1');
}

function base64Lines(content: Buffer): string {
  return (content.toString('base64').match(/.{1,76}/g) ?? []).join('\r\n');
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
