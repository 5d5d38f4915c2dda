/**
 * The outbox: jobs a store transaction commits together with its rows
 * (forwards and outbound copies of a delivery, autoreply triggers), so that
 * a delivery and the work it causes are one atomic fact. The relay in maild
 * claims rows, adds them to BullMQ under the idempotent job id
 * `outbox-<id>`, and deletes them only after the add succeeded: a crash or
 * a Redis outage in between adds the same job again, which BullMQ ignores.
 * This module is the only writer of the Outbox table.
 */
import type { Db, Prisma } from '@kontor/db';
import type { Tx } from './transactions.ts';

/** A job to add once the transaction commits. */
export type OutboxEntry = {
  /** BullMQ queue name. */
  queue: string;
  /** BullMQ job name. */
  name: string;
  data: Prisma.InputJsonValue;
};

export type OutboxRow = OutboxEntry & { id: bigint; jobId: string };

/** The BullMQ job id of an outbox row: the same row always gives the same job. */
export function outboxJobId(id: bigint): string {
  return `outbox-${id}`;
}

/** Writes entries inside the caller's transaction. */
export async function addOutboxInTx(tx: Tx, entries: readonly OutboxEntry[]): Promise<void> {
  if (!entries.length) return;
  await tx.outbox.createMany({ data: entries.map((e) => ({ queue: e.queue, name: e.name, data: e.data })) });
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
