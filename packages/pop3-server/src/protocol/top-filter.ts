/**
 * TOP msg n (RFC 1939 §7): the header, the blank line that ends it, and the
 * first n lines of the body. Fed the stored message chunk by chunk, it
 * passes through what TOP sends and says when it has seen enough, so the
 * connection stops reading the message there (TOP n 0 of a 50 MB message
 * reads its header only). A message without a blank line is all header.
 */
const LF = 0x0a;
const CR = 0x0d;

export class TopFilter {
  private inHeader = true;
  /** Octets of the current line so far, and its last octet (for CR LF). */
  private lineLength = 0;
  private lastByte = -1;
  private linesLeft: number;
  private finished = false;

  constructor(bodyLines: number) {
    this.linesLeft = bodyLines;
  }

  /** Whether the cut point has been reached: nothing more will be passed. */
  get done(): boolean {
    return this.finished;
  }

  /** The part of `chunk` that belongs to the reply. */
  push(chunk: Buffer): Buffer {
    if (this.finished) return chunk.subarray(0, 0);
    for (let i = 0; i < chunk.length; i++) {
      const byte = chunk[i]!;
      if (byte !== LF) {
        this.lineLength++;
        this.lastByte = byte;
        continue;
      }
      const blank = this.lineLength === 0 || (this.lineLength === 1 && this.lastByte === CR);
      this.lineLength = 0;
      this.lastByte = -1;
      if (this.inHeader) {
        if (!blank) continue;
        this.inHeader = false;
        if (this.linesLeft === 0) return this.cut(chunk, i + 1);
      } else if (--this.linesLeft === 0) {
        return this.cut(chunk, i + 1);
      }
    }
    return chunk;
  }

  private cut(chunk: Buffer, end: number): Buffer {
    this.finished = true;
    return chunk.subarray(0, end);
  }
}
