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
