/**
 * What the dashboard shows about mail, read from the per-day counters
 * (DeliveryStat) that a trigger on DeliveryLog keeps, never from the
 * million log rows themselves; and the outbound queue's size from the
 * per-recipient state in PostgreSQL. Domain admins get their domains only.
 */
import { type Actor, domainScope, isGlobal } from './actor.ts';
import { type Db, type DbTx, Prisma } from './client.ts';

/** A UTC day as the counters key it: YYYY-MM-DD. */
export function utcDay(date: Date): string {
  return date.toISOString().slice(0, 10);
}

export interface DailyMail {
  /** YYYY-MM-DD (UTC). */
  day: string;
  /** Inbound mail taken for a mailbox or a forward, per recipient. */
  received: number;
  /** Outbound mail delivered (to a remote server or a local mailbox), per recipient. */
  sent: number;
  /** Inbound mail refused (rejected or deferred), per recipient. */
  refused: number;
  /** Outbound mail that failed for good (a bounce went to the sender). */
  bounced: number;
}

export interface DashboardStats {
  days: DailyMail[];
  totals: Omit<DailyMail, 'day'>;
  /** The most frequent refusal replies over the period, most first. */
  refusals: Array<{ reason: string; count: number }>;
  /** Senders and recipients of accepted mail over the last `topDays` days (the charts' period unless asked otherwise), most first. */
  topSenders: Array<{ address: string; count: number }>;
  topRecipients: Array<{ address: string; count: number }>;
  topDays: number;
  queue: QueueSummary;
}

export interface QueueSummary {
  /** Messages (outbound jobs) with a recipient still to deliver. */
  messages: number;
  recipients: number;
  /** When the oldest of those entered the queue. */
  oldest: Date | null;
}

/** Counter metrics (DeliveryStat.metric) per series. */
const SERIES: Record<keyof Omit<DailyMail, 'day'>, string[]> = {
  received: ['inbound.accepted', 'inbound.forwarded'],
  sent: ['outbound.delivered'],
  refused: ['inbound.rejected', 'inbound.deferred'],
  bounced: ['outbound.bounced'],
};

/** The actor's domain ids, or null for all (superadmins also see rows of no domain). */
async function scopeIds(db: DbTx, actor: Actor): Promise<number[] | null> {
  if (isGlobal(actor)) return null;
  return (await db.domain.findMany({ where: domainScope(actor), select: { id: true } })).map((d) => d.id);
}

function domainFilter(ids: number[] | null): Prisma.Sql {
  return ids === null ? Prisma.empty : Prisma.sql`AND "domainId" = ANY(${ids}::int[])`;
}

/**
 * The last `days` UTC days up to `now` (zero-filled), refusals by reason,
 * top senders and recipients over the last `topDays`, and the queue.
 */
export async function dashboardStats(
  db: DbTx,
  actor: Actor,
  options: { days?: number; topDays?: number; top?: number; now?: Date } = {},
): Promise<DashboardStats> {
  const days = options.days ?? 30;
  const topDays = Math.min(options.topDays ?? days, days);
  const top = options.top ?? 10;
  const now = options.now ?? new Date();
  const ids = await scopeIds(db, actor);
  const today = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate());
  const first = new Date(today - (days - 1) * 86_400_000);
  const firstTop = new Date(today - (topDays - 1) * 86_400_000);
  const seriesMetrics = Object.values(SERIES).flat();
  const scope = domainFilter(ids);

  const [daily, refusals, senders, recipients, queue] = await Promise.all([
    db.$queryRaw<Array<{ metric: string; day: Date | string; count: number }>>`
      SELECT metric, day, sum(count)::int AS count FROM "DeliveryStat"
      WHERE metric = ANY(${seriesMetrics}::text[]) AND day >= ${utcDay(first)}::date ${scope}
      GROUP BY metric, day`,
    db.$queryRaw<Array<{ key: string; count: number }>>`
      SELECT key, sum(count)::int AS count FROM "DeliveryStat"
      WHERE metric = 'refusal' AND day >= ${utcDay(first)}::date ${scope}
      GROUP BY key ORDER BY count DESC, key LIMIT ${top}`,
    topList(db, 'sender', firstTop, scope, top),
    topList(db, 'recipient', firstTop, scope, top),
    queueSummary(db, ids),
  ]);

  const byDay = new Map<string, DailyMail>();
  for (let i = 0; i < days; i++) {
    const day = utcDay(new Date(first.getTime() + i * 86_400_000));
    byDay.set(day, { day, received: 0, sent: 0, refused: 0, bounced: 0 });
  }
  const seriesOf = new Map(Object.entries(SERIES).flatMap(([series, metrics]) => metrics.map((m) => [m, series as keyof typeof SERIES])));
  for (const row of daily) {
    const entry = byDay.get(typeof row.day === 'string' ? row.day : utcDay(row.day));
    const series = seriesOf.get(row.metric);
    if (entry && series) entry[series] += row.count;
  }
  const list = [...byDay.values()];
  const totals = { received: 0, sent: 0, refused: 0, bounced: 0 };
  for (const d of list) for (const k of Object.keys(totals) as Array<keyof typeof totals>) totals[k] += d[k];
  return {
    days: list,
    totals,
    refusals: refusals.map((r) => ({ reason: r.key, count: r.count })),
    topSenders: senders,
    topRecipients: recipients,
    topDays,
    queue,
  };
}

function topList(db: DbTx, metric: 'sender' | 'recipient', since: Date, scope: Prisma.Sql, top: number) {
  return db.$queryRaw<Array<{ address: string; count: number }>>`
    SELECT key AS address, sum(count)::int AS count FROM "DeliveryStat"
    WHERE metric = ${metric} AND day >= ${utcDay(since)}::date ${scope}
    GROUP BY key ORDER BY count DESC, key LIMIT ${top}`;
}

/**
 * Outbound messages with recipients still pending (queued or deferred), from
 * OutboundRecipient (the record; BullMQ only schedules). A domain admin
 * counts the messages whose log rows belong to one of their domains.
 */
export async function queueSummary(db: DbTx, ids: number[] | null): Promise<QueueSummary> {
  const scope =
    ids === null
      ? Prisma.empty
      : Prisma.sql`AND EXISTS (SELECT 1 FROM "DeliveryLog" d WHERE d."queueId" = r."queueId"
          AND (d."domainId" = ANY(${ids}::int[]) OR d."peerDomainId" = ANY(${ids}::int[])))`;
  const [row] = await db.$queryRaw<Array<{ messages: number; recipients: number; oldest: Date | null }>>`
    SELECT count(DISTINCT r."jobId")::int AS messages, count(*)::int AS recipients, min(r."createdAt") AS oldest
    FROM "OutboundRecipient" r
    WHERE r.state IN ('queued', 'deferred') ${scope}`;
  return row ?? { messages: 0, recipients: 0, oldest: null };
}

/** The outbound queue as the actor may see it (the dashboard's queue card). */
export async function outboundQueueSummary(db: DbTx, actor: Actor): Promise<QueueSummary> {
  return queueSummary(db, await scopeIds(db, actor));
}

/**
 * Recomputes every counter from DeliveryLog, in one transaction, with the
 * same classification the trigger uses (the SQL function
 * "deliveryStatKeys"). For bulk loads that bypassed the trigger and for
 * checking that the counters agree with the log.
 */
export async function rebuildDeliveryStats(db: Db): Promise<void> {
  await db.$transaction(async (tx) => {
    await tx.$executeRaw`LOCK TABLE "DeliveryLog" IN SHARE MODE`;
    await tx.$executeRaw`DELETE FROM "DeliveryStat"`;
    await tx.$executeRaw`
      INSERT INTO "DeliveryStat" (metric, day, "domainId", key, count)
      SELECT k.metric, d."createdAt"::date, coalesce(d."domainId", 0), k.key, count(*)::int
      FROM "DeliveryLog" d
      CROSS JOIN LATERAL "deliveryStatKeys"(d.direction::text, d.status, d."mailFrom", d."rcptTo", d."remoteHost", d."remoteResponse") k
      GROUP BY 1, 2, 3, 4`;
  });
}
