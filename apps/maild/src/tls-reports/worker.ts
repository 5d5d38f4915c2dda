import { randomBytes } from 'node:crypto';
import { Readable } from 'node:stream';
import { type Logger, TLS_REPORT_QUEUE } from '@kontor/core';
import { type DnsResolver, lookup, txtStrings } from '@kontor/core/dns';
import { claimTlsReport, type Db, outboundTlsSessions, pruneOutboundTlsSessions, reportingDomain } from '@kontor/db';
import type { MailStore } from '@kontor/mailstore';
import { type Job, Queue, Worker } from 'bullmq';
import type { Redis } from 'ioredis';
import { z } from 'zod';
import type { MailRouter } from '../outbound/route.ts';
import { buildTlsReport, composeTlsReportMail, packTlsReport, tlsRptDestinations } from './report.ts';

/** The one daily schedule, shared by every maild instance (BullMQ keeps one per id). */
const SCHEDULE_ID = 'tls-reports-daily';
/** Sessions are kept this long after their day, then pruned. */
const KEEP_MS = 8 * 86_400_000;

const jobData = z.object({
  day: z
    .string()
    .regex(/^\d{4}-\d{2}-\d{2}$/)
    .optional(),
});

export function createTlsReportQueue(deps: { redis: Redis; log: Logger; redisPrefix?: string; schedule: boolean }) {
  const queue = new Queue(TLS_REPORT_QUEUE, {
    connection: deps.redis,
    prefix: deps.redisPrefix ?? 'kontor',
    defaultJobOptions: { removeOnComplete: 50, removeOnFail: 50, attempts: 3, backoff: { type: 'exponential', delay: 60_000 } },
  });
  queue.on('error', (error) => deps.log.warn({ err: error }, 'tls report queue error'));
  if (deps.schedule) {
    // Shortly after midnight UTC: yesterday's report (RFC 8460 §4.1: a UTC day).
    queue
      .upsertJobScheduler(SCHEDULE_ID, { pattern: '15 0 * * *', tz: 'UTC' }, { name: 'send-reports' })
      .catch((error: unknown) => deps.log.warn({ err: error }, 'tls report schedule not set'));
  }
  return { queue, close: () => queue.close() };
}

/**
 * Sends the SMTP TLS reports (RFC 8460) of one UTC day (yesterday unless
 * the job names one): for each recipient domain Kontor had sessions with
 * whose `_smtp._tls` TXT has a mailto: rua, one gzipped JSON report, as
 * mail through the outbound queue, DKIM-signed by `signingDomain`.
 */
export class TlsReportWorker {
  readonly worker: Worker;

  constructor(
    private readonly deps: {
      db: Db;
      store: MailStore;
      redis: Redis;
      router: MailRouter;
      resolver: DnsResolver;
      hostname: string;
      log: Logger;
      redisPrefix?: string;
    },
  ) {
    this.worker = new Worker(TLS_REPORT_QUEUE, (job) => this.process(job), { connection: deps.redis, prefix: deps.redisPrefix ?? 'kontor', concurrency: 1 });
    this.worker.on('failed', (job, error) => deps.log.warn({ err: error, job: job?.id }, 'tls reports failed'));
    this.worker.on('error', (error) => deps.log.warn({ err: error }, 'tls report worker error'));
  }

  close(): Promise<void> {
    return this.worker.close();
  }

  private async process(job: Job): Promise<string> {
    const { db, log } = this.deps;
    const day = jobData.parse(job.data ?? {}).day ?? new Date(Date.now() - 86_400_000).toISOString().slice(0, 10);
    const sessions = await outboundTlsSessions(db, day);
    const byDomain = new Map<string, typeof sessions>();
    for (const s of sessions) byDomain.set(s.policyDomain, [...(byDomain.get(s.policyDomain) ?? []), s]);
    const signingDomain = await reportingDomain(db, this.deps.hostname);
    let sent = 0;
    for (const [policyDomain, domainSessions] of byDomain) {
      try {
        if (await this.send(day, policyDomain, domainSessions, signingDomain)) sent++;
      } catch (error) {
        log.warn({ err: error, domain: policyDomain, day }, 'tls report not sent');
      }
    }
    await pruneOutboundTlsSessions(db, new Date(Date.parse(`${day}T00:00:00Z`) - KEEP_MS));
    log.info({ day, domains: byDomain.size, sent }, 'tls reports done');
    return `${sent} of ${byDomain.size} domains reported for ${day}`;
  }

  private async send(day: string, policyDomain: string, sessions: Awaited<ReturnType<typeof outboundTlsSessions>>, signingDomain: string | undefined) {
    const { db, store, router, resolver, hostname, log } = this.deps;
    const txt = await lookup<string[]>(resolver, `_smtp._tls.${policyDomain}`, 'TXT');
    const { mailto: to, https } = txt.kind === 'found' ? tlsRptDestinations(txtStrings(txt.answers)) : { mailto: [], https: [] };
    if (!to.length && !https.length) return false;
    const reportId = `${day}.${policyDomain}.${randomBytes(4).toString('hex')}@${hostname}`;
    if (!(await claimTlsReport(db, { day, policyDomain, reportId, recipients: [...to, ...https] }))) return false;
    const report = buildTlsReport({ day, policyDomain, submitter: hostname, reportId, sessions });
    for (const url of https) await postTlsReport(url, packTlsReport(report, policyDomain, hostname).gzipped, log.child({ domain: policyDomain, url }));
    if (!to.length) return true;
    const from = `postmaster@${signingDomain ?? hostname}`;
    const { raw, messageId } = composeTlsReportMail({ report, policyDomain, submitter: hostname, from, to });
    const stored = await store.storeBlob(Readable.from([Buffer.from(raw)]));
    // The null sender, as every automatic report: nothing bounces back to a report.
    await router.route({
      queueId: `tlsrpt-${randomBytes(6).toString('hex')}`,
      stored,
      mailFrom: '',
      recipients: to,
      kind: 'notice',
      dkimDomain: signingDomain,
      messageId,
    });
    log.info({ domain: policyDomain, day, to, sessions: sessions.length }, 'tls report sent');
    return true;
  }
}

/**
 * RFC 8460 §5.4: the gzipped report POSTed to an https: rua, the server's
 * certificate checked as any HTTPS client checks it. Three tries a few
 * seconds apart; a report that cannot be delivered is logged and dropped
 * (reports are best effort, and the day is claimed: no second report).
 */
async function postTlsReport(url: string, gzipped: Buffer, log: Logger): Promise<void> {
  for (let attempt = 1; attempt <= 3; attempt++) {
    try {
      const response = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/tlsrpt+gzip' },
        body: new Uint8Array(gzipped),
        redirect: 'error',
        signal: AbortSignal.timeout(30_000),
      });
      if (response.ok) {
        log.info({ status: response.status }, 'tls report posted');
        return;
      }
      log.warn({ status: response.status, attempt }, 'tls report refused by the https rua');
    } catch (error) {
      log.warn({ err: error, attempt }, 'tls report not posted');
    }
    if (attempt < 3) await new Promise((resolve) => setTimeout(resolve, attempt * 2000));
  }
}
