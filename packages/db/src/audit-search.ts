/**
 * The audit log as the panel and its CSV export read it: filtered by who,
 * what, which target and when, newest first, one page at a time or in
 * batches for an export. Domain admins read the entries of their domains.
 */
import { type Actor, domainScope, isGlobal } from './actor.ts';
import type { DbTx, Prisma } from './client.ts';
import type { ListPage, ListQuery } from './validate.ts';

/** Matches counted at most (the page says "more than" beyond). */
export const AUDIT_COUNT_CAP = 10_000;

export interface AuditFilters {
  /** Part of the actor ("anna", "admin:anna@example.com", "cli"), any case. */
  actor?: string;
  /** An action ("mailbox.create") or its start ("mailbox"). */
  action?: string;
  /** A target: its type ("mailbox"), its id, or part of its address or name. */
  target?: string;
  since?: Date;
  until?: Date;
}

export type AuditQuery = ListQuery & AuditFilters;

const literal = (text: string) => text.replace(/[\\%_]/g, (c) => `\\${c}`);

/** Snapshot fields that name a target (see auditTargetLabel in the panel). */
const NAME_FIELDS = ['address', 'displayAddress', 'email', 'unicodeName', 'name', 'localPart', 'queueId'] as const;

async function auditWhere(db: DbTx, actor: Actor, filters: AuditFilters): Promise<Prisma.AuditLogWhereInput> {
  const scope: Prisma.AuditLogWhereInput = isGlobal(actor)
    ? {}
    : { domainId: { in: (await db.domain.findMany({ where: domainScope(actor), select: { id: true } })).map((d) => d.id) } };
  const and: Prisma.AuditLogWhereInput[] = [scope];
  const who = filters.actor?.trim();
  if (who) and.push({ actor: { contains: literal(who), mode: 'insensitive' } });
  const action = filters.action?.trim();
  if (action) and.push({ action: { startsWith: literal(action) } });
  const target = filters.target?.trim();
  if (target) {
    and.push({
      OR: [
        { targetType: target },
        { targetId: target },
        ...NAME_FIELDS.flatMap((field) => [{ after: { path: [field], string_contains: target } }, { before: { path: [field], string_contains: target } }]),
      ],
    });
  }
  if (filters.since || filters.until) {
    and.push({ createdAt: { ...(filters.since ? { gte: filters.since } : {}), ...(filters.until ? { lt: filters.until } : {}) } });
  }
  return { AND: and };
}

export type AuditRow = Awaited<ReturnType<typeof searchAuditLog>>['rows'][number];

/** One page, newest first; `capped` when more than AUDIT_COUNT_CAP match. */
export async function searchAuditLog(db: DbTx, actor: Actor, query: AuditQuery) {
  const where = await auditWhere(db, actor, query);
  const skip = (query.page - 1) * query.pageSize;
  const [rows, counted] = await Promise.all([
    skip >= AUDIT_COUNT_CAP ? [] : db.auditLog.findMany({ where, orderBy: { id: 'desc' }, skip, take: query.pageSize }),
    db.auditLog.count({ where, take: AUDIT_COUNT_CAP + 1 }),
  ]);
  const page: ListPage<(typeof rows)[number]> & { capped: boolean } = {
    rows,
    total: Math.min(counted, AUDIT_COUNT_CAP),
    capped: counted > AUDIT_COUNT_CAP,
    page: query.page,
    pageSize: query.pageSize,
  };
  return page;
}

/**
 * Every matching entry, newest first, in batches (for the CSV export): keyed
 * on the id, so a batch costs the same at the end of the log as at its start.
 */
export async function* auditLogBatches(db: DbTx, actor: Actor, filters: AuditFilters, batchSize = 1000) {
  const where = await auditWhere(db, actor, filters);
  let before: bigint | undefined;
  for (;;) {
    const rows = await db.auditLog.findMany({
      where: before === undefined ? where : { AND: [where, { id: { lt: before } }] },
      orderBy: { id: 'desc' },
      take: batchSize,
    });
    if (rows.length) yield rows;
    if (rows.length < batchSize) return;
    before = rows[rows.length - 1]!.id;
  }
}

/** The actions that occur in the actor's entries, for a filter's suggestions. */
export async function auditActions(db: DbTx, actor: Actor): Promise<string[]> {
  const where = await auditWhere(db, actor, {});
  const rows = await db.auditLog.groupBy({ by: ['action'], where, orderBy: { action: 'asc' } });
  return rows.map((r) => r.action);
}
