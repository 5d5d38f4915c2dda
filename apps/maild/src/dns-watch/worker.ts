import { randomBytes } from 'node:crypto';
import { Readable } from 'node:stream';
import { type Config, DNS_CHECK_QUEUE, type Logger } from '@kontor/core';
import type { DnsResolver } from '@kontor/core/dns';
import { type Db, SYSTEM_ACTOR } from '@kontor/db';
import {
  checkServerDns,
  type DnsTransition,
  dnsAlertRecipients,
  dnsCheckOptions,
  liveDnsCheck,
  recordDnsCheck,
  type ServerDnsReport,
} from '@kontor/db/dns-checks';
import type { MailStore } from '@kontor/mailstore';
import { type Job, Worker } from 'bullmq';
import type { Redis } from 'ioredis';
import { z } from 'zod';
import type { MailRouter } from '../outbound/route.ts';
import { composeDnsAlert } from './alert-mail.ts';

const checkDomainJob = z.object({ domainId: z.number().int().positive() });

/**
 * The DNS drift watch (docs/dns.md): re-checks the server's records and
 * every active domain's (`check-all`) or one domain's after a change
 * (`check-domain`), records the results (packages/db/src/dns-checks.ts, the
 * one writer of DnsCheck) and, for each record that was right and is not
 * any more, mails the domain's admins and the superadmins (the server's
 * records: the superadmins) through the normal delivery path.
 */
export class DnsWatchWorker {
  readonly worker: Worker;

  constructor(
    private readonly deps: {
      db: Db;
      store: MailStore;
      redis: Redis;
      router: MailRouter;
      config: Config;
      /** Uncached: a record fixed a minute ago must look fixed. */
      resolver: DnsResolver;
      log: Logger;
      redisPrefix?: string;
    },
  ) {
    this.worker = new Worker(DNS_CHECK_QUEUE, (job) => this.process(job), { connection: deps.redis, prefix: deps.redisPrefix ?? 'kontor', concurrency: 1 });
    this.worker.on('failed', (job, error) => deps.log.warn({ err: error, job: job?.id }, 'dns check failed'));
    this.worker.on('error', (error) => deps.log.warn({ err: error }, 'dns check worker error'));
  }

  close(): Promise<void> {
    return this.worker.close();
  }

  private async process(job: Job): Promise<string> {
    const { db, config } = this.deps;
    const options = await dnsCheckOptions(db, config, this.deps.resolver);
    const server = await checkServerDns(options);
    await this.record(null, null, [...server.records, ...server.blocklists]);
    const domains =
      job.name === 'check-domain'
        ? await db.domain.findMany({ where: { id: checkDomainJob.parse(job.data).domainId, active: true }, select: { id: true, name: true, language: true } })
        : await db.domain.findMany({ where: { active: true }, select: { id: true, name: true, language: true }, orderBy: { id: 'asc' } });
    let broken = 0;
    for (const domain of domains) broken += await this.checkDomain(domain, options, server);
    this.deps.log.info({ job: job.name, domains: domains.length, broken }, 'dns check done');
    return `${domains.length} domains, ${broken} records broke`;
  }

  private async checkDomain(
    domain: { id: number; name: string; language: string },
    options: Awaited<ReturnType<typeof dnsCheckOptions>>,
    server: ServerDnsReport,
  ) {
    try {
      const report = await liveDnsCheck(this.deps.db, SYSTEM_ACTOR, domain.id, options, server);
      return await this.record(domain.id, domain, report.records);
    } catch (error) {
      // One domain's failure (removed meanwhile, a database hiccup) must not stop the others.
      this.deps.log.warn({ err: error, domain: domain.name }, 'dns check of a domain failed');
      return 0;
    }
  }

  private async record(domainId: number | null, domain: { name: string; language: string } | null, checks: Parameters<typeof recordDnsCheck>[2]) {
    const { broke, fixed } = await recordDnsCheck(this.deps.db, domainId, checks);
    if (fixed.length) this.deps.log.info({ domain: domain?.name ?? 'server', records: fixed.map((f) => `${f.type} ${f.name}`) }, 'dns records right again');
    if (broke.length) await this.alert(domainId, domain, broke);
    return broke.length;
  }

  /** One mail per language to the admins who are told (their own language, else the domain's). */
  private async alert(domainId: number | null, domain: { name: string; language: string } | null, broke: DnsTransition[]) {
    const { db, store, router, config, log } = this.deps;
    const recipients = await dnsAlertRecipients(db, domainId);
    log.warn(
      { domain: domain?.name ?? 'server', records: broke.map((b) => `${b.type} ${b.name} ${b.status}`), admins: recipients.length },
      'dns records broke',
    );
    const byLanguage = new Map<string, string[]>();
    for (const r of recipients) {
      const language = r.locale ?? domain?.language ?? 'en';
      byLanguage.set(language, [...(byLanguage.get(language) ?? []), r.email]);
    }
    const link = config.PUBLIC_URL && domainId ? new URL(`/domains/${domainId}/dns`, config.PUBLIC_URL).toString() : config.PUBLIC_URL;
    for (const [language, to] of byLanguage) {
      try {
        const { raw, messageId } = composeDnsAlert({ hostname: config.MAIL_HOSTNAME, language, domain: domain?.name ?? null, to, broke, link });
        const stored = await store.storeBlob(Readable.from([Buffer.from(raw)]));
        // A notice travels as a bounce does: the null sender, never answered or bounced itself.
        await router.route({ queueId: `dns-${randomBytes(6).toString('hex')}`, stored, mailFrom: '', recipients: to, kind: 'notice', messageId });
      } catch (error) {
        // The panel's banner still shows the alert; the mail is not retried (it would come late and twice).
        log.error({ err: error, to }, 'dns alert mail failed');
      }
    }
  }
}
