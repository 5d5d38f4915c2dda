import { AUTOREPLY_QUEUE, type Logger } from '@kontor/core';
import { Queue } from 'bullmq';
import type { Redis } from 'ioredis';

/**
 * The BullMQ queue of autoreply jobs, which the outbox relay fills. Which
 * deliveries cause a job is @kontor/mailstore's autoreplyOutbox, shared by
 * inbound delivery, submission and the panel's sending API.
 */
export function createAutoreplyQueue(deps: { redis: Redis; log: Logger; redisPrefix?: string }): { queue: Queue; close(): Promise<void> } {
  const queue = new Queue(AUTOREPLY_QUEUE, {
    connection: deps.redis,
    prefix: deps.redisPrefix ?? 'kontor',
    defaultJobOptions: { removeOnComplete: 1000, removeOnFail: 1000, attempts: 5, backoff: { type: 'exponential', delay: 30_000 } },
  });
  queue.on('error', (error) => deps.log.warn({ err: error }, 'autoreply queue error'));
  return { queue, close: () => queue.close() };
}
