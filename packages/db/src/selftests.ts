/**
 * Deliverability self-test runs (docs/dns.md, Self-test): the one writer of
 * DeliverabilitySelftest. A request makes a pending run and, in the same
 * transaction, the outbox row that has maild send its probe; maild's MX
 * completes the run with the verdicts it computed; a run still pending
 * after SELFTEST_TIMEOUT_MS reads as timed out.
 */
import { randomBytes } from 'node:crypto';
import { SELFTEST_QUEUE, SELFTEST_TIMEOUT_MS, type SelftestVerdict } from '@kontor/core';
import type { Actor } from './actor.ts';
import { writeAudit } from './audit.ts';
import type { Db, DbTx } from './client.ts';
import { getDomain } from './domains.ts';

export type SelftestState = 'pending' | 'done' | 'timed-out';

export interface SelftestRun {
  id: number;
  domainId: number;
  domain: string;
  token: string;
  state: SelftestState;
  verdicts: SelftestVerdict[];
  createdAt: Date;
  finishedAt: Date | null;
}

type Row = { id: number; domainId: number; token: string; state: string; verdicts: unknown; createdAt: Date; finishedAt: Date | null };

function runOf(row: Row, domain: string, now: Date): SelftestRun {
  const expired = row.state === 'pending' && now.getTime() - row.createdAt.getTime() > SELFTEST_TIMEOUT_MS;
  return {
    id: row.id,
    domainId: row.domainId,
    domain,
    token: row.token,
    state: expired ? 'timed-out' : (row.state as SelftestState),
    verdicts: Array.isArray(row.verdicts) ? (row.verdicts as SelftestVerdict[]) : [],
    createdAt: row.createdAt,
    finishedAt: row.finishedAt,
  };
}

/** Starts a run for a domain the actor may see: a pending row, the `send-probe` job, an audit entry. */
export async function requestSelftest(db: Db, actor: Actor, domainIdOrName: number | string): Promise<SelftestRun> {
  return db.$transaction(async (tx) => {
    const domain = await getDomain(tx, actor, domainIdOrName);
    const token = randomBytes(12).toString('hex');
    const row = await tx.deliverabilitySelftest.create({ data: { domainId: domain.id, token } });
    await tx.outbox.create({ data: { queue: SELFTEST_QUEUE, name: 'send-probe', data: { selftestId: row.id } } });
    await writeAudit(tx, actor, { action: 'domain.selftest', targetType: 'domain', targetId: domain.id, domainId: domain.id, after: { selftestId: row.id } });
    return runOf(row, domain.name, new Date());
  });
}

/** The domain's latest run, or null when it never ran. */
export async function latestSelftest(db: Db, actor: Actor, domainIdOrName: number | string, now = new Date()): Promise<SelftestRun | null> {
  const domain = await getDomain(db, actor, domainIdOrName);
  const row = await db.deliverabilitySelftest.findFirst({ where: { domainId: domain.id }, orderBy: { id: 'desc' } });
  if (!row) return null;
  if (row.state === 'pending' && now.getTime() - row.createdAt.getTime() > SELFTEST_TIMEOUT_MS) {
    await db.deliverabilitySelftest.updateMany({ where: { id: row.id, state: 'pending' }, data: { state: 'timed-out', finishedAt: now } });
  }
  return runOf(row, domain.name, now);
}

/** A run by id, with its domain's name (maild's probe sender). */
export async function selftestById(db: DbTx, id: number): Promise<SelftestRun | null> {
  const row = await db.deliverabilitySelftest.findUnique({ where: { id }, include: { domain: { select: { name: true } } } });
  return row ? runOf(row, row.domain.name, new Date()) : null;
}

/** A pending run by its probe token (maild's MX, at RCPT and DATA); null when unknown, done or expired. */
export async function pendingSelftest(db: DbTx, token: string): Promise<SelftestRun | null> {
  const row = await db.deliverabilitySelftest.findUnique({ where: { token }, include: { domain: { select: { name: true } } } });
  if (!row) return null;
  const run = runOf(row, row.domain.name, new Date());
  return run.state === 'pending' ? run : null;
}

/** Records the verdicts of a pending run; false when it was no longer pending. */
export async function completeSelftest(db: DbTx, token: string, verdicts: SelftestVerdict[]): Promise<boolean> {
  const { count } = await db.deliverabilitySelftest.updateMany({
    where: { token, state: 'pending' },
    data: { state: 'done', verdicts: verdicts as unknown as object[], finishedAt: new Date() },
  });
  return count === 1;
}
