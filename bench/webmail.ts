// Webmail at scale: one mailbox with N messages (default 10,000) in INBOX —
// plain text, HTML, attachments and threads, filed through the mail store's
// APPEND path (the code IMAP APPEND runs) into maild's data dir — then maild
// and the built web app, signed in over HTTP as a browser is (next-auth's
// credentials flow, cookies kept), and timed from the client to the last
// byte of each response: the INBOX page (first 50 rows), opening a message
// (the page with ?m=<uid>, plus its body frame when the page has one), and a
// search. Then the memory one signed-in user with an open live stream
// (IMAP IDLE → /webmail/events) costs the web process: U users (default
// 50) each open their INBOX and keep the stream, measured after a full GC
// through the web process's inspector. No peer is run: there is no Debian
// webmail to compare with, so the figures are printed against the targets.
// Slowness is a figure, not a failure; the run fails only on errors.
//
//   npm run bench -- webmail                       (10,000 messages, 50 users, 20 requests a page)
//   node --experimental-websocket --import tsx bench/webmail.ts 10000 50 20
//   KONTOR_BENCH_PROFILE=dir …                     (a CPU profile of the web process while the pages are timed)
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { createLogger } from '@kontor/core';
import { freePort } from '@kontor/core/ports';
import { CLI_ACTOR, createDomain, createMailbox } from '@kontor/db';
import { createTestDatabase } from '@kontor/db/testing';
import { createMailStore, type MailStore } from '@kontor/mailstore';
import { Redis } from 'ioredis';
import { credentialsSignIn, startWebServer, type WebServer } from '../apps/web/tests/lib/web-server.ts';
import { connectionsTo, type EventStream, type Fetched, getPage, openEventStream } from '../apps/web/tests/lib/webmail-probes.ts';
import { type MaildProcess, startMaild } from '../tests/e2e/lib/maild.ts';
import { type CorpusKind, corpus } from './webmail-corpus.ts';
import { connectInspector, quantile } from './webmail-measure.ts';

const MESSAGES = Number(process.argv[2] ?? 10_000);
const USERS = Number(process.argv[3] ?? 50);
const REQUESTS = Number(process.argv[4] ?? 20);
const TARGET = { inbox: 300, message: 150, search: 500 };
const PASSWORD = 'a long bench password';
const INBOX = '/webmail/f/SU5CT1g'; // folderHref('INBOX')

const log = (line: string) => console.log(`  ${line}`);
const seconds = (since: number) => `${((performance.now() - since) / 1000).toFixed(1)} s`;
let failed = 0;

/**
 * Files the corpus into INBOX, a few appends at a time (each is its own
 * transaction and blob write, as over IMAP APPEND), so UIDs follow the
 * dates up to a few places. Returns the UIDs of each kind.
 */
async function fill(store: MailStore, mailboxId: number, owner: string, count: number, seed: number) {
  const byKind: Record<CorpusKind, number[]> = { plain: [], html: [], attachment: [] };
  let bytes = 0;
  const inFlight = new Set<Promise<void>>();
  for await (const message of corpus(owner, count, { seed })) {
    const append = store.appendMessage(mailboxId, 'INBOX', Readable.from([message.raw]), message.flags, message.internalDate).then(({ uid }) => {
      byKind[message.kind].push(uid);
      inFlight.delete(append);
    });
    inFlight.add(append);
    bytes += message.raw.length;
    if (inFlight.size >= 8) await Promise.race(inFlight);
  }
  await Promise.all(inFlight);
  for (const uids of Object.values(byKind)) uids.sort((a, b) => a - b);
  return { byKind, bytes };
}

interface Row {
  label: string;
  target: number;
  times: number[];
  bytes: number;
  note?: string;
}
const rows: Row[] = [];

function printRow(row: Row): void {
  const p50 = quantile(row.times, 0.5);
  const p95 = quantile(row.times, 0.95);
  const verdict = p95 <= row.target ? 'pass' : p50 <= row.target ? 'p95 over target' : 'FAIL (over target)';
  log(
    `${row.label.padEnd(38)} ${`${p50.toFixed(0)} ms`.padStart(8)} ${`${p95.toFixed(0)} ms`.padStart(8)} ${`< ${row.target} ms`.padStart(9)} ${`${(row.bytes / 1024).toFixed(0)} KB`.padStart(8)}  ${verdict}${row.note ? `  (${row.note})` : ''}`,
  );
}

/** A request that must answer 200; anything else is counted as an error and returned as null. */
function ok(label: string, result: Fetched): Fetched | null {
  if (result.status === 200) return result;
  failed++;
  log(`${label}: ERROR ${result.status}${result.location ? ` → ${result.location}` : ''}`);
  return null;
}

/** Times `paths` (cycled) REQUESTS times after two untimed warm-ups; null when the page does not exist yet. */
async function timePage(web: WebServer, cookie: string, label: string, target: number, paths: string[], follow = false): Promise<Row | null> {
  const first = await getPage(web.baseUrl, paths[0]!, cookie);
  if (first.status === 404) {
    log(`${label.padEnd(38)} not there yet (404 for ${paths[0]})`);
    return null;
  }
  if (!ok(label, first)) return null;
  await getPage(web.baseUrl, paths[1 % paths.length]!, cookie);
  const row: Row = { label, target, times: [], bytes: 0 };
  let frames = 0;
  for (let i = 0; i < REQUESTS; i++) {
    const page = ok(label, await getPage(web.baseUrl, paths[(i + 2) % paths.length]!, cookie));
    if (!page) return null;
    let ms = page.ms;
    let bytes = page.bytes;
    // The message body may be its own document (a sandboxed iframe): the user waits for it too.
    const frame = follow ? /<iframe[^>]*\ssrc="(\/[^"]+)"/.exec(page.body)?.[1]?.replaceAll('&amp;', '&') : undefined;
    if (frame) {
      const body = ok(`${label} (frame)`, await getPage(web.baseUrl, frame, cookie));
      if (!body) return null;
      ms += body.ms;
      bytes += body.bytes;
      frames++;
    }
    row.times.push(ms);
    row.bytes = Math.max(row.bytes, bytes);
  }
  if (follow) row.note = frames ? `page + body frame (${frames}/${REQUESTS})` : 'page, no body frame';
  rows.push(row);
  printRow(row);
  return row;
}

async function timeReading(web: WebServer, cookie: string, byKind: Record<CorpusKind, number[]>) {
  console.log(`  server time over loopback, ${REQUESTS} requests each after 2 warm-ups (p50, p95, target, largest response):`);
  log(`${'what'.padEnd(38)} ${'p50'.padStart(8)} ${'p95'.padStart(8)} ${'target'.padStart(9)} ${'size'.padStart(8)}`);
  await timePage(web, cookie, 'INBOX page (first 50 rows)', TARGET.inbox, [INBOX]);
  await timePage(web, cookie, 'INBOX page 100 (rows 4,951-5,000)', TARGET.inbox, [`${INBOX}?page=100`]);
  // Recent mail (what a user opens from the first page) and older mail, of each kind.
  for (const kind of ['plain', 'html', 'attachment'] as const) {
    const uids = byKind[kind];
    const picks = [
      ...uids.slice(-REQUESTS / 2),
      ...uids.filter((_, i) => i % Math.max(1, Math.floor(uids.length / (REQUESTS / 2))) === 0).slice(0, REQUESTS / 2),
    ];
    await timePage(
      web,
      cookie,
      `open a message: ${kind}`,
      TARGET.message,
      picks.map((uid) => `${INBOX}?m=${uid}`),
      true,
    );
  }
  const searches: Array<[string, string]> = [
    ['search: a subject word', 'Rechnung'],
    ['search: a sender name', 'Yilmaz'],
    ['search: a word only in bodies', 'freigabe'],
    ['search: no match', 'zebrafish'],
  ];
  for (const [label, q] of searches) await timePage(web, cookie, label, TARGET.search, [`/webmail/search?q=${encodeURIComponent(q)}`]);
}

/** U users, each with the INBOX open and a live stream: the web process's memory per user. */
async function measureMemory(web: WebServer, maild: MaildProcess, cookies: string[], inspectPort: number) {
  const inspector = await connectInspector(inspectPort);
  const streams: EventStream[] = [];
  const open = async (cookie: string) => {
    if (!ok('memory: INBOX page', await getPage(web.baseUrl, INBOX, cookie))) throw new Error('a user could not open the INBOX');
    const stream = await openEventStream(web.baseUrl, cookie);
    streams.push(stream);
    if (!(await stream.connected)) throw new Error(`a live stream did not connect: ${stream.status} ${stream.text()}`);
  };
  try {
    // One user first, so the JIT, the pools and the first IMAP connection are in the baseline.
    await open(cookies[0]!);
    const before = await inspector.memoryAfterGc();
    for (let i = 1; i < cookies.length; i += 10) await Promise.all(cookies.slice(i, i + 10).map(open));
    await new Promise((resolve) => setTimeout(resolve, 1000));
    const after = await inspector.memoryAfterGc();
    const connections = connectionsTo(maild.ports.imap);
    const users = cookies.length - 1;
    const kib = (bytes: number) => `${(bytes / 1024).toFixed(0)} KiB`;
    const mib = (bytes: number) => `${(bytes / 1048576).toFixed(0)} MiB`;
    console.log(`  memory of the web process per signed-in user with the INBOX open and a live stream (after a full GC):`);
    log(`${cookies.length} users, ${streams.length} open streams, ${connections} IMAP connections web → maild`);
    log(`RSS ${mib(before.rss)} with 1 user → ${mib(after.rss)} with ${cookies.length}: ${kib((after.rss - before.rss) / users)} per user`);
    log(`JS heap ${mib(before.heapUsed)} → ${mib(after.heapUsed)}: ${kib((after.heapUsed - before.heapUsed) / users)} per user`);
    log(`projected for 500 users (WEBMAIL_MAX_CONNECTIONS): RSS ${mib(before.rss + ((after.rss - before.rss) / users) * 499)}`);
    if (connections !== cookies.length + 1) {
      failed++;
      log(`ERROR: expected ${cookies.length + 1} IMAP connections (the timed user too), ss shows ${connections}`);
    }
  } finally {
    for (const stream of streams) stream.close();
    inspector.close();
  }
}

/** With KONTOR_BENCH_PROFILE=dir: a CPU profile of the web process around `work`. */
async function profiled(inspectPort: number, work: () => Promise<void>): Promise<void> {
  const dir = process.env.KONTOR_BENCH_PROFILE;
  if (!dir) return work();
  const inspector = await connectInspector(inspectPort);
  await inspector.call('Profiler.enable');
  await inspector.call('Profiler.setSamplingInterval', { interval: 200 });
  await inspector.call('Profiler.start');
  try {
    await work();
  } finally {
    const { profile } = (await inspector.call('Profiler.stop')) as { profile: unknown };
    mkdirSync(dir, { recursive: true });
    const file = path.join(dir, `webmail-web-${Date.now()}.cpuprofile`);
    writeFileSync(file, JSON.stringify(profile));
    log(`CPU profile of the web process: ${file}`);
    inspector.close();
  }
}

const t = await createTestDatabase();
const dataDir = mkdtempSync(path.join(tmpdir(), 'kontor-bench-webmail-'));
const redisPrefix = `kontor-bench-${t.name}`;
const redis = new Redis(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379');
const store = createMailStore({ db: t.db, dataDir, redis, log: createLogger('bench', 'silent'), redisPrefix });
let maild: MaildProcess | undefined;
let web: WebServer | undefined;
try {
  const seedStarted = performance.now();
  const domain = await createDomain(t.db, CLI_ACTOR, { name: 'bench.example' });
  const anna = await createMailbox(t.db, CLI_ACTOR, { domainId: domain.id, localPart: 'anna', password: PASSWORD, quota: '0' });
  const { byKind, bytes } = await fill(store, anna.id, anna.address, MESSAGES, 12);
  const others: string[] = [];
  for (let i = 1; i <= USERS; i++) {
    const user = await createMailbox(t.db, CLI_ACTOR, { domainId: domain.id, localPart: `user${String(i).padStart(3, '0')}`, password: PASSWORD, quota: '1G' });
    await fill(store, user.id, user.address, 30, 100 + i);
    others.push(user.address);
  }
  await t.db.$executeRawUnsafe('ANALYZE');
  const kinds = Object.entries(byKind)
    .map(([kind, uids]) => `${uids.length.toLocaleString('en')} ${kind}`)
    .join(', ');
  console.log(
    `kontor webmail: ${MESSAGES.toLocaleString('en')} messages in INBOX (${kinds}; ${(bytes / 1048576).toFixed(0)} MiB), ${USERS} more users with 30 each (filed in ${seconds(seedStarted)})`,
  );

  maild = await startMaild({ databaseUrl: t.url, dataDir, env: { REDIS_PREFIX: redisPrefix } });
  const inspectPort = await freePort();
  web = await startWebServer({
    DATABASE_URL: t.url,
    LOG_LEVEL: 'warn',
    REDIS_PREFIX: redisPrefix,
    WEBMAIL_IMAP_PORT: String(maild.ports.imap),
    WEBMAIL_SUBMISSION_PORT: String(maild.ports.submission),
    NODE_OPTIONS: `${process.env.NODE_OPTIONS ?? ''} --inspect=127.0.0.1:${inspectPort}`.trim(),
  });
  const signIn = await credentialsSignIn(web.baseUrl, anna.address, PASSWORD);
  if (signIn.error) throw new Error(`sign-in failed: ${signIn.error}`);
  const cold = ok('first INBOX page', await getPage(web.baseUrl, INBOX, signIn.cookie));
  if (cold) log(`first INBOX page after sign-in (IMAP login, SELECT of ${MESSAGES.toLocaleString('en')}): ${cold.ms.toFixed(0)} ms`);
  await profiled(inspectPort, () => timeReading(web!, signIn.cookie, byKind));

  const cookies: string[] = [];
  for (const address of others) {
    const other = await credentialsSignIn(web.baseUrl, address, PASSWORD);
    if (other.error) throw new Error(`sign-in of ${address} failed: ${other.error}`);
    cookies.push(other.cookie);
  }
  await measureMemory(web, maild, cookies, inspectPort);
  const missed = rows.filter((row) => quantile(row.times, 0.95) > row.target);
  console.log(
    `  targets: INBOX < ${TARGET.inbox} ms, a message < ${TARGET.message} ms, search < ${TARGET.search} ms (p95); ${rows.length - missed.length} of ${rows.length} timed pages pass${missed.length ? `; over: ${missed.map((row) => row.label).join(', ')}` : ''}`,
  );
} catch (error) {
  failed++;
  console.error(error);
} finally {
  await web?.stop();
  await maild?.stop();
  await store.close();
  await redis.quit();
  await t.drop();
  rmSync(dataDir, { recursive: true, force: true });
}
process.exit(failed ? 1 : 0);
