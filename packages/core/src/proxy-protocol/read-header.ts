/**
 * Reads the PROXY protocol header off a freshly accepted socket and leaves
 * every byte after it unread, so the protocol session (or a TLS handshake)
 * starts exactly where the client's own bytes start.
 */
import type { Socket } from 'node:net';
import { type ProxyHeader, parseProxyHeader, V2_MAX_LENGTH } from './parse-header.ts';

export class ProxyHeaderError extends Error {
  override readonly name = 'ProxyHeaderError';
}

export interface ReadProxyHeaderOptions {
  /** A trusted proxy sends its header at once; default 5 s. */
  timeoutMs?: number;
}

export function readProxyHeader(socket: Socket, options: ReadProxyHeaderOptions = {}): Promise<ProxyHeader> {
  return new Promise((resolve, reject) => {
    let received: Buffer = Buffer.alloc(0);
    const finish = (error: ProxyHeaderError | null, header?: ProxyHeader) => {
      clearTimeout(timer);
      socket.removeListener('readable', onReadable);
      socket.removeListener('end', onEnd);
      socket.removeListener('close', onEnd);
      socket.removeListener('error', onError);
      if (error) reject(error);
      else resolve(header!);
    };
    const onReadable = () => {
      for (let chunk = socket.read() as Buffer | null; chunk !== null; chunk = socket.read() as Buffer | null) {
        received = received.length === 0 ? chunk : Buffer.concat([received, chunk]);
        const parsed = parseProxyHeader(received);
        if (parsed.status === 'invalid') return finish(new ProxyHeaderError(parsed.reason));
        if (parsed.status === 'complete') {
          const rest = received.subarray(parsed.length);
          if (rest.length > 0) socket.unshift(rest);
          return finish(null, parsed.header);
        }
        if (received.length > V2_MAX_LENGTH) return finish(new ProxyHeaderError('PROXY header too long'));
      }
    };
    const onEnd = () => finish(new ProxyHeaderError('connection closed before the PROXY header'));
    const onError = (error: Error) => finish(new ProxyHeaderError(`connection failed before the PROXY header: ${error.message}`));
    const timer = setTimeout(() => finish(new ProxyHeaderError('no PROXY header in time')), options.timeoutMs ?? 5000);
    socket.on('readable', onReadable);
    socket.once('end', onEnd);
    socket.once('close', onEnd);
    socket.once('error', onError);
  });
}
