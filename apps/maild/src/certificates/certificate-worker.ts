/**
 * The certificate job in the workers role: a BullMQ repeatable job every
 * ACME_CHECK_INTERVAL (one scheduler per installation, however many
 * workers), a run at start (a first certificate as soon as ACME_EMAIL is
 * set), and runs the panel asks for ("renew now"). Each worker runs one at
 * a time; the job's Redis lock keeps two instances from ordering at once.
 */
import { CERTIFICATE_QUEUE, CERTIFICATE_SCHEDULER, wakeCertificateJob } from '@kontor/core';
import { Queue, Worker } from 'bullmq';
import { type CertificateJobDeps, runCertificateJob } from './certificate-job.ts';

export interface CertificateWorker {
  queue: Queue;
  close(): Promise<void>;
}

export async function startCertificateWorker(deps: CertificateJobDeps & { intervalMs: number }): Promise<CertificateWorker> {
  const { redis, redisPrefix: prefix, log } = deps;
  const queue = new Queue(CERTIFICATE_QUEUE, { connection: redis, prefix, defaultJobOptions: { removeOnComplete: 100, removeOnFail: 100 } });
  queue.on('error', (error) => log.warn({ err: error }, 'certificate queue error'));
  await queue.upsertJobScheduler(CERTIFICATE_SCHEDULER, { every: deps.intervalMs }, { name: 'check', opts: { removeOnComplete: 100, removeOnFail: 100 } });
  const worker = new Worker(
    CERTIFICATE_QUEUE,
    async (job) => {
      const result = await runCertificateJob(deps);
      if (result.skipped) {
        log.debug('certificate job: another instance is running it');
        // A "renew now" may come after that run passed its row: look again in a minute.
        if (job.id?.startsWith('wake-')) await queue.add('check', {}, { delay: 60_000, jobId: `retry-${job.id}` });
      }
      return { issued: result.issued.length, failed: result.failed.length };
    },
    // An ACME order waits on the CA's validation: far longer than a delivery.
    { connection: redis, prefix, concurrency: 1, lockDuration: 5 * 60_000 },
  );
  worker.on('failed', (job, error) => log.error({ err: error, job: job?.id }, 'certificate job failed'));
  worker.on('error', (error) => log.warn({ err: error }, 'certificate worker error'));
  await wakeCertificateJob(queue);
  return {
    queue,
    async close() {
      await worker.close();
      await queue.close();
    },
  };
}
