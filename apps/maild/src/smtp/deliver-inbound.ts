import type { Readable } from 'node:stream';
import type { Logger } from '@kontor/core';
import { logDeliveries, type Db, type LocalTarget } from '@kontor/db';
import type { MailStore } from '@kontor/mailstore';
import type { AuthVerdicts } from './message-auth.ts';
import { reject } from './reply.ts';

export interface ForwardJob {
  queueId: string;
  blobSha256: string;
  size: number;
  mailFrom: string;
  recipients: string[];
}

/** Where forwarded copies go until the outbound worker sends them. */
export interface ForwardQueue {
  enqueue(job: ForwardJob): Promise<void>;
}

export interface InboundMessage {
  queueId: string;
  message: Readable;
  mailFrom: string;
  recipients: Array<{ address: string; mailboxes: LocalTarget[]; forwards: string[] }>;
  folder: string;
  verdicts: AuthVerdicts;
  remoteAddress: string;
}

export interface InboundDelivery {
  deliver(message: InboundMessage): Promise<void>;
  logRefusal(entry: { mailFrom: string; rcptTo: string; ip: string; reply: string; status: string; verdicts?: AuthVerdicts }): Promise<void>;
}

function messageIdOf(structure: unknown): string {
  const envelope = (structure as { envelope?: { messageId?: string | null } } | undefined)?.envelope;
  return envelope?.messageId ?? '';
}

/**
 * Stores a received message once and gives each local mailbox its copy in
 * one transaction; external forwards become outbound jobs holding the blob.
 * Throws (→ 451/452) when anything fails, leaving nothing half-written.
 */
export function createInboundDelivery(deps: { db: Db; store: MailStore; forwards: ForwardQueue; log: Logger }): InboundDelivery {
  const { db, store, forwards, log } = deps;
  return {
    async deliver(message) {
      const stored = await store.storeBlob(message.message);
      const mailboxes = new Map<number, LocalTarget>();
      for (const recipient of message.recipients) for (const m of recipient.mailboxes) mailboxes.set(m.mailboxId, m);
      const forwardTo = [...new Set(message.recipients.flatMap((r) => r.forwards))];
      try {
        await store.deliver(
          stored,
          [...mailboxes.values()].map((m) => ({ mailboxId: m.mailboxId, folder: message.folder })),
          { extraReferences: forwardTo.length ? 1 : 0 },
        );
      } catch (error) {
        if ((error as { code?: string }).code === 'quota_exceeded') throw reject(452, '4.2.2', 'Mailbox full, try again later');
        throw error;
      }
      if (forwardTo.length) {
        await forwards.enqueue({ queueId: message.queueId, blobSha256: stored.sha256, size: stored.size, mailFrom: message.mailFrom, recipients: forwardTo });
      }
      const messageId = messageIdOf(stored.structure);
      const verdicts = { spf: message.verdicts.spf, dkim: message.verdicts.dkim, dmarc: message.verdicts.dmarc, arc: message.verdicts.arc, folder: message.folder };
      await logDeliveries(
        db,
        message.recipients.map((r) => ({
          messageId,
          queueId: message.queueId,
          direction: 'INBOUND' as const,
          mailFrom: message.mailFrom,
          rcptTo: r.address,
          status: r.mailboxes.length ? 'accepted' : 'forwarded',
          remoteHost: message.remoteAddress,
          remoteResponse: '250',
          verdicts,
          mailboxId: r.mailboxes[0]?.mailboxId ?? null,
        })),
      ).catch((error: unknown) => log.warn({ err: error, queueId: message.queueId }, 'delivery log write failed'));
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
          verdicts: entry.verdicts ? { spf: entry.verdicts.spf, dkim: entry.verdicts.dkim, dmarc: entry.verdicts.dmarc } : undefined,
        },
      ]);
    },
  };
}
