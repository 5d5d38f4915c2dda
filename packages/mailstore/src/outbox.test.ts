import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createHarness, type Harness, message, streamOf } from './test-harness.ts';

let h: Harness;
before(async () => {
  h = await createHarness();
});
after(async () => {
  await h?.close();
});

const job = (n: number) => ({ queue: 'kontor-outbound', name: 'forward', data: { n } });

describe('outbox', () => {
  it('rows are committed with the delivery, with the blob references of their jobs', async () => {
    const anna = await h.mailbox('outbox-anna');
    const stored = await h.store.storeBlob(streamOf(message('outbox-1')));
    await h.store.deliver(stored, [{ mailboxId: anna }], { extraReferences: 1, outbox: [job(1)] });
    const rows = await h.testDb.db.outbox.findMany();
    assert.deepEqual(
      rows.map((r) => r.data),
      [{ n: 1 }],
    );
    const blob = await h.testDb.db.blob.findUniqueOrThrow({ where: { sha256: stored.sha256 } });
    assert.equal(blob.refCount, 2, 'the message and the forward job');
    await h.store.completeOutbox(rows.map((r) => r.id));
  });

  it('a delivery that fails (over quota) leaves no outbox row', async () => {
    const tiny = await h.mailbox('outbox-tiny', '1K');
    const stored = await h.store.storeBlob(streamOf(message('outbox-2', 4096)));
    await assert.rejects(h.store.deliver(stored, [{ mailboxId: tiny }], { extraReferences: 1, outbox: [job(2)] }), { code: 'quota_exceeded' });
    assert.equal(await h.testDb.db.outbox.count(), 0);
  });

  it('claims skip rows another relay holds until its lease lapses; completed rows are gone', async () => {
    const stored = await h.store.storeBlob(streamOf(message('outbox-3')));
    await h.store.deliver(stored, [], { extraReferences: 2, outbox: [job(3), job(4)] });
    const first = await h.store.claimOutbox({ limit: 10, leaseMs: 60_000 });
    assert.deepEqual(
      first.map((r) => r.data),
      [{ n: 3 }, { n: 4 }],
    );
    assert.ok(first.every((r) => r.jobId === `outbox-${r.id}`));
    assert.deepEqual(await h.store.claimOutbox({ limit: 10, leaseMs: 60_000 }), [], 'held by the first claim');
    await h.testDb.db.outbox.updateMany({ data: { claimedUntil: new Date(Date.now() - 1000) } });
    const again = await h.store.claimOutbox({ limit: 1, leaseMs: 60_000 });
    assert.deepEqual(
      again.map((r) => r.jobId),
      [first[0]!.jobId],
      'a lapsed claim is taken again, with the same job id',
    );
    await h.store.completeOutbox(first.map((r) => r.id));
    assert.equal(await h.testDb.db.outbox.count(), 0);
  });

  it("an outbound job's recipients are written with its row, keyed by its job id; a failed delivery writes none", async () => {
    const anna = await h.mailbox('outbox-out');
    const stored = await h.store.storeBlob(streamOf(message('outbox-5')));
    const outbound = (n: number, recipients: string[]) => ({ ...job(n), outbound: { queueId: `q${n}`, recipients } });
    await h.store.deliver(stored, [{ mailboxId: anna }], { extraReferences: 1, outbox: [outbound(5, ['a@remote.test', 'b@remote.test'])] });
    const [row] = await h.testDb.db.outbox.findMany();
    const recipients = await h.testDb.db.outboundRecipient.findMany({ orderBy: { id: 'asc' } });
    assert.deepEqual(
      recipients.map((r) => [r.jobId, r.queueId, r.recipient, r.state]),
      [
        [`outbox-${row!.id}`, 'q5', 'a@remote.test', 'queued'],
        [`outbox-${row!.id}`, 'q5', 'b@remote.test', 'queued'],
      ],
    );
    await h.store.completeOutbox([row!.id]);
    const tiny = await h.mailbox('outbox-tiny2', '1K');
    const big = await h.store.storeBlob(streamOf(message('outbox-6', 4096)));
    await assert.rejects(h.store.deliver(big, [{ mailboxId: tiny }], { extraReferences: 1, outbox: [outbound(6, ['c@remote.test'])] }), {
      code: 'quota_exceeded',
    });
    assert.equal(await h.testDb.db.outboundRecipient.count({ where: { queueId: 'q6' } }), 0);
  });
});
