import type { Readable } from 'node:stream';

/**
 * The header block of a stored message (up to, not including, the blank
 * line), read from its start; at most `limit` bytes. The stream is
 * destroyed once the blank line is seen.
 */
export async function readHeaderBlock(stream: Readable, limit = 256 * 1024): Promise<string> {
  let collected = Buffer.alloc(0);
  try {
    for await (const chunk of stream) {
      collected = Buffer.concat([collected, chunk as Buffer]);
      const end = collected.indexOf('\r\n\r\n');
      if (end >= 0) return collected.subarray(0, end + 2).toString('utf8');
      if (collected.length >= limit) break;
    }
  } finally {
    stream.destroy();
  }
  const text = collected.subarray(0, limit).toString('utf8');
  return text.endsWith('\r\n') ? text : `${text}\r\n`;
}

/** Header fields by lower-case name (unfolded values, in order). */
export function headerMap(block: string): Map<string, string[]> {
  const map = new Map<string, string[]>();
  for (const field of block.replace(/\r\n(?=[ \t])/g, '').split('\r\n')) {
    const colon = field.indexOf(':');
    if (colon <= 0) continue;
    const name = field.slice(0, colon).trim().toLowerCase();
    map.set(name, [...(map.get(name) ?? []), field.slice(colon + 1).trim()]);
  }
  return map;
}
