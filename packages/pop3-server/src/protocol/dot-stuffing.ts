/**
 * Byte-stuffing of a multi-line body (RFC 1939 §3): a line that starts with
 * `.` gets one more `.` in front, so only `.CRLF` ends the body. Works on
 * chunks as they stream from the store, whatever their boundaries; keeps
 * no more than two flags of state, never the message.
 *
 * A stored message has CRLF line ends; a bare LF is still treated as a line
 * end for stuffing, which is what a client splitting on LF will expect.
 */
const LF = 0x0a;
const DOT = 0x2e;
const CRLF = Buffer.from('\r\n');
const DOT_BUFFER = Buffer.from('.');
const EMPTY = Buffer.alloc(0);

export class DotStuffer {
  private atLineStart = true;
  private lastByte = -1;

  /** The chunk, stuffed. Returns views of `chunk` when nothing needs adding. */
  push(chunk: Buffer): Buffer {
    if (chunk.length === 0) return chunk;
    const pieces: Buffer[] = [];
    let from = 0;
    if (this.atLineStart && chunk[0] === DOT) pieces.push(DOT_BUFFER);
    let lf = chunk.indexOf(LF);
    while (lf !== -1 && lf + 1 < chunk.length) {
      if (chunk[lf + 1] === DOT) {
        pieces.push(chunk.subarray(from, lf + 1), DOT_BUFFER);
        from = lf + 1;
      }
      lf = chunk.indexOf(LF, lf + 1);
    }
    this.atLineStart = chunk[chunk.length - 1] === LF;
    this.lastByte = chunk[chunk.length - 1]!;
    if (pieces.length === 0) return chunk;
    pieces.push(chunk.subarray(from));
    return Buffer.concat(pieces);
  }

  /** What must precede the terminator: CRLF when the body did not end with a line end (nothing for an empty body). */
  end(): Buffer {
    return this.lastByte === -1 || this.lastByte === LF ? EMPTY : CRLF;
  }
}

/** A whole body at once (listings, tests). */
export function stuffBody(body: Buffer): Buffer {
  const stuffer = new DotStuffer();
  return Buffer.concat([stuffer.push(body), stuffer.end()]);
}
