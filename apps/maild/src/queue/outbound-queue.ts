import { addressDomain, OUTBOUND_QUEUE, type OutboundJob } from '@kontor/core';
import { Queue } from 'bullmq';
import type { Redis } from 'ioredis';
import type { ForwardJob, ForwardQueue } from '../smtp/deliver-inbound.ts';

export { OUTBOUND_QUEUE };

/** A job to add: BullMQ name, id (the queue id and domain, so a retried add never sends twice) and data. */
export interface OutboundJobSpec {
  name: 'deliver' | 'forward';
  id: string;
  data: OutboundJob;
}

export interface OutboundQueue extends ForwardQueue {
  queue: Queue;
  /** Adds jobs atomically (one Redis transaction); each must already hold its blob reference. */
  add(jobs: OutboundJobSpec[]): Promise<void>;
  close(): Promise<void>;
}

/**
 * One `deliver` job per remote domain of a message. The caller raises the
 * blob's reference count by `jobs.length` in the transaction that stores
 * the message (store.deliver(..., { extraReferences })) before adding them.
 */
export function deliverJobs(message: Omit<OutboundJob, 'recipients'>, recipients: string[], prefix = 'out'): OutboundJobSpec[] {
  const byDomain = new Map<string, string[]>();
  for (const rcpt of recipients) {
    const domain = addressDomain(rcpt);
    byDomain.set(domain, [...(byDomain.get(domain) ?? []), rcpt]);
  }
  return [...byDomain].map(([domain, rcpts]) => ({
    name: 'deliver',
    id: `${prefix}-${message.queueId}-${domain}`,
    data: { ...message, recipients: rcpts, createdAt: message.createdAt ?? Date.now() },
  }));
}

/**
 * The outbound queue (BullMQ on Redis). Jobs keep the blob they send
 * referenced (the store raised its refCount) until the worker is done.
 */
export function createOutboundQueue(connection: Redis, prefix = 'kontor'): OutboundQueue {
  // Deferrals are the worker's own (moveToDelayed); `attempts` only covers unexpected
  // failures (database or Redis away), retried with backoff instead of parked as failed.
  const queue = new Queue(OUTBOUND_QUEUE, {
    connection,
    prefix,
    defaultJobOptions: { removeOnComplete: 1000, removeOnFail: 5000, attempts: 10, backoff: { type: 'exponential', delay: 30_000 } },
  });
  const add = async (jobs: OutboundJobSpec[]) => {
    if (!jobs.length) return;
    await queue.addBulk(jobs.map((job) => ({ name: job.name, data: job.data, opts: { jobId: job.id } })));
  };
  return {
    queue,
    add,
    /** Forwards from the MX: one job per remote domain (`fwd-<queue id>`, or `fwd-<queue id>-<domain>` when there are several). */
    async enqueue(jobs: ForwardJob[]) {
      await add(
        jobs.map((job) => ({
          name: 'forward',
          id: jobs.length === 1 ? `fwd-${job.queueId}` : `fwd-${job.queueId}-${addressDomain(job.recipients[0] ?? '')}`,
          data: { ...job, kind: 'forward', createdAt: Date.now() },
        })),
      );
    },
    async close() {
      await queue.close();
    },
  };
}
