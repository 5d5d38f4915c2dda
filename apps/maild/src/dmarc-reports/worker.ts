import { randomBytes } from 'node:crypto';
import { Readable } from 'node:stream';
import { DMARC_REPORT_QUEUE, domainOfAddress, type Logger } from '@kontor/core';
import { type DnsResolver, lookup, txtStrings } from '@kontor/core/dns';
import { externalReportAuthorizationName } from '@kontor/core/reports';
import { type Db, dmarcEvaluationsByDomain, pruneDmarcEvaluations, reportingDomain } from '@kontor/db';
import type { MailStore } from '@kontor/mailstore';
import { Queue, Worker } from 'bullmq';
import type { Redis } from 'ioredis';
import type { MailRouter } from '../outbound/route.ts';
import { composeDmarcReportMail, type EvaluationRow } from './report-mail.ts';

/** The one daily schedule, shared by every maild instance (BullMQ keeps one per id). */
const SCHEDULE_ID = 'dmarc-reports-daily';

export function createDmarcReportQueue(deps: { redis: Redis; log: Logger; redisPrefix?: string; schedule: boolean }) {
  const queue = new Queue(DMARC_REPORT_QUEUE, {
    connection: deps.redis,
    prefix: deps.redisPrefix ?? 'kontor',
    defaultJobOptions: { removeOnComplete: 50, removeOnFail: 50, attempts: 3, backoff: { type: 'exponential', delay: 60_000 } },
  });
  queue.on('error', (error) => deps.log.warn({ err: error }, 'dmarc report queue error'));
  if (deps.schedule) {
    // Once a day, shortly after midnight UTC (RFC 7489 §7.2: the default ri= is 86400 seconds).
    queue
      .upsertJobScheduler(SCHEDULE_ID, { pattern: '30 0 * * *', tz: 'UTC' }, { name: 'send-reports' })
      .catch((error: unknown) => deps.log.warn({ err: error }, 'dmarc report schedule not set'));
  }
  return { queue, close: () => queue.close() };
}

export interface DmarcReportDeps {
  db: Db;
  store: MailStore;
  router: MailRouter;
  resolver: DnsResolver;
  hostname: string;
  log: Logger;
}

/**
 * RFC 7489 §7.1: a rua= outside the sender domain takes reports only when
 * `<sender>._report._dmarc.<rua-domain>` has a TXT record starting "v=DMARC1".
 */
async function authorisedDestinations(resolver: DnsResolver, policyDomain: string, rua: string[], log: Logger): Promise<string[]> {
  const allowed: string[] = [];
  for (const address of rua) {
    const name = externalReportAuthorizationName(policyDomain, domainOfAddress(address));
    if (!name) {
      allowed.push(address);
      continue;
    }
    const txt = await lookup<string[]>(resolver, name, 'TXT');
    if (txt.kind === 'found' && txtStrings(txt.answers).some((t) => /^v=DMARC1\b/i.test(t.trim()))) allowed.push(address);
    else log.info({ domain: policyDomain, rua: address, name }, 'dmarc report destination not authorised');
  }
  return allowed;
}

async function sendOne(deps: DmarcReportDeps, policyDomain: string, rows: EvaluationRow[], from: string, signingDomain: string, end: Date): Promise<boolean> {
  const { store, router, resolver, hostname, log } = deps;
  const rua = [...new Set(rows.flatMap((r) => r.rua))];
  const to = await authorisedDestinations(resolver, policyDomain, rua, log);
  if (!to.length) return false;
  const begin = rows[0]?.receivedAt ?? end;
  const { raw, messageId, reportId } = composeDmarcReportMail({ rows, policyDomain, submitter: hostname, from, to, begin, end });
  const stored = await store.storeBlob(Readable.from([Buffer.from(raw)]));
  await router.route({
    queueId: `dmarc-${randomBytes(6).toString('hex')}`,
    stored,
    mailFrom: from,
    recipients: to,
    kind: 'notice',
    dkimDomain: signingDomain,
    messageId,
  });
  log.info({ domain: policyDomain, to, messages: rows.length, reportId }, 'dmarc report sent');
  return true;
}

/**
 * Sends one aggregate report per sender domain for the evaluations
 * recorded before `now`, from dmarc-reports@ of the reporting domain, and
 * prunes what it covered (also when no destination was authorised: those
 * rows can never be reported).
 */
export async function sendDmarcReports(deps: DmarcReportDeps, now = new Date()): Promise<{ domains: number; sent: number }> {
  const { db, log } = deps;
  const byDomain = await dmarcEvaluationsByDomain(db, now);
  const signingDomain = await reportingDomain(db, deps.hostname);
  if (!signingDomain) return { domains: byDomain.size, sent: 0 };
  const from = `dmarc-reports@${signingDomain}`;
  let sent = 0;
  for (const [policyDomain, rows] of byDomain) {
    try {
      if (await sendOne(deps, policyDomain, rows, from, signingDomain, now)) sent++;
      await pruneDmarcEvaluations(
        db,
        rows.map((r) => r.id),
      );
    } catch (error) {
      // Kept for the next run.
      log.warn({ err: error, domain: policyDomain }, 'dmarc report not sent');
    }
  }
  log.info({ domains: byDomain.size, sent }, 'dmarc reports done');
  return { domains: byDomain.size, sent };
}

/** The daily job's worker: `send-reports` runs sendDmarcReports. */
export class DmarcReportWorker {
  readonly worker: Worker;

  constructor(deps: DmarcReportDeps & { redis: Redis; redisPrefix?: string }) {
    this.worker = new Worker(DMARC_REPORT_QUEUE, async () => JSON.stringify(await sendDmarcReports(deps)), {
      connection: deps.redis,
      prefix: deps.redisPrefix ?? 'kontor',
      concurrency: 1,
    });
    this.worker.on('failed', (job, error) => deps.log.warn({ err: error, job: job?.id }, 'dmarc reports failed'));
    this.worker.on('error', (error) => deps.log.warn({ err: error }, 'dmarc report worker error'));
  }

  close(): Promise<void> {
    return this.worker.close();
  }
}
