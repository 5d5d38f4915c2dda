/**
 * The live DNS check over a hosted domain, and its history (DnsCheck rows):
 * the panel, the CLI and the API run `liveDnsCheck`; the workers' drift
 * watch runs it for every domain and records the results with
 * `recordDnsCheck`, the one writer of DnsCheck, which says which records
 * broke (were good, are bad now) and which were fixed. Imported as
 * `@kontor/db/dns-checks` (it loads mailauth).
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { type Config, dnsRecordSettings } from '@kontor/core';
import {
  checkDomainDns,
  checkServerDns,
  createResolver,
  type DnsCheckOptions,
  type DnsCheckStatus,
  type DnsRecordCheck,
  type DnsResolver,
  type DomainDnsReport,
  type ServerDnsReport,
} from '@kontor/core/dns';
import type { Actor } from './actor.ts';
import type { Db, DbTx } from './client.ts';
import { domainDnsRecords } from './dkim-keys.ts';
import { requestDnsCheck } from './dns-check-requests.ts';
import { getDomain } from './domains.ts';
import type { DnsCheckStatus as StoredStatus } from './generated/client.ts';

export type { DomainDnsReport, ServerDnsReport };

/**
 * The certificate MAIL_HOSTNAME presents, for the TLSA hint: the ACME one
 * when the certificate job has it, else TLS_CERT_FILE, else the
 * self-signed one under DATA_DIR; undefined when none can be read here.
 */
export async function serverCertificatePem(db: DbTx, config: Pick<Config, 'MAIL_HOSTNAME' | 'TLS_CERT_FILE' | 'DATA_DIR'>): Promise<string | undefined> {
  const host = config.MAIL_HOSTNAME.toLowerCase();
  const issued = await db.tlsCertificate.findFirst({ where: { names: { has: host }, certPem: { not: null } }, orderBy: { renewedAt: 'desc' } });
  if (issued?.certPem) return issued.certPem;
  const file = config.TLS_CERT_FILE ?? path.join(config.DATA_DIR, 'tls', 'selfsigned-cert.pem');
  try {
    return existsSync(file) ? readFileSync(file, 'utf8') : undefined;
  } catch {
    return undefined;
  }
}

/** The check's settings from configuration: DNS_SERVERS (no cache: a fixed record shows at once), PUBLIC_ADDRESSES, DNSBL_ZONES, RELAY_HOST. */
export async function dnsCheckOptions(db: DbTx, config: Config, resolver?: DnsResolver): Promise<DnsCheckOptions> {
  return {
    resolver: resolver ?? createResolver({ servers: config.DNS_SERVERS, cacheTtlMs: 0 }),
    settings: dnsRecordSettings(config),
    publicAddresses: config.PUBLIC_ADDRESSES,
    dnsblZones: config.DNSBL_ZONES,
    certificatePem: await serverCertificatePem(db, config),
    relayHost: config.RELAY_HOST,
  };
}

/** Every record of a domain (and the server's) against DNS now. */
export async function liveDnsCheck(
  db: Db,
  actor: Actor,
  idOrName: number | string,
  options: DnsCheckOptions,
  server?: ServerDnsReport,
): Promise<DomainDnsReport> {
  const domain = await getDomain(db, actor, idOrName);
  const hints = await domainDnsRecords(db, actor, domain.id, options.settings);
  return checkDomainDns(domain.name, hints, options, server);
}

export { checkServerDns };

const STORED: Record<DnsCheckStatus, StoredStatus> = { ok: 'OK', missing: 'MISSING', wrong: 'MISMATCH', error: 'ERROR' };

/** What identifies "the same record" across runs: addresses of one name are told apart by value. */
function keyOf(r: { record: string; type: string; name: string; expected: string }): string {
  return [r.record, r.type, r.name.toLowerCase(), r.record === 'address' ? r.expected : ''].join(' ');
}

interface StoredRow {
  id: number;
  record: string;
  type: string;
  name: string;
  expected: string;
  found: string;
  status: StoredStatus;
  alert: boolean;
}

/** Bad: wrong, or missing where it must be there. An optional record left out is not bad. */
function isBad(status: StoredStatus, optional: boolean): boolean {
  return status === 'MISMATCH' || (status === 'MISSING' && !optional);
}

/** A record whose state changed in a run: for the alert mail. */
export interface DnsTransition {
  record: string;
  type: string;
  name: string;
  expected: string;
  found: string;
  status: StoredStatus;
  previous: StoredStatus;
}

async function latestRows(db: DbTx, domainId: number | null): Promise<StoredRow[]> {
  return db.dnsCheck.findMany({
    where: { domainId },
    orderBy: [{ checkedAt: 'desc' }, { id: 'desc' }],
    distinct: ['record', 'type', 'name', 'expected'],
  });
}

/**
 * Records one run's results for a domain (or, with null, the server's
 * own records): an unchanged result moves its row's lastCheckedAt; a new
 * one adds a row. A record that was OK and is now wrong or (required and)
 * missing raises an alert, which stays on its latest row until a good
 * result follows; a DNS failure (ERROR) keeps the alert as it was, since
 * it tells nothing. Runs for one domain are serialised (a scheduled run
 * and one after a change may overlap), so each break is reported once.
 */
export async function recordDnsCheck(
  db: Db,
  domainId: number | null,
  checks: DnsRecordCheck[],
  at = new Date(),
): Promise<{ broke: DnsTransition[]; fixed: DnsTransition[] }> {
  return db.$transaction(async (tx) => {
    await tx.$executeRaw`SELECT pg_advisory_xact_lock(7301, ${domainId ?? 0})`;
    const latest = new Map((await latestRows(tx, domainId)).map((row) => [keyOf(row), row]));
    const broke: DnsTransition[] = [];
    const fixed: DnsTransition[] = [];
    const seen = new Set<string>();
    for (const check of checks) {
      const row = {
        record: check.purpose,
        type: check.type,
        name: check.name,
        expected: check.value,
        found: check.found.join('\n'),
        status: STORED[check.status],
      };
      const key = keyOf(row);
      seen.add(key);
      const previous = latest.get(key);
      if (previous && previous.status === row.status && previous.found === row.found) {
        await tx.dnsCheck.update({ where: { id: previous.id }, data: { lastCheckedAt: at } });
        continue;
      }
      const optional = Boolean(check.optional);
      const breaks = previous?.status === 'OK' && isBad(row.status, optional);
      const alert = breaks || (Boolean(previous?.alert) && (row.status === 'ERROR' || isBad(row.status, optional)));
      if (breaks) broke.push({ ...row, previous: previous.status });
      if (previous?.alert && row.status === 'OK') fixed.push({ ...row, previous: previous.status });
      if (previous?.alert) await tx.dnsCheck.update({ where: { id: previous.id }, data: { alert: false } });
      await tx.dnsCheck.create({
        data: {
          ...row,
          domainId,
          alert,
          detail: { issues: check.issues.map((i) => ({ code: i.code, values: { ...i.values } })), optional },
          checkedAt: at,
          lastCheckedAt: at,
        },
      });
    }
    // Records no longer hinted (a rotated key, an old policy id): their alerts end with them.
    for (const [key, row] of latest) if (!seen.has(key) && row.alert) await tx.dnsCheck.update({ where: { id: row.id }, data: { alert: false } });
    return { broke, fixed };
  });
}

/**
 * Whether a live check disagrees with the stored state (a record changed
 * since the last recorded run, or there is none yet): then the panel asks
 * the workers for a run, so alerts and history follow what the admin sees.
 */
export async function requestDnsCheckIfChanged(db: Db, domainId: number, report: DomainDnsReport): Promise<boolean> {
  const latest = new Map((await latestRows(db, domainId)).map((row) => [keyOf(row), row]));
  const changed = report.records.some((check) => {
    if (check.status === 'error') return false;
    const row = latest.get(keyOf({ record: check.purpose, type: check.type, name: check.name, expected: check.value }));
    return !row || row.status !== STORED[check.status] || row.found !== check.found.join('\n');
  });
  if (changed) await requestDnsCheck(db, domainId);
  return changed;
}

/** Open alerts (records that broke and are not good again) the actor may see: their domains', and the server's for superadmins. */
export async function openDnsAlerts(db: DbTx, actor: Actor) {
  const global = actor.kind === 'superadmin' || actor.kind === 'cli' || actor.kind === 'system' || (actor.kind === 'api_key' && actor.global);
  const scope =
    actor.kind === 'domain_admin'
      ? { domain: { admins: { some: { adminId: actor.id } } } }
      : actor.kind === 'api_key' && !actor.global
        ? { domainId: { in: actor.domainIds } }
        : actor.kind === 'mailbox'
          ? { domainId: { in: [] as number[] } }
          : {};
  const rows = await db.dnsCheck.findMany({
    where: { alert: true, ...scope, ...(global ? {} : { domainId: { not: null } }) },
    orderBy: { checkedAt: 'asc' },
    include: { domain: { select: { id: true, name: true, unicodeName: true } } },
  });
  return rows.map((r) => ({ domain: r.domain, record: r.record, type: r.type, name: r.name, status: r.status, since: r.checkedAt }));
}

/** A domain's history: each change of a record's result, newest first. */
export async function dnsCheckHistory(db: DbTx, actor: Actor, domainId: number, take = 30) {
  const domain = await getDomain(db, actor, domainId);
  return db.dnsCheck.findMany({
    where: { domainId: domain.id },
    orderBy: [{ checkedAt: 'desc' }, { id: 'desc' }],
    take,
    select: { record: true, type: true, name: true, status: true, alert: true, checkedAt: true, lastCheckedAt: true },
  });
}

/** Who is told when a record breaks: the active superadmins, and for a domain its active domain admins. */
export async function dnsAlertRecipients(db: DbTx, domainId: number | null) {
  const admins = await db.adminAccount.findMany({
    where: {
      active: true,
      OR: [{ role: 'SUPERADMIN' }, ...(domainId === null ? [] : [{ role: 'DOMAIN_ADMIN' as const, domains: { some: { domainId } } }])],
    },
    select: { email: true, locale: true },
    orderBy: { id: 'asc' },
  });
  return admins;
}
