import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import { Redis } from 'ioredis';
import { ConnectionLimits } from './connection-limits.ts';

describe('connection-limits', () => {
  const redis = new Redis(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379');
  after(() => redis.quit());

  it('takes the slot before awaiting Redis: of 60 connections arriving together exactly 20 pass', async () => {
    const limits = new ConnectionLimits(20, { redis, perMinute: 1000, keyPrefix: `kontor-test-conn-${process.pid}-${Date.now()}` });
    const verdicts = await Promise.all(Array.from({ length: 60 }, () => limits.step.run({ remoteAddress: '192.0.2.7' })));
    assert.equal(verdicts.filter((v) => v === undefined).length, 20);
    assert.ok(verdicts.every((v) => v === undefined || (v.responseCode === 421 && v.enhanced === '4.7.0')));
    assert.equal(limits.openFrom('192.0.2.7'), 20);
    limits.release('192.0.2.7');
    assert.equal(await limits.step.run({ remoteAddress: '192.0.2.7' }), undefined, 'a released slot is free again');
  });

  it('gives the slot back when the per-minute rate refuses', async () => {
    const limits = new ConnectionLimits(5, { redis, perMinute: 2, keyPrefix: `kontor-test-rate-${process.pid}-${Date.now()}` });
    const verdicts = await Promise.all(Array.from({ length: 4 }, () => limits.step.run({ remoteAddress: '192.0.2.8' })));
    assert.equal(verdicts.filter((v) => v === undefined).length, 2);
    assert.equal(limits.openFrom('192.0.2.8'), 2);
  });
});
