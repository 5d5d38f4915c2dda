import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createLogger } from '@kontor/core';
import { Redis } from 'ioredis';
import { MtaStsPolicies, type MtaStsPolicy, mxAllowed } from './mta-sts.ts';

const log = createLogger('mta-sts-test', 'silent');
const resolver = async () => {
  throw Object.assign(new Error('no'), { code: 'ENOTFOUND' });
};
let redis: Redis;
const domain = `sts-${Date.now()}.test`;

before(() => {
  redis = new Redis(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379');
});
after(async () => {
  await redis.del(`kontor:mta-sts:${domain}`);
  redis.disconnect();
});

describe('MTA-STS policies', () => {
  const enforce: MtaStsPolicy = { id: 'v1', mode: 'enforce', mx: ['mx1.example.net', '*.backup.example.net'], maxAge: 86400 };

  it('fetches a policy once, then serves it from the cache while the DNS id is unchanged', async () => {
    let fetches = 0;
    let id: string | false = 'v1';
    const policies = new MtaStsPolicies(redis, resolver, log, {
      fetcher: async () => {
        fetches++;
        return { policy: { ...enforce, id: id || 'v1' }, status: 'found' };
      },
      policyId: async () => id,
    });
    assert.equal((await policies.policyFor(domain)).mode, 'enforce');
    assert.equal((await policies.policyFor(domain)).mode, 'enforce');
    assert.equal(fetches, 1);
    id = false; // record removed: the cached policy stands until it expires
    assert.equal((await policies.policyFor(domain)).mode, 'enforce');
    assert.equal(fetches, 1);
    id = 'v2'; // a new policy: fetched again
    await policies.policyFor(domain);
    assert.equal(fetches, 2);
  });

  it('falls back to the cached policy when a refresh fails, and to none without one', async () => {
    const failing = new MtaStsPolicies(redis, resolver, log, {
      fetcher: async () => ({ policy: { mode: 'none' }, status: 'errored' }),
      policyId: async () => 'v3',
    });
    assert.equal((await failing.policyFor(domain)).mode, 'enforce');
    assert.equal((await failing.policyFor(`other-${domain}`)).mode, 'none');
  });

  it('allows only the MX hosts an enforced policy names', () => {
    assert.deepEqual(mxAllowed('mx1.example.net', enforce), { allowed: true, enforced: true });
    assert.deepEqual(mxAllowed('mx7.backup.example.net', enforce), { allowed: true, enforced: true });
    assert.deepEqual(mxAllowed('evil.example.org', enforce), { allowed: false, enforced: true });
    assert.deepEqual(mxAllowed('evil.example.org', { ...enforce, mode: 'testing' }), { allowed: true, enforced: false });
    assert.deepEqual(mxAllowed('anything', { mode: 'none' }), { allowed: true, enforced: false });
  });
});
