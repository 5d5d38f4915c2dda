import { domainOfAddress, OUTBOUND_QUEUE, type OutboundJob } from '@kontor/core';
import type { OutboxEntry } from '@kontor/mailstore';
import { Queue } from 'bullmq';
import type { Redis } from 'ioredis';
import type { ForwardJob } from '../smtp/deliver-inbound.ts';

export { OUTBOUND_QUEUE };

export interface OutboundQueue {
  queue: Queue;
  close(): Promise<void>;
}

/**
 * One `deliver` job per remote domain of a message, as outbox rows: the
 * caller commits them with the message (store.deliver(..., { outbox,
 * extraReferences: jobs.length })), each holding one blob reference and
 * writing its recipients' state rows in the same transaction.
 */
export function deliverJobs(message: Omit<OutboundJob, 'recipients'>, recipients: string[]): OutboxEntry[] {
  const byDomain = new Map<string, string[]>();
  for (const rcpt of recipients) {
    const domain = domainOfAddress(rcpt);
    byDomain.set(domain, [...(byDomain.get(domain) ?? []), rcpt]);
  }
  return [...byDomain.values()].map((rcpts) => ({
    queue: OUTBOUND_QUEUE,
    name: 'deliver',
    data: { ...message, recipients: rcpts, createdAt: message.createdAt ?? Date.now() } satisfies OutboundJob,
    outbound: { queueId: message.queueId, recipients: rcpts },
  }));
}

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
