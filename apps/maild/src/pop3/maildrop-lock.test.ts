// The Redis maildrop lock against a real Redis: exclusive, renewed while
// held, released only by its owner, and gone within one lease when the
// holder stops renewing (a crashed process).
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { createLogger } from '@kontor/core';
import { Redis } from 'ioredis';
import { RedisLoginDelay } from './login-delay.ts';
import { RedisMaildropLocks } from './maildrop-lock.ts';

const log = createLogger('pop3-lock-test', 'silent');
const prefix = `kontor-test:pop3-lock:${randomBytes(4).toString('hex')}`;
let redis: Redis;
const user = (mailboxId: number) => ({ mailboxId, username: `u${mailboxId}@example.test` });
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

before(() => {
  redis = new Redis(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379', { maxRetriesPerRequest: 2 });
});

after(async () => {
  const keys = await redis.keys(`${prefix}*`);
  if (keys.length) await redis.del(...keys);
  await redis.quit();
});

describe('RedisMaildropLocks', () => {
  it('gives the maildrop to one session at a time, per mailbox', async () => {
    const locks = new RedisMaildropLocks(redis, { leaseMs: 5000, keyPrefix: prefix, log });
    const first = await locks.acquire(user(1));
    assert.ok(first);
    assert.equal(await locks.acquire(user(1)), null);
    const other = await locks.acquire(user(2));
    assert.ok(other, 'another mailbox is independent');
    await first.release();
    const again = await locks.acquire(user(1));
    assert.ok(again);
    await Promise.all([again.release(), other.release()]);
  });

  it('renews the lease while held, so it outlives its first lease', async () => {
    const locks = new RedisMaildropLocks(redis, { leaseMs: 300, keyPrefix: prefix, log });
    const lock = await locks.acquire(user(3));
    assert.ok(lock);
    await sleep(700);
    assert.equal(lock.lost, false);
    assert.equal(await locks.acquire(user(3)), null);
    await lock.release();
    assert.equal(await redis.exists(locks.key(3)), 0);
  });

  it('expires within one lease when nobody renews it (the holder crashed)', async () => {
    const crashed = new RedisMaildropLocks(redis, { leaseMs: 300, renewEveryMs: 60_000, keyPrefix: prefix, log });
    const lock = await crashed.acquire(user(4));
    assert.ok(lock);
    await sleep(350);
    assert.equal(lock.lost, true, 'the holder knows its lease ran out');
    const next = await new RedisMaildropLocks(redis, { leaseMs: 300, keyPrefix: prefix, log }).acquire(user(4));
    assert.ok(next, 'free after the lease');
    await lock.release();
    assert.equal(await redis.exists(crashed.key(4)), 1, "a stale holder does not release the new holder's lock");
    await next.release();
  });

  it('notices a lock taken over by someone else at its next renewal', async () => {
    const locks = new RedisMaildropLocks(redis, { leaseMs: 600, renewEveryMs: 50, keyPrefix: prefix, log });
    const lock = await locks.acquire(user(5));
    assert.ok(lock);
    await redis.set(locks.key(5), 'someone-else', 'PX', 5000);
    await sleep(150);
    assert.equal(lock.lost, true);
    await lock.release();
    assert.equal(await redis.get(locks.key(5)), 'someone-else');
  });
});

describe('RedisLoginDelay', () => {
  it('allows one login per mailbox per delay', async () => {
    const delay = new RedisLoginDelay(redis, 1, `${prefix}:login`);
    assert.equal(await delay.claim(user(6)), true);
    assert.equal(await delay.claim(user(6)), false);
    assert.equal(await delay.claim(user(7)), true);
    await sleep(1100);
    assert.equal(await delay.claim(user(6)), true);
  });
});
