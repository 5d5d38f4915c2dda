/**
 * Where every recipient of an outbound job stands, with PostgreSQL as the
 * record. This module is the only writer of OutboundRecipient and
 * OutboundAttempt: the outbox writes the rows with the job
 * (createOutboundRecipientsInTx), the worker claims and records attempts,
 * the queue actions cancel and retry. Every change is a conditional UPDATE,
 * so a cancel and a delivery can never both win, two workers never claim
 * the same recipient, and a delivered recipient is never claimed again.
 */
import { randomUUID } from 'node:crypto';
import { ConflictError, NotFoundError } from '@kontor/core';
import { type Actor, requireGlobal } from './actor.ts';
import { writeAudit } from './audit.ts';
import type { Db, DbTx } from './client.ts';
import type { OutboundRecipientState } from './generated/enums.ts';

export type { OutboundRecipientState };

export interface OutboundRecipients {
  jobId: string;
  queueId: string;
  recipients: readonly string[];
}

/** Writes a job's recipients (queued) inside the caller's transaction; rows already there stay as they are. */
export async function createOutboundRecipientsInTx(tx: DbTx, job: OutboundRecipients): Promise<void> {
  if (!job.recipients.length) return;
  await tx.outboundRecipient.createMany({
    data: [...new Set(job.recipients)].map((recipient) => ({ jobId: job.jobId, queueId: job.queueId, recipient })),
    skipDuplicates: true,
  });
}

/** The same outside a transaction: a job queued before this table existed gets its rows on its first run. */
export function ensureOutboundRecipients(db: Db, job: OutboundRecipients): Promise<void> {
  return createOutboundRecipientsInTx(db, job);
}

export interface ClaimedRecipient {
  id: bigint;
  recipient: string;
  attempts: number;
}

export interface OutboundClaim {
  token: string;
  recipients: ClaimedRecipient[];
}

/**
 * Takes the job's pending recipients for one attempt, for `leaseMs`
 * (renewed with extendOutboundClaim while the attempt runs), and opens an
 * attempt row for each. A recipient that is delivered, bounced, cancelled,
 * has a cancel requested, or is held by another live claim is not taken:
 * concurrent claims re-check the condition on the locked row and get
 * disjoint sets.
 */
export async function claimOutboundRecipients(db: Db, jobId: string, options: { leaseMs: number }): Promise<OutboundClaim> {
  const token = randomUUID();
  // A cancel requested during an attempt whose worker died: nobody will end that attempt, so it applies now.
  await db.$executeRaw`
    UPDATE "OutboundRecipient" SET state = 'cancelled', "claimToken" = NULL, "claimedUntil" = NULL, "updatedAt" = now()
    WHERE "jobId" = ${jobId} AND state IN ('queued', 'deferred') AND "cancelRequestedAt" IS NOT NULL
      AND ("claimedUntil" IS NULL OR "claimedUntil" < now())`;
  const recipients = await db.$queryRaw<ClaimedRecipient[]>`
    WITH claimed AS (
      UPDATE "OutboundRecipient"
      SET "claimToken" = ${token}, "claimedUntil" = now() + make_interval(secs => ${options.leaseMs / 1000}::float8),
          attempts = attempts + 1, "updatedAt" = now()
      WHERE "jobId" = ${jobId} AND state IN ('queued', 'deferred') AND "cancelRequestedAt" IS NULL
        AND ("claimedUntil" IS NULL OR "claimedUntil" < now())
      RETURNING id, recipient, attempts),
    opened AS (
      INSERT INTO "OutboundAttempt" ("recipientId", "claimToken") SELECT id, ${token} FROM claimed)
    SELECT id, recipient, attempts FROM claimed ORDER BY id`;
  return { token, recipients };
}

/** Keeps a running attempt's claim alive (a worker that died stops renewing, and the claim lapses). */
export async function extendOutboundClaim(db: Db, token: string, leaseMs: number): Promise<void> {
  await db.$executeRaw`
    UPDATE "OutboundRecipient" SET "claimedUntil" = now() + make_interval(secs => ${leaseMs / 1000}::float8)
    WHERE "claimToken" = ${token}`;
}

export type AttemptResult = 'delivered' | 'deferred' | 'bounced';

export interface AttemptOutcome {
  id: bigint;
  result: AttemptResult;
  reply: string;
  remoteHost: string;
  /** For deferred recipients: when to try again. */
  nextAttemptAt?: Date;
}

export interface RecordedOutcome {
  id: bigint;
  recipient: string;
  state: OutboundRecipientState;
  attempts: number;
}

/**
 * Ends an attempt: each recipient still held by this claim takes its
 * result, except that a cancel requested meanwhile wins over anything but
 * a delivery. Rows no longer held by the claim (it lapsed and another
 * worker took them) are left alone and not returned. A delivery is always
 * recorded: the remote server has the message, whatever was asked.
 */
export async function recordOutboundAttempt(db: Db, token: string, outcomes: readonly AttemptOutcome[]): Promise<RecordedOutcome[]> {
  if (!outcomes.length) return [];
  return db.$transaction(async (tx) => {
    const recorded: RecordedOutcome[] = [];
    for (const o of outcomes) {
      const rows = await tx.$queryRaw<RecordedOutcome[]>`
        UPDATE "OutboundRecipient"
        SET state = (CASE WHEN ${o.result}::text = 'delivered' THEN 'delivered'
                          WHEN state = 'cancelled' OR "cancelRequestedAt" IS NOT NULL THEN 'cancelled'
                          ELSE ${o.result}::text END)::"OutboundRecipientState",
            "lastReply" = ${o.reply}, "remoteHost" = ${o.remoteHost},
            "nextAttemptAt" = ${o.result === 'deferred' ? (o.nextAttemptAt ?? null) : null},
            "claimToken" = NULL, "claimedUntil" = NULL, "updatedAt" = now()
        WHERE id = ${o.id} AND "claimToken" = ${token}
        RETURNING id, recipient, state, attempts`;
      await tx.$executeRaw`
        UPDATE "OutboundAttempt" SET "endedAt" = now(), result = ${o.result}, reply = ${o.reply}
        WHERE "recipientId" = ${o.id} AND "claimToken" = ${token}`;
      recorded.push(...rows);
    }
    return recorded;
  });
}

export type OutboundRecipientRow = Awaited<ReturnType<typeof outboundRecipients>>[number];

/** Every recipient of a job, in the order they were written. */
export function outboundRecipients(db: Db, jobId: string) {
  return db.outboundRecipient.findMany({ where: { jobId }, orderBy: { id: 'asc' } });
}

/** The per-recipient state of several jobs (the panel's queue page). */
export function outboundRecipientsOf(db: Db, jobIds: readonly string[]) {
  return db.outboundRecipient.findMany({ where: { jobId: { in: [...jobIds] } }, orderBy: { id: 'asc' } });
}

/**
 * Bounced and cancelled recipients not reported yet (no DSN written, not
 * logged), and marks them reported. The caller is the job's worker, which
 * BullMQ runs one at a time.
 */
export async function takeUnreportedOutcomes(db: Db, jobId: string) {
  return db.$transaction(async (tx) => {
    const rows = await tx.outboundRecipient.findMany({
      where: { jobId, state: { in: ['bounced', 'cancelled'] }, reportedAt: null },
      orderBy: { id: 'asc' },
    });
    if (rows.length) await tx.outboundRecipient.updateMany({ where: { id: { in: rows.map((r) => r.id) } }, data: { reportedAt: new Date() } });
    return rows;
  });
}

/** What a queue action did, for the caller's message and the audit log. */
export interface QueueActionResult {
  queueId: string;
  /** Cancelled now (cancel) or moved to now (retry). */
  recipients: string[];
  /** Being attempted right now: cancelled when the attempt ends, unless it delivers. */
  requested: string[];
}

export type QueueAction = 'queue.retry' | 'queue.bounce' | 'queue.delete';

async function audit(tx: DbTx, actor: Actor, action: QueueAction, jobId: string, result: QueueActionResult) {
  await writeAudit(tx, actor, {
    action,
    targetType: 'outbound_job',
    targetId: jobId,
    before: { queueId: result.queueId, recipients: result.recipients, ...(result.requested.length ? { requested: result.requested } : {}) },
  });
}

async function requirePending(tx: DbTx, jobId: string): Promise<string> {
  const any = await tx.outboundRecipient.findFirst({ where: { jobId }, select: { queueId: true } });
  if (!any) throw new NotFoundError(`No queued message ${jobId}`);
  return any.queueId;
}

/**
 * Stops delivering a job's pending recipients: `bounce` tells the sender
 * with a DSN, `silent` does not. A recipient not held by an attempt is
 * cancelled at once; one held by a running attempt gets cancelRequestedAt,
 * which the worker applies when the attempt ends unless it delivered. A
 * delivered or bounced recipient is not touched. The audit row is written
 * in the same transaction.
 */
export async function cancelOutboundRecipients(db: Db, actor: Actor, jobId: string, mode: 'bounce' | 'silent'): Promise<QueueActionResult> {
  requireGlobal(actor, 'manage the mail queue');
  return db.$transaction(async (tx) => {
    const queueId = await requirePending(tx, jobId);
    const rows = await tx.$queryRaw<Array<{ recipient: string; state: OutboundRecipientState }>>`
      UPDATE "OutboundRecipient"
      SET state = (CASE WHEN "claimedUntil" >= now() THEN state ELSE 'cancelled' END)::"OutboundRecipientState",
          "cancelRequestedAt" = CASE WHEN "claimedUntil" >= now() THEN now() ELSE "cancelRequestedAt" END,
          "cancelMode" = ${mode}, "updatedAt" = now()
      WHERE "jobId" = ${jobId} AND state IN ('queued', 'deferred') AND "cancelRequestedAt" IS NULL
      RETURNING recipient, state`;
    if (!rows.length) throw new ConflictError(`${jobId} has no recipient left to cancel: delivered, bounced or cancelled already`);
    const result = {
      queueId,
      recipients: rows.filter((r) => r.state === 'cancelled').map((r) => r.recipient),
      requested: rows.filter((r) => r.state !== 'cancelled').map((r) => r.recipient),
    };
    await audit(tx, actor, mode === 'bounce' ? 'queue.bounce' : 'queue.delete', jobId, result);
    return result;
  });
}

/** Tries a job's deferred recipients now instead of at the scheduled time; written to the audit log with it. */
export async function retryOutboundRecipients(db: Db, actor: Actor, jobId: string): Promise<QueueActionResult> {
  requireGlobal(actor, 'manage the mail queue');
  return db.$transaction(async (tx) => {
    const queueId = await requirePending(tx, jobId);
    const rows = await tx.$queryRaw<Array<{ recipient: string }>>`
      UPDATE "OutboundRecipient" SET "nextAttemptAt" = now(), "updatedAt" = now()
      WHERE "jobId" = ${jobId} AND state IN ('queued', 'deferred') AND "cancelRequestedAt" IS NULL
      RETURNING recipient`;
    if (!rows.length) throw new ConflictError(`${jobId} has no recipient left to retry: delivered, bounced or cancelled already`);
    const result = { queueId, recipients: rows.map((r) => r.recipient), requested: [] };
    await audit(tx, actor, 'queue.retry', jobId, result);
    return result;
  });
}
