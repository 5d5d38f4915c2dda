import 'server-only';
import { randomBytes } from 'node:crypto';
import { Readable } from 'node:stream';
import {
  ConflictError,
  domainOfAddress,
  ForbiddenError,
  localPartOf,
  newMessageId,
  parseDestinationAddress,
  rfc5322Date,
  SendLimits,
  ValidationError,
} from '@kontor/core';
import { type ApiKeyActor, apiKeyMaySend, type Db, resolveRecipient, sendingProfile, writeAudit } from '@kontor/db';
import { createMailStore, MailRouter, type MailStore, storeSentCopy } from '@kontor/mailstore';
import MailComposer from 'nodemailer/lib/mail-composer';
import { z } from 'zod';
import { rateLimited } from './errors.ts';
import { apiRedis } from './rate-limit.ts';
import { apiConfig, apiLog } from './runtime.ts';

const MAX_ATTACHMENTS = 20;

const addressList = z
  .union([z.string(), z.array(z.string())])
  .transform((value) => (Array.isArray(value) ? value : value.split(/[,;]/)).map((s) => s.trim()).filter(Boolean));

export const sendMessageInput = z
  .object({
    from: z.string({ message: 'Enter the sender address' }).meta({ description: 'One of the key’s senders (an address of a domain the key may send for)' }),
    fromName: z.string().max(200, 'At most 200 characters').optional().meta({ description: 'Shown as the sender’s name, e.g. "Example Shop"' }),
    to: addressList.meta({ description: 'One or more addresses (an array, or text separated by commas)' }),
    cc: addressList.optional(),
    bcc: addressList.optional().meta({ description: 'Receive the message, but appear in no header' }),
    replyTo: addressList.optional().meta({ description: 'Where replies go, when not to `from`' }),
    subject: z.string({ message: 'Enter a subject' }).trim().min(1, 'Enter a subject').max(900, 'At most 900 characters'),
    text: z.string().optional().meta({ description: 'Plain-text body' }),
    html: z.string().optional().meta({ description: 'HTML body; send `text` as well for clients that show no HTML' }),
    attachments: z
      .array(
        z.object({
          filename: z.string({ message: 'Enter a file name' }).min(1, 'Enter a file name').max(255, 'At most 255 characters'),
          content: z
            .string({ message: 'Send the file as base64' })
            .regex(/^[A-Za-z0-9+/\s]*={0,2}\s*$/, 'Send the file as base64')
            .meta({ description: 'The file, base64-encoded' }),
          contentType: z
            .string()
            .regex(/^[\w.+-]+\/[\w.+-]+$/, 'A MIME type such as application/pdf')
            .optional()
            .meta({ description: 'Default: from the file name' }),
        }),
      )
      .max(MAX_ATTACHMENTS, `At most ${MAX_ATTACHMENTS} attachments`)
      .optional(),
  })
  .meta({ id: 'SendMessage' });
export type SendMessageInput = z.input<typeof sendMessageInput>;

/** Field by field, like the data functions' parseInput, with the index of a bad address. */
function parse(input: unknown) {
  const result = sendMessageInput.safeParse(input);
  if (!result.success) {
    const fields: Record<string, string> = {};
    for (const issue of result.error.issues) fields[String(issue.path[0] ?? 'body')] ??= issue.message;
    throw new ValidationError(fields);
  }
  const data = result.data;
  if (!data.text && !data.html) throw new ValidationError({ text: 'Send a text or an html body (or both)' });
  const addresses = (field: 'to' | 'cc' | 'bcc' | 'replyTo', list: string[] | undefined) => (list ?? []).map((a) => parseDestinationAddress(a, field));
  return {
    ...data,
    to: addresses('to', data.to),
    cc: addresses('cc', data.cc),
    bcc: addresses('bcc', data.bcc),
    replyTo: addresses('replyTo', data.replyTo),
  };
}

declare global {
  var kontorApiMailStore: MailStore | undefined;
  var kontorApiSendLimits: SendLimits | undefined;
}

function mailStore(db: Db): MailStore {
  const config = apiConfig();
  globalThis.kontorApiMailStore ??= createMailStore({ db, dataDir: config.DATA_DIR, redis: apiRedis(), log: apiLog(), redisPrefix: config.REDIS_PREFIX });
  return globalThis.kontorApiMailStore;
}

/** The counters submission uses (maild's `${REDIS_PREFIX}:send`), so API mail and SMTP mail of a mailbox share its limit. */
function sendLimits(): SendLimits {
  globalThis.kontorApiSendLimits ??= new SendLimits(apiRedis(), `${apiConfig().REDIS_PREFIX}:send`);
  return globalThis.kontorApiSendLimits;
}

export interface SentMessage {
  queueId: string;
  messageId: string;
  recipients: string[];
}

/**
 * POST /messages: a message from one of a sending key's senders, composed
 * as MIME (nodemailer's MailComposer) and routed exactly as submitted mail
 * (@kontor/mailstore's MailRouter): hosted recipients get it in their
 * INBOX (and their autoresponders answer it), the others through the
 * outbound queue, DKIM-signed there with the sender domain's key; the
 * delivery log, and so the trace, has it under the returned queue id. A
 * sender with a mailbox here finds it in Sent. The sender's mailbox limits
 * apply (SEND_LIMIT_* for an address without a mailbox, counted per key),
 * shared with SMTP.
 */
export async function sendApiMessage(db: Db, actor: ApiKeyActor, input: unknown, ip: string | undefined): Promise<SentMessage> {
  const config = apiConfig();
  const data = parse(input);
  let from: string;
  try {
    from = parseDestinationAddress(data.from, 'from');
  } catch (error) {
    throw error instanceof ValidationError ? error : new ValidationError({ from: 'Enter the sender address' });
  }
  if (!apiKeyMaySend(actor, from)) throw new ForbiddenError(`This key may not send as ${from}`);
  const domainName = domainOfAddress(from);
  const domain = await db.domain.findUnique({ where: { name: domainName }, select: { id: true, name: true, active: true } });
  if (!domain?.active) throw new ForbiddenError(`${domainName} does not send mail from here (removed or switched off)`);

  const recipients = [...new Set([...data.to, ...data.cc, ...data.bcc])];
  if (!data.to.length) throw new ValidationError({ to: 'Enter at least one recipient' });
  if (recipients.length > config.SMTP_MAX_RECIPIENTS) throw new ValidationError({ to: `At most ${config.SMTP_MAX_RECIPIENTS} recipients in all` });
  for (const recipient of recipients) {
    // As submission's RCPT step: hosted recipients must exist, others are what sending is for.
    const resolution = await resolveRecipient(db, recipient);
    if (resolution.kind !== 'deliver' && resolution.kind !== 'not-local') {
      const field = data.to.includes(recipient) ? 'to' : data.cc.includes(recipient) ? 'cc' : 'bcc';
      throw new ValidationError({ [field]: `${recipient} is not a mailbox or alias here` });
    }
  }

  const local = localPartOf(from).toLowerCase();
  const base = local.includes('+') ? local.slice(0, local.indexOf('+')) : local;
  const own = await db.mailbox.findFirst({ where: { domainId: domain.id, localPart: base }, select: { id: true } });
  const profile = own ? await sendingProfile(db, own.id) : null;
  if (profile && !profile.active) throw new ForbiddenError(`The mailbox ${profile.address} may not send mail`);
  const subject = profile ? profile.mailboxId : `apikey-${actor.id}`;
  const limit = {
    perHour: profile?.sendLimitPerHour ?? config.SEND_LIMIT_PER_HOUR,
    perDay: profile?.sendLimitPerDay ?? config.SEND_LIMIT_PER_DAY,
  };
  const verdict = await sendLimits()
    .check(subject, limit)
    .catch(() => ({ allowed: true as const }));
  if (!verdict.allowed) {
    apiLog().warn({ event: 'send-limit', key: actor.prefix, from, window: verdict.window, limit: verdict.limit, sent: verdict.sent }, 'sending limit reached');
    throw rateLimited(verdict.retryAfterMs, `Sending limit reached: at most ${verdict.limit} messages per ${verdict.window} from ${from}`);
  }

  const queueId = randomBytes(8).toString('hex');
  const messageId = newMessageId(domain.name);
  const composed = await new MailComposer({
    from: { name: data.fromName ?? profile?.displayName ?? '', address: from },
    to: data.to,
    cc: data.cc.length ? data.cc : undefined,
    replyTo: data.replyTo.length ? data.replyTo : undefined,
    subject: data.subject,
    text: data.text,
    html: data.html,
    messageId,
    date: new Date(),
    attachments: data.attachments?.map((a) => ({ filename: a.filename, content: Buffer.from(a.content, 'base64'), contentType: a.contentType })),
  })
    .compile()
    .build();
  // A trace field as submission writes one (RFC 5321 §4.4), naming the key instead of a signed-in user.
  const received = `Received: from [${ip ?? 'unknown'}] by ${config.MAIL_HOSTNAME} (Kontor API, key ${actor.prefix}) id ${queueId};\r\n\t${rfc5322Date()}\r\n`;
  const raw = Buffer.concat([Buffer.from(received), composed]);
  if (raw.length > config.MAX_MESSAGE_SIZE) {
    throw new ValidationError({ attachments: `The message would be ${raw.length} bytes; at most ${config.MAX_MESSAGE_SIZE} are accepted` });
  }

  const store = mailStore(db);
  const stored = await store.storeBlob(Readable.from([raw]));
  // maild's outbox relay picks the jobs up within its poll interval (a second): this process has no relay to wake.
  const router = new MailRouter({ db, store, relay: { notify() {} }, log: apiLog() });
  try {
    await router.route({
      queueId,
      stored,
      mailFrom: from,
      recipients,
      kind: 'submission',
      dkimDomain: domain.name,
      messageId,
      senderMailboxId: profile?.mailboxId,
      client: { ip: ip ?? '', user: `api:${actor.prefix}`, tls: null },
    });
  } catch (error) {
    if ((error as { code?: string }).code === 'quota_exceeded') throw new ConflictError('A recipient mailbox is full; try again later', 'to');
    throw error;
  }
  // Always, unlike submission's saveSentCopy: no mail program stores a copy of API mail over IMAP.
  if (profile) await storeSentCopy(store, stored, { mailboxId: profile.mailboxId, queueId }, apiLog());
  await sendLimits()
    .record(subject)
    .catch((error: unknown) => apiLog().warn({ err: error, queueId }, 'send counter not updated'));
  await writeAudit(db, actor, {
    action: 'message.send',
    targetType: 'message',
    targetId: queueId,
    domainId: domain.id,
    after: { from, recipients, subject: data.subject, messageId, size: stored.size },
  });
  apiLog().info({ queueId, key: actor.prefix, from, recipients: recipients.length, size: stored.size }, 'message sent through the API');
  return { queueId, messageId, recipients };
}
