import { DNS_CHECK_QUEUE, type Logger } from '@kontor/core';
import { Queue } from 'bullmq';
import type { Redis } from 'ioredis';

/** The one schedule of the drift watch, shared by every maild instance (BullMQ keeps one per id). */
const SCHEDULE_ID = 'dns-check-all';

/**
 * The drift watch's queue: `check-all` every DNS_CHECK_INTERVAL (a job
 * scheduler, so several instances add it once), `check-domain` from the
 * outbox after a change. Only the workers role sets the schedule.
 */
export function createDnsCheckQueue(deps: { redis: Redis; log: Logger; redisPrefix?: string; intervalMs?: number }) {
  const queue = new Queue(DNS_CHECK_QUEUE, {
    connection: deps.redis,
    prefix: deps.redisPrefix ?? 'kontor',
    defaultJobOptions: { removeOnComplete: 100, removeOnFail: 100, attempts: 3, backoff: { type: 'exponential', delay: 60_000 } },
  });
  queue.on('error', (error) => deps.log.warn({ err: error }, 'dns check queue error'));
  // Not awaited: start-up must not wait for Redis (the queue connection retries until it answers).
  if (deps.intervalMs) {
    queue
      .upsertJobScheduler(SCHEDULE_ID, { every: deps.intervalMs }, { name: 'check-all' })
      .catch((error: unknown) => deps.log.warn({ err: error }, 'dns check schedule not set'));
  }
  return { queue, close: () => queue.close() };
}
