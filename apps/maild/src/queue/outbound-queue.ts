import { Queue } from 'bullmq';
import type { Redis } from 'ioredis';
import type { ForwardJob, ForwardQueue } from '../smtp/deliver-inbound.ts';

export const OUTBOUND_QUEUE = 'kontor-outbound';

/**
 * The outbound queue (BullMQ on Redis). Jobs keep the blob they send
 * referenced (the store raised its refCount) until the worker is done.
 * The job id is the queue id, so a retried enqueue never sends twice.
 */
export function createOutboundQueue(connection: Redis): ForwardQueue & { queue: Queue; close(): Promise<void> } {
  const queue = new Queue(OUTBOUND_QUEUE, { connection, defaultJobOptions: { removeOnComplete: 1000, removeOnFail: 5000 } });
  return {
    queue,
    async enqueue(job: ForwardJob) {
      await queue.add('forward', job, { jobId: `fwd-${job.queueId}` });
    },
    async close() {
      await queue.close();
    },
  };
}
