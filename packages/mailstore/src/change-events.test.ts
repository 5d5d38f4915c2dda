import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createLogger } from '@kontor/core';
import { Redis } from 'ioredis';
import { type ChangeEvent, ChangeEvents } from './change-events.ts';

describe('change events', () => {
  let redis: Redis;
  let events: ChangeEvents;
  let other: ChangeEvents; // a second process, publishing
  const base = 1_000_000 + Math.floor(Math.random() * 1_000_000); // mailbox ids no other test uses

  before(() => {
    redis = new Redis(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379');
    const log = createLogger('change-events-test', 'silent');
    events = new ChangeEvents(redis, log);
    other = new ChangeEvents(redis, log);
  });
  after(async () => {
    await events.close();
    await other.close();
    await redis.quit();
  });

  function collector() {
    const received: ChangeEvent[] = [];
    let waiters: Array<() => void> = [];
    return {
      received,
      listener: (event: ChangeEvent) => {
        received.push(event);
        for (const w of waiters) w();
        waiters = [];
      },
      async until(count: number) {
        const deadline = Date.now() + 2000;
        while (received.length < count) {
          if (Date.now() > deadline) throw new Error(`only ${received.length} of ${count} events`);
          await new Promise<void>((resolve) => {
            waiters.push(resolve);
            setTimeout(resolve, 50);
          });
        }
      },
    };
  }

  it('delivers events of a mailbox to all its listeners, over one subscriber connection', async () => {
    const a = collector();
    const b = collector();
    const c = collector();
    const offA = await events.subscribe(base, a.listener);
    const offB = await events.subscribe(base, b.listener);
    const offC = await events.subscribe(base + 1, c.listener);
    assert.equal(events.subscribedCount, 2);
    const event: ChangeEvent = { mailboxId: base, folderId: 7, kind: 'flags', uids: [1, 2], modseq: 12345678901234n };
    await other.publish(event);
    await a.until(1);
    await b.until(1);
    assert.deepEqual(a.received, [event]);
    assert.deepEqual(b.received, [event]);
    assert.deepEqual(c.received, []);

    await offA();
    await other.publish({ mailboxId: base, folderId: 7, kind: 'expunge', uids: [2], modseq: 12345678901235n });
    await b.until(2);
    assert.equal(a.received.length, 1, 'unsubscribed listener hears nothing more');
    await offB();
    await offC();
    assert.equal(events.subscribedCount, 0);
  });

  it('thousands of idle listeners cost one channel per mailbox', async () => {
    const offs = await Promise.all(Array.from({ length: 5000 }, (_, i) => events.subscribe(base + 10 + (i % 50), () => {})));
    assert.equal(events.subscribedCount, 50);
    const probe = collector();
    const off = await events.subscribe(base + 10, probe.listener);
    await other.publish({ mailboxId: base + 10, folderId: 1, kind: 'folders', uids: [], modseq: null });
    await probe.until(1);
    assert.deepEqual(probe.received[0], { mailboxId: base + 10, folderId: 1, kind: 'folders', uids: [], modseq: null });
    await Promise.all([...offs, off].map((o) => o()));
    assert.equal(events.subscribedCount, 0);
  });

  it('a throwing listener does not stop the others', async () => {
    const good = collector();
    const offBad = await events.subscribe(base + 99, () => {
      throw new Error('listener bug');
    });
    const offGood = await events.subscribe(base + 99, good.listener);
    await other.publish({ mailboxId: base + 99, folderId: 1, kind: 'exists', uids: [1], modseq: 2n });
    await good.until(1);
    await offBad();
    await offGood();
  });
});
