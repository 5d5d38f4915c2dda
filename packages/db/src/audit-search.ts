/**
 * The audit log as the panel and its CSV export read it: filtered by who,
 * what, which target and when, newest first, one page at a time or in
 * batches for an export. Domain admins read the entries of their domains.
 */
import { type Actor, domainScope, isGlobal } from './actor.ts';
import { type DbTx, Prisma } from './client.ts';
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

/** Snapshot fields that name a target (see auditTargetLabel in the panel). */
const NAME_FIELDS = ['address', 'displayAddress', 'email', 'unicodeName', 'name', 'localPart', 'queueId'] as const;

/** The names a row's snapshots give its target, as one text to search in. */
const TARGET_NAMES = Prisma.raw(`lower(concat_ws(' ', ${NAME_FIELDS.flatMap((f) => [`after->>'${f}'`, `before->>'${f}'`]).join(', ')}))`);

/**
 * Whether a row's snapshots contain `text` at all, as typed or in lower case:
 * a plain substring test of the JSON text, the cheap first step before the
 * name fields are taken apart (addresses and domains are stored in lower case).
 */
function snapshotHas(text: string): Prisma.Sql {
  const json = Prisma.sql`(coalesce(after::text, '') || coalesce(before::text, ''))`;
  const lower = text.toLowerCase();
  return lower === text ? Prisma.sql`strpos(${json}, ${text}) > 0` : Prisma.sql`(strpos(${json}, ${text}) > 0 OR strpos(${json}, ${lower}) > 0)`;
}

/**
 * The filters as SQL. Text filters are substring tests (strpos, no LIKE
 * pattern: a typed % or _ is only itself) on lower case, which PostgreSQL
 * answers by reading the rows: fine for an audit log of some 100,000
 * entries, and an index would not help a search inside the text.
 */
async function auditWhere(db: DbTx, actor: Actor, filters: AuditFilters): Promise<Prisma.Sql> {
  const and: Prisma.Sql[] = [];
  if (!isGlobal(actor)) {
    const ids = (await db.domain.findMany({ where: domainScope(actor), select: { id: true } })).map((d) => d.id);
    and.push(Prisma.sql`"domainId" = ANY(${ids}::int[])`);
  }
  const who = filters.actor?.trim().toLowerCase();
  if (who) and.push(Prisma.sql`strpos(lower(actor), ${who}) > 0`);
  const action = filters.action?.trim();
  if (action) and.push(Prisma.sql`starts_with(action, ${action})`);
  const target = filters.target?.trim();
  if (target) {
    const text = target.toLowerCase();
    // An alias's or mailbox's address as the panel shows it: its snapshot has only the local part, the row the domain.
    const at = text.lastIndexOf('@');
    const address =
      at > 0
        ? Prisma.sql`OR ((after->>'localPart' = ${text.slice(0, at)} OR before->>'localPart' = ${text.slice(0, at)})
            AND "domainId" IN (SELECT id FROM "Domain" WHERE name = ${text.slice(at + 1)} OR "unicodeName" = ${text.slice(at + 1)}))`
        : Prisma.empty;
    // The whole snapshot's text first (cheap), the name fields only for the rows that have the text at all.
    and.push(Prisma.sql`("targetType" = ${target} OR "targetId" = ${target}
      OR (${snapshotHas(target)} AND strpos(${TARGET_NAMES}, ${text}) > 0)
      ${address})`);
  }
  if (filters.since) and.push(Prisma.sql`"createdAt" >= ${filters.since}`);
  if (filters.until) and.push(Prisma.sql`"createdAt" < ${filters.until}`);
  return and.length ? Prisma.join(and, ' AND ') : Prisma.sql`TRUE`;
}

/** Full rows for ids, in the ids' order. */
async function rowsOf(db: DbTx, ids: Array<{ id: bigint }>) {
  if (!ids.length) return [];
  const rows = await db.auditLog.findMany({ where: { id: { in: ids.map((r) => r.id) } } });
  const byId = new Map(rows.map((r) => [r.id, r]));
  return ids.map((r) => byId.get(r.id)).filter((r): r is NonNullable<typeof r> => r !== undefined);
}

export type AuditRow = Awaited<ReturnType<typeof searchAuditLog>>['rows'][number];

/** One page, newest first; `capped` when more than AUDIT_COUNT_CAP match. */
export async function searchAuditLog(db: DbTx, actor: Actor, query: AuditQuery) {
  const where = await auditWhere(db, actor, query);
  const skip = (query.page - 1) * query.pageSize;
  // One pass: the newest matches up to the cap, counted and paged; a rare match costs one scan, not two.
  const hits =
    skip >= AUDIT_COUNT_CAP
      ? []
      : await db.$queryRaw<Array<{ id: bigint; total: number }>>`
          WITH hits AS MATERIALIZED (SELECT id FROM "AuditLog" WHERE ${where} ORDER BY id DESC LIMIT ${AUDIT_COUNT_CAP + 1}::int)
          SELECT id, (SELECT count(*)::int FROM hits) AS total FROM hits ORDER BY id DESC OFFSET ${skip}::int LIMIT ${query.pageSize}::int`;
  // No hit on the first page means none at all; only a page past the end needs its own count.
  const total =
    hits[0]?.total ??
    (skip === 0
      ? 0
      : ((
          await db.$queryRaw<
            Array<{ count: number }>
          >`SELECT count(*)::int AS count FROM (SELECT 1 FROM "AuditLog" WHERE ${where} LIMIT ${AUDIT_COUNT_CAP + 1}::int) h`
        )[0]?.count ?? 0));
  const ids = hits;
  const rows = await rowsOf(db, ids);
  const page: ListPage<(typeof rows)[number]> & { capped: boolean } = {
    rows,
    total: Math.min(total, AUDIT_COUNT_CAP),
    capped: total > AUDIT_COUNT_CAP,
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
  let before: bigint | null = null;
  for (;;) {
    const after: Prisma.Sql = before === null ? Prisma.empty : Prisma.sql`AND id < ${before}`;
    const ids: Array<{ id: bigint }> = await db.$queryRaw<
      Array<{ id: bigint }>
    >`SELECT id FROM "AuditLog" WHERE ${where} ${after} ORDER BY id DESC LIMIT ${batchSize}::int`;
    if (ids.length) yield await rowsOf(db, ids);
    if (ids.length < batchSize) return;
    before = ids[ids.length - 1]!.id;
  }
}

/** The actions of the actor's latest entries, for a filter's suggestions. */
export async function auditActions(db: DbTx, actor: Actor): Promise<string[]> {
  const where = await auditWhere(db, actor, {});
  // From the latest entries: suggestions, not a census of the whole log.
  const rows = await db.$queryRaw<Array<{ action: string }>>`
    SELECT DISTINCT action FROM (SELECT action FROM "AuditLog" WHERE ${where} ORDER BY id DESC LIMIT 5000) latest ORDER BY action LIMIT 500`;
  return rows.map((r) => r.action);
}
