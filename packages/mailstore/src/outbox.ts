/**
 * The outbox: jobs a store transaction commits together with its rows
 * (forwards and outbound copies of a delivery, autoreply triggers), so that
 * a delivery and the work it causes are one atomic fact. The relay in maild
 * claims rows, adds them to BullMQ under the idempotent job id
 * `outbox-<id>`, and deletes them only after the add succeeded: a crash or
 * a Redis outage in between adds the same job again, which BullMQ ignores.
 * This module is the only writer of the Outbox table. An outbound job's
 * recipients are written with its row (by packages/db/src/outbound-state.ts,
 * the owner of their state), so they exist exactly when the job will.
 */
import { createOutboundRecipientsInTx, type Db, type Prisma } from '@kontor/db';
import type { Tx } from './transactions.ts';

/** A job to add once the transaction commits. */
export type OutboxEntry = {
  /** BullMQ queue name. */
  queue: string;
  /** BullMQ job name. */
  name: string;
  data: Prisma.InputJsonValue;
  /** An outbound delivery: its recipients get their state rows in the same transaction. */
  outbound?: { queueId: string; recipients: readonly string[] };
};

export type OutboxRow = Omit<OutboxEntry, 'outbound'> & { id: bigint; jobId: string };

/** The BullMQ job id of an outbox row: the same row always gives the same job. */
export function outboxJobId(id: bigint): string {
  return `outbox-${id}`;
}

/** Writes entries inside the caller's transaction. */
export async function addOutboxInTx(tx: Tx, entries: readonly OutboxEntry[]): Promise<void> {
  const plain = entries.filter((e) => !e.outbound);
  if (plain.length) await tx.outbox.createMany({ data: plain.map((e) => ({ queue: e.queue, name: e.name, data: e.data })) });
  for (const entry of entries) {
    if (!entry.outbound) continue;
    // One by one: the recipients are keyed by the job id, which is the row's id.
    const row = await tx.outbox.create({ data: { queue: entry.queue, name: entry.name, data: entry.data }, select: { id: true } });
    await createOutboundRecipientsInTx(tx, { jobId: outboxJobId(row.id), ...entry.outbound });
  }
}

/**
 * Takes up to `limit` rows no other relay holds, oldest first, for
 * `leaseMs`. SKIP LOCKED lets several maild processes claim at once without
 * waiting on each other; the lease keeps the claim after this short
 * transaction ends, and a relay that dies lets it lapse.
 */
export async function claimOutbox(db: Db, options: { limit: number; leaseMs: number }): Promise<OutboxRow[]> {
  const rows = await db.$queryRaw<Array<{ id: bigint; queue: string; name: string; data: Prisma.InputJsonValue }>>`
    UPDATE "Outbox" SET "claimedUntil" = now() + make_interval(secs => ${options.leaseMs / 1000}::float8)
    WHERE id IN (
      SELECT id FROM "Outbox" WHERE "claimedUntil" IS NULL OR "claimedUntil" < now()
      ORDER BY id LIMIT ${options.limit}::int FOR UPDATE SKIP LOCKED)
    RETURNING id, queue, name, data`;
  return rows.sort((a, b) => (a.id < b.id ? -1 : 1)).map((r) => ({ ...r, jobId: outboxJobId(r.id) }));
}

/** Deletes rows whose jobs are in BullMQ now. */
export async function completeOutbox(db: Db, ids: readonly bigint[]): Promise<void> {
  if (!ids.length) return;
  await db.outbox.deleteMany({ where: { id: { in: [...ids] } } });
}

/** Rows waiting (for tests and the health of the relay). */
export function pendingOutbox(db: Db): Promise<number> {
  return db.outbox.count();
}
