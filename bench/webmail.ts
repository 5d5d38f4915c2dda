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
import { credentialsSignIn, credentialsSignOut, startWebServer, type WebServer } from '../apps/web/tests/lib/web-server.ts';
import { connectionsTo, type EventStream, getPage, openEventStream } from '../apps/web/tests/lib/webmail-probes.ts';
import { type MaildProcess, startMaild } from '../tests/e2e/lib/maild.ts';
import { type CorpusKind, corpus } from './webmail-corpus.ts';
import { printImapFigures, timeImapCommands } from './webmail-imap.ts';
import { connectInspector, cpuMs, quantile } from './webmail-measure.ts';
import { type PageCase, pageTimer, printRow, type TimedRow } from './webmail-pages.ts';

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

/** A short new message in INBOX, as delivery files it: the folder changed, so cached orders are stale. */
function newMail(store: MailStore, mailboxId: number, owner: string): () => Promise<void> {
  let n = 0;
  return async () => {
    n++;
    const raw = `From: Dora <dora@sender.example>\r\nTo: ${owner}\r\nSubject: New while reading ${n}\r\nMessage-ID: <new${n}.${Date.now()}@sender.example>\r\nDate: ${new Date().toUTCString()}\r\n\r\nJust arrived.\r\n`;
    await store.appendMessage(mailboxId, 'INBOX', Readable.from([Buffer.from(raw)]));
  };
}

/** Recent mail of a kind (what a user opens from the first page) and older mail across the folder. */
function someOf(uids: number[], count: number): number[] {
  const step = Math.max(1, Math.floor(uids.length / count));
  return [...uids.slice(-Math.ceil(count / 2)), ...uids.filter((_, i) => i % step === 0).slice(0, Math.floor(count / 2))];
}

function cases(byKind: Record<CorpusKind, number[]>, arrived: () => Promise<void>): PageCase[] {
  const order = (value: string) => `kontor-webmail-order=${value}`;
  const search = (query: string) => `/webmail/search?${query}`;
  return [
    { label: 'INBOX, newest first (first 50 rows)', target: TARGET.inbox, paths: [INBOX] },
    { label: 'INBOX, newest first, after new mail', target: TARGET.inbox, paths: [INBOX], before: arrived },
    { label: 'INBOX by date', target: TARGET.inbox, paths: [INBOX], cookies: order('date.desc') },
    { label: 'INBOX by date, after new mail', target: TARGET.inbox, paths: [INBOX], cookies: order('date.desc'), before: arrived },
    { label: 'INBOX by sender', target: TARGET.inbox, paths: [INBOX], cookies: order('from.asc') },
    { label: 'INBOX as conversations', target: TARGET.inbox, paths: [INBOX], cookies: order('arrival.desc.threads') },
    { label: 'INBOX as conversations, after new mail', target: TARGET.inbox, paths: [INBOX], cookies: order('arrival.desc.threads'), before: arrived },
    { label: 'scrolling: rows 4,951-5,000 (JSON)', target: TARGET.inbox, paths: [`${INBOX}/rows?page=100&order=arrival.desc`] },
    { label: 'scrolling by date: rows 4,951-5,000', target: TARGET.inbox, paths: [`${INBOX}/rows?page=100&order=date.desc`] },
    ...(['plain', 'html', 'attachment'] as const).map((kind) => ({
      label: `open a message: ${kind}`,
      target: TARGET.message,
      paths: someOf(byKind[kind], REQUESTS).map((uid) => `${INBOX}?m=${uid}`),
      followFrame: true,
    })),
    { label: 'search: a subject word (many hits)', target: TARGET.search, paths: [search('q=Rechnung')] },
    { label: 'search: a sender name', target: TARGET.search, paths: [search('q=Hoffmann')] },
    { label: 'search: a word only in bodies', target: TARGET.search, paths: [search('q=freigabe')] },
    { label: 'search: no match', target: TARGET.search, paths: [search('q=zebrafish')] },
    { label: 'search: no match, INBOX only', target: TARGET.search, paths: [search(`q=zebrafish&f=${INBOX.split('/').pop()}`)] },
    { label: 'search: unread', target: TARGET.search, paths: [search('unread=1')] },
    { label: 'search: with attachments', target: TARGET.search, paths: [search('att=1')] },
  ];
}

/** The first page of a new session: IMAP connect, STARTTLS, login and SELECT of the big INBOX before the page. */
async function timeFirstPages(baseUrl: string, address: string, count: number): Promise<TimedRow> {
  const row: TimedRow = { label: 'first page of a new session (IMAP login)', target: TARGET.inbox, times: [], bytes: 0 };
  for (let i = 0; i < count; i++) {
    const session = await credentialsSignIn(baseUrl, address, PASSWORD);
    const page = await getPage(baseUrl, INBOX, session.cookie);
    if (page.status !== 200) throw new Error(`first page answered ${page.status}`);
    row.times.push(page.ms);
    row.bytes = page.bytes;
    await credentialsSignOut(baseUrl, session.cookie);
  }
  printRow(row);
  return row;
}

/** U users, each with the INBOX open and a live stream: the web process's memory per user. */
async function measureMemory(web: WebServer, maild: MaildProcess, cookies: string[], inspectPort: number) {
  const inspector = await connectInspector(inspectPort);
  const streams: EventStream[] = [];
  const open = async (cookie: string) => {
    const page = await getPage(web.baseUrl, INBOX, cookie);
    if (page.status !== 200) throw new Error(`a user's INBOX answered ${page.status}`);
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

async function webProcessId(inspectPort: number): Promise<number> {
  const inspector = await connectInspector(inspectPort);
  try {
    const answer = (await inspector.call('Runtime.evaluate', { expression: 'process.pid', returnByValue: true })) as { result: { value: number } };
    return answer.result.value;
  } finally {
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
    // A slow page is a figure here: it must not end as 'unavailable' after the default 15 s.
    WEBMAIL_IMAP_TIMEOUT: '120s',
    NODE_OPTIONS: `${process.env.NODE_OPTIONS ?? ''} --inspect=127.0.0.1:${inspectPort}`.trim(),
  });
  const signIn = await credentialsSignIn(web.baseUrl, anna.address, PASSWORD);
  if (signIn.error) throw new Error(`sign-in failed: ${signIn.error}`);
  const cold = await getPage(web.baseUrl, INBOX, signIn.cookie);
  if (cold.status !== 200) throw new Error(`the INBOX answered ${cold.status}`);
  log(`the very first INBOX page (Next.js cold, IMAP login, SELECT of ${MESSAGES.toLocaleString('en')}): ${cold.ms.toFixed(0)} ms`);
  const webPid = await webProcessId(inspectPort);
  const maildPid = maild.child.pid!;
  const timer = pageTimer(web.baseUrl, signIn.cookie, REQUESTS, () => ({ web: cpuMs(webPid), maild: cpuMs(maildPid) }));
  timer.header();
  const firstPages = await timeFirstPages(web.baseUrl, anna.address, 5);
  await profiled(inspectPort, async () => {
    for (const test of cases(byKind, newMail(store, anna.id, anna.address))) await timer.time(test);
  });
  failed += timer.errors;
  const rows = [firstPages, ...timer.rows];
  printImapFigures(
    await timeImapCommands({ port: maild.ports.imaps, maildPid, user: anna.address, password: PASSWORD, exists: MESSAGES, uid: byKind.html.at(-1) ?? 1 }),
  );

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
