import type { Readable } from 'node:stream';
import { domainOfAddress, type Logger } from '@kontor/core';
import { type Db, type DeliveryTargets, type LocalTarget, logDeliveries, recordDmarcEvaluation } from '@kontor/db';
import { autoreplyOutbox, type MailStore, type OutboxEntry } from '@kontor/mailstore';
import type { AuthVerdicts } from './message-auth.ts';
import { reject } from './reply.ts';
import { ingestReports } from './report-ingest.ts';

export interface ForwardJob {
  queueId: string;
  blobSha256: string;
  size: number;
  mailFrom: string;
  /** External destinations, all in one domain. */
  recipients: string[];
  /** The hosted domain that forwards, by alias or mailbox forwarding (SRS rewrites the sender into it). */
  srsDomain?: string;
}

/** Turns forward jobs into outbox rows committed with the delivery (queue/outbound-queue.ts). */
export type ForwardOutbox = (jobs: ForwardJob[]) => OutboxEntry[];

/** Wakes the outbox relay after a commit (queue/outbox-relay.ts). */
export interface OutboxNotifier {
  notify(): void;
}

export interface InboundMessage {
  queueId: string;
  message: Readable;
  mailFrom: string;
  recipients: Array<{ address: string } & DeliveryTargets>;
  folder: string;
  verdicts: AuthVerdicts;
  remoteAddress: string;
  /** The client's HELO name and the TLS it negotiated (null: none), for the message trace. */
  helo?: string;
  tls?: { protocol?: string; cipher?: string } | null;
}

export interface InboundDelivery {
  deliver(message: InboundMessage): Promise<void>;
  /** A message refused for its sender domain's DMARC policy, for that domain's aggregate report (disposition reject). */
  recordDmarcRefusal(verdicts: AuthVerdicts, ip: string): Promise<void>;
  logRefusal(entry: {
    mailFrom: string;
    rcptTo: string;
    ip: string;
    reply: string;
    status: string;
    verdicts?: AuthVerdicts;
    tls?: { protocol?: string; cipher?: string } | null;
  }): Promise<void>;
}

/**
 * One forward job per external destination domain, each remembering the
 * hosted domain whose alias or mailbox forwards (for SRS).
 */
function forwardJobsOf(message: InboundMessage, stored: { sha256: string; size: number }): ForwardJob[] {
  const byDomain = new Map<string, { recipients: Set<string>; srsDomain: string }>();
  for (const recipient of message.recipients) {
    const via = domainOfAddress(recipient.address);
    for (const forward of recipient.forwards) {
      const domain = domainOfAddress(forward);
      const group = byDomain.get(domain) ?? { recipients: new Set<string>(), srsDomain: via };
      group.recipients.add(forward);
      byDomain.set(domain, group);
    }
  }
  return [...byDomain.values()].map((group) => ({
    queueId: message.queueId,
    blobSha256: stored.sha256,
    size: stored.size,
    mailFrom: message.mailFrom,
    recipients: [...group.recipients],
    srsDomain: group.srsDomain,
  }));
}

/**
 * Mailboxes whose autoresponder may answer: those that store the message
 * and those that forwarded it without keeping a copy (the sender wrote to
 * them; "I am away, your mail went to my colleague" is the common case).
 * The job decides by the RFC 3834 rules, To/Cc included.
 */
function answeringMailboxes(message: InboundMessage, stored: Map<number, LocalTarget>): number[] {
  const ids = new Set(stored.keys());
  for (const recipient of message.recipients) for (const f of recipient.forwardings) ids.add(f.from.mailboxId);
  return [...ids];
}

/**
 * The delivery log row of one envelope recipient, as for aliases:
 * "forwarded" when nothing stays in a mailbox for it, and also when the
 * addressed mailbox forwards without keeping a copy (whatever its targets
 * did with it); the mailbox forwardings met are in `verdicts.forwarded`.
 */
function logStatusOf(recipient: InboundMessage['recipients'][number]) {
  const own = recipient.forwardings.find((f) => f.addressed);
  const status = recipient.mailboxes.length && !(own && !own.keepCopy) ? 'accepted' : 'forwarded';
  const forwarded = recipient.forwardings.map((f) => ({ from: f.from.address, to: f.to, keepCopy: f.keepCopy }));
  return { status, mailboxId: own?.from.mailboxId ?? recipient.mailboxes[0]?.mailboxId ?? null, forwarded: forwarded.length ? forwarded : undefined };
}

function messageIdOf(structure: unknown): string {
  const envelope = (structure as { envelope?: { messageId?: string | null } } | undefined)?.envelope;
  return envelope?.messageId ?? '';
}

/**
 * Stores a received message once and gives each local mailbox its copy in
 * one transaction; external forwards (outbound jobs holding the blob) and
 * autoreply triggers are outbox rows of that same transaction. Throws
 * (→ 451/452) when anything fails, leaving nothing half-written; once it
 * has committed, nothing can fail the delivery any more: Redis is the
 * relay's business (docs/decisions/0004-outbox-and-queue-state.md).
 */
export function createInboundDelivery(deps: {
  db: Db;
  store: MailStore;
  forwards: ForwardOutbox;
  relay: OutboxNotifier;
  log: Logger;
  /** DMARC_REPORTS_SEND: keep DMARC evaluations for the aggregate reports (dmarc-reports/). */
  recordDmarc?: boolean;
}): InboundDelivery {
  const { db, store, forwards, relay, log } = deps;
  return {
    async deliver(message) {
      const stored = await store.storeBlob(message.message);
      const mailboxes = new Map<number, LocalTarget>();
      for (const recipient of message.recipients) for (const m of recipient.mailboxes) mailboxes.set(m.mailboxId, m);
      const forwardJobs = forwardJobsOf(message, stored);
      const outbox = forwards(forwardJobs);
      const answering = answeringMailboxes(message, mailboxes);
      // Mail filed as spam is not answered; the rule itself is shared with submitted and API mail (@kontor/mailstore).
      if (message.folder === 'INBOX') {
        outbox.push(...(await autoreplyOutbox(db, { queueId: message.queueId, blobSha256: stored.sha256, mailFrom: message.mailFrom, mailboxIds: answering })));
      }
      try {
        await store.deliver(
          stored,
          [...mailboxes.values()].map((m) => ({ mailboxId: m.mailboxId, folder: message.folder })),
          { extraReferences: forwardJobs.length, outbox },
        );
      } catch (error) {
        if ((error as { code?: string }).code === 'quota_exceeded') throw reject(452, '4.2.2', 'Mailbox full, try again later');
        throw error;
      }
      if (outbox.length) relay.notify();
      // DMARC and TLS reports to the report addresses are read once the mail is safe (smtp/report-ingest.ts).
      await ingestReports(
        { db, log },
        {
          queueId: message.queueId,
          mailFrom: message.mailFrom,
          recipients: message.recipients.map((r) => r.address),
          read: () => store.readMessage(stored.sha256, { start: 0, end: stored.size }),
        },
      );
      const evaluation = message.verdicts.dmarcEvaluation;
      if (evaluation && deps.recordDmarc) {
        // What the sender domain's aggregate report says we did with it (RFC 7489 §7.2; dmarc-reports/).
        const disposition = message.verdicts.dmarc === 'fail' && message.folder !== 'INBOX' ? 'quarantine' : 'none';
        await recordDmarcEvaluation(db, { ...evaluation, sourceIp: message.remoteAddress, disposition }).catch((error: unknown) =>
          log.warn({ err: error, queueId: message.queueId }, 'DMARC evaluation not recorded'),
        );
      }
      const messageId = messageIdOf(stored.structure);
      const verdicts = {
        spf: message.verdicts.spf,
        dkim: message.verdicts.dkim,
        dmarc: message.verdicts.dmarc,
        arc: message.verdicts.arc,
        folder: message.folder,
        ...(message.helo !== undefined ? { helo: message.helo } : {}),
        ...(message.tls !== undefined ? { tls: message.tls } : {}),
      };
      await logDeliveries(
        db,
        message.recipients.map((r) => {
          const { status, mailboxId, forwarded } = logStatusOf(r);
          return {
            messageId,
            queueId: message.queueId,
            direction: 'INBOUND' as const,
            mailFrom: message.mailFrom,
            rcptTo: r.address,
            status,
            remoteHost: message.remoteAddress,
            remoteResponse: '250',
            verdicts: { ...verdicts, ...(forwarded ? { forwarded } : {}), ...(r.forwards.length ? { forwards: r.forwards } : {}) },
            mailboxId,
          };
        }),
      ).catch((error: unknown) => log.warn({ err: error, queueId: message.queueId }, 'delivery log write failed'));
    },

    async recordDmarcRefusal(verdicts, ip) {
      if (!verdicts.dmarcEvaluation || !deps.recordDmarc) return;
      await recordDmarcEvaluation(db, { ...verdicts.dmarcEvaluation, sourceIp: ip, disposition: 'reject' }).catch((error: unknown) =>
        log.warn({ err: error }, 'DMARC evaluation not recorded'),
      );
    },

    async logRefusal(entry) {
      await logDeliveries(db, [
        {
          direction: 'INBOUND',
          mailFrom: entry.mailFrom,
          rcptTo: entry.rcptTo,
          status: entry.status,
          remoteHost: entry.ip,
          remoteResponse: entry.reply,
          verdicts: {
            ...(entry.verdicts ? { spf: entry.verdicts.spf, dkim: entry.verdicts.dkim, dmarc: entry.verdicts.dmarc } : {}),
            ...(entry.tls !== undefined ? { tls: entry.tls } : {}),
          },
        },
      ]);
    },
  };
}
