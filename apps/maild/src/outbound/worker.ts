import { Readable } from 'node:stream';
import { domainOfAddress, type Logger, OUTBOUND_QUEUE, type OutboundJob, outboundJobSchema, type Srs } from '@kontor/core';
import type { TlsaLookup } from '@kontor/core/dns';
import { countOutboundResults } from '@kontor/core/metrics';
import {
  type AttemptOutcome,
  type AttemptResult,
  type ClaimedRecipient,
  claimOutboundRecipients,
  type Db,
  ensureOutboundRecipients,
  extendOutboundClaim,
  logDeliveries,
  outboundRecipients,
  type RecordedOutcome,
  recordOutboundAttempt,
  recordOutboundTlsSessions,
  takeUnreportedOutcomes,
} from '@kontor/db';
import type { MailStore } from '@kontor/mailstore';
import { DelayedError, type Job, UnrecoverableError, Worker } from 'bullmq';
import type { Redis } from 'ioredis';
import type { DnsResolver } from '../dns/resolver.ts';
import type { Bouncer } from './bounce.ts';
import type { DkimSigner } from './dkim-signer.ts';
import { enhancedStatus } from './dsn.ts';
import { HopMessage } from './hop-message.ts';
import { MtaStsPolicies } from './mta-sts.ts';
import { retryDelay } from './retry.ts';
import { attemptDelivery, type AttemptResult as SessionResult } from './smtp-attempt.ts';
import { type PlannedTarget, planTargets, type SkippedHost, type TargetPlanner } from './targets.ts';

export interface OutboundSettings {
  /** EHLO name and Reporting-MTA. */
  hostname: string;
  /** Port of remote MX hosts (25). */
  port: number;
  connectTimeoutMs: number;
  /** Smarthost: every remote message goes there. */
  relay?: { host: string; port: number; auth?: { user: string; pass: string }; verifyCertificate: boolean };
  mtaSts: boolean;
  /** DANE (RFC 7672) for MX hosts with DNSSEC-validated TLSA records (needs `deps.tlsa`). */
  dane: boolean;
  /** Record each MX session for the TLS reports sent (TLS_REPORTS_SEND, RFC 8460). */
  tlsReports: boolean;
  retryBaseMs: number;
  retryMaxMs: number;
  lifetimeMs: number;
  concurrency: number;
  lockMs: number;
}

export interface OutboundDeps {
  db: Db;
  store: MailStore;
  redis: Redis;
  resolver: DnsResolver;
  /** TLSA through a validating resolver (DNS_SERVERS); absent: no DANE (e.g. DNS_RECORDS_FILE). */
  tlsa?: TlsaLookup;
  signer: DkimSigner;
  srs: Srs;
  bouncer: Bouncer;
  log: Logger;
  /** REDIS_PREFIX: queue and cache keys. */
  redisPrefix?: string;
}

/** What one attempt gave a recipient: delivered (2xx), failed (5xx), deferred (4xx, tried again). */
interface Outcome {
  status: 'delivered' | 'failed' | 'deferred';
  response: string;
  remoteHost: string;
  /** How the session that gave this outcome was protected (the trace's "DANE verified"). */
  tls?: string;
}

/** RELAY_HOST `host:port` (port 587 when absent). */
export function parseRelay(config: {
  RELAY_HOST?: string;
  RELAY_USER?: string;
  RELAY_PASSWORD?: string;
  RELAY_TLS_VERIFY: boolean;
}): OutboundSettings['relay'] {
  if (!config.RELAY_HOST) return undefined;
  const match = /^\[?([^\]]+?)\]?(?::(\d+))?$/.exec(config.RELAY_HOST.trim());
  if (!match) throw new Error(`RELAY_HOST: expected host:port, got ${config.RELAY_HOST}`);
  return {
    host: match[1]!,
    port: Number(match[2] ?? 587),
    auth: config.RELAY_USER ? { user: config.RELAY_USER, pass: config.RELAY_PASSWORD ?? '' } : undefined,
    verifyCertificate: config.RELAY_TLS_VERIFY,
  };
}

/**
 * The outbound worker: one BullMQ job per message and remote domain. The
 * recipients' state is in PostgreSQL (packages/db/src/outbound-state.ts),
 * not in the job: each attempt claims the recipients still pending with a
 * conditional update (so a cancelled or delivered recipient is never sent
 * to, and two runs never send to the same one), sends through the MX hosts
 * in order (or the smarthost), records every outcome before anything else
 * happens, reports failures and cancels (DSN, log), and either schedules
 * the next attempt (exponential backoff, until the queue lifetime is over)
 * or finishes and lets go of the blob.
 */
export class OutboundWorker {
  readonly worker: Worker;
  private readonly planner: TargetPlanner;

  constructor(
    private readonly deps: OutboundDeps,
    private readonly settings: OutboundSettings,
  ) {
    const mtaSts = new MtaStsPolicies(deps.redis, deps.resolver, deps.log, {}, deps.redisPrefix);
    this.planner = { resolver: deps.resolver, tlsa: deps.tlsa, mtaSts, settings, log: deps.log };
    this.worker = new Worker(OUTBOUND_QUEUE, (job, token) => this.process(job, token), {
      connection: deps.redis,
      prefix: deps.redisPrefix ?? 'kontor',
      concurrency: settings.concurrency,
      lockDuration: settings.lockMs,
      stalledInterval: settings.lockMs,
      maxStalledCount: 5,
    });
    this.worker.on('failed', (job, error) => {
      if (error instanceof DelayedError || error?.name === 'DelayedError') return;
      deps.log.error({ err: error, job: job?.id }, 'outbound job failed');
    });
    this.worker.on('stalled', (jobId) => deps.log.warn({ job: jobId }, 'outbound job stalled (worker gone); retried'));
    this.worker.on('error', (error) => deps.log.warn({ err: error }, 'outbound worker error'));
  }

  close(): Promise<void> {
    return this.worker.close();
  }

  private async process(job: Job, token?: string) {
    const parsed = outboundJobSchema.safeParse(job.data);
    if (!parsed.success) {
      this.deps.log.error({ job: job.id, issues: parsed.error.issues }, 'outbound job with invalid data');
      throw new UnrecoverableError('invalid job data');
    }
    const data: OutboundJob = parsed.data;
    const { db } = this.deps;
    const jobId = String(job.id);
    const log = this.deps.log.child({ job: job.id, queueId: data.queueId });
    const kind = job.name === 'forward' ? 'forward' : (data.kind ?? 'submission');
    const createdAt = data.createdAt ?? job.timestamp;
    const expiresAt = createdAt + this.settings.lifetimeMs;
    if (data.released) return { done: true };

    // A job queued before per-recipient state existed (or added by hand) gets its rows on its first run.
    await ensureOutboundRecipients(db, { jobId, queueId: data.queueId, recipients: data.recipients });
    await this.reportOutcomes(jobId, data, createdAt, log);
    const claim = await claimOutboundRecipients(db, jobId, { leaseMs: this.settings.lockMs });
    if (claim.recipients.length) {
      const outcomes = await this.holdingClaim(claim.token, () =>
        this.attempt(
          data,
          kind,
          claim.recipients.map((r) => r.recipient),
          log,
        ),
      );
      const recorded = await recordOutboundAttempt(db, claim.token, this.attemptOutcomes(claim.recipients, outcomes, expiresAt));
      countOutboundResults(recorded, createdAt);
      await this.logOutcomes(data, recorded, outcomes);
      await this.reportOutcomes(jobId, data, createdAt, log);
    }
    const rows = await outboundRecipients(db, jobId);
    const pending = rows.filter((r) => r.state === 'queued' || r.state === 'deferred');
    if (pending.length) {
      const now = Date.now();
      // Held by another attempt (a stalled run's lapsing claim): look again when it ends; else at the earliest retry.
      const next = Math.max(
        now,
        Math.min(...pending.map((r) => (r.claimedUntil && r.claimedUntil.getTime() > now ? r.claimedUntil.getTime() : (r.nextAttemptAt?.getTime() ?? now)))),
      );
      log.info(
        { attempts: Math.max(...pending.map((r) => r.attempts)), pending: pending.map((r) => r.recipient), next: new Date(next).toISOString() },
        'delivery deferred',
      );
      await job.moveToDelayed(next, token);
      throw new DelayedError();
    }
    data.released = true;
    // The job's own bookkeeping (the blob is let go once): the recipients' state is in PostgreSQL.
    await job.updateData(data);
    await this.deps.store.releaseBlob(data.blobSha256);
    const summary = Object.fromEntries(rows.map((r) => [r.recipient, r.state]));
    log.info({ results: summary, attempts: Math.max(0, ...rows.map((r) => r.attempts)) }, 'outbound job finished');
    return summary;
  }

  /** Renews the claim while the attempt runs, so that only a worker that died lets it lapse. */
  private async holdingClaim<T>(claimToken: string, run: () => Promise<T>): Promise<T> {
    const renew = setInterval(
      () =>
        void extendOutboundClaim(this.deps.db, claimToken, this.settings.lockMs).catch((error: unknown) =>
          this.deps.log.warn({ err: error }, 'outbound claim not renewed'),
        ),
      Math.max(50, Math.floor(this.settings.lockMs / 3)),
    );
    try {
      return await run();
    } finally {
      clearInterval(renew);
    }
  }

  /** What an attempt gave each claimed recipient; past the queue lifetime a deferral is final. */
  private attemptOutcomes(claimed: readonly ClaimedRecipient[], outcomes: Map<string, Outcome>, expiresAt: number): AttemptOutcome[] {
    const now = Date.now();
    return claimed.map((r) => {
      const o = outcomes.get(r.recipient) ?? { status: 'deferred', response: '4.4.0 No reply for this recipient', remoteHost: '' };
      let result: AttemptResult = o.status === 'delivered' ? 'delivered' : o.status === 'failed' ? 'bounced' : 'deferred';
      let reply = o.response;
      if (result === 'deferred' && now >= expiresAt) {
        result = 'bounced';
        reply = `${reply} (gave up after ${r.attempts} attempts)`;
      }
      const retryAt = Math.min(now + retryDelay(r.attempts, { base: this.settings.retryBaseMs, max: this.settings.retryMaxMs }), expiresAt);
      return { id: r.id, result, reply, remoteHost: o.remoteHost, nextAttemptAt: new Date(retryAt) };
    });
  }

  /**
   * Bounced and cancelled recipients not reported yet: a DSN to the sender
   * for the bounced ones and those cancelled with a bounce, a log line for
   * the cancelled ones. Marked reported first: a crash in between loses a
   * DSN rather than sending it twice.
   */
  private async reportOutcomes(jobId: string, data: OutboundJob, createdAt: number, log: Logger) {
    const rows = await takeUnreportedOutcomes(this.deps.db, jobId);
    if (!rows.length) return;
    const removed = '5.0.0 Removed from the queue by an administrator';
    const cancelled = rows.filter((r) => r.state === 'cancelled');
    await this.writeLog(
      data,
      cancelled.map((r) => ({
        recipient: r.recipient,
        status: r.cancelMode === 'silent' ? 'deleted' : 'bounced',
        response: removed,
        remoteHost: '',
        attempt: r.attempts,
      })),
    );
    const failed = rows.filter((r) => r.state === 'bounced' || r.cancelMode !== 'silent');
    if (!failed.length) return;
    try {
      await this.deps.bouncer.bounce(
        { queueId: data.queueId, blobSha256: data.blobSha256, mailFrom: data.mailFrom, arrivalDate: new Date(createdAt) },
        failed.map((r) => {
          const response = r.state === 'cancelled' ? removed : r.lastReply;
          return {
            recipient: r.recipient,
            response,
            remoteHost: r.state === 'cancelled' ? undefined : r.remoteHost || undefined,
            status: enhancedStatus(response, '5.0.0'),
          };
        }),
      );
    } catch (error) {
      log.error({ err: error }, 'bounce could not be written; dropped');
    }
  }

  private async logOutcomes(data: OutboundJob, recorded: readonly RecordedOutcome[], outcomes: Map<string, Outcome>) {
    await this.writeLog(
      data,
      // Cancelled ones are logged when they are reported.
      recorded
        .filter((r) => r.state !== 'cancelled')
        .map((r) => {
          const o = outcomes.get(r.recipient);
          return { recipient: r.recipient, status: r.state, response: o?.response ?? '', remoteHost: o?.remoteHost ?? '', attempt: r.attempts, tls: o?.tls };
        }),
    );
  }

  private async writeLog(
    data: OutboundJob,
    entries: Array<{ recipient: string; status: string; response: string; remoteHost: string; attempt: number; tls?: string }>,
  ) {
    if (!entries.length) return;
    await logDeliveries(
      this.deps.db,
      entries.map((e) => ({
        messageId: data.messageId ?? data.queueId,
        queueId: data.queueId,
        direction: 'OUTBOUND' as const,
        mailFrom: data.mailFrom,
        rcptTo: e.recipient,
        status: e.status,
        remoteHost: e.remoteHost,
        remoteResponse: e.response,
        verdicts: { attempt: e.attempt, kind: data.kind ?? 'forward', ...(e.tls ? { sessionTls: e.tls } : {}) },
        senderDomain: data.mailFrom ? undefined : data.dkimDomain,
      })),
    ).catch((error: unknown) => this.deps.log.warn({ err: error, queueId: data.queueId }, 'delivery log write failed'));
  }

  /** One attempt for every pending recipient, domain by domain. */
  private async attempt(data: OutboundJob, kind: string, pending: string[], log: Logger): Promise<Map<string, Outcome>> {
    const outcomes = new Map<string, Outcome>();
    const envelopeFrom = kind === 'forward' && data.mailFrom ? this.deps.srs.forward(data.mailFrom, data.srsDomain ?? this.settings.hostname) : data.mailFrom;
    // Forwards go unsigned (the original signature travels with them); the rest is signed per variant a hop needs.
    const dkimDomain = kind !== 'forward' ? data.dkimDomain : undefined;
    const sign = async (bytes: Buffer) => (dkimDomain ? (await this.deps.signer.signature(dkimDomain, Readable.from([bytes]))).header : '');
    let message: HopMessage;
    try {
      message = await HopMessage.load(this.deps.store.openMessage(data.blobSha256), envelopeFrom, sign);
    } catch (error) {
      // Better late than unsigned: without a signature DMARC would send the mail to spam.
      log.error({ err: error, domain: data.dkimDomain }, 'DKIM signing failed');
      for (const rcpt of pending)
        outcomes.set(rcpt, { status: 'deferred', response: `4.3.0 DKIM signing failed: ${(error as Error).message}`, remoteHost: '' });
      return outcomes;
    }
    const byDomain = new Map<string, string[]>();
    for (const rcpt of pending) byDomain.set(domainOfAddress(rcpt), [...(byDomain.get(domainOfAddress(rcpt)) ?? []), rcpt]);
    for (const [domain, rcpts] of byDomain) {
      for (const [rcpt, outcome] of await this.attemptDomain(domain, rcpts, envelopeFrom, message, log)) outcomes.set(rcpt, outcome);
    }
    return outcomes;
  }

  private async attemptDomain(domain: string, rcpts: string[], from: string, message: HopMessage, log: Logger): Promise<Map<string, Outcome>> {
    const all = (outcome: Outcome) => new Map(rcpts.map((r) => [r, outcome]));
    const route = await planTargets(this.planner, domain);
    await this.recordSkippedHosts(domain, route.skipped);
    if ('error' in route) return all({ ...route.error, remoteHost: '' });
    let last: Outcome = { status: 'deferred', response: '4.4.1 No answer from any server', remoteHost: '' };
    for (const target of route.targets.slice(0, 10)) {
      const result = await attemptDelivery({
        target,
        heloName: this.settings.hostname,
        from,
        to: rcpts,
        prepare: (hop) => message.forHop(hop, rcpts, target.host),
        connectTimeoutMs: this.settings.connectTimeoutMs,
      });
      await this.recordTlsSession(domain, target, result);
      const remoteHost = target.host === target.connectTo ? target.host : `${target.host}[${target.connectTo}]`;
      if (result.kind === 'answered') {
        const outcomes = new Map<string, Outcome>();
        for (const rcpt of rcpts) {
          const reply = result.replies.find((r) => r.recipient.toLowerCase() === rcpt.toLowerCase());
          if (!reply) outcomes.set(rcpt, { status: 'deferred', response: '4.4.0 No reply for this recipient', remoteHost });
          else {
            const status = reply.code < 300 ? 'delivered' : reply.code >= 500 ? 'failed' : 'deferred';
            outcomes.set(rcpt, { status, response: reply.response, remoteHost: reply.local ? '' : remoteHost, tls: result.tls?.summary });
          }
        }
        log.info({ host: remoteHost, outcomes: Object.fromEntries([...outcomes].map(([r, o]) => [r, `${o.status}: ${o.response}`])) }, 'delivery attempt');
        return outcomes;
      }
      last = { status: result.code >= 500 ? 'failed' : 'deferred', response: result.response || 'no response', remoteHost, tls: result.tls?.summary };
      log.info({ host: remoteHost, response: result.response }, 'delivery attempt failed');
      // A server that refused the whole message for good speaks for the domain; anything else: try the next one.
      if (result.code >= 500) break;
    }
    return all(last);
  }

  /** MX hosts a TLS policy ruled out before any session: failures in the domain's TLS report all the same. */
  private async recordSkippedHosts(domain: string, skipped: SkippedHost[]) {
    if (!this.settings.tlsReports || !skipped.length) return;
    await recordOutboundTlsSessions(
      this.deps.db,
      skipped.map((s) => ({ policyDomain: domain, ...s.policy, mxHost: s.host, receivingIp: '', result: s.result, reason: s.reason })),
    ).catch((error: unknown) => this.deps.log.warn({ err: error, domain }, 'TLS failure not recorded'));
  }

  /** One session with an MX host, for the TLS report to its domain (RFC 8460); only sessions that got to TLS, or found none, count. */
  private async recordTlsSession(domain: string, target: PlannedTarget, result: SessionResult) {
    if (!this.settings.tlsReports || !target.policy || !result.tls) return;
    const { tls } = result;
    const outcome = tls.failure ?? (tls.secure ? 'success' : 'starttls-not-supported');
    await recordOutboundTlsSessions(this.deps.db, [
      { policyDomain: domain, ...target.policy, mxHost: target.host, receivingIp: target.connectTo, result: outcome, reason: tls.failure ? tls.summary : '' },
    ]).catch((error: unknown) => this.deps.log.warn({ err: error, domain }, 'TLS session not recorded'));
  }
}
