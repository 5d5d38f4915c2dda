/**
 * What the REST API answers, as zod codecs: the server side holds Dates and
 * BigInts (as the data functions return them), the wire holds ISO strings
 * and numbers. `z.encode(schema, row)` turns a row into JSON and drops every
 * field the schema does not name (password hashes never leave); the
 * OpenAPI document is the same schemas' input side.
 */
import { z } from 'zod';

export const dateTime = z.codec(z.iso.datetime(), z.date(), {
  decode: (text) => new Date(text),
  encode: (date) => date.toISOString(),
});

/** Byte counts: BigInt in the database, a JSON number here (sizes stay far below 2^53). */
export const bytes = z.codec(z.number().int().min(0), z.bigint(), {
  decode: (n) => BigInt(n),
  encode: (b) => Number(b),
});

export const domainSchema = z
  .object({
    id: z.number().int(),
    name: z.string().meta({ description: 'ASCII (A-label) form, as DNS and SMTP use it' }),
    unicodeName: z.string().meta({ description: 'The name as people write it' }),
    description: z.string(),
    active: z.boolean(),
    defaultQuotaBytes: bytes.meta({ description: 'Quota of new mailboxes; 0 = unlimited' }),
    maxMailboxes: z.number().int().meta({ description: '0 = no limit' }),
    dkimSelector: z.string(),
    language: z.string().meta({ description: 'Language of the mail Kontor writes for the domain: en or de' }),
    timeZone: z.string(),
    createdAt: dateTime,
    updatedAt: dateTime,
  })
  .meta({ id: 'Domain' });

export const domainSummarySchema = domainSchema
  .extend({ mailboxCount: z.number().int(), aliasCount: z.number().int(), usedBytes: bytes })
  .meta({ id: 'DomainSummary' });

export const mailboxSchema = z
  .object({
    id: z.number().int(),
    domainId: z.number().int(),
    localPart: z.string(),
    address: z.string(),
    displayAddress: z.string().meta({ description: 'The address with the domain in Unicode' }),
    displayName: z.string(),
    quotaBytes: bytes.meta({ description: '0 = unlimited' }),
    usedBytes: bytes,
    messageCount: z.number().int(),
    active: z.boolean(),
    lastLoginAt: dateTime.nullable(),
    createdAt: dateTime,
    updatedAt: dateTime,
  })
  .meta({ id: 'Mailbox' });

export const mailboxListItemSchema = z
  .object({
    id: z.number().int(),
    localPart: z.string(),
    address: z.string(),
    displayAddress: z.string(),
    displayName: z.string(),
    quotaBytes: bytes,
    usedBytes: bytes,
    messageCount: z.number().int(),
    active: z.boolean(),
    autoresponderActive: z.boolean().meta({ description: 'An autoresponder is on and inside its dates now' }),
    forwardTo: z.array(z.string()),
  })
  .meta({ id: 'MailboxListItem' });

export const aliasSchema = z
  .object({
    id: z.number().int(),
    domainId: z.number().int(),
    localPart: z.string().meta({ description: '"*" for the catch-all' }),
    address: z.string(),
    displayAddress: z.string(),
    catchAll: z.boolean(),
    destinations: z.array(z.string()),
    targets: z.array(z.object({ address: z.string(), external: z.boolean().meta({ description: 'Forwarded out through the queue' }) })),
    active: z.boolean(),
    createdAt: dateTime,
    updatedAt: dateTime,
  })
  .meta({ id: 'Alias' });

export const catchAllSchema = z.object({ enabled: z.boolean(), alias: aliasSchema.nullable() }).meta({ id: 'CatchAll' });

export const dnsRecordSchema = z
  .object({
    type: z.enum(['MX', 'TXT', 'CNAME', 'SRV', 'A', 'AAAA', 'PTR', 'TLSA']),
    name: z.string(),
    value: z.string().meta({ description: 'The record data as it goes in the zone (MX: priority and host; SRV: priority, weight, port and target)' }),
  })
  .meta({ id: 'DnsRecord' });

export const adminSchema = z
  .object({
    id: z.number().int(),
    email: z.string(),
    displayName: z.string(),
    role: z.enum(['SUPERADMIN', 'DOMAIN_ADMIN']),
    active: z.boolean(),
    domainIds: z.array(z.number().int()).meta({ description: 'Domain admins: the domains they administer' }),
    lastLoginAt: dateTime.nullable(),
    createdAt: dateTime,
  })
  .meta({ id: 'Administrator' });

export const queueRecipientSchema = z.object({
  recipient: z.string(),
  state: z.string().meta({ description: 'queued, deferred, delivered, bounced or cancelled' }),
  attempts: z.number().int(),
  lastReply: z.string().nullable(),
  nextAttemptAt: dateTime.nullable(),
});

export const queueEntrySchema = z
  .object({
    id: z.string().meta({ description: 'The job id (outbox-…), used by the queue actions' }),
    queueId: z.string().meta({ description: 'The message’s queue id, as in Received: headers and the trace' }),
    state: z.string().meta({ description: 'active, waiting, delayed (a retry is scheduled) or failed' }),
    kind: z.string(),
    mailFrom: z.string(),
    createdAt: dateTime,
    nextRunAt: dateTime.nullable(),
    failedReason: z.string(),
    recipients: z.array(queueRecipientSchema),
  })
  .meta({ id: 'QueueEntry' });

export const queueActionResultSchema = z
  .object({
    queueId: z.string(),
    recipients: z.array(z.string()).meta({ description: 'Cancelled now (cancel), or to be tried now (retry)' }),
    requested: z.array(z.string()).meta({ description: 'Being attempted right now: cancelled when the attempt ends, unless it delivers' }),
  })
  .meta({ id: 'QueueActionResult' });

export const sentMessageSchema = z
  .object({
    queueId: z.string().meta({ description: 'Find the message with it in the trace (GET /trace?queueId=…) and the queue' }),
    messageId: z.string(),
    recipients: z.array(z.string()),
  })
  .meta({ id: 'SentMessage' });

/** A page of a list, as the panel's lists page: `?q=&page=&pageSize=`. */
export function pageOf<T extends z.ZodType, E extends z.ZodRawShape = Record<never, never>>(item: T, id: string, extra?: E) {
  return z.object({ rows: z.array(item), total: z.number().int(), page: z.number().int(), pageSize: z.number().int(), ...(extra as E) }).meta({ id });
}

export const errorSchema = z
  .object({
    error: z.object({
      code: z.enum(['validation', 'conflict', 'confirmation_required', 'forbidden', 'not_found', 'unauthorized', 'rate_limited', 'unavailable', 'internal']),
      message: z.string(),
      fields: z.record(z.string(), z.string()).optional().meta({ description: 'validation: one message per field' }),
      field: z.string().optional().meta({ description: 'conflict: the field that collides' }),
      consequences: z.array(z.string()).optional().meta({ description: 'confirmation_required: what would be removed; repeat with ?confirm=true' }),
    }),
  })
  .meta({ id: 'Error' });
export type ApiErrorBody = z.input<typeof errorSchema>;

export const autoresponderSchema = z
  .object({
    mailboxId: z.number().int(),
    address: z.string(),
    enabled: z.boolean(),
    subject: z.string(),
    body: z.string().meta({ description: 'Plain text' }),
    startsAt: dateTime.nullable().meta({ description: 'No replies before this moment (null: from now)' }),
    endsAt: dateTime
      .nullable()
      .meta({ description: 'No replies after this moment (null: until switched off); past it, the autoresponder switches itself off' }),
    intervalDays: z.number().int().meta({ description: 'Each sender is answered at most once in this many days' }),
    state: z.enum(['off', 'scheduled', 'active', 'expired']),
    timeZone: z.string().meta({ description: "The domain's time zone, in which dates without an offset are read" }),
    updatedAt: dateTime.nullable(),
  })
  .meta({ id: 'Autoresponder' });

export const forwardingSchema = z
  .object({
    mailboxId: z.number().int(),
    address: z.string(),
    enabled: z.boolean(),
    forwardTo: z.array(z.object({ address: z.string(), external: z.boolean().meta({ description: 'Sent on through the queue (with SRS)' }) })),
    keepCopy: z.boolean().meta({ description: 'A copy stays in the mailbox too' }),
  })
  .meta({ id: 'Forwarding' });

/** Delivery log ids are BigInt in the database; a string here. */
const logId = z.codec(z.string().regex(/^\d+$/), z.bigint(), { decode: (s) => BigInt(s), encode: (b) => b.toString() });

const tlsSchema = z.object({ protocol: z.string().optional(), cipher: z.string().optional() }).nullable();

export const traceRowSchema = z
  .object({
    id: logId,
    createdAt: dateTime,
    direction: z.enum(['INBOUND', 'OUTBOUND']),
    status: z.string().meta({ description: 'accepted, forwarded, rejected, deferred, queued, delivered, bounced or deleted' }),
    mailFrom: z.string(),
    rcptTo: z.string(),
    messageId: z.string(),
    queueId: z.string(),
    remoteHost: z.string(),
    remoteResponse: z.string(),
    verdicts: z.unknown().meta({ description: 'SPF/DKIM/DMARC results, TLS, the client and the like, as logged' }),
  })
  .meta({ id: 'TraceRow' });

export const journeyStepSchema = z
  .object({
    type: z.enum(['received', 'submitted', 'refused', 'local', 'forward', 'autoreply', 'bounce', 'notice', 'queued', 'attempt', 'waiting', 'cancelled']),
    at: dateTime,
    endedAt: dateTime.nullable().optional(),
    queueId: z.string().optional(),
    mailFrom: z.string().optional(),
    rcptTo: z.string().optional(),
    recipients: z.array(z.string()).optional(),
    to: z.union([z.string(), z.array(z.string())]).optional(),
    from: z.string().nullable().optional(),
    clientIp: z.string().nullable().optional(),
    user: z.string().nullable().optional().meta({ description: 'submitted: the mailbox, or api:<key> for the sending API' }),
    helo: z.string().nullable().optional(),
    tls: tlsSchema.optional(),
    spf: z.string().nullable().optional(),
    dkim: z.string().nullable().optional(),
    dmarc: z.string().nullable().optional(),
    arc: z.string().nullable().optional(),
    folder: z.string().optional(),
    keepCopy: z.boolean().nullable().optional(),
    kind: z.string().optional(),
    attempt: z.number().int().optional(),
    result: z.string().nullable().optional(),
    reply: z.string().optional(),
    temporary: z.boolean().optional(),
    remoteHost: z.string().optional(),
    nextAttemptAt: dateTime.nullable().optional(),
    mode: z.string().nullable().optional(),
    entryId: logId.optional(),
  })
  .meta({ id: 'JourneyStep', description: 'One step; `type` says which of the other fields it has' });

export const journeySchema = z
  .object({
    messageId: z.string(),
    queueIds: z.array(z.string()),
    steps: z.array(journeyStepSchema),
    rows: z.array(traceRowSchema),
  })
  .meta({ id: 'MessageJourney' });
