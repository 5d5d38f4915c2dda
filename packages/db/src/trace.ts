/**
 * The message trace: DeliveryLog searched by address, Message-ID or queue id
 * within a date range, and one message's journey (received, each local
 * folder, forwards, autoreplies, outbound attempts with the remote replies,
 * the bounce) assembled from its log rows and its OutboundRecipient and
 * OutboundAttempt rows. Domain admins read the rows of their domains only
 * (DeliveryLog.domainId or peerDomainId); everything is found by index.
 */
import { NotFoundError, parseDomainName, splitAddress } from '@kontor/core';
import { type Actor, domainScope, isGlobal } from './actor.ts';
import { type DbTx, Prisma } from './client.ts';
import type { ListPage, ListQuery } from './validate.ts';

/** Matches counted at most: beyond this a count would cost more than the page (the page says "more than"). */
export const TRACE_COUNT_CAP = 10_000;

export const TRACE_STATUSES = ['accepted', 'forwarded', 'rejected', 'deferred', 'queued', 'delivered', 'bounced', 'deleted'] as const;
export type TraceStatus = (typeof TRACE_STATUSES)[number];

export interface TraceQuery extends ListQuery {
  /** From this instant on (inclusive). */
  since?: Date;
  /** Before this instant. */
  until?: Date;
  direction?: 'INBOUND' | 'OUTBOUND';
  status?: TraceStatus;
}

const ROW_SELECT = {
  id: true,
  createdAt: true,
  direction: true,
  status: true,
  mailFrom: true,
  rcptTo: true,
  messageId: true,
  queueId: true,
  remoteHost: true,
  remoteResponse: true,
  verdicts: true,
  domainId: true,
  peerDomainId: true,
  mailboxId: true,
} as const satisfies Prisma.DeliveryLogSelect;

export type TraceRow = Prisma.DeliveryLogGetPayload<{ select: typeof ROW_SELECT }>;

/** The actor's domain ids, or null for all. */
async function scopeIds(db: DbTx, actor: Actor): Promise<number[] | null> {
  if (isGlobal(actor)) return null;
  return (await db.domain.findMany({ where: domainScope(actor), select: { id: true } })).map((d) => d.id);
}

function visible(ids: number[] | null, row: { domainId: number | null; peerDomainId: number | null }): boolean {
  return ids === null || (row.domainId !== null && ids.includes(row.domainId)) || (row.peerDomainId !== null && ids.includes(row.peerDomainId));
}

/** A Message-ID as typed, with and without its angle brackets. */
function messageIdVariants(text: string): string[] {
  const bare = text.replace(/^<|>$/g, '');
  return [...new Set([text, bare, `<${bare}>`])];
}

/**
 * What one search box means: an address (sender or recipient, as written, in
 * lower case, or with its IDN domain as the log holds it), a Message-ID (with or without <>) or a queue id; all of
 * them are tried, each by its own index.
 */
/** An address as typed, in lower case, and with an IDN domain typed in Unicode in its logged (ASCII) form. */
function addressVariants(q: string): string[] {
  const variants = [q, q.toLowerCase()];
  const parts = splitAddress(q);
  if (parts && /[^\x00-\x7f]/.test(parts.domain)) {
    const domain = parseDomainName(parts.domain);
    if (domain.ok) variants.push(`${parts.local}@${domain.value.ascii}`, `${parts.local.toLowerCase()}@${domain.value.ascii}`);
  }
  return [...new Set(variants)];
}

function searchSql(q: string): Prisma.Sql {
  const addresses = addressVariants(q);
  return Prisma.sql`("rcptTo" = ANY(${addresses}::text[]) OR "mailFrom" = ANY(${addresses}::text[])
    OR "messageId" = ANY(${messageIdVariants(q)}::text[]) OR "queueId" = ${q})`;
}

/**
 * The ids of the newest `limit` matching rows, newest first. A domain
 * admin's rows are found per domain and per column (domainId, peerDomainId),
 * each branch walking its (domain, createdAt) index backwards and stopping
 * after `limit`: an OR of the two would make PostgreSQL read a small
 * domain's rows out of the whole table to sort them.
 */
function newestSql(ids: number[] | null, where: Prisma.Sql, limit: number): Prisma.Sql {
  const branches = ids === null ? [Prisma.sql`TRUE`] : ids.flatMap((id) => [Prisma.sql`"domainId" = ${id}::int`, Prisma.sql`"peerDomainId" = ${id}::int`]);
  if (!branches.length) return Prisma.sql`SELECT NULL::bigint AS id, NULL::timestamp AS "createdAt" WHERE FALSE`;
  return Prisma.join(
    branches.map(
      (branch) => Prisma.sql`(SELECT id, "createdAt" FROM "DeliveryLog" WHERE ${branch} AND ${where} ORDER BY "createdAt" DESC, id DESC LIMIT ${limit}::int)`,
    ),
    ' UNION ',
  );
}

/** One page of log rows, newest first; `capped` when more than TRACE_COUNT_CAP match. */
export async function searchDeliveryLog(db: DbTx, actor: Actor, query: TraceQuery): Promise<ListPage<TraceRow> & { capped: boolean }> {
  const ids = await scopeIds(db, actor);
  const conditions: Prisma.Sql[] = [];
  if (query.q) conditions.push(searchSql(query.q));
  if (query.since) conditions.push(Prisma.sql`"createdAt" >= ${query.since}`);
  if (query.until) conditions.push(Prisma.sql`"createdAt" < ${query.until}`);
  if (query.direction) conditions.push(Prisma.sql`direction = ${query.direction}::"MailDirection"`);
  if (query.status) conditions.push(Prisma.sql`status = ${query.status}`);
  const where = conditions.length ? Prisma.join(conditions, ' AND ') : Prisma.sql`TRUE`;
  const skip = (query.page - 1) * query.pageSize;
  const [hits, [counted]] = await Promise.all([
    skip >= TRACE_COUNT_CAP
      ? []
      : db.$queryRaw<Array<{ id: bigint }>>`
          SELECT id FROM (${newestSql(ids, where, skip + query.pageSize)}) hits
          ORDER BY "createdAt" DESC, id DESC OFFSET ${skip}::int LIMIT ${query.pageSize}::int`,
    db.$queryRaw<Array<{ count: number }>>`SELECT count(*)::int AS count FROM (${newestSql(ids, where, TRACE_COUNT_CAP + 1)}) hits`,
  ]);
  const found = hits.length ? await db.deliveryLog.findMany({ where: { id: { in: hits.map((h) => h.id) } }, select: ROW_SELECT }) : [];
  const byId = new Map(found.map((row) => [row.id, row]));
  const rows = hits.map((h) => byId.get(h.id)).filter((row): row is TraceRow => row !== undefined);
  const total = counted?.count ?? 0;
  return { rows, total: Math.min(total, TRACE_COUNT_CAP), capped: total > TRACE_COUNT_CAP, page: query.page, pageSize: query.pageSize };
}

// ---------------------------------------------------------------- one message's journey

export type JourneyRef = { by: 'queue'; id: string } | { by: 'message'; id: string } | { by: 'entry'; id: string };

const QUEUE_ID = /^[A-Za-z0-9][A-Za-z0-9._-]{0,199}$/;
const MAX_ROWS = 1000;

export interface JourneyAttempt {
  startedAt: Date;
  endedAt: Date | null;
  /** delivered, deferred, bounced; null while it runs. */
  result: string | null;
  reply: string;
}

export interface JourneyRecipient {
  queueId: string;
  recipient: string;
  state: string;
  nextAttemptAt: Date | null;
  cancelMode: string | null;
  lastReply: string;
  remoteHost: string;
  updatedAt: Date;
  attempts: JourneyAttempt[];
}

interface Verdicts {
  spf?: string;
  dkim?: string;
  dmarc?: string;
  arc?: string;
  folder?: string;
  kind?: string;
  attempt?: number;
  /** Outbound: how the attempt's session was protected ("DANE verified (DANE-EE 3 1 1)", "TLS", "no TLS"). */
  sessionTls?: string;
  tls?: { protocol?: string; cipher?: string } | null;
  helo?: string;
  /** External destinations of aliases (deliver-inbound). */
  forwards?: string[];
  /** Mailbox forwardings met on the way (deliver-inbound). */
  forwarded?: Array<{ from?: string; to?: string[]; keepCopy?: boolean }>;
  client?: { ip?: string; user?: string; tls?: { protocol?: string; cipher?: string } | null };
}

function verdictsOf(row: { verdicts: unknown }): Verdicts {
  const v = row.verdicts;
  return v && typeof v === 'object' && !Array.isArray(v) ? (v as Verdicts) : {};
}

type Tls = { protocol?: string; cipher?: string } | null;

/** One step of a journey, in the order they happened. */
export type JourneyStep =
  | {
      type: 'received';
      at: Date;
      queueId: string;
      mailFrom: string;
      recipients: string[];
      clientIp: string;
      helo: string | null;
      /** null: plain SMTP; undefined: not recorded (older rows). */
      tls: Tls | undefined;
      spf: string | null;
      dkim: string | null;
      dmarc: string | null;
      arc: string | null;
    }
  | { type: 'submitted'; at: Date; queueId: string; mailFrom: string; recipients: string[]; clientIp: string | null; user: string | null; tls: Tls | undefined }
  | { type: 'refused'; at: Date; mailFrom: string; rcptTo: string; reply: string; temporary: boolean; clientIp: string; entryId: bigint }
  | { type: 'local'; at: Date; queueId: string; rcptTo: string; folder: string }
  /** `from`: the mailbox whose forwarding sent it on (null: an alias); `keepCopy` whether that mailbox kept it too. */
  | { type: 'forward'; at: Date; queueId: string; rcptTo: string; to: string[]; from: string | null; keepCopy: boolean | null }
  | { type: 'autoreply'; at: Date; queueId: string; to: string }
  | { type: 'bounce'; at: Date; queueId: string; to: string }
  /** Kontor's own mail to an admin: a DNS or certificate alert, a report. */
  | { type: 'notice'; at: Date; queueId: string; to: string }
  | { type: 'queued'; at: Date; queueId: string; rcptTo: string; kind: string }
  | {
      type: 'attempt';
      at: Date;
      endedAt: Date | null;
      queueId: string;
      rcptTo: string;
      kind: string;
      attempt: number;
      result: string | null;
      reply: string;
      remoteHost: string;
      /** How the session was protected, as the worker logged it; null when not recorded. */
      sessionTls: string | null;
    }
  | { type: 'waiting'; at: Date; queueId: string; rcptTo: string; nextAttemptAt: Date | null }
  | { type: 'cancelled'; at: Date; queueId: string; rcptTo: string; mode: string | null };

export interface MessageJourney {
  messageId: string;
  queueIds: string[];
  rows: TraceRow[];
  recipients: JourneyRecipient[];
  steps: JourneyStep[];
}

async function seedRows(db: DbTx, ref: JourneyRef): Promise<TraceRow[]> {
  if (ref.by === 'entry') {
    if (!/^\d{1,18}$/.test(ref.id)) return [];
    const row = await db.deliveryLog.findUnique({ where: { id: BigInt(ref.id) }, select: ROW_SELECT });
    return row ? [row] : [];
  }
  if (ref.by === 'queue') {
    if (!QUEUE_ID.test(ref.id)) return [];
    return db.deliveryLog.findMany({ where: { queueId: ref.id }, select: ROW_SELECT, orderBy: { id: 'asc' }, take: MAX_ROWS });
  }
  const id = ref.id.trim();
  if (!id || id.length > 998) return [];
  return db.deliveryLog.findMany({ where: { messageId: { in: messageIdVariants(id) } }, select: ROW_SELECT, orderBy: { id: 'asc' }, take: MAX_ROWS });
}

const likeLiteral = (text: string) => text.replace(/[\\%_]/g, (c) => `\\${c}`);

/**
 * Every row of a message: those found by the reference, all rows of their
 * queue ids, and the autoreplies and bounces it caused (queue ids
 * "<queueId>-ar<mailbox>" and "<queueId>-dsn-<random>", sent with the null
 * sender to its sender). NotFound when none of them is the actor's.
 */
export async function messageJourney(db: DbTx, actor: Actor, ref: JourneyRef): Promise<MessageJourney> {
  const ids = await scopeIds(db, actor);
  const seed = await seedRows(db, ref);
  const notFound = () => new NotFoundError(`No message ${ref.id}`);
  if (!seed.some((row) => visible(ids, row))) throw notFound();
  const queueIds = new Set(seed.map((r) => r.queueId).filter(Boolean));
  const senders = [...new Set(seed.map((r) => r.mailFrom).filter(Boolean))];
  const firstAt = seed[0]!.createdAt;
  const [more, caused] = await Promise.all([
    queueIds.size && ref.by !== 'queue'
      ? db.deliveryLog.findMany({ where: { queueId: { in: [...queueIds] } }, select: ROW_SELECT, orderBy: { id: 'asc' }, take: MAX_ROWS })
      : [],
    queueIds.size && senders.length
      ? db.deliveryLog.findMany({
          where: {
            rcptTo: { in: senders },
            mailFrom: '',
            createdAt: { gte: firstAt },
            OR: [...queueIds].map((q) => ({ queueId: { startsWith: `${likeLiteral(q)}-` } })),
          },
          select: ROW_SELECT,
          orderBy: { id: 'asc' },
          take: MAX_ROWS,
        })
      : [],
  ]);
  const causedQueueIds = [...new Set(caused.map((r) => r.queueId))];
  const causedRows = causedQueueIds.length
    ? await db.deliveryLog.findMany({ where: { queueId: { in: causedQueueIds } }, select: ROW_SELECT, orderBy: { id: 'asc' }, take: MAX_ROWS })
    : [];
  const byId = new Map<bigint, TraceRow>();
  for (const row of [...seed, ...more, ...causedRows]) if (visible(ids, row)) byId.set(row.id, row);
  const rows = [...byId.values()].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  const allQueueIds = [...new Set(rows.map((r) => r.queueId).filter(Boolean))];
  const shown = new Set(rows.map((r) => `${r.queueId}\n${r.rcptTo}`));
  const recipientRows = allQueueIds.length
    ? await db.outboundRecipient.findMany({
        where: { queueId: { in: allQueueIds } },
        include: { attemptLog: { orderBy: { id: 'asc' } } },
        orderBy: { id: 'asc' },
      })
    : [];
  const recipients: JourneyRecipient[] = recipientRows
    .filter((r) => shown.has(`${r.queueId}\n${r.recipient}`))
    .map((r) => ({
      queueId: r.queueId,
      recipient: r.recipient,
      state: r.state,
      nextAttemptAt: r.nextAttemptAt,
      cancelMode: r.cancelMode,
      lastReply: r.lastReply,
      remoteHost: r.remoteHost,
      updatedAt: r.updatedAt,
      attempts: r.attemptLog.map((a) => ({ startedAt: a.startedAt, endedAt: a.endedAt, result: a.result, reply: a.reply })),
    }));
  const messageId = rows.find((r) => r.messageId && !queueIds.has(r.messageId))?.messageId ?? (ref.by === 'message' ? ref.id : '');
  return { messageId, queueIds: allQueueIds, rows, recipients, steps: journeySteps(rows, recipients) };
}

/** The kind of outbound message a queue id carries, from the row that queued it. */
function kindOf(rows: readonly TraceRow[], queueId: string): string {
  for (const row of rows) {
    if (row.queueId !== queueId) continue;
    const kind = verdictsOf(row).kind;
    if (kind) return kind;
  }
  return 'forward';
}

/**
 * The journey as steps in time order: built from the log rows, with each
 * outbound recipient's attempts taken from OutboundAttempt (with the remote
 * host of the log row of the same attempt) instead of the worker's log rows.
 */
export function journeySteps(rows: readonly TraceRow[], recipients: readonly JourneyRecipient[]): JourneyStep[] {
  const steps: JourneyStep[] = [];
  const received = new Map<string, Extract<JourneyStep, { type: 'received' }>>();
  const submitted = new Map<string, Extract<JourneyStep, { type: 'submitted' }>>();
  const withAttempts = new Set(recipients.map((r) => `${r.queueId}\n${r.recipient}`));
  for (const row of rows) {
    const v = verdictsOf(row);
    const at = row.createdAt;
    if (row.direction === 'INBOUND') {
      if (row.status === 'accepted' || row.status === 'forwarded') {
        const key = row.queueId || `entry-${row.id}`;
        let step = received.get(key);
        if (!step) {
          step = {
            type: 'received',
            at,
            queueId: row.queueId,
            mailFrom: row.mailFrom,
            recipients: [],
            clientIp: row.remoteHost,
            helo: v.helo ?? null,
            tls: 'tls' in v ? (v.tls ?? null) : undefined,
            spf: v.spf ?? null,
            dkim: v.dkim ?? null,
            dmarc: v.dmarc ?? null,
            arc: v.arc ?? null,
          };
          received.set(key, step);
          steps.push(step);
        }
        step.recipients.push(row.rcptTo);
        if (row.status === 'accepted') steps.push({ type: 'local', at, queueId: row.queueId, rcptTo: row.rcptTo, folder: v.folder ?? 'INBOX' });
        for (const f of v.forwarded ?? []) {
          steps.push({ type: 'forward', at, queueId: row.queueId, rcptTo: row.rcptTo, to: f.to ?? [], from: f.from ?? null, keepCopy: f.keepCopy ?? null });
        }
        // `forwards` lists every external destination; those not of a mailbox forwarding come from aliases.
        const viaAlias = (v.forwards ?? []).filter((to) => !v.forwarded?.some((f) => f.to?.includes(to)));
        if (viaAlias.length || (row.status === 'forwarded' && !v.forwarded?.length)) {
          steps.push({ type: 'forward', at, queueId: row.queueId, rcptTo: row.rcptTo, to: viaAlias, from: null, keepCopy: null });
        }
      } else {
        steps.push({
          type: 'refused',
          at,
          mailFrom: row.mailFrom,
          rcptTo: row.rcptTo,
          reply: row.remoteResponse,
          temporary: row.status === 'deferred',
          clientIp: row.remoteHost,
          entryId: row.id,
        });
      }
      continue;
    }
    const kind = v.kind ?? kindOf(rows, row.queueId);
    const takenIn = row.status === 'queued' || (row.status === 'delivered' && row.remoteHost === 'local');
    if (takenIn) {
      if (kind === 'autoreply') steps.push({ type: 'autoreply', at, queueId: row.queueId, to: row.rcptTo });
      else if (kind === 'bounce') steps.push({ type: 'bounce', at, queueId: row.queueId, to: row.rcptTo });
      else if (kind === 'notice') steps.push({ type: 'notice', at, queueId: row.queueId, to: row.rcptTo });
      else {
        let step = submitted.get(row.queueId);
        if (!step) {
          step = {
            type: 'submitted',
            at,
            queueId: row.queueId,
            mailFrom: row.mailFrom,
            recipients: [],
            clientIp: v.client?.ip ?? null,
            user: v.client?.user ?? null,
            tls: v.client && 'tls' in v.client ? (v.client.tls ?? null) : undefined,
          };
          submitted.set(row.queueId, step);
          steps.push(step);
        }
        step.recipients.push(row.rcptTo);
      }
      if (row.status === 'delivered') steps.push({ type: 'local', at, queueId: row.queueId, rcptTo: row.rcptTo, folder: 'INBOX' });
      else steps.push({ type: 'queued', at, queueId: row.queueId, rcptTo: row.rcptTo, kind });
      continue;
    }
    // A worker's row: shown from OutboundAttempt instead when that has the recipient.
    if (withAttempts.has(`${row.queueId}\n${row.rcptTo}`)) continue;
    steps.push({
      type: 'attempt',
      at,
      endedAt: at,
      queueId: row.queueId,
      rcptTo: row.rcptTo,
      kind,
      attempt: v.attempt ?? 0,
      result: row.status,
      reply: row.remoteResponse,
      remoteHost: row.remoteHost,
      sessionTls: v.sessionTls ?? null,
    });
  }
  for (const r of recipients) {
    const kind = kindOf(rows, r.queueId);
    const logged = rows.filter((row) => row.queueId === r.queueId && row.rcptTo === r.recipient && row.direction === 'OUTBOUND');
    r.attempts.forEach((a, i) => {
      const log = logged.find((row) => verdictsOf(row).attempt === i + 1 && row.status !== 'queued');
      steps.push({
        type: 'attempt',
        at: a.startedAt,
        endedAt: a.endedAt,
        queueId: r.queueId,
        rcptTo: r.recipient,
        kind,
        attempt: i + 1,
        result: a.result,
        reply: a.reply,
        remoteHost: log?.remoteHost || (i === r.attempts.length - 1 ? r.remoteHost : ''),
        sessionTls: (log && verdictsOf(log).sessionTls) ?? null,
      });
    });
    if (r.state === 'queued' || r.state === 'deferred') {
      steps.push({ type: 'waiting', at: r.updatedAt, queueId: r.queueId, rcptTo: r.recipient, nextAttemptAt: r.nextAttemptAt });
    } else if (r.state === 'cancelled') {
      steps.push({ type: 'cancelled', at: r.updatedAt, queueId: r.queueId, rcptTo: r.recipient, mode: r.cancelMode });
    }
  }
  // Stable: steps of the same instant keep the order they were made in.
  return steps
    .map((step, i) => ({ step, i }))
    .sort((a, b) => a.step.at.getTime() - b.step.at.getTime() || a.i - b.i)
    .map(({ step }) => step);
}
