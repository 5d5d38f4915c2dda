import { OUTBOUND_QUEUE, type OutboundJob } from '@kontor/core';
import type { OutboxEntry } from '@kontor/mailstore';
import { Queue } from 'bullmq';
import type { Redis } from 'ioredis';
import type { ForwardJob } from '../smtp/deliver-inbound.ts';

export { OUTBOUND_QUEUE };

export interface OutboundQueue {
  queue: Queue;
  close(): Promise<void>;
}

// One `deliver` job per remote domain: with the router in @kontor/mailstore (the panel's sending API uses it too).
export { deliverJobs } from '@kontor/mailstore';

/** Forwards from the MX as outbox rows: one `forward` job per remote domain. */
export function forwardJobs(jobs: ForwardJob[]): OutboxEntry[] {
  const createdAt = Date.now();
  return jobs.map((job) => ({
    queue: OUTBOUND_QUEUE,
    name: 'forward',
    data: { ...job, kind: 'forward', createdAt } satisfies OutboundJob,
    outbound: { queueId: job.queueId, recipients: job.recipients },
  }));
}

/**
 * The outbound queue (BullMQ on Redis), filled by the outbox relay. Jobs
 * keep the blob they send referenced (the store raised its refCount) until
 * the worker is done.
 */
export function createOutboundQueue(connection: Redis, prefix = 'kontor'): OutboundQueue {
  // Deferrals are the worker's own (moveToDelayed); `attempts` only covers unexpected
  // failures (database or Redis away), retried with backoff instead of parked as failed.
  const queue = new Queue(OUTBOUND_QUEUE, {
    connection,
    prefix,
    defaultJobOptions: { removeOnComplete: 1000, removeOnFail: 5000, attempts: 10, backoff: { type: 'exponential', delay: 30_000 } },
  });
  return {
    queue,
    async close() {
      await queue.close();
    },
  };
}
