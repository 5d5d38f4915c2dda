/**
 * Automatic certificates (docs/tls.md): which sets of names need one, the
 * current certificate of each (its key encrypted with the DKIM keyring),
 * and the state of its renewal. The certificate job in maild's workers
 * role is the only writer of issued certificates; every maild instance
 * reads them; the panel lists them and asks for a renewal.
 */
import { isAcmeName } from '@kontor/core';
import { type Actor, requireGlobal } from './actor.ts';
import { writeAudit } from './audit.ts';
import type { Db, DbTx } from './client.ts';

/** The names of one certificate, in the order they are asked for (the first is its common name). */
export type NameSet = readonly string[];

/** One certificate per name set: the server's own name, and per active domain its MTA-STS and autoconfig hosts. */
export async function wantedNameSets(db: DbTx, mailHostname: string): Promise<NameSet[]> {
  const sets: NameSet[] = [];
  const host = mailHostname.trim().toLowerCase();
  if (isAcmeName(host)) sets.push([host]);
  const domains = await db.domain.findMany({ where: { active: true }, select: { name: true }, orderBy: { name: 'asc' } });
  for (const { name } of domains) {
    // A domain's own set stays apart from MAIL_HOSTNAME's: a domain whose DNS is not pointed here yet fails alone.
    const names = [`mta-sts.${name}`, `autoconfig.${name}`].filter((n) => isAcmeName(n) && n !== host);
    if (names.length) sets.push(names);
  }
  return sets;
}

/** The row key of a name set: sorted, so the same names in another order are the same certificate. */
export function nameSetKey(names: NameSet): string {
  return [...names].sort().join(' ');
}

export interface TlsCertificateRow {
  id: number;
  nameSet: string;
  names: string[];
  certPem: string | null;
  keyEncrypted: string | null;
  serial: string | null;
  issuer: string | null;
  notBefore: Date | null;
  notAfter: Date | null;
  renewedAt: Date | null;
  nextAttemptAt: Date;
  lastAttemptAt: Date | null;
  lastError: string | null;
  failures: number;
  renewRequestedAt: Date | null;
  lastAlertAt: Date | null;
}

/**
 * Makes the rows match the wanted name sets: new sets get a row due now,
 * sets no longer wanted (a domain removed or switched off) are dropped.
 * Returns every row, in the order of `sets`.
 */
export async function syncNameSets(db: Db, sets: NameSet[]): Promise<TlsCertificateRow[]> {
  const keys = sets.map(nameSetKey);
  await db.tlsCertificate.deleteMany({ where: { nameSet: { notIn: keys } } });
  for (const names of sets) {
    await db.tlsCertificate.upsert({
      where: { nameSet: nameSetKey(names) },
      create: { nameSet: nameSetKey(names), names: [...names] },
      update: { names: [...names] },
    });
  }
  const rows = await db.tlsCertificate.findMany({ where: { nameSet: { in: keys } } });
  return keys.flatMap((key) => rows.filter((row) => row.nameSet === key));
}

/** Whether the job should work on a row now: never issued, renewal due (and its retry time reached), or asked for. */
export function isDue(row: TlsCertificateRow, now: Date, renewDays: number): boolean {
  if (row.renewRequestedAt) return true;
  if (row.nextAttemptAt > now) return false;
  if (!row.certPem || !row.notAfter) return true;
  return row.notAfter.getTime() - now.getTime() <= renewDays * 86_400_000;
}

export interface IssuedCertificate {
  certPem: string;
  keyEncrypted: string;
  serial: string;
  issuer: string;
  notBefore: Date;
  notAfter: Date;
}

/** A new certificate is in use: the next attempt is when it falls due for renewal. */
export async function recordIssued(db: DbTx, id: number, issued: IssuedCertificate, renewDays: number, now = new Date()) {
  const renewAt = new Date(Math.max(issued.notAfter.getTime() - renewDays * 86_400_000, now.getTime() + 3_600_000));
  return db.tlsCertificate.update({
    where: { id },
    data: {
      ...issued,
      renewedAt: now,
      lastAttemptAt: now,
      nextAttemptAt: renewAt,
      lastError: null,
      failures: 0,
      renewRequestedAt: null,
    },
  });
}

/** Retries back off: 15 minutes after the first failure, doubling, at most a day apart. */
export function retryDelayMs(failures: number): number {
  return Math.min(15 * 60_000 * 2 ** Math.max(0, failures - 1), 86_400_000);
}

/**
 * An attempt failed: the certificate in use (if any) stays, the error is
 * kept for the panel, and the next attempt backs off. Resolves to whether
 * the admins should be told now (first failure, then at most once a day).
 */
export async function recordFailure(db: DbTx, row: TlsCertificateRow, error: string, now = new Date()): Promise<boolean> {
  const failures = row.failures + 1;
  const alert = row.failures === 0 || !row.lastAlertAt || now.getTime() - row.lastAlertAt.getTime() >= 86_400_000;
  await db.tlsCertificate.update({
    where: { id: row.id },
    data: {
      failures,
      lastError: error.slice(0, 2000),
      lastAttemptAt: now,
      nextAttemptAt: new Date(now.getTime() + retryDelayMs(failures)),
      renewRequestedAt: null,
      ...(alert ? { lastAlertAt: now } : {}),
    },
  });
  return alert;
}

/** Every row, for the panel. */
export async function listTlsCertificates(db: DbTx, actor: Actor): Promise<TlsCertificateRow[]> {
  requireGlobal(actor, 'see the certificates');
  return db.tlsCertificate.findMany({ orderBy: { id: 'asc' } });
}

/** The certificates maild serves: every row that has one. */
export async function issuedTlsCertificates(db: DbTx): Promise<TlsCertificateRow[]> {
  return db.tlsCertificate.findMany({ where: { certPem: { not: null }, keyEncrypted: { not: null } }, orderBy: { id: 'asc' } });
}

/** "Renew now" in the panel: the set is renewed at the job's next run (which the caller wakes), audited. */
export async function requestRenewal(db: Db, actor: Actor, id: number): Promise<TlsCertificateRow> {
  requireGlobal(actor, 'renew certificates');
  return db.$transaction(async (tx) => {
    const row = await tx.tlsCertificate.update({ where: { id }, data: { renewRequestedAt: new Date() } });
    await writeAudit(tx, actor, { action: 'certificate.renew', targetType: 'certificate', targetId: id, after: { names: row.names } });
    return row;
  });
}

/** Addresses of the active superadmins: who is told when a certificate cannot be renewed. */
export async function superadminAddresses(db: DbTx): Promise<{ email: string; locale: string | null }[]> {
  return db.adminAccount.findMany({ where: { role: 'SUPERADMIN', active: true }, select: { email: true, locale: true }, orderBy: { id: 'asc' } });
}
