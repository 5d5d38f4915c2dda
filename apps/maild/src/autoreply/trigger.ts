import { AUTOREPLY_QUEUE, type AutoreplyJob, type Logger } from '@kontor/core';
import { autorespondersForDelivery, type Db } from '@kontor/db';
import type { OutboxEntry } from '@kontor/mailstore';
import { Queue } from 'bullmq';
import type { Redis } from 'ioredis';
import type { AutoreplyTrigger } from '../smtp/deliver-inbound.ts';

/**
 * For a delivery: one autoreply job per reached mailbox whose
 * autoresponder is on and inside its dates, as outbox rows committed with the delivery (so a
 * delivery is answered once, however Redis fares). The decision itself
 * (RFC 3834 rules, once per sender per interval) is the job's.
 */
export function createAutoreplyTrigger(deps: {
  db: Db;
  redis: Redis;
  log: Logger;
  redisPrefix?: string;
}): AutoreplyTrigger & { queue: Queue; close(): Promise<void> } {
  const queue = new Queue(AUTOREPLY_QUEUE, {
    connection: deps.redis,
    prefix: deps.redisPrefix ?? 'kontor',
    defaultJobOptions: { removeOnComplete: 1000, removeOnFail: 1000, attempts: 5, backoff: { type: 'exponential', delay: 30_000 } },
  });
  queue.on('error', (error) => deps.log.warn({ err: error }, 'autoreply queue error'));
  return {
    queue,
    async outboxFor({ queueId, blobSha256, mailFrom, mailboxIds }): Promise<OutboxEntry[]> {
      if (!mailFrom) return []; // bounces are never answered
      const receivedAt = Date.now();
      // One past its end is switched off here, on the first message that meets it.
      const active = await autorespondersForDelivery(deps.db, mailboxIds, new Date(receivedAt));
      return active.map((a) => ({
        queue: AUTOREPLY_QUEUE,
        name: 'autoreply',
        data: { mailboxId: a.mailboxId, sender: mailFrom, blobSha256, queueId, receivedAt } satisfies AutoreplyJob,
      }));
    },
    close: () => queue.close(),
  };
}
