import type { Job, Queue } from 'bullmq';
import { ConflictError, NotFoundError } from './errors.ts';
import { outboundJobSchema, pendingRecipients, type RecipientOutcome } from './outbound-jobs.ts';

/**
 * The outbound queue as a superadmin sees it (panel `/queue`, and a future
 * `kontor queue`): what waits, why, and when it is tried next; retry now;
 * delete with a bounce to the sender or silently. The worker does the
 * actual cancelling (it owns the blob references and the bounces): these
 * functions mark the job and wake it up.
 */
export interface QueueEntry {
  id: string;
  /** waiting, active, delayed (a retry is scheduled), failed (given up by the queue itself: needs a look). */
  state: string;
  queueId: string;
  kind: string;
  mailFrom: string;
  recipients: string[];
  pending: string[];
  attempts: number;
  createdAt: Date;
  nextAttemptAt: Date | null;
  lastError: string;
  results: Record<string, RecipientOutcome>;
  cancelling: boolean;
}

const STATES = ['active', 'waiting', 'delayed', 'failed', 'prioritized', 'waiting-children'] as const;

function entryOf(job: Job, state: string): QueueEntry | null {
  const parsed = outboundJobSchema.safeParse(job.data);
  if (!parsed.success) return null;
  const data = parsed.data;
  const next = state === 'delayed' ? (data.nextAttemptAt ?? job.timestamp + (job.delay ?? 0)) : state === 'waiting' ? Date.now() : null;
  return {
    id: String(job.id),
    state,
    queueId: data.queueId,
    kind: job.name === 'forward' ? 'forward' : (data.kind ?? 'submission'),
    mailFrom: data.mailFrom,
    recipients: data.recipients,
    pending: pendingRecipients(data),
    attempts: data.attempts ?? 0,
    createdAt: new Date(data.createdAt ?? job.timestamp),
    nextAttemptAt: next ? new Date(next) : null,
    lastError: data.lastError ?? (state === 'failed' ? (job.failedReason ?? '') : ''),
    results: data.results ?? {},
    cancelling: Boolean(data.cancel),
  };
}

/** Jobs not finished yet, oldest first. */
export async function listOutboundQueue(queue: Queue, options: { limit?: number } = {}): Promise<QueueEntry[]> {
  const limit = options.limit ?? 500;
  const entries: QueueEntry[] = [];
  for (const state of STATES) {
    const jobs = await queue.getJobs([state], 0, limit - 1, true);
    for (const job of jobs) {
      const entry = job && entryOf(job, state);
      if (entry) entries.push(entry);
    }
  }
  return entries.sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime()).slice(0, limit);
}

export async function outboundQueueCounts(queue: Queue): Promise<Record<string, number>> {
  return queue.getJobCounts('active', 'waiting', 'delayed', 'failed', 'completed');
}

async function jobInState(queue: Queue, id: string) {
  const job = await queue.getJob(id);
  if (!job) throw new NotFoundError(`No queued message ${id}`);
  const state = await job.getState();
  if (state === 'completed') throw new NotFoundError(`${id} has been delivered meanwhile`);
  if (state === 'active') throw new ConflictError(`${id} is being delivered right now; try again in a moment`);
  return { job, state };
}

async function wake(job: Job, state: string) {
  if (state === 'delayed') await job.promote();
  else if (state === 'failed') await job.retry('failed');
}

/** What an action was taken on, for the audit log (auditQueueAction in packages/db). */
export interface QueueActionTarget {
  queueId: string;
  recipients: string[];
}

function targetOf(job: Job): QueueActionTarget {
  const parsed = outboundJobSchema.safeParse(job.data);
  return parsed.success ? { queueId: parsed.data.queueId, recipients: pendingRecipients(parsed.data) } : { queueId: '', recipients: [] };
}

/** Try again now instead of at the scheduled time. */
export async function retryOutboundJob(queue: Queue, id: string): Promise<QueueActionTarget> {
  const { job, state } = await jobInState(queue, id);
  await wake(job, state);
  return targetOf(job);
}

/**
 * Stop trying: the worker marks every pending recipient failed and, with
 * `bounce`, sends the sender a bounce; `silent` drops the message quietly.
 */
export async function cancelOutboundJob(queue: Queue, id: string, mode: 'bounce' | 'silent'): Promise<QueueActionTarget> {
  const { job, state } = await jobInState(queue, id);
  await job.updateData({ ...(job.data as object), cancel: mode });
  await wake(job, state);
  return targetOf(job);
}
