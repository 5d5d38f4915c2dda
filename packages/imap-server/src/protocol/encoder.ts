/**
 * Response encoding: values → bytes, with message bodies left as streams.
 *
 * A response is a list of pieces: Buffers to write as they are, and
 * StreamLiterals whose `{n}\r\n` header is already in the preceding
 * Buffer. The connection writes the Buffers and pipes each stream (exactly
 * `literal` octets) with backpressure, so no message body is ever held in
 * memory here.
 *
 * Strings are written in the safest form: quoted when that is plain and
 * short, a literal when the text has CR/LF/NUL, 8-bit characters without
 * UTF8=ACCEPT, many `"` or `\`, or is long.
 */
import type { Readable } from 'node:stream';
import { formatResponseCode, type ResponseCode } from './response-codes.ts';

/** A literal whose octets come from a stream: `{literal}\r\n` then exactly `literal` octets. */
export interface StreamLiteral {
  literal: number;
  stream: () => Readable;
  /** literal8 (`~{n}`, RFC 3516 BINARY) instead of `{n}`. */
  binary?: boolean;
}

export type ResponsePiece = Buffer | StreamLiteral;

/** Written exactly as given: keywords, flags, `FETCH`, `BODY[HEADER]<0>`. */
export interface RawAtom {
  atom: string;
}

/** An atom when the text allows it, otherwise a string (mailbox names). */
export interface AstringValue {
  astring: string;
}

/** Values written one after the other with no space: `(a)(b)` in address lists and multiparts. */
export interface Joined {
  joined: readonly WireValue[];
}

/**
 * null → NIL; number/bigint → number; string → quoted or literal; Buffer →
 * literal; array → parenthesised list with single spaces.
 */
export type WireValue = null | number | bigint | string | Buffer | RawAtom | AstringValue | Joined | StreamLiteral | readonly WireValue[];

export interface EncodeOptions {
  /** UTF8=ACCEPT is on: 8-bit text may be quoted (RFC 6855). */
  utf8?: boolean;
  /** Longer strings are sent as literals (default 1024 characters). */
  maxQuotedLength?: number;
}

export const atom = (text: string): RawAtom => ({ atom: text });
export const astring = (text: string): AstringValue => ({ astring: text });
export const joined = (...values: WireValue[]): Joined => ({ joined: values });

const CRLF = '\r\n';

/** Collects text into Buffers, breaking around streams. */
export class PieceWriter {
  private readonly pieces: ResponsePiece[] = [];
  private pending: Buffer[] = [];
  /** Text written since the last Buffer: one conversion instead of one per token. */
  private text = '';

  write(data: string | Buffer): void {
    if (typeof data === 'string') {
      this.text += data;
      return;
    }
    this.takeText();
    this.pending.push(data);
  }

  stream(literal: StreamLiteral): void {
    this.write(`${literal.binary ? '~' : ''}{${literal.literal}}${CRLF}`);
    this.flush();
    this.pieces.push(literal);
  }

  finish(): ResponsePiece[] {
    this.flush();
    return this.pieces;
  }

  private takeText(): void {
    if (this.text.length === 0) return;
    this.pending.push(Buffer.from(this.text, 'utf8'));
    this.text = '';
  }

  private flush(): void {
    this.takeText();
    if (this.pending.length > 0) this.pieces.push(this.pending.length === 1 ? this.pending[0]! : Buffer.concat(this.pending));
    this.pending = [];
  }
}

function isStreamLiteral(value: object): value is StreamLiteral {
  return 'literal' in value && 'stream' in value;
}

export function writeValue(out: PieceWriter, value: WireValue, options: EncodeOptions = {}): void {
  if (value === null) return out.write('NIL');
  if (typeof value === 'number') {
    if (!Number.isSafeInteger(value) || value < 0) throw new TypeError(`Not an IMAP number: ${value}`);
    return out.write(String(value));
  }
  if (typeof value === 'bigint') {
    if (value < 0n) throw new TypeError(`Not an IMAP number: ${value}`);
    return out.write(value.toString());
  }
  if (typeof value === 'string') return writeString(out, value, options);
  if (Buffer.isBuffer(value)) {
    out.write(`{${value.length}}${CRLF}`);
    return out.write(value);
  }
  if (Array.isArray(value)) {
    out.write('(');
    writeSeparated(out, value, ' ', options);
    return out.write(')');
  }
  const node = value as Exclude<WireValue, null | number | bigint | string | Buffer | readonly WireValue[]>;
  if ('atom' in node) {
    if (/[\r\n\0]/.test(node.atom)) throw new TypeError(`Atom with CR/LF/NUL: ${JSON.stringify(node.atom)}`);
    return out.write(node.atom);
  }
  if ('astring' in node) {
    return isAtomSafe(node.astring) ? out.write(node.astring) : writeString(out, node.astring, options);
  }
  if ('joined' in node) return writeSeparated(out, node.joined, '', options);
  if (isStreamLiteral(node)) return out.stream(node);
}

function writeSeparated(out: PieceWriter, values: readonly WireValue[], separator: string, options: EncodeOptions): void {
  values.forEach((item, i) => {
    if (i > 0 && separator) out.write(separator);
    writeValue(out, item, options);
  });
}

/** ATOM-CHAR plus `]` (ASTRING-CHAR), and not the word NIL. */
function isAtomSafe(text: string): boolean {
  return /^[\x21-\x7e]+$/.test(text) && !/[(){%*"\\]/.test(text) && text.toUpperCase() !== 'NIL';
}

/** How a string will be sent. */
export function stringForm(text: string, options: EncodeOptions = {}): 'quoted' | 'literal' {
  if (text.length > (options.maxQuotedLength ?? 1024)) return 'literal';
  let escapes = 0;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code === 0x0d || code === 0x0a || code === 0) return 'literal';
    if (code > 0x7e || code < 0x20) {
      if (!options.utf8 || code < 0x20 || code === 0x7f) return 'literal';
    } else if (code === 0x22 || code === 0x5c) {
      escapes++;
    }
  }
  return escapes > 4 && escapes * 10 > text.length ? 'literal' : 'quoted';
}

function writeString(out: PieceWriter, text: string, options: EncodeOptions): void {
  if (stringForm(text, options) === 'quoted') {
    out.write(`"${text.replace(/(["\\])/g, '\\$1')}"`);
    return;
  }
  const bytes = Buffer.from(text, 'utf8');
  out.write(`{${bytes.length}}${CRLF}`);
  out.write(bytes);
}

/** Human text in a status line: one line, printable ASCII. */
function cleanText(text: string): string {
  const clean = text.replace(/[\r\n]+/g, ' ').replace(/[^\x20-\x7e]/g, '?');
  return clean.length > 0 ? clean : 'Done';
}

function codePart(code: ResponseCode | undefined): string {
  return code === undefined ? '' : `[${formatResponseCode(code)}] `;
}

/** `* values...\r\n` — data responses (FETCH, LIST, SEARCH, EXISTS ...). */
export function encodeUntagged(values: readonly WireValue[], options: EncodeOptions = {}): ResponsePiece[] {
  const out = new PieceWriter();
  out.write('* ');
  writeSeparated(out, values, ' ', options);
  out.write(CRLF);
  return out.finish();
}

/** `* OK [code] text` and friends: untagged status responses, the greeting, BYE. */
export function encodeStatus(status: 'OK' | 'NO' | 'BAD' | 'BYE' | 'PREAUTH', text: string, code?: ResponseCode): Buffer {
  return Buffer.from(`* ${status} ${codePart(code)}${cleanText(text)}${CRLF}`);
}

/** `tag OK [code] text`: the line that completes a command. */
export function encodeTagged(tag: string, completion: { status: 'OK' | 'NO' | 'BAD'; code?: ResponseCode; text: string }): Buffer {
  return Buffer.from(`${tag} ${completion.status} ${codePart(completion.code)}${cleanText(completion.text)}${CRLF}`);
}

/** `+ text`: ready for a literal, or a SASL challenge (pass base64 as the text). */
export function encodeContinuation(text = 'Ready for literal data'): Buffer {
  return Buffer.from(`+ ${text.replace(/[\r\n]+/g, ' ')}${CRLF}`);
}

/** One FETCH item: the name as the response shows it and its value. */
export type FetchItem = readonly [name: string, value: WireValue];

/** `* seq FETCH (NAME value NAME value ...)`. */
export function encodeFetch(seq: number, items: readonly FetchItem[], options: EncodeOptions = {}): ResponsePiece[] {
  const list: WireValue[] = [];
  for (const [name, value] of items) list.push(atom(name), value);
  return encodeUntagged([seq, atom('FETCH'), list], options);
}

/** Concatenates pieces that hold no stream (tests, small responses). */
export function piecesToBuffer(pieces: readonly ResponsePiece[]): Buffer {
  return Buffer.concat(
    pieces.map((piece) => {
      if (Buffer.isBuffer(piece)) return piece;
      throw new TypeError('piecesToBuffer: response contains a stream');
    }),
  );
}
