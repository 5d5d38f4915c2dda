/**
 * FETCH BINARY[part], BINARY.PEEK[part] and BINARY.SIZE[part] (RFC 3516):
 * a part's content with its Content-Transfer-Encoding undone, so a
 * client need not decode base64 or quoted-printable itself.
 *
 * - `BINARY[]` is the whole message as stored (nothing to decode),
 *   streamed as a literal8 `~{n}` (it may hold NUL octets, RFC 3516 §4.3).
 * - A numbered part is decoded in memory (bounded by the message size
 *   limit) and sent as a literal8 when the result contains NUL, else as
 *   an ordinary literal.
 * - 7BIT, 8BIT and BINARY are identity encodings; an encoding the server
 *   cannot undo fails the FETCH with `NO [UNKNOWN-CTE]` (§4.1).
 * - A part that does not exist is answered with the empty string, as
 *   BODY[...] is.
 */
import { Readable } from 'node:stream';
import type { FetchPartial } from '../protocol/args/fetch.ts';
import type { StreamLiteral, WireValue } from '../protocol/encoder.ts';
import { decodeTransfer } from '../search/message-text.ts';
import type { ImapStorage, MessageRecord } from '../storage.ts';
import { readRange } from './read-range.ts';
import { applyPartial, findPart } from './sections.ts';

/** Largest part decoded in memory (the APPEND literal limit's default). */
const MAX_PART = 64 * 1024 * 1024;

const IDENTITY = new Set(['7BIT', '8BIT', 'BINARY']);
const DECODABLE = new Set(['BASE64', 'QUOTED-PRINTABLE']);

/** The part's encoding cannot be undone: the FETCH answers `NO [UNKNOWN-CTE]`. */
export class UnknownTransferEncoding extends Error {
  constructor(readonly encoding: string) {
    super(`Unknown Content-Transfer-Encoding ${encoding}`);
    this.name = 'UnknownTransferEncoding';
  }
}

/** The decoded octets of a part; undefined when the message has no such part. */
async function decodedPart(storage: ImapStorage, record: MessageRecord, path: readonly number[]): Promise<Buffer | undefined> {
  const found = record.structure ? findPart(record.structure, path) : undefined;
  if (!found) return undefined;
  const { part } = found;
  const encoding = part.encoding.toUpperCase();
  // multipart and message/rfc822 bodies are never encoded (RFC 2045 §6.4); their octets are the answer.
  const encoded = !part.children && !part.message;
  if (encoded && !IDENTITY.has(encoding) && !DECODABLE.has(encoding)) throw new UnknownTransferEncoding(encoding);
  const raw = await readRange(storage, record.contentId, part.bodyStart, part.end, MAX_PART);
  return encoded && DECODABLE.has(encoding) ? decodeTransfer(raw, encoding) : raw;
}

function literalOf(octets: Buffer): WireValue {
  if (!octets.includes(0)) return octets;
  const literal: StreamLiteral = { literal: octets.length, binary: true, stream: () => Readable.from([octets]) };
  return literal;
}

/** The value of `BINARY[path]<partial>`. */
export async function binaryValue(storage: ImapStorage, record: MessageRecord, path: readonly number[], partial: FetchPartial | undefined): Promise<WireValue> {
  if (path.length === 0) {
    const { start, end } = applyPartial(0, record.size, partial);
    const literal: StreamLiteral = { literal: Math.max(0, end - start), binary: true, stream: () => storage.openContent(record.contentId, { start, end }) };
    return literal;
  }
  const octets = await decodedPart(storage, record, path);
  if (!octets) return '';
  if (!partial) return literalOf(octets);
  const { start, end } = applyPartial(0, octets.length, partial);
  return literalOf(octets.subarray(start, Math.max(start, end)));
}

/** The value of `BINARY.SIZE[path]`: the decoded size in octets. */
export async function binarySize(storage: ImapStorage, record: MessageRecord, path: readonly number[]): Promise<number> {
  if (path.length === 0) return record.size;
  return (await decodedPart(storage, record, path))?.length ?? 0;
}
