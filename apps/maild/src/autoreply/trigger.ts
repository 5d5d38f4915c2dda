import { AUTOREPLY_QUEUE, type AutoreplyJob, type Logger } from '@kontor/core';
import { activeAutoresponders, type Db } from '@kontor/db';
import { Queue } from 'bullmq';
import type { Redis } from 'ioredis';
import type { AutoreplyTrigger } from '../smtp/deliver-inbound.ts';

/**
 * After a delivery: one autoreply job per reached mailbox whose
 * autoresponder is on. Runs after the commit and is never awaited, so a
 * slow database or Redis cannot slow or fail the delivery itself; the
 * decision (RFC 3834 rules, once per sender per interval) is the job's.
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
  return {
    queue,
    afterDelivery({ queueId, blobSha256, mailFrom, mailboxIds }) {
      if (!mailFrom) return; // bounces are never answered
      const receivedAt = Date.now();
      void (async () => {
        const active = await activeAutoresponders(deps.db, mailboxIds, new Date(receivedAt));
        if (!active.length) return;
        await queue.addBulk(
          active.map((a) => ({
            name: 'autoreply',
            data: { mailboxId: a.mailboxId, sender: mailFrom, blobSha256, queueId, receivedAt } satisfies AutoreplyJob,
            opts: { jobId: `ar-${queueId}-${a.mailboxId}` },
          })),
        );
      })().catch((error: unknown) => deps.log.warn({ err: error, queueId }, 'autoreply trigger failed'));
    },
    close: () => queue.close(),
  };
}
