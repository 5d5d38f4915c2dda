import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { NotFoundError, SELFTEST_QUEUE, SELFTEST_TIMEOUT_MS, type SelftestVerdict } from '@kontor/core';
import {
  adminActor,
  CLI_ACTOR,
  completeSelftest,
  createAdminAccount,
  createDomain,
  latestSelftest,
  pendingSelftest,
  requestSelftest,
  selftestById,
} from './index.ts';
import { createTestDatabase, type TestDatabase } from './testing.ts';

const PASS: SelftestVerdict[] = [{ check: 'spf', status: 'pass', found: 'pass (shop.test, 127.0.0.1)' }];

describe('deliverability self-test runs', () => {
  let t: TestDatabase;
  let shop: number;
  let other: number;

  before(async () => {
    t = await createTestDatabase();
    shop = (await createDomain(t.db, CLI_ACTOR, { name: 'shop.test' })).id;
    other = (await createDomain(t.db, CLI_ACTOR, { name: 'other.test' })).id;
  });
  after(() => t.drop());

  it('starts a pending run with its outbox job and audit entry, and completes it once', async () => {
    assert.equal(await latestSelftest(t.db, CLI_ACTOR, shop), null);
    const run = await requestSelftest(t.db, CLI_ACTOR, shop);
    assert.equal(run.state, 'pending');
    assert.match(run.token, /^[0-9a-f]{24}$/);
    const job = await t.db.outbox.findFirst({ where: { queue: SELFTEST_QUEUE } });
    assert.deepEqual(job?.data, { selftestId: run.id });
    assert.equal(await t.db.auditLog.count({ where: { action: 'domain.selftest', domainId: shop } }), 1);
    assert.equal((await pendingSelftest(t.db, run.token))?.domain, 'shop.test');
    assert.equal(await completeSelftest(t.db, run.token, PASS), true);
    // A second probe of the same run (a retried delivery) changes nothing.
    assert.equal(await completeSelftest(t.db, run.token, []), false);
    assert.equal(await pendingSelftest(t.db, run.token), null);
    const latest = await latestSelftest(t.db, CLI_ACTOR, shop);
    assert.equal(latest?.state, 'done');
    assert.deepEqual(latest?.verdicts, PASS);
  });

  it('reads a run pending for longer than the timeout as timed out, and takes no probe for it', async () => {
    const run = await requestSelftest(t.db, CLI_ACTOR, shop);
    await t.db.deliverabilitySelftest.update({ where: { id: run.id }, data: { createdAt: new Date(Date.now() - SELFTEST_TIMEOUT_MS - 1000) } });
    assert.equal(await pendingSelftest(t.db, run.token), null);
    assert.equal((await latestSelftest(t.db, CLI_ACTOR, shop))?.state, 'timed-out');
    assert.equal((await selftestById(t.db, run.id))?.state, 'timed-out');
    assert.equal(await completeSelftest(t.db, run.token, PASS), false);
  });

  it("keeps a domain admin to their own domains' runs", async () => {
    const admin = await createAdminAccount(t.db, CLI_ACTOR, {
      email: 'anna@shop.test',
      password: 'a long admin password',
      role: 'DOMAIN_ADMIN',
      domainIds: [shop],
    });
    const actor = await adminActor(t.db, admin.id);
    assert.equal((await latestSelftest(t.db, actor, shop))?.domain, 'shop.test');
    await assert.rejects(requestSelftest(t.db, actor, other), NotFoundError);
    await assert.rejects(latestSelftest(t.db, actor, other), NotFoundError);
  });
});
