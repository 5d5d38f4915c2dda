/**
 * One run of the certificate job: the name sets wanted now (MAIL_HOSTNAME;
 * mta-sts. and autoconfig. of each active domain), and for each one that
 * is due an ACME order. A success is stored (key encrypted) and announced
 * so every maild instance serves it; a failure keeps the certificate in
 * use, backs off, and tells the admins. A Redis lock lets one run go at a
 * time across all worker instances.
 */
import { randomBytes } from 'node:crypto';
import type { DkimKeyring, Logger } from '@kontor/core';
import { type Db, isDue, recordFailure, recordIssued, syncNameSets, type TlsCertificateRow, wantedNameSets } from '@kontor/db';
import type { Redis } from 'ioredis';
import type { IssueCertificate } from './acme-issuer.ts';
import type { CertificateAlert } from './certificate-alert.ts';
import { exportCertificates } from './certificate-export.ts';

export interface CertificateJobDeps {
  db: Db;
  redis: Redis;
  redisPrefix: string;
  keyring: DkimKeyring;
  issue: IssueCertificate;
  alert: CertificateAlert;
  /** Tells every instance to reload (Redis pub/sub). */
  announce: () => Promise<void>;
  mailHostname: string;
  renewDays: number;
  /** ACME_EXPORT_DIR: also write the certificates as files there (for a reverse proxy). */
  exportDir?: string;
  log: Logger;
}

export interface CertificateRunResult {
  /** Another instance holds the lock. */
  skipped: boolean;
  issued: string[][];
  failed: string[][];
}

/** A run may take minutes (a slow CA, many domains): the lock lives this long and is extended while the run goes on. */
const LOCK_MS = 5 * 60_000;

export async function runCertificateJob(deps: CertificateJobDeps): Promise<CertificateRunResult> {
  const { db, log } = deps;
  const lock = await acquireLock(deps.redis, `${deps.redisPrefix}:lock:certificates`, LOCK_MS);
  if (!lock) return { skipped: true, issued: [], failed: [] };
  const result: CertificateRunResult = { skipped: false, issued: [], failed: [] };
  try {
    const rows = await syncNameSets(db, await wantedNameSets(db, deps.mailHostname));
    for (const row of rows) {
      if (!isDue(row, new Date(), deps.renewDays)) continue;
      if (await renewOne(deps, row)) result.issued.push(row.names);
      else result.failed.push(row.names);
    }
    if (result.issued.length) await deps.announce().catch((error: unknown) => log.warn({ err: error }, 'certificate announcement failed; instances poll'));
    if (deps.exportDir) {
      const written = await exportCertificates(db, deps.keyring, deps.exportDir).catch((error: unknown) => {
        log.error({ err: error, dir: deps.exportDir }, 'certificates not exported to ACME_EXPORT_DIR');
        return [];
      });
      if (written.length) log.info({ files: written }, 'certificates exported');
    }
  } finally {
    await lock.release();
  }
  return result;
}

async function renewOne(deps: CertificateJobDeps, row: TlsCertificateRow): Promise<boolean> {
  const { db, log } = deps;
  try {
    log.info({ names: row.names, renewal: Boolean(row.certPem) }, 'requesting a certificate');
    const issued = await deps.issue(row.names);
    const { keyPem, ...certificate } = issued;
    await recordIssued(db, row.id, { ...certificate, keyEncrypted: deps.keyring.encrypt(keyPem) }, deps.renewDays);
    log.info({ names: row.names, serial: issued.serial, notAfter: issued.notAfter }, 'certificate issued');
    return true;
  } catch (error) {
    const message = describeError(error);
    log.error({ names: row.names, error: message }, 'certificate not issued; the one in use (if any) stays');
    const tell = await recordFailure(db, row, message);
    if (tell) {
      const updated = await db.tlsCertificate.findUnique({ where: { id: row.id } });
      if (updated) await deps.alert(updated, message).catch((alertError: unknown) => log.error({ err: alertError }, 'certificate failure alert not sent'));
    }
    return false;
  }
}

/** acme-client's errors carry the CA's problem document in the message; keep it readable for the panel. */
function describeError(error: unknown): string {
  if (error instanceof Error) return error.message || error.name;
  return String(error);
}

interface Lock {
  release(): Promise<void>;
}

/** SET NX PX with a token, extended every third of its life; released only by its holder. */
async function acquireLock(redis: Redis, key: string, ttlMs: number): Promise<Lock | null> {
  const token = randomBytes(12).toString('hex');
  if ((await redis.set(key, token, 'PX', ttlMs, 'NX')) !== 'OK') return null;
  const timer = setInterval(() => {
    void redis
      .eval("if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('pexpire', KEYS[1], ARGV[2]) end return 0", 1, key, token, ttlMs)
      .catch(() => {});
  }, ttlMs / 3);
  timer.unref();
  return {
    async release() {
      clearInterval(timer);
      await redis.eval("if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('del', KEYS[1]) end return 0", 1, key, token).catch(() => {});
    },
  };
}
