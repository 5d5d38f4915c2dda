/**
 * Where a new message goes once it is stored: the hosted recipients' INBOX
 * and one outbound job per remote domain, in one transaction (the jobs are
 * outbox rows). maild's submission, bounces and autoreplies use it, and so
 * does the panel's sending API (apps/web/lib/api/send-message.ts), so mail
 * handed in over HTTP takes exactly the path of submitted mail: the same
 * queue, DKIM signing by the outbound worker, the same delivery log rows,
 * the same autoreplies of hosted recipients.
 */
import { domainOfAddress, type Logger, OUTBOUND_QUEUE, type OutboundJob } from '@kontor/core';
import { type Db, logDeliveries, resolveRecipient } from '@kontor/db';
import { autoreplyOutbox } from './autoreplies.ts';
import type { StoredBlob } from './delivery.ts';
import type { MailStore } from './mail-store.ts';
import type { OutboxEntry } from './outbox.ts';

/** Wakes the outbox relay after a commit (maild's queue/outbox-relay.ts); a process without a relay leaves the rows to maild's poll. */
export interface OutboxNotifier {
  notify(): void;
}

/**
 * One `deliver` job per remote domain of a message, as outbox rows: the
 * caller commits them with the message (store.deliver(..., { outbox,
 * extraReferences: jobs.length })), each holding one blob reference and
 * writing its recipients' state rows in the same transaction.
 */
export function deliverJobs(message: Omit<OutboundJob, 'recipients'>, recipients: string[]): OutboxEntry[] {
  const byDomain = new Map<string, string[]>();
  for (const rcpt of recipients) {
    const domain = domainOfAddress(rcpt);
    byDomain.set(domain, [...(byDomain.get(domain) ?? []), rcpt]);
  }
  return [...byDomain.values()].map((rcpts) => ({
    queue: OUTBOUND_QUEUE,
    name: 'deliver',
    data: { ...message, recipients: rcpts, createdAt: message.createdAt ?? Date.now() } satisfies OutboundJob,
    outbound: { queueId: message.queueId, recipients: rcpts },
  }));
}

export interface RouteRequest {
  queueId: string;
  stored: StoredBlob;
  /** Envelope sender; '' for bounces and autoreplies. */
  mailFrom: string;
  recipients: string[];
  kind: 'submission' | 'bounce' | 'autoreply' | 'notice';
  /** Sign remote copies with this hosted domain's key. */
  dkimDomain?: string;
  /**
   * Every recipient goes out through the outbound queue and the MX lookup,
   * even one of a hosted domain: the deliverability self-test's probe must
   * travel as mail to a stranger does (MAIL_HOSTNAME may be a hosted domain).
   */
  remoteOnly?: boolean;
  /** Message-ID for the delivery log. */
  messageId?: string;
  /** Mailbox whose user sent it (the delivery log). */
  senderMailboxId?: number;
  /** Who handed it in, for the message trace: the client's address, the signed-in user, TLS (null: none). */
  client?: { ip: string; user: string; tls: { protocol?: string; cipher?: string } | null };
}

export interface RouteResult {
  local: Array<{ recipient: string; mailboxIds: number[] }>;
  remote: string[];
  /** Recipients of hosted domains that take no mail (unknown, disabled): only bounces and autoreplies get here. */
  undeliverable: string[];
}

/**
 * Sends a stored message on its way: recipients of hosted domains are
 * resolved (mailboxes, aliases, catch-all) and filed into their INBOX in
 * one transaction, exactly as the MX does; everything else becomes one
 * outbound job per remote domain, holding the blob until it is sent. The
 * jobs (and autoreply triggers) are outbox rows of that transaction.
 */
export class MailRouter {
  constructor(private readonly deps: { db: Db; store: MailStore; relay: OutboxNotifier; log: Logger }) {}

  async route(request: RouteRequest): Promise<RouteResult> {
    const { db, store, relay } = this.deps;
    const mailboxes = new Set<number>();
    /** Whose autoresponder may answer: the mailboxes reached, also those that forward without keeping a copy. */
    const answering = new Set<number>();
    const remote = new Set<string>();
    const result: RouteResult = { local: [], remote: [], undeliverable: [] };
    for (const recipient of request.recipients) {
      if (request.remoteOnly) {
        remote.add(recipient);
        continue;
      }
      const resolution = await resolveRecipient(db, recipient);
      if (resolution.kind === 'not-local') {
        remote.add(recipient);
      } else if (resolution.kind === 'deliver') {
        for (const m of resolution.mailboxes) {
          mailboxes.add(m.mailboxId);
          answering.add(m.mailboxId);
        }
        for (const f of resolution.forwardings) answering.add(f.from.mailboxId);
        for (const f of resolution.forwards) remote.add(f);
        result.local.push({ recipient, mailboxIds: resolution.mailboxes.map((m) => m.mailboxId) });
      } else {
        result.undeliverable.push(recipient);
      }
    }
    result.remote = [...remote];
    const jobs = deliverJobs(
      {
        queueId: request.queueId,
        blobSha256: request.stored.sha256,
        size: request.stored.size,
        mailFrom: request.mailFrom,
        kind: request.kind,
        dkimDomain: request.dkimDomain,
        messageId: request.messageId,
      },
      result.remote,
    );
    const outbox = [...jobs];
    // Bounces and autoreplies are never answered (RFC 3834 §2); submitted mail is, as received mail is.
    if (request.kind === 'submission') {
      outbox.push(
        ...(await autoreplyOutbox(db, { queueId: request.queueId, blobSha256: request.stored.sha256, mailFrom: request.mailFrom, mailboxIds: [...answering] })),
      );
    }
    if (mailboxes.size || outbox.length) {
      await store.deliver(
        request.stored,
        [...mailboxes].map((mailboxId) => ({ mailboxId, folder: 'INBOX' })),
        { extraReferences: jobs.length, outbox },
      );
    }
    if (outbox.length) relay.notify();
    const verdicts = { kind: request.kind, ...(request.client ? { client: request.client } : {}) };
    // The null sender names no domain: the row counts for the domain it is sent for (an autoreply's).
    const senderDomain = request.mailFrom ? undefined : request.dkimDomain;
    await logDeliveries(db, [
      ...result.local.map((l) => ({
        messageId: request.messageId ?? request.queueId,
        queueId: request.queueId,
        direction: 'OUTBOUND' as const,
        mailFrom: request.mailFrom,
        rcptTo: l.recipient,
        status: 'delivered',
        remoteHost: 'local',
        remoteResponse: '250 delivered to a local mailbox',
        mailboxId: l.mailboxIds[0] ?? request.senderMailboxId ?? null,
        verdicts,
        senderDomain,
      })),
      ...result.remote.map((rcpt) => ({
        messageId: request.messageId ?? request.queueId,
        queueId: request.queueId,
        direction: 'OUTBOUND' as const,
        mailFrom: request.mailFrom,
        rcptTo: rcpt,
        status: 'queued',
        mailboxId: request.senderMailboxId ?? null,
        verdicts,
        senderDomain,
      })),
    ]).catch((error: unknown) => this.deps.log.warn({ err: error, queueId: request.queueId }, 'delivery log write failed'));
    return result;
  }
}
