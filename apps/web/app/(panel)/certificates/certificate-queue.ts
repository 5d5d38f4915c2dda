import 'server-only';
import { CERTIFICATE_QUEUE, loadConfig } from '@kontor/core';
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';

const cache = globalThis as typeof globalThis & { __kontorCertificateQueue?: Queue };

/** The certificate job's queue, which maild's workers role works; opened on first use and kept for the process. */
export function getCertificateQueue(): Queue {
  if (!cache.__kontorCertificateQueue) {
    const config = loadConfig();
    // Fails fast: a "renew now" waits on this only to wake the job, which also runs on its schedule.
    const connection = new Redis(config.REDIS_URL, { maxRetriesPerRequest: 1, enableOfflineQueue: false, connectTimeout: 2000 });
    connection.on('error', () => {}); // reported per request
    cache.__kontorCertificateQueue = new Queue(CERTIFICATE_QUEUE, { connection, prefix: config.REDIS_PREFIX });
  }
  return cache.__kontorCertificateQueue;
}
