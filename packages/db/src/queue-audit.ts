import type { Actor } from './actor.ts';
import { requireGlobal } from './actor.ts';
import { writeAudit } from './audit.ts';
import type { Db } from './client.ts';

/** What an administrator did to a queued message (panel /queue, future `kontor queue`). */
export type QueueAction = 'queue.retry' | 'queue.bounce' | 'queue.delete';

/**
 * Records a queue action in the audit log. The job itself lives in Redis,
 * which cannot share a transaction with PostgreSQL: the caller writes this
 * once the queue has taken the change, so the log never claims an action
 * that did not happen. Only superadmins (and the CLI) manage the queue.
 */
export async function auditQueueAction(
  db: Db,
  actor: Actor,
  entry: { action: QueueAction; jobId: string; queueId: string; recipients: string[] },
): Promise<void> {
  requireGlobal(actor, 'manage the mail queue');
  await db.$transaction((tx) =>
    writeAudit(tx, actor, {
      action: entry.action,
      targetType: 'outbound_job',
      targetId: entry.jobId,
      before: { queueId: entry.queueId, recipients: entry.recipients },
    }),
  );
}
