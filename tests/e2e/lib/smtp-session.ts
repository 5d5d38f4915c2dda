import net from 'node:net';

/**
 * A raw SMTP conversation: each step is written in one piece (several
 * commands at once when pipelining) and waits for `replies` final replies.
 * `preamble` is written before the banner (a PROXY header).
 */
export async function rawSession(
  port: number,
  steps: Array<string | { send: string; replies: number }>,
  options: { preamble?: string } = {},
): Promise<string[]> {
  const socket = net.connect({ port, host: '127.0.0.1' });
  if (options.preamble) socket.write(options.preamble);
  let buffer = '';
  const replies: string[] = [];
  socket.on('data', (chunk) => {
    buffer += chunk.toString('latin1');
    for (let index = buffer.indexOf('\r\n'); index >= 0; index = buffer.indexOf('\r\n')) {
      const line = buffer.slice(0, index);
      buffer = buffer.slice(index + 2);
      if (/^\d{3} /.test(line)) replies.push(line);
    }
  });
  const waitFor = async (count: number) => {
    const deadline = Date.now() + 10_000;
    while (replies.length < count) {
      if (Date.now() > deadline) throw new Error(`timed out waiting for reply ${count}; got ${replies.join(' | ')}`);
      await new Promise((r) => setTimeout(r, 10));
    }
  };
  await waitFor(1); // banner
  let expected = 1;
  for (const step of steps) {
    const { send, replies: n } = typeof step === 'string' ? { send: step, replies: 1 } : step;
    socket.write(send);
    expected += n;
    await waitFor(expected);
  }
  socket.end();
  return replies.slice(1);
}
