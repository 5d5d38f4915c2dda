// What idle IMAP sessions cost the real daemon: N clients LOGIN, SELECT a
// 200-message INBOX and IDLE; the figure is maild's resident memory after a
// full GC (and, behind HAProxy, HAProxy's too) per session, in total, and
// projected to 10,000. Three ways in, each on a fresh maild: plaintext, TLS
// by maild (IMAPS), and TLS terminated by HAProxy (docs/scaling.md) when it
// is installed.
//
//   npm run bench -- imap-idle            (N=3000)
//   node --experimental-websocket --import tsx bench/imap-idle.ts 10000 [plain|tls|edge…]
//
// Needs `ulimit -n` above N (maild) and 2 N (HAProxy).
import { existsSync, readFileSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import tls from 'node:tls';
import { CLI_ACTOR, createDomain, createMailbox } from '@kontor/db';
import { createTestDatabase } from '@kontor/db/testing';
import nodemailer from 'nodemailer';
import { HAPROXY, type Haproxy, startHaproxy } from '../tests/e2e/lib/haproxy.ts';
import { type MaildProcess, startMaild } from '../tests/e2e/lib/maild.ts';

const N = Number(process.argv[2] ?? 3000);
const modes = process.argv.slice(3).length ? process.argv.slice(3) : ['plain', 'tls', 'edge'];
const USER = 'idle@example.com';
const PASSWORD = 'correct horse battery';
// Clients come from 127.0.0.2; 127.0.0.1 is the proxy.
const CLIENT_ADDRESS = '127.0.0.2';

const t = await createTestDatabase();
const domain = await createDomain(t.db, CLI_ACTOR, { name: 'example.com' });
await createMailbox(t.db, CLI_ACTOR, { domainId: domain.id, localPart: 'idle', password: PASSWORD, quota: '0' });

function rssOf(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  return Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0) * 1024;
}

async function startDaemon(): Promise<MaildProcess> {
  return startMaild({
    databaseUrl: t.url,
    env: {
      MAILD_ROLES: 'smtp,imap',
      LOG_LEVEL: 'info',
      SMTP_CONNECTIONS_PER_MINUTE: '0',
      ALLOW_PLAINTEXT_AUTH_LOOPBACK: 'true',
      PROXY_PROTOCOL_TRUSTED: '127.0.0.1',
    },
    // The inspector lets the benchmark ask for a full GC before it reads the memory.
    nodeArgs: ['--inspect=127.0.0.1:0'],
  });
}

/** A full garbage collection in maild, through its inspector (the benchmark runs with --experimental-websocket). */
async function collectGarbage(maild: MaildProcess): Promise<void> {
  const url = /ws:\/\/127\.0\.0\.1:\d+\/[\w-]+/.exec(maild.output())?.[0];
  if (!url) throw new Error('maild printed no inspector address');
  const Socket = (globalThis as unknown as { WebSocket: new (url: string) => WebSocketLike }).WebSocket;
  const ws = new Socket(url);
  await new Promise<void>((resolve, reject) => {
    ws.onerror = () => reject(new Error('inspector connection failed'));
    ws.onopen = () => ws.send(JSON.stringify({ id: 1, method: 'HeapProfiler.collectGarbage' }));
    ws.onmessage = (event) => {
      if (JSON.parse(String(event.data)).id === 1) resolve();
    };
  });
  ws.close();
  await new Promise((r) => setTimeout(r, 1000));
}
interface WebSocketLike {
  onopen: (() => void) | null;
  onerror: (() => void) | null;
  onmessage: ((event: { data: unknown }) => void) | null;
  send(data: string): void;
  close(): void;
}

/** One client: LOGIN, SELECT INBOX, IDLE; resolves once idling. */
function idleSession(port: number, useTls: boolean, sockets: net.Socket[]): Promise<void> {
  return new Promise((resolve, reject) => {
    const options = { port, host: '127.0.0.1', localAddress: CLIENT_ADDRESS };
    const socket = useTls ? tls.connect({ ...options, rejectUnauthorized: false }) : net.connect(options);
    sockets.push(socket);
    let received = '';
    socket.setEncoding('utf8');
    socket.on('data', (data: string) => {
      received += data;
      if (received.includes('+ idling')) {
        received = '';
        resolve();
      } else if (/\r\na1 NO|\r\nb NO/.test(received)) reject(new Error(received));
    });
    socket.once('error', reject);
    socket.write(`a1 LOGIN ${USER} "${PASSWORD}"\r\nb SELECT INBOX\r\nc IDLE\r\n`);
  });
}

interface Figures {
  mode: string;
  sessions: number;
  maildKiBPerSession: number;
  edgeKiBPerSession?: number;
  maildMiB: number;
  maildBeforeGcMiB: number;
  edgeMiB?: number;
  projected10kMiB: number;
}

async function measure(mode: string): Promise<Figures | null> {
  if (mode === 'edge' && !existsSync(HAPROXY)) {
    console.log('[imap-idle] edge: HAProxy is not installed (apt-get install haproxy); skipped');
    return null;
  }
  const maild = await startDaemon();
  let edge: Haproxy | undefined;
  const sockets: net.Socket[] = [];
  try {
    if (mode === 'edge') {
      const dir = path.join(maild.dataDir, 'tls');
      edge = await startHaproxy(
        [{ backendPort: maild.ports.imap, terminateTls: true }],
        { certificate: path.join(dir, 'selfsigned-cert.pem'), key: path.join(dir, 'selfsigned-key.pem') },
        { maxconn: N + 100 },
      );
    }
    const port = mode === 'plain' ? maild.ports.imap : mode === 'tls' ? maild.ports.imaps : edge!.ports[0]!;
    const useTls = mode !== 'plain';
    const openSessions = async (count: number) => {
      for (let i = 0; i < count; i += 100) await Promise.all(Array.from({ length: Math.min(100, count - i) }, () => idleSession(port, useTls, sockets)));
      await new Promise((r) => setTimeout(r, 2000));
      const found = rssOf(maild.child.pid!);
      await collectGarbage(maild);
      return { found, maild: rssOf(maild.child.pid!), edge: edge ? rssOf(edge.child.pid!) : 0 };
    };
    // Both points after a full GC: one warm-up session (JIT, pools, the
    // first login) and all N.
    const first = 1;
    const low = await openSessions(first);
    const high = await openSessions(N - first);
    const perSession = (a: number, b: number) => Math.round(((b - a) / (N - first) / 1024) * 10) / 10;
    const maildPer = perSession(low.maild, high.maild);
    const edgePer = perSession(low.edge, high.edge);
    const mib = (bytes: number) => Math.round(bytes / 1048576);
    return {
      mode,
      sessions: sockets.length,
      maildKiBPerSession: maildPer,
      ...(edge ? { edgeKiBPerSession: edgePer } : {}),
      maildMiB: mib(high.maild),
      // Before that GC: what garbage from N logins had added (V8 collects it when it needs to).
      maildBeforeGcMiB: mib(high.found),
      ...(edge ? { edgeMiB: mib(high.edge) } : {}),
      // The warm daemon plus 10,000 sessions at the measured rate; HAProxy included on the edge row.
      projected10kMiB: mib(low.maild + low.edge + 10_000 * (maildPer + edgePer) * 1024),
    };
  } finally {
    for (const socket of sockets) socket.destroy();
    await edge?.stop();
    await maild.stop({ cleanup: true });
  }
}

// 200 messages in the INBOX, sent in by SMTP once.
{
  const maild = await startDaemon();
  const transport = nodemailer.createTransport({
    host: '127.0.0.1',
    localAddress: CLIENT_ADDRESS,
    port: maild.ports.smtp,
    pool: true,
    maxConnections: 4,
    ignoreTLS: true,
    name: 'client.test',
  });
  await Promise.all(
    Array.from({ length: 200 }, (_, i) => transport.sendMail({ from: 'bench@client.test', to: USER, subject: `message ${i}`, text: 'A short body.\n' })),
  );
  transport.close();
  await maild.stop({ cleanup: true });
}

const results: Figures[] = [];
for (const mode of modes) {
  const figures = await measure(mode);
  if (figures) {
    console.log(`[imap-idle] ${JSON.stringify(figures)}`);
    results.push(figures);
  }
}
console.table(results);
console.log('[imap-idle] goal: 10,000 IDLE sessions well under 500 MB (projected10kMiB counts HAProxy too on the edge row)');
await t.drop();
process.exit(0);
