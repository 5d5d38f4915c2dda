/**
 * The connection's writer: response pieces → socket, with backpressure.
 *
 * Small pieces are gathered and written in one go (up to FLUSH_SIZE);
 * a streamed literal is piped chunk by chunk, waiting for 'drain' whenever
 * the socket's buffer is full, so a FETCH of a large message never holds
 * more than a chunk of it in memory. The socket can be swapped (STARTTLS).
 */
import type { Duplex } from 'node:stream';
import type { ResponsePiece, StreamLiteral } from '../protocol/encoder.ts';

const FLUSH_SIZE = 64 * 1024;

/** The peer went away while we were writing. */
export class ConnectionClosedError extends Error {
  constructor() {
    super('Connection closed');
    this.name = 'ConnectionClosedError';
  }
}

export class Output {
  private pending: Buffer[] = [];
  private pendingSize = 0;

  constructor(
    public socket: Duplex,
    private readonly onStreamError: (error: unknown) => void,
  ) {}

  /** Queues pieces; writes when enough is gathered or a stream comes. */
  async write(pieces: readonly ResponsePiece[] | Buffer): Promise<void> {
    if (Buffer.isBuffer(pieces)) return this.add(pieces);
    for (const piece of pieces) {
      if (Buffer.isBuffer(piece)) await this.add(piece);
      else {
        await this.flush();
        await this.pipe(piece);
      }
    }
  }

  /** Writes what is gathered. */
  async flush(): Promise<void> {
    if (this.pendingSize === 0) return;
    const data = this.pending.length === 1 ? this.pending[0]! : Buffer.concat(this.pending, this.pendingSize);
    this.pending = [];
    this.pendingSize = 0;
    await this.writeRaw(data);
  }

  /** Drops what is gathered (the connection is going away). */
  discard(): void {
    this.pending = [];
    this.pendingSize = 0;
  }

  private async add(buffer: Buffer): Promise<void> {
    this.pending.push(buffer);
    this.pendingSize += buffer.length;
    if (this.pendingSize >= FLUSH_SIZE) await this.flush();
  }

  private async writeRaw(data: Buffer): Promise<void> {
    const socket = this.socket;
    if (socket.destroyed || !socket.writable) throw new ConnectionClosedError();
    if (socket.write(data)) return;
    await waitForDrain(socket);
  }

  /**
   * Exactly `literal.literal` octets from the stream: cut when it has more,
   * padded with spaces (and reported) when it has fewer or fails, so the
   * client's parser stays in step whatever happens to the blob.
   */
  private async pipe(literal: StreamLiteral): Promise<void> {
    let remaining = literal.literal;
    if (remaining === 0) return;
    let stream: ReturnType<StreamLiteral['stream']> | undefined;
    try {
      stream = literal.stream();
      for await (const chunk of stream) {
        const buffer = typeof chunk === 'string' ? Buffer.from(chunk) : (chunk as Buffer);
        const part = buffer.length > remaining ? buffer.subarray(0, remaining) : buffer;
        if (part.length > 0) await this.writeRaw(part);
        remaining -= part.length;
        if (remaining === 0) break;
      }
      if (remaining > 0) this.onStreamError(new Error(`message content ended ${remaining} octets early`));
    } catch (error) {
      if (error instanceof ConnectionClosedError) throw error;
      this.onStreamError(error);
    } finally {
      stream?.destroy();
    }
    while (remaining > 0) {
      const size = Math.min(remaining, FLUSH_SIZE);
      await this.writeRaw(Buffer.alloc(size, 0x20));
      remaining -= size;
    }
  }
}

function waitForDrain(socket: Duplex): Promise<void> {
  return new Promise((resolve, reject) => {
    const done = () => {
      socket.removeListener('drain', onDrain);
      socket.removeListener('close', onClose);
      socket.removeListener('error', onClose);
    };
    const onDrain = () => {
      done();
      resolve();
    };
    const onClose = () => {
      done();
      reject(new ConnectionClosedError());
    };
    socket.on('drain', onDrain);
    socket.on('close', onClose);
    socket.on('error', onClose);
  });
}
