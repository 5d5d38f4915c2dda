import type { Actor } from './actor.ts';
import { actorName, domainScope, isGlobal } from './actor.ts';
import type { AuditAction, AuditTargetType } from './audit-actions.ts';
import type { DbTx } from './client.ts';

/** JSON-safe copy of a row: BigInt as number (bytes fit), Dates as ISO, secrets dropped. */
export function auditSnapshot(row: Record<string, unknown> | null | undefined): Record<string, unknown> | undefined {
  if (!row) return undefined;
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(row)) {
    if (/hash|secret|privatekey/i.test(key)) continue;
    if (typeof value === 'bigint') out[key] = Number(value);
    else if (value instanceof Date) out[key] = value.toISOString();
    else if (value === null || ['string', 'number', 'boolean'].includes(typeof value) || Array.isArray(value)) out[key] = value;
  }
  return out;
}

export interface AuditEntry {
  action: AuditAction;
  targetType: AuditTargetType;
  targetId: string | number;
  domainId?: number | null;
  before?: Record<string, unknown> | null;
  after?: Record<string, unknown> | null;
}

/** Written inside the same transaction as the change it records. */
export async function writeAudit(tx: DbTx, actor: Actor, entry: AuditEntry): Promise<void> {
  await tx.auditLog.create({
    data: {
      actor: actorName(actor),
      action: entry.action,
      targetType: entry.targetType,
      targetId: String(entry.targetId),
      domainId: entry.domainId ?? null,
      before: auditSnapshot(entry.before) as object | undefined,
      after: auditSnapshot(entry.after) as object | undefined,
      ip: 'ip' in actor ? (actor.ip ?? null) : null,
    },
  });
}

/** Newest first; domain admins read only entries of their domains. */
export async function listAuditLog(db: DbTx, actor: Actor, options: { limit?: number; domainId?: number } = {}) {
  const where = isGlobal(actor)
    ? options.domainId
      ? { domainId: options.domainId }
      : {}
    : {
        domainId: options.domainId
          ? { in: (await db.domain.findMany({ where: { id: options.domainId, ...domainScope(actor) }, select: { id: true } })).map((d) => d.id) }
          : { in: (await db.domain.findMany({ where: domainScope(actor), select: { id: true } })).map((d) => d.id) },
      };
  return db.auditLog.findMany({ where, orderBy: { id: 'desc' }, take: Math.min(options.limit ?? 100, 1000) });
}
