/**
 * The parser's input side: pushed chunks waiting to be read, read either
 * as lines (up to LF, CR stripped) or as a count of raw octets (literals).
 *
 * A line longer than `maxLineLength` is not accumulated: from that point
 * only its first and last few octets are kept (enough for the tag and a
 * trailing literal marker), so an endless line costs no memory.
 */

export interface Line {
  /** The line without CR LF; empty when it overflowed. */
  bytes: Buffer;
  overflow: boolean;
  /** Octets the line really had (before LF). */
  length: number;
  /** When it overflowed: its first octets (tag, command) and last octets (literal marker). */
  head: Buffer;
  tail: Buffer;
}

const LF = 0x0a;
const CR = 0x0d;
const HEAD_KEEP = 256;
const TAIL_KEEP = 32;
const EMPTY: Buffer = Buffer.alloc(0);

export class InputBuffer {
  /** Pushed, not yet consumed; `offset` is into `queue[0]`. */
  private queue: Buffer[] = [];
  private offset = 0;

  /** The line being read. */
  private lineParts: Buffer[] = [];
  private lineLength = 0;
  private lineHead: Buffer = EMPTY;
  private lineTail: Buffer = EMPTY;

  constructor(private readonly maxLineLength: number) {}

  push(chunk: Buffer): void {
    if (chunk.length > 0) this.queue.push(chunk);
  }

  /** Octets of the line read so far (for the hard limit while no LF comes). */
  get pendingLineLength(): number {
    return this.lineLength;
  }

  /** Octets held: queued plus the partial line. */
  get retainedBytes(): number {
    let total = -this.offset + this.lineHead.length + this.lineTail.length;
    for (const chunk of this.queue) total += chunk.length;
    for (const part of this.lineParts) total += part.length;
    return total;
  }

  /** Consumes up to and including the next LF; null if no LF has arrived yet. */
  readLine(): Line | null {
    while (this.queue.length > 0) {
      const chunk = this.queue[0]!;
      const lf = chunk.indexOf(LF, this.offset);
      this.appendToLine(chunk.subarray(this.offset, lf === -1 ? chunk.length : lf));
      this.consume(chunk, lf === -1 ? chunk.length : lf + 1);
      if (lf !== -1) return this.takeLine();
    }
    return null;
  }

  /**
   * Consumes up to `count` raw octets. With `keep`, returns them (as views
   * of the pushed chunks); without, just drops them. `taken` may be short.
   */
  readOctets(count: number, keep: boolean): { taken: number; parts: Buffer[] } {
    const parts: Buffer[] = [];
    let taken = 0;
    while (taken < count && this.queue.length > 0) {
      const chunk = this.queue[0]!;
      const size = Math.min(chunk.length - this.offset, count - taken);
      if (keep) parts.push(chunk.subarray(this.offset, this.offset + size));
      taken += size;
      this.consume(chunk, this.offset + size);
    }
    return { taken, parts };
  }

  /** Removes and returns every queued octet not yet read. */
  takeAll(): Buffer {
    const rest = Buffer.concat(this.queue.map((chunk, i) => (i === 0 ? chunk.subarray(this.offset) : chunk)));
    this.queue = [];
    this.offset = 0;
    return rest;
  }

  clear(): void {
    this.queue = [];
    this.offset = 0;
    this.resetLine();
  }

  private consume(chunk: Buffer, upTo: number): void {
    this.offset = upTo;
    if (this.offset >= chunk.length) {
      this.queue.shift();
      this.offset = 0;
    }
  }

  private appendToLine(part: Buffer): void {
    if (part.length === 0) return;
    // The +1 leaves room for the CR of CRLF.
    const limit = this.maxLineLength + 1;
    const alreadyOver = this.lineLength > limit;
    this.lineLength += part.length;
    if (!alreadyOver && this.lineLength <= limit) {
      this.lineParts.push(part);
    } else if (!alreadyOver) {
      const sofar = Buffer.concat([...this.lineParts, part]);
      this.lineHead = Buffer.from(sofar.subarray(0, HEAD_KEEP));
      this.lineTail = Buffer.from(sofar.subarray(-TAIL_KEEP));
      this.lineParts = [];
    } else {
      this.lineTail = Buffer.from(Buffer.concat([this.lineTail, part.subarray(-TAIL_KEEP)]).subarray(-TAIL_KEEP));
    }
  }

  private takeLine(): Line {
    const length = this.lineLength;
    let overflow = length > this.maxLineLength + 1;
    let bytes = overflow ? EMPTY : stripCr(Buffer.concat(this.lineParts, length));
    let head = this.lineHead;
    let tail = stripCr(this.lineTail);
    if (!overflow && bytes.length > this.maxLineLength) {
      overflow = true;
      head = bytes.subarray(0, HEAD_KEEP);
      tail = bytes.subarray(-TAIL_KEEP);
      bytes = EMPTY;
    }
    this.resetLine();
    return { bytes, overflow, length, head, tail };
  }

  private resetLine(): void {
    this.lineParts = [];
    this.lineLength = 0;
    this.lineHead = EMPTY;
    this.lineTail = EMPTY;
  }
}

function stripCr(bytes: Buffer): Buffer {
  return bytes.length > 0 && bytes[bytes.length - 1] === CR ? bytes.subarray(0, -1) : bytes;
}
