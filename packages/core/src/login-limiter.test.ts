import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { after, describe, it } from 'node:test';
import { Redis } from 'ioredis';
import { LoginLimiter } from './login-limiter.ts';

describe('LoginLimiter (real Redis)', () => {
  const redis = new Redis(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379', { lazyConnect: false });
  const prefix = `kontor:test:${randomBytes(6).toString('hex')}`;
  after(async () => {
    const keys = await redis.keys(`${prefix}*`);
    if (keys.length) await redis.del(...keys);
    redis.disconnect();
  });

  it('blocks an account from one IP after repeated failures, with a growing delay', async () => {
    const limiter = new LoginLimiter(redis, { keyPrefix: prefix, maxFailuresPerAccount: 3, maxFailuresPerIp: 100 });
    assert.deepEqual(await limiter.check('192.0.2.1', 'info@example.com'), { allowed: true, retryAfterMs: 0 });
    const delays = [];
    for (let i = 0; i < 3; i++) delays.push((await limiter.recordFailure('192.0.2.1', 'Info@Example.com')).delayMs);
    assert.deepEqual(delays, [250, 500, 1000]);
    const verdict = await limiter.check('192.0.2.1', 'info@example.com');
    assert.equal(verdict.allowed, false);
    assert.ok(verdict.retryAfterMs > 0);
    // The same account from another IP is not locked out.
    assert.equal((await limiter.check('192.0.2.2', 'info@example.com')).allowed, true);
  });

  it('blocks for LOGIN_BLOCK_SECONDS, not for the rest of the counting window', async () => {
    const limiter = new LoginLimiter(redis, { keyPrefix: `${prefix}:d`, maxFailuresPerAccount: 3, maxFailuresPerIp: 100, windowSeconds: 600, blockSeconds: 2 });
    for (let i = 0; i < 3; i++) await limiter.recordFailure('192.0.2.30', 'block@example.com');
    const verdict = await limiter.check('192.0.2.30', 'block@example.com');
    assert.equal(verdict.allowed, false);
    // The advertised wait is the block (2 s), not what is left of the 600 s window.
    assert.ok(verdict.retryAfterMs > 0 && verdict.retryAfterMs <= 2000, `retryAfterMs ${verdict.retryAfterMs}`);
    await new Promise((resolve) => setTimeout(resolve, verdict.retryAfterMs + 100));
    assert.deepEqual(await limiter.check('192.0.2.30', 'block@example.com'), { allowed: true, retryAfterMs: 0 });
  });

  it('blocks an IP for the configured block too', async () => {
    const limiter = new LoginLimiter(redis, { keyPrefix: `${prefix}:e`, maxFailuresPerIp: 2, windowSeconds: 600, blockSeconds: 3 });
    for (let i = 0; i < 2; i++) await limiter.recordFailure('192.0.2.31', `user${i}@example.com`);
    const verdict = await limiter.check('192.0.2.31', 'other@example.com');
    assert.equal(verdict.allowed, false);
    assert.ok(verdict.retryAfterMs > 2000 && verdict.retryAfterMs <= 3000, `retryAfterMs ${verdict.retryAfterMs}`);
  });

  it('lets attempts through, without waiting, when Redis is unavailable', async () => {
    // Nothing listens on port 1; the connection has no offline queue, so commands fail at once.
    const unreachable = new Redis('redis://127.0.0.1:1', { lazyConnect: true, enableOfflineQueue: false, maxRetriesPerRequest: 0, retryStrategy: () => null });
    unreachable.on('error', () => {});
    const warnings: string[] = [];
    const log = { warn: (_: object, message?: string) => warnings.push(message ?? ''), info() {} };
    const limiter = new LoginLimiter(unreachable, { keyPrefix: `${prefix}:f`, log });
    assert.deepEqual(await limiter.check('192.0.2.40', 'a@example.com'), { allowed: true, retryAfterMs: 0 });
    assert.deepEqual(await limiter.recordFailure('192.0.2.40', 'a@example.com'), { delayMs: 250 });
    await limiter.recordSuccess('192.0.2.40', 'a@example.com');
    assert.deepEqual(await limiter.check('192.0.2.40', 'a@example.com'), { allowed: true, retryAfterMs: 0 });
    // One line for the outage, not one per command.
    assert.deepEqual(warnings, ['login limiter (Redis) unavailable']);
    unreachable.disconnect();
  });

  it('blocks an IP that tries many accounts', async () => {
    const limiter = new LoginLimiter(redis, { keyPrefix: `${prefix}:b`, maxFailuresPerIp: 4 });
    for (let i = 0; i < 4; i++) await limiter.recordFailure('198.51.100.7', `user${i}@example.com`);
    assert.equal((await limiter.check('198.51.100.7', 'someone@example.com')).allowed, false);
  });

  it('a success clears the account’s failures', async () => {
    const limiter = new LoginLimiter(redis, { keyPrefix: `${prefix}:c`, maxFailuresPerAccount: 2 });
    await limiter.recordFailure('203.0.113.9', 'a@example.com');
    await limiter.recordSuccess('203.0.113.9', 'a@example.com');
    await limiter.recordFailure('203.0.113.9', 'a@example.com');
    assert.equal((await limiter.check('203.0.113.9', 'a@example.com')).allowed, true);
  });
});
