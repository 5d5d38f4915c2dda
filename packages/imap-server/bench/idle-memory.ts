// What an IDLE session costs: opens N sessions (LOGIN, SELECT of a
// 200-message INBOX, IDLE) against an in-memory server in another process
// and prints its memory growth per session.
//
//   node --import tsx packages/imap-server/bench/idle-memory.ts 6000 [tls]
//
// Needs `ulimit -n` above 2 N. Measured numbers are in docs/imap.md.
import { fork } from 'node:child_process';
import net from 'node:net';
import tls from 'node:tls';

const N = Number(process.argv[2] ?? 2000);
const useTls = process.argv[3] === 'tls';
const child = fork(new URL('./idle-memory-server.ts', import.meta.url).pathname, [], { execArgv: ['--import', 'tsx', '--expose-gc'] });
/** The server process sends plain objects of numbers: its ports, then memory figures. */
function numbers(message: unknown): Record<string, number> {
  if (typeof message !== 'object' || message === null) throw new Error(`unexpected message from the server: ${String(message)}`);
  return Object.fromEntries(Object.entries(message).map(([key, value]) => [key, Number(value)]));
}
const nextMessage = () => new Promise<Record<string, number>>((r) => child.once('message', (m) => r(numbers(m))));
const { port = 0, tlsPort = 0 } = await nextMessage();
const stats = () => {
  const answer = nextMessage();
  child.send('stats');
  return answer;
};

const before = await stats();
const sockets: net.Socket[] = [];
async function session(): Promise<void> {
  const socket: net.Socket = useTls ? tls.connect({ port: tlsPort, host: '127.0.0.1', rejectUnauthorized: false }) : net.connect(port, '127.0.0.1');
  sockets.push(socket);
  let received = '';
  await new Promise<void>((resolve) => {
    socket.on('data', (data: Buffer) => {
      received += data.toString();
      if (received.includes('+ idling')) resolve();
    });
    socket.write('a LOGIN alice@example.test secret\r\nb SELECT INBOX\r\nc IDLE\r\n');
  });
}
for (let i = 0; i < N; i += 100) await Promise.all(Array.from({ length: Math.min(100, N - i) }, session));
await new Promise((r) => setTimeout(r, 1000));
const after = await stats();
const kb = (bytes: number) => Math.round((bytes / N / 1024) * 10) / 10;
console.log({
  sessions: after.connections,
  tls: useTls,
  rssPerSessionKB: kb(after.rss! - before.rss!),
  heapPerSessionKB: kb(after.heapUsed! - before.heapUsed!),
  externalPerSessionKB: kb(after.external! - before.external!),
  rssTotalMB: Math.round(after.rss! / 1048576),
});
for (const socket of sockets) socket.destroy();
child.kill();
