import { Readable } from 'node:stream';
import {
  domainOfAddress,
  type Logger,
  OUTBOUND_QUEUE,
  type OutboundJob,
  outboundJobSchema,
  pendingRecipients,
  type RecipientOutcome,
  type Srs,
} from '@kontor/core';
import { type Db, logDeliveries } from '@kontor/db';
import type { MailStore } from '@kontor/mailstore';
import { DelayedError, type Job, UnrecoverableError, Worker } from 'bullmq';
import type { Redis } from 'ioredis';
import type { DnsResolver } from '../dns/resolver.ts';
import type { Bouncer } from './bounce.ts';
import type { DkimSigner } from './dkim-signer.ts';
import { enhancedStatus } from './dsn.ts';
import { HopMessage } from './hop-message.ts';
import { MtaStsPolicies, mxAllowed } from './mta-sts.ts';
import { lookupMx } from './mx.ts';
import { retryDelay } from './retry.ts';
import { attemptDelivery, type SmtpTarget } from './smtp-attempt.ts';

export interface OutboundSettings {
  /** EHLO name and Reporting-MTA. */
  hostname: string;
  /** Port of remote MX hosts (25). */
  port: number;
  connectTimeoutMs: number;
  /** Smarthost: every remote message goes there. */
  relay?: { host: string; port: number; auth?: { user: string; pass: string }; verifyCertificate: boolean };
  mtaSts: boolean;
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
  signer: DkimSigner;
  srs: Srs;
  bouncer: Bouncer;
  log: Logger;
  /** REDIS_PREFIX: queue and cache keys. */
  redisPrefix?: string;
}

type Outcome = Omit<RecipientOutcome, 'at' | 'bounced'>;

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
 * The outbound worker: one BullMQ job per message and remote domain.
 * Each attempt sends to the recipients still pending, through the MX hosts
 * in order (or the smarthost), records every recipient's outcome in the
 * job before anything else happens (so a crash never sends to a recipient
 * whose 250 was recorded), bounces the failures, and either schedules the
 * next attempt (exponential backoff, until the queue lifetime is over) or
 * finishes and lets go of the blob.
 */
export class OutboundWorker {
  readonly worker: Worker;
  private readonly mtaSts: MtaStsPolicies;

  constructor(
    private readonly deps: OutboundDeps,
    private readonly settings: OutboundSettings,
  ) {
    this.mtaSts = new MtaStsPolicies(deps.redis, deps.resolver, deps.log, {}, deps.redisPrefix);
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
    const log = this.deps.log.child({ job: job.id, queueId: data.queueId });
    const kind = job.name === 'forward' ? 'forward' : (data.kind ?? 'submission');
    const createdAt = data.createdAt ?? job.timestamp;
    const expiresAt = createdAt + this.settings.lifetimeMs;
    data.results ??= {};
    const save = () => job.updateData(data);

    if (data.released) return { done: true };
    if (data.cancel) {
      const cancelled = pendingRecipients(data);
      for (const rcpt of cancelled) {
        data.results[rcpt] = {
          status: 'failed',
          response: '5.0.0 Removed from the queue by an administrator',
          remoteHost: '',
          at: Date.now(),
          bounced: data.cancel === 'silent',
        };
      }
      await save();
      await this.logOutcomes(data, cancelled, data.cancel === 'silent' ? 'deleted' : 'bounced');
    } else {
      await this.bounceFailures(data, createdAt, save, log);
      let pending = pendingRecipients(data);
      if (pending.length) {
        data.attempts = (data.attempts ?? 0) + 1;
        const outcomes = await this.attempt(data, kind, pending, log);
        const now = Date.now();
        for (const [rcpt, outcome] of outcomes) {
          let final = outcome;
          if (outcome.status === 'deferred' && now >= expiresAt) {
            final = { ...outcome, status: 'failed', response: `${outcome.response} (gave up after ${data.attempts} attempts)` };
          }
          data.results[rcpt] = { ...final, at: now };
        }
        const problem = [...outcomes.values()].find((o) => o.status !== 'delivered');
        if (problem) data.lastError = problem.response;
        // The outcomes are in Redis before anything else: a crash from here on never resends to a delivered recipient.
        await save();
        await this.logOutcomes(data, [...outcomes.keys()]);
        await this.bounceFailures(data, createdAt, save, log);
        pending = pendingRecipients(data);
        if (pending.length) {
          const next = Math.min(Date.now() + retryDelay(data.attempts, { base: this.settings.retryBaseMs, max: this.settings.retryMaxMs }), expiresAt);
          data.nextAttemptAt = next;
          await save();
          log.info({ attempts: data.attempts, pending, next: new Date(next).toISOString(), lastError: data.lastError }, 'delivery deferred');
          await job.moveToDelayed(next, token);
          throw new DelayedError();
        }
      }
    }
    await this.bounceFailures(data, createdAt, save, log);
    data.released = true;
    data.nextAttemptAt = undefined;
    await save();
    await this.deps.store.releaseBlob(data.blobSha256);
    const summary = Object.fromEntries(Object.entries(data.results ?? {}).map(([r, o]) => [r, o.status]));
    log.info({ results: summary, attempts: data.attempts ?? 0 }, 'outbound job finished');
    return summary;
  }

  /** Writes DSNs for failed recipients not yet bounced, then marks them. */
  private async bounceFailures(data: OutboundJob, createdAt: number, save: () => Promise<unknown>, log: Logger) {
    const failed = Object.entries(data.results ?? {}).filter(([, o]) => o.status === 'failed' && !o.bounced);
    if (!failed.length) return;
    try {
      await this.deps.bouncer.bounce(
        { queueId: data.queueId, blobSha256: data.blobSha256, mailFrom: data.mailFrom, arrivalDate: new Date(createdAt) },
        failed.map(([recipient, o]) => ({
          recipient,
          response: o.response,
          remoteHost: o.remoteHost || undefined,
          status: enhancedStatus(o.response, '5.0.0'),
        })),
      );
    } catch (error) {
      log.error({ err: error }, 'bounce could not be written; dropped');
    }
    for (const [rcpt] of failed) data.results![rcpt]!.bounced = true;
    await save();
  }

  private async logOutcomes(data: OutboundJob, recipients: string[], statusOverride?: string) {
    await logDeliveries(
      this.deps.db,
      recipients.map((rcpt) => {
        const o = data.results?.[rcpt];
        return {
          messageId: data.messageId ?? data.queueId,
          queueId: data.queueId,
          direction: 'OUTBOUND' as const,
          mailFrom: data.mailFrom,
          rcptTo: rcpt,
          status: statusOverride ?? (o?.status === 'failed' ? 'bounced' : (o?.status ?? 'deferred')),
          remoteHost: o?.remoteHost ?? '',
          remoteResponse: o?.response ?? '',
          verdicts: { attempt: data.attempts ?? 0, kind: data.kind ?? 'forward' },
        };
      }),
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

  private async targetsFor(domain: string, log: Logger): Promise<{ targets: SmtpTarget[] } | { error: Outcome }> {
    const { relay } = this.settings;
    if (relay) {
      return {
        targets: [
          {
            host: relay.host,
            connectTo: relay.host,
            port: relay.port,
            tls: 'required',
            implicitTls: relay.port === 465,
            verifyCertificate: relay.verifyCertificate,
            auth: relay.auth,
          },
        ],
      };
    }
    const mx = await lookupMx(this.deps.resolver, domain);
    if (!mx.ok) return { error: { status: mx.permanent ? 'failed' : 'deferred', response: `${mx.enhanced} ${mx.message}`, remoteHost: '' } };
    const policy = this.settings.mtaSts ? await this.mtaSts.policyFor(domain) : { mode: 'none' as const };
    const targets: SmtpTarget[] = [];
    for (const host of mx.hosts) {
      const { allowed, enforced } = mxAllowed(host.host, policy);
      if (!allowed) {
        log.warn({ domain, mx: host.host }, 'MX host not in the MTA-STS policy: skipped');
        continue;
      }
      for (const address of host.addresses) {
        targets.push({
          host: host.host,
          connectTo: address,
          port: this.settings.port,
          tls: enforced ? 'required' : 'opportunistic',
          verifyCertificate: enforced,
        });
      }
    }
    if (!targets.length) return { error: { status: 'deferred', response: `4.7.5 No MX host of ${domain} matches its MTA-STS policy`, remoteHost: '' } };
    return { targets };
  }

  private async attemptDomain(domain: string, rcpts: string[], from: string, message: HopMessage, log: Logger): Promise<Map<string, Outcome>> {
    const all = (outcome: Outcome) => new Map(rcpts.map((r) => [r, outcome]));
    const route = await this.targetsFor(domain, log);
    if ('error' in route) return all(route.error);
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
      const remoteHost = target.host === target.connectTo ? target.host : `${target.host}[${target.connectTo}]`;
      if (result.kind === 'answered') {
        const outcomes = new Map<string, Outcome>();
        for (const rcpt of rcpts) {
          const reply = result.replies.find((r) => r.recipient.toLowerCase() === rcpt.toLowerCase());
          if (!reply) outcomes.set(rcpt, { status: 'deferred', response: '4.4.0 No reply for this recipient', remoteHost });
          else {
            const status = reply.code < 300 ? 'delivered' : reply.code >= 500 ? 'failed' : 'deferred';
            outcomes.set(rcpt, { status, response: reply.response, remoteHost: reply.local ? '' : remoteHost });
          }
        }
        log.info({ host: remoteHost, outcomes: Object.fromEntries([...outcomes].map(([r, o]) => [r, `${o.status}: ${o.response}`])) }, 'delivery attempt');
        return outcomes;
      }
      last = { status: result.code >= 500 ? 'failed' : 'deferred', response: result.response || 'no response', remoteHost };
      log.info({ host: remoteHost, response: result.response }, 'delivery attempt failed');
      // A server that refused the whole message for good speaks for the domain; anything else: try the next one.
      if (result.code >= 500) break;
    }
    return all(last);
  }
}
