import { open } from 'node:fs/promises';

/**
 * The header section of a spooled message (CRLF line ends, see
 * line-endings.ts) as a latin1 string, so every byte survives a round trip
 * whatever the charset, and the offset where the body starts (after the
 * empty line). A message without an empty line is all header.
 */
export async function readSpooledHeader(file: string): Promise<{ header: string; bodyOffset: number }> {
  const handle = await open(file, 'r');
  try {
    const chunk = Buffer.alloc(64 * 1024);
    let data = Buffer.alloc(0);
    for (;;) {
      const { bytesRead } = await handle.read(chunk, 0, chunk.length, data.length);
      if (data.length === 0 && bytesRead >= 2 && chunk[0] === 0x0d && chunk[1] === 0x0a) return { header: '', bodyOffset: 2 };
      // Look again from just before the new bytes: the empty line may straddle two reads.
      const from = Math.max(0, data.length - 3);
      data = Buffer.concat([data, chunk.subarray(0, bytesRead)]);
      const end = data.indexOf('\r\n\r\n', from);
      if (end >= 0) return { header: data.subarray(0, end + 2).toString('latin1'), bodyOffset: end + 4 };
      if (bytesRead === 0) return { header: data.toString('latin1').replace(/(\r\n)?$/, '\r\n'), bodyOffset: data.length };
    }
  } finally {
    await handle.close();
  }
}
