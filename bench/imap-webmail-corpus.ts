// The IMAP commands behind the webmail pages (bench/webmail-imap.ts) over
// the webmail corpus (bench/webmail-corpus.ts: plain, HTML, attachments,
// threads, filed through the store's APPEND path), straight to maild and
// without the web app: the "IMAP commands" table of docs/benchmarks.md
// ("Webmail") without building Next.js. Each command is sent twice; the
// second run is reported (the first warms maild and the page cache).
//
//   node --import tsx bench/imap-webmail-corpus.ts 10000
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { createLogger } from '@kontor/core';
import { CLI_ACTOR, createDomain, createMailbox } from '@kontor/db';
import { createTestDatabase } from '@kontor/db/testing';
import { createMailStore } from '@kontor/mailstore';
import { Redis } from 'ioredis';
import { startMaild } from '../tests/e2e/lib/maild.ts';
import { corpus } from './webmail-corpus.ts';
import { printImapFigures, timeImapCommands } from './webmail-imap.ts';

const MESSAGES = Number(process.argv[2] ?? 10000);
const PASSWORD = 'a long bench password';
const t = await createTestDatabase();
const dataDir = mkdtempSync(path.join(tmpdir(), 'kontor-bench-imap-webmail-'));
const redisPrefix = `kontor-bench-${t.name}`;
const redis = new Redis(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379');
const store = createMailStore({ db: t.db, dataDir, redis, log: createLogger('bench', 'silent'), redisPrefix });
const started = performance.now();
const domain = await createDomain(t.db, CLI_ACTOR, { name: 'bench.example' });
const anna = await createMailbox(t.db, CLI_ACTOR, { domainId: domain.id, localPart: 'anna', password: PASSWORD, quota: '0' });
let bytes = 0;
let lastUid = 1;
const inFlight = new Set<Promise<void>>();
for await (const message of corpus(anna.address, MESSAGES, { seed: 12 })) {
  const append = store.appendMessage(anna.id, 'INBOX', Readable.from([message.raw]), message.flags, message.internalDate).then(({ uid }) => {
    lastUid = Math.max(lastUid, uid);
    inFlight.delete(append);
  });
  inFlight.add(append);
  bytes += message.raw.length;
  if (inFlight.size >= 8) await Promise.race(inFlight);
}
await Promise.all(inFlight);
await t.db.$executeRawUnsafe('ANALYZE');
console.log(`${MESSAGES} messages (${(bytes / 1048576).toFixed(0)} MiB) filed in ${((performance.now() - started) / 1000).toFixed(0)} s`);
const maild = await startMaild({ databaseUrl: t.url, dataDir, env: { REDIS_PREFIX: redisPrefix } });
try {
  const options = { port: maild.ports.imaps, maildPid: maild.child.pid!, user: anna.address, password: PASSWORD, exists: MESSAGES, uid: lastUid };
  await timeImapCommands(options);
  printImapFigures(await timeImapCommands(options));
} finally {
  await maild.stop({ cleanup: false });
  await store.close();
  await redis.quit();
  await t.drop();
  rmSync(dataDir, { recursive: true, force: true });
}
