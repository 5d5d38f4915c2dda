import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { after, describe, it } from 'node:test';
import { Redis } from 'ioredis';
import { SendLimits } from './send-limits.ts';

describe('SendLimits', () => {
  const redis = new Redis(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379', { lazyConnect: true });
  const limits = new SendLimits(redis, `kontor-test-send-${randomBytes(4).toString('hex')}`);
  after(() => redis.quit());

  it('counts per subject in sliding windows and says when the oldest message leaves the window', async () => {
    const now = Date.now();
    await limits.record(7, now - 30 * 60_000);
    await limits.record(7, now - 10 * 60_000);
    assert.deepEqual(await limits.check(7, { perHour: 3, perDay: 0 }, now), { allowed: true });
    const refused = await limits.check(7, { perHour: 2, perDay: 0 }, now);
    assert.equal(refused.allowed, false);
    assert.ok(!refused.allowed && refused.window === 'hour' && refused.sent === 2);
    // The message of 30 minutes ago leaves the hour in 30 minutes.
    assert.ok(!refused.allowed && Math.abs(refused.retryAfterMs - 30 * 60_000) < 1000, String(!refused.allowed && refused.retryAfterMs));
    const daily = await limits.check(7, { perHour: 0, perDay: 2 }, now);
    assert.ok(!daily.allowed && daily.window === 'day' && Math.abs(daily.retryAfterMs - (24 * 60 - 30) * 60_000) < 1000);
    assert.deepEqual(await limits.check('apikey-7', { perHour: 1, perDay: 1 }, now), { allowed: true }, 'another subject counts apart');
    assert.deepEqual(await limits.check(7, { perHour: 0, perDay: 0 }, now), { allowed: true }, '0 means no limit');
  });
});
