import { randomBytes } from 'node:crypto';
import { Readable } from 'node:stream';
import { type Logger, newMessageId, rfc5322Date, SELFTEST_QUEUE, selftestAddress } from '@kontor/core';
import { type Db, selftestById } from '@kontor/db';
import type { MailStore } from '@kontor/mailstore';
import { Queue, Worker } from 'bullmq';
import type { Redis } from 'ioredis';
import type { MailRouter } from '../outbound/route.ts';

/** The queue the outbox relay hands `send-probe` jobs to (packages/db/src/selftests.ts writes them). */
export function createSelftestQueue(deps: { redis: Redis; log: Logger; redisPrefix?: string }) {
  const queue = new Queue(SELFTEST_QUEUE, {
    connection: deps.redis,
    prefix: deps.redisPrefix ?? 'kontor',
    defaultJobOptions: { removeOnComplete: 100, removeOnFail: 100, attempts: 3, backoff: { type: 'exponential', delay: 2000 } },
  });
  queue.on('error', (error) => deps.log.warn({ err: error }, 'selftest queue error'));
  return { queue, close: () => queue.close() };
}

export interface ProbeSenderDeps {
  db: Db;
  store: MailStore;
  router: MailRouter;
  hostname: string;
  log: Logger;
}

/** The probe: an ordinary small message with every header a receiver expects. */
export function composeProbe(input: { from: string; to: string; domain: string; token: string }): { raw: string; messageId: string } {
  const messageId = newMessageId(input.domain);
  const raw = [
    `From: Kontor self-test <${input.from}>`,
    `To: <${input.to}>`,
    `Subject: Kontor deliverability self-test ${input.token.slice(0, 8)}`,
    `Date: ${rfc5322Date()}`,
    `Message-ID: ${messageId}`,
    'MIME-Version: 1.0',
    'Content-Type: text/plain; charset=utf-8',
    'Content-Transfer-Encoding: 7bit',
    '',
    `This message tests the mail setup of ${input.domain}. Kontor sent it to itself and reads it as a receiver would.`,
    '',
  ].join('\r\n');
  return { raw, messageId };
}

/**
 * Sends a run's probe from postmaster@<domain> to its probe address at
 * MAIL_HOSTNAME through the router: the outbound queue, DKIM with the
 * domain's keys, the MX lookup of MAIL_HOSTNAME. The MX evaluates it
 * (smtp/inbound-server.ts, selftest/probe-verdicts.ts).
 */
export async function sendProbe(deps: ProbeSenderDeps, selftestId: number): Promise<boolean> {
  const run = await selftestById(deps.db, selftestId);
  if (run?.state !== 'pending') return false;
  const from = `postmaster@${run.domain}`;
  const to = selftestAddress(run.token, deps.hostname);
  const { raw, messageId } = composeProbe({ from, to, domain: run.domain, token: run.token });
  const stored = await deps.store.storeBlob(Readable.from([Buffer.from(raw)]));
  await deps.router.route({
    queueId: `selftest-${randomBytes(6).toString('hex')}`,
    stored,
    mailFrom: from,
    recipients: [to],
    kind: 'notice',
    dkimDomain: run.domain,
    messageId,
    remoteOnly: true,
  });
  deps.log.info({ selftestId, domain: run.domain, to }, 'selftest probe queued');
  return true;
}

export class SelftestWorker {
  readonly worker: Worker;

  constructor(deps: ProbeSenderDeps & { redis: Redis; redisPrefix?: string }) {
    this.worker = new Worker(
      SELFTEST_QUEUE,
      async (job) => {
        const id = Number((job.data as { selftestId?: unknown }).selftestId);
        if (!Number.isSafeInteger(id)) return 'bad job';
        return (await sendProbe(deps, id)) ? 'sent' : 'not pending';
      },
      { connection: deps.redis, prefix: deps.redisPrefix ?? 'kontor', concurrency: 2 },
    );
    this.worker.on('failed', (job, error) => deps.log.warn({ err: error, job: job?.id }, 'selftest probe not sent'));
    this.worker.on('error', (error) => deps.log.warn({ err: error }, 'selftest worker error'));
  }

  close(): Promise<void> {
    return this.worker.close();
  }
}
