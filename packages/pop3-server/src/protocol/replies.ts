/**
 * Replies: a status line (`+OK text` / `-ERR [CODE] text`), optionally
 * followed by a multi-line body ended by `.` (RFC 1939 §3). A reply is
 * data; the connection writes it (and streams message bodies through
 * DotStuffer).
 */
import type { Readable } from 'node:stream';
import type { ResponseCode } from './response-codes.ts';

export type ReplyBody =
  /** Short listings (LIST, UIDL, CAPA); byte-stuffed like any multi-line body. */
  | { kind: 'lines'; lines: readonly string[] }
  /**
   * A stored message (RETR) or its header and first `topLines` body lines
   * (TOP). `open` is called by the connection; the `+OK` goes out only
   * once the first octets are read, so an unreadable message gets `-ERR`.
   */
  | { kind: 'message'; open: () => Readable | Promise<Readable>; topLines?: number; failure: string };

export interface Reply {
  ok: boolean;
  code?: ResponseCode;
  text: string;
  body?: ReplyBody;
  /** What the connection does after writing the reply. */
  then?: 'close' | 'starttls';
}

export function ok(text: string, extra: Omit<Reply, 'ok' | 'text'> = {}): Reply {
  return { ok: true, text, ...extra };
}

export function err(text: string, code?: ResponseCode, extra: Omit<Reply, 'ok' | 'text' | 'code'> = {}): Reply {
  return code === undefined ? { ok: false, text, ...extra } : { ok: false, code, text, ...extra };
}

/** The status line with its CRLF. Text is kept to one line of printable characters. */
export function encodeStatus(reply: Pick<Reply, 'ok' | 'code' | 'text'>): Buffer {
  const text = reply.text.replace(/[\r\n]+/g, ' ');
  const code = reply.code ? `[${reply.code}] ` : '';
  return Buffer.from(`${reply.ok ? '+OK' : '-ERR'}${text || code ? ' ' : ''}${code}${text}\r\n`, 'utf8');
}

/** The line that ends a multi-line body. */
export const TERMINATOR = Buffer.from('.\r\n');

/** A SASL challenge (RFC 5034 §4): `+ ` and base64 (`+ ` alone for an empty one). */
export function encodeChallenge(base64: string): Buffer {
  return Buffer.from(`+ ${base64}\r\n`);
}
