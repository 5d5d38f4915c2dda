/**
 * For this package's tests only: a throw-away database, a Redis connection,
 * a temp DATA_DIR and a MailStore over them, plus mailboxes to deliver to.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { createLogger } from '@kontor/core';
import { CLI_ACTOR, createDomain, createMailbox } from '@kontor/db';
import { createTestDatabase, type TestDatabase } from '@kontor/db/testing';
import { Redis } from 'ioredis';
import { MailStore } from './mail-store.ts';

export type Harness = {
  store: MailStore;
  testDb: TestDatabase;
  redis: Redis;
  dataDir: string;
  /** A new mailbox (with the default folders) in the suite's domain. */
  mailbox(localPart: string, quota?: string): Promise<number>;
  close(): Promise<void>;
};

export async function createHarness(): Promise<Harness> {
  const testDb = await createTestDatabase();
  const redis = new Redis(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379', { lazyConnect: false, maxRetriesPerRequest: 2 });
  const dataDir = await mkdtemp(path.join(os.tmpdir(), 'kontor-mailstore-'));
  const log = createLogger('mailstore-test', 'silent');
  const store = new MailStore({ db: testDb.db, dataDir, redis, log });
  const domain = await createDomain(testDb.db, CLI_ACTOR, { name: `${path.basename(dataDir).toLowerCase()}.example` });
  return {
    store,
    testDb,
    redis,
    dataDir,
    async mailbox(localPart, quota = '10M') {
      const mailbox = await createMailbox(testDb.db, CLI_ACTOR, { domainId: domain.id, localPart, password: 'correct horse battery', quota });
      return mailbox.id;
    },
    async close() {
      await store.close();
      await redis.quit();
      await testDb.drop();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}

/** A small CRLF message; `n` makes it unique, `pad` adds body octets. */
export function message(n: number | string, pad = 0): string {
  return [
    'From: Alice Example <alice@example.com>',
    'To: Bob <bob@example.org>',
    `Subject: Message ${n}`,
    `Message-ID: <m${n}@example.com>`,
    'Date: Tue, 1 Oct 2024 10:00:00 +0000',
    'Content-Type: text/plain; charset=utf-8',
    '',
    `Hello ${n}`,
    'x'.repeat(pad),
    '',
  ].join('\r\n');
}

/** A stream of `text` in small chunks, as a socket would deliver it. */
export function streamOf(text: string | Buffer, chunkSize = 1000): Readable {
  const buf = typeof text === 'string' ? Buffer.from(text) : text;
  const chunks: Buffer[] = [];
  for (let i = 0; i < buf.length; i += chunkSize) chunks.push(buf.subarray(i, i + chunkSize));
  return Readable.from(chunks);
}

export async function readAll(stream: Readable): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}
