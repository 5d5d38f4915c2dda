import type { Job, Queue } from 'bullmq';
import { NotFoundError } from './errors.ts';
import { outboundJobSchema } from './outbound-jobs.ts';

/**
 * The outbound queue's jobs as a superadmin sees them (panel `/queue`, and
 * a future `kontor queue`): which message, in which BullMQ state, when it
 * runs next. Where each recipient stands, and the actions (cancel, retry
 * now), are PostgreSQL's (packages/db/src/outbound-state.ts): nothing here
 * writes a job. wakeOutboundJob only makes the worker look at a job now.
 */
export interface QueueEntry {
  id: string;
  /** waiting, active, delayed (a retry is scheduled), failed (given up by the queue itself: needs a look). */
  state: string;
  queueId: string;
  kind: string;
  mailFrom: string;
  recipients: string[];
  createdAt: Date;
  /** When the job runs next (delayed: its timestamp; waiting: now). */
  nextRunAt: Date | null;
  /** Why the queue itself gave up (state failed). */
  failedReason: string;
}

const STATES = ['active', 'waiting', 'delayed', 'failed', 'prioritized', 'waiting-children'] as const;

function entryOf(job: Job, state: string): QueueEntry | null {
  const parsed = outboundJobSchema.safeParse(job.data);
  if (!parsed.success) return null;
  const data = parsed.data;
  const next = state === 'delayed' ? job.timestamp + (job.delay ?? 0) : state === 'waiting' ? Date.now() : null;
  return {
    id: String(job.id),
    state,
    queueId: data.queueId,
    kind: job.name === 'forward' ? 'forward' : (data.kind ?? 'submission'),
    mailFrom: data.mailFrom,
    recipients: data.recipients,
    createdAt: new Date(data.createdAt ?? job.timestamp),
    nextRunAt: next ? new Date(next) : null,
    failedReason: state === 'failed' ? (job.failedReason ?? '') : '',
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

/**
 * Runs a job now instead of at its scheduled time, after a queue action
 * changed its recipients. A job that is waiting or running already, or
 * moved on meanwhile, is left as it is: the worker reads the recipients'
 * state from PostgreSQL whenever it runs.
 */
export async function wakeOutboundJob(queue: Queue, id: string): Promise<void> {
  const job = await queue.getJob(id);
  if (!job) throw new NotFoundError(`No queued message ${id}`);
  const state = await job.getState();
  try {
    if (state === 'delayed') await job.promote();
    else if (state === 'failed') await job.retry('failed');
  } catch (error) {
    if ((await job.getState()) === state) throw error;
  }
}
