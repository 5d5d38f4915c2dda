import { Transform, type TransformCallback } from 'node:stream';

/**
 * Stores messages with CRLF line ends whatever the client sent: a bare LF
 * becomes CRLF, a bare CR is kept. Sizes (RFC822.SIZE, POP3 octets) are
 * then those of the stored bytes.
 */
export class CrlfNormalizer extends Transform {
  private lastWasCr = false;
  bytes = 0;

  override _transform(chunk: Buffer, _encoding: BufferEncoding, callback: TransformCallback): void {
    let extra = 0;
    for (let i = 0; i < chunk.length; i++) {
      if (chunk[i] === 0x0a && (i === 0 ? !this.lastWasCr : chunk[i - 1] !== 0x0d)) extra++;
    }
    if (extra === 0) {
      this.lastWasCr = chunk.length > 0 && chunk[chunk.length - 1] === 0x0d;
      this.bytes += chunk.length;
      callback(null, chunk);
      return;
    }
    const out = Buffer.allocUnsafe(chunk.length + extra);
    let j = 0;
    for (let i = 0; i < chunk.length; i++) {
      const byte = chunk[i]!;
      if (byte === 0x0a && (i === 0 ? !this.lastWasCr : chunk[i - 1] !== 0x0d)) out[j++] = 0x0d;
      out[j++] = byte;
    }
    this.lastWasCr = chunk[chunk.length - 1] === 0x0d;
    this.bytes += out.length;
    callback(null, out);
  }
}
