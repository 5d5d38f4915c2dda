import type { Queue } from 'bullmq';

/**
 * The certificate job (ACME) runs on this BullMQ queue in maild's workers
 * role: on a schedule (ACME_CHECK_INTERVAL), at start, and when the panel
 * asks for a renewal. Each run works on every name set that is due.
 */
export const CERTIFICATE_QUEUE = 'kontor-certificates';
/** The repeatable job's scheduler id; one per installation whatever the number of workers. */
export const CERTIFICATE_SCHEDULER = 'certificate-check';

/** Runs the certificate job soon (after "renew now"); runs already waiting absorb this one. */
export async function wakeCertificateJob(queue: Queue): Promise<void> {
  // One waiting wake-up at a time: a fixed id is refused while a job of that id is still waiting.
  await queue.add('check', {}, { jobId: `wake-${Math.floor(Date.now() / 1000)}`, removeOnComplete: 100, removeOnFail: 100 });
}
