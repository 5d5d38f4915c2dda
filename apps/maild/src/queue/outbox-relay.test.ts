import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { after, before, describe, it } from 'node:test';
import { createLogger } from '@kontor/core';
import { createTestDatabase, type TestDatabase } from '@kontor/db/testing';
import { createMailStore, type MailStore } from '@kontor/mailstore';
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { OutboxRelay } from './outbox-relay.ts';

const log = createLogger('outbox-relay-test', 'silent');
let t: TestDatabase;
let redis: Redis;
let store: MailStore;
let queue: Queue;
let dataDir: string;
const prefix = `kontor-outbox-relay-${process.pid}`;

before(async () => {
  t = await createTestDatabase();
  redis = new Redis(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379', { maxRetriesPerRequest: null });
  dataDir = await mkdtemp(path.join(os.tmpdir(), 'kontor-relay-'));
  store = createMailStore({ db: t.db, dataDir, redis, log, redisPrefix: prefix });
  queue = new Queue('kontor-outbound', { connection: redis, prefix });
});

after(async () => {
  await queue?.obliterate({ force: true }).catch(() => undefined);
  await queue?.close();
  await store?.close();
  redis?.disconnect();
  await t?.drop();
  await rm(dataDir, { recursive: true, force: true });
});

async function rows(n: number): Promise<bigint[]> {
  const stored = await store.storeBlob(Readable.from([Buffer.from(`Subject: relay ${Math.random()}\r\n\r\nx\r\n`)]));
  const outbox = Array.from({ length: n }, (_, i) => ({ queue: 'kontor-outbound', name: 'forward', data: { i } }));
  await store.deliver(stored, [], { extraReferences: n, outbox });
  return (await t.db.outbox.findMany({ orderBy: { id: 'asc' } })).map((r) => r.id);
}

/** Runs a relay until the outbox is empty. */
async function drain(relays: OutboxRelay[]): Promise<void> {
  for (const relay of relays) relay.notify();
  while ((await t.db.outbox.count()) > 0) await new Promise((r) => setTimeout(r, 20));
  await Promise.all(relays.map((r) => r.close()));
}

const relay = () => new OutboxRelay({ store, queues: new Map([['kontor-outbound', queue]]), log }, { pollMs: 50, batchSize: 7 });

describe('outbox relay', () => {
  it('adds every row once as outbox-<id>, even with three relays at once, and deletes the rows', async () => {
    const ids = await rows(40);
    await drain([relay(), relay(), relay()]);
    const jobs = await queue.getJobs(['waiting']);
    assert.deepEqual(jobs.map((j) => j.id).sort(), ids.map((id) => `outbox-${id}`).sort());
    await queue.drain();
  });

  it('a row whose job was added before a crash (row not deleted) is not queued twice', async () => {
    const [id] = await rows(1);
    await queue.add('forward', { i: 0 }, { jobId: `outbox-${id}` }); // the add that happened before the crash
    await drain([relay()]);
    assert.equal((await queue.getJobs(['waiting'])).length, 1);
  });
});
