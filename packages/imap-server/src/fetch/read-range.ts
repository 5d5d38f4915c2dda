/** Reads octets [start, end) of a stored message into memory (headers, search; never whole bodies). */
import type { ImapStorage } from '../storage.ts';

export async function readRange(storage: ImapStorage, contentId: string, start: number, end: number, limit: number): Promise<Buffer> {
  const stop = Math.min(end, start + limit);
  if (stop <= start) return Buffer.alloc(0);
  if (storage.readContent) return storage.readContent(contentId, { start, end: stop });
  const chunks: Buffer[] = [];
  let size = 0;
  const stream = storage.openContent(contentId, { start, end: stop });
  try {
    for await (const chunk of stream) {
      const buffer = typeof chunk === 'string' ? Buffer.from(chunk) : (chunk as Buffer);
      chunks.push(buffer);
      size += buffer.length;
      if (size >= stop - start) break;
    }
  } finally {
    stream.destroy();
  }
  const all = Buffer.concat(chunks, size);
  return all.length > stop - start ? all.subarray(0, stop - start) : all;
}
