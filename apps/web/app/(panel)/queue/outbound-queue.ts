import 'server-only';
import { loadConfig, OUTBOUND_QUEUE } from '@kontor/core';
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';

const cache = globalThis as typeof globalThis & { __kontorOutboundQueue?: Queue };

/** The outbound queue maild works, opened on first use and kept for the process. */
export function getOutboundQueue(): Queue {
  if (!cache.__kontorOutboundQueue) {
    const config = loadConfig();
    const connection = new Redis(config.REDIS_URL, { maxRetriesPerRequest: null });
    connection.on('error', () => {}); // reported per request
    cache.__kontorOutboundQueue = new Queue(OUTBOUND_QUEUE, { connection, prefix: config.REDIS_PREFIX });
  }
  return cache.__kontorOutboundQueue;
}
