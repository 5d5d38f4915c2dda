/**
 * Pushed socket bytes → command lines. A line is read with the limit that
 * applies to it (a command, a SASL response), so the limit is checked when
 * the line is taken, not when it arrives. Nothing here does I/O.
 */

export type TakenLine =
  /** The line without its CRLF (or bare LF). */
  | { kind: 'line'; bytes: Buffer }
  /** Longer than the limit: complete (consumed) or still growing without an LF. */
  | { kind: 'too-long'; length: number };

const LF = 0x0a;
const CR = 0x0d;
const EMPTY = Buffer.alloc(0);

export class LineBuffer {
  private buffer: Buffer = EMPTY;

  /** Octets waiting to be read (for backpressure: pause the socket above a mark). */
  get size(): number {
    return this.buffer.length;
  }

  push(chunk: Buffer): void {
    if (chunk.length === 0) return;
    this.buffer = this.buffer.length === 0 ? chunk : Buffer.concat([this.buffer, chunk]);
  }

  /**
   * The next line if it is complete, `too-long` if it is (or is already
   * known to become) longer than `maxLength` octets, null when more input
   * is needed.
   */
  take(maxLength: number): TakenLine | null {
    const lf = this.buffer.indexOf(LF);
    if (lf === -1) {
      return this.buffer.length > maxLength + 1 ? { kind: 'too-long', length: this.buffer.length } : null;
    }
    const end = lf > 0 && this.buffer[lf - 1] === CR ? lf - 1 : lf;
    const bytes = this.buffer.subarray(0, end);
    this.buffer = lf + 1 === this.buffer.length ? EMPTY : this.buffer.subarray(lf + 1);
    if (bytes.length > maxLength) return { kind: 'too-long', length: bytes.length };
    return { kind: 'line', bytes: Buffer.from(bytes) };
  }

  /** Drops everything not yet read (bytes pipelined behind STLS must not run under TLS). */
  clear(): number {
    const dropped = this.buffer.length;
    this.buffer = EMPTY;
    return dropped;
  }
}
