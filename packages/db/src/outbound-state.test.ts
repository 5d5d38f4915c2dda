import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { ConflictError, ForbiddenError } from '@kontor/core';
import type { Actor } from './actor.ts';
import { listAuditLog } from './audit.ts';
import {
  cancelOutboundRecipients,
  claimOutboundRecipients,
  createOutboundRecipientsInTx,
  outboundRecipients,
  recordOutboundAttempt,
  retryOutboundRecipients,
  takeUnreportedOutcomes,
} from './outbound-state.ts';
import { createTestDatabase, type TestDatabase } from './testing.ts';

const ADMIN: Actor = { kind: 'superadmin', id: 1, email: 'root@example.com', ip: '192.0.2.7' };
const LEASE = { leaseMs: 60_000 };
let t: TestDatabase;
let jobs = 0;

before(async () => {
  t = await createTestDatabase();
});
after(async () => {
  await t?.drop();
});

async function job(recipients: string[]): Promise<string> {
  const jobId = `outbox-${++jobs}`;
  await t.db.$transaction((tx) => createOutboundRecipientsInTx(tx, { jobId, queueId: `q${jobs}`, recipients }));
  return jobId;
}

async function states(jobId: string) {
  return Object.fromEntries((await outboundRecipients(t.db, jobId)).map((r) => [r.recipient, r.state]));
}

describe('outbound recipient state', () => {
  it('a cancel after the delivery loses: the recipient stays delivered and nothing is audited as cancelled', async () => {
    const jobId = await job(['a@remote.test']);
    const claim = await claimOutboundRecipients(t.db, jobId, LEASE);
    await recordOutboundAttempt(t.db, claim.token, [{ id: claim.recipients[0]!.id, result: 'delivered', reply: '250 ok', remoteHost: 'mx' }]);
    await assert.rejects(cancelOutboundRecipients(t.db, ADMIN, jobId, 'bounce'), ConflictError);
    assert.deepEqual(await states(jobId), { 'a@remote.test': 'delivered' });
    assert.equal((await listAuditLog(t.db, ADMIN, { limit: 50 })).filter((r) => r.targetId === jobId).length, 0);
    assert.equal((await claimOutboundRecipients(t.db, jobId, LEASE)).recipients.length, 0, 'a delivered recipient is never claimed again');
  });

  it('a delivery after the cancel does not send: the cancelled recipient cannot be claimed', async () => {
    const jobId = await job(['b@remote.test', 'c@remote.test']);
    const result = await cancelOutboundRecipients(t.db, ADMIN, jobId, 'silent');
    assert.deepEqual(result.recipients, ['b@remote.test', 'c@remote.test']);
    assert.deepEqual(result.requested, []);
    const claim = await claimOutboundRecipients(t.db, jobId, LEASE);
    assert.deepEqual(claim.recipients, []);
    assert.deepEqual(await states(jobId), { 'b@remote.test': 'cancelled', 'c@remote.test': 'cancelled' });
    const [row] = await listAuditLog(t.db, ADMIN, { limit: 1 });
    assert.equal(row?.action, 'queue.delete');
    assert.equal(row?.targetId, jobId);
    assert.equal(row?.actor, 'admin:root@example.com');
    assert.deepEqual(row?.before, { queueId: result.queueId, recipients: ['b@remote.test', 'c@remote.test'] });
  });

  it('a cancel during an attempt is applied when it ends, unless that attempt delivered', async () => {
    const jobId = await job(['ok@remote.test', 'soft@remote.test']);
    const claim = await claimOutboundRecipients(t.db, jobId, LEASE);
    assert.equal(claim.recipients.length, 2);
    const cancel = await cancelOutboundRecipients(t.db, ADMIN, jobId, 'bounce');
    assert.deepEqual(cancel.recipients, [], 'nothing cancelled at once while the attempt holds them');
    assert.deepEqual(cancel.requested, ['ok@remote.test', 'soft@remote.test']);
    const byName = new Map(claim.recipients.map((r) => [r.recipient, r.id]));
    const recorded = await recordOutboundAttempt(t.db, claim.token, [
      { id: byName.get('ok@remote.test')!, result: 'delivered', reply: '250 ok', remoteHost: 'mx' },
      { id: byName.get('soft@remote.test')!, result: 'deferred', reply: '451 later', remoteHost: 'mx', nextAttemptAt: new Date() },
    ]);
    assert.deepEqual(Object.fromEntries(recorded.map((r) => [r.recipient, r.state])), { 'ok@remote.test': 'delivered', 'soft@remote.test': 'cancelled' });
    assert.equal((await claimOutboundRecipients(t.db, jobId, LEASE)).recipients.length, 0);
    const unreported = await takeUnreportedOutcomes(t.db, jobId);
    assert.deepEqual(
      unreported.map((r) => [r.recipient, r.cancelMode]),
      [['soft@remote.test', 'bounce']],
    );
    assert.deepEqual(await takeUnreportedOutcomes(t.db, jobId), [], 'reported once');
    const attempts = await t.db.outboundAttempt.findMany({ where: { recipient: { jobId } }, orderBy: { id: 'asc' } });
    assert.deepEqual(
      attempts.map((a) => [a.result, a.reply, a.endedAt !== null]),
      [
        ['delivered', '250 ok', true],
        ['deferred', '451 later', true],
      ],
    );
  });

  it('two workers claiming at once get disjoint recipients', async () => {
    const recipients = Array.from({ length: 40 }, (_, i) => `r${i}@remote.test`);
    const jobId = await job(recipients);
    const claims = await Promise.all(Array.from({ length: 4 }, () => claimOutboundRecipients(t.db, jobId, LEASE)));
    const taken = claims.flatMap((c) => c.recipients.map((r) => r.recipient));
    assert.equal(taken.length, recipients.length, 'every recipient claimed once');
    assert.deepEqual(new Set(taken).size, recipients.length, 'no recipient in two claims');
  });

  it('a lapsed claim can be retaken, and the old claim can no longer record', async () => {
    const jobId = await job(['slow@remote.test']);
    const first = await claimOutboundRecipients(t.db, jobId, { leaseMs: 1 });
    await t.db.$executeRaw`UPDATE "OutboundRecipient" SET "claimedUntil" = now() - interval '1 second' WHERE "jobId" = ${jobId}`;
    const second = await claimOutboundRecipients(t.db, jobId, LEASE);
    assert.equal(second.recipients.length, 1);
    const id = second.recipients[0]!.id;
    assert.deepEqual(await recordOutboundAttempt(t.db, first.token, [{ id, result: 'bounced', reply: '550 no', remoteHost: 'mx' }]), []);
    await recordOutboundAttempt(t.db, second.token, [{ id, result: 'delivered', reply: '250 ok', remoteHost: 'mx' }]);
    assert.deepEqual(await states(jobId), { 'slow@remote.test': 'delivered' });
  });

  it('a cancel requested during an attempt whose worker died is applied by the next claim', async () => {
    const jobId = await job(['gone@remote.test']);
    await claimOutboundRecipients(t.db, jobId, LEASE);
    assert.deepEqual((await cancelOutboundRecipients(t.db, ADMIN, jobId, 'silent')).requested, ['gone@remote.test']);
    await t.db.$executeRaw`UPDATE "OutboundRecipient" SET "claimedUntil" = now() - interval '1 second' WHERE "jobId" = ${jobId}`;
    assert.deepEqual((await claimOutboundRecipients(t.db, jobId, LEASE)).recipients, []);
    assert.deepEqual(await states(jobId), { 'gone@remote.test': 'cancelled' });
  });

  it('retry now moves the pending recipients up and is audited; a domain administrator is refused', async () => {
    const jobId = await job(['later@remote.test']);
    const result = await retryOutboundRecipients(t.db, ADMIN, jobId);
    assert.deepEqual(result.recipients, ['later@remote.test']);
    const [row] = await listAuditLog(t.db, ADMIN, { limit: 1 });
    assert.equal(row?.action, 'queue.retry');
    assert.equal(row?.ip, '192.0.2.7');
    const boss: Actor = { kind: 'domain_admin', id: 2, email: 'boss@example.com' };
    await assert.rejects(cancelOutboundRecipients(t.db, boss, jobId, 'silent'), ForbiddenError);
    assert.deepEqual(await states(jobId), { 'later@remote.test': 'queued' });
  });
});
