/**
 * The autoreply jobs a delivery causes: one per reached mailbox whose
 * autoresponder is on and inside its dates, as outbox rows committed with
 * the delivery (so a message is answered once, however Redis fares). The
 * decision itself (RFC 3834 rules, once per sender per interval) is the
 * job's, in maild's autoreply worker. Mail received over SMTP (maild's
 * inbound delivery) and mail routed as submitted (MailRouter: submission
 * and the panel's sending API) both come here, so every way in answers alike.
 */
import { AUTOREPLY_QUEUE, type AutoreplyJob } from '@kontor/core';
import { autorespondersForDelivery, type Db } from '@kontor/db';
import type { OutboxEntry } from './outbox.ts';

export interface AnsweredDelivery {
  queueId: string;
  blobSha256: string;
  /** Envelope sender; the null sender (a bounce) is never answered. */
  mailFrom: string;
  /** The mailboxes the message reached, or that forwarded it without keeping a copy. */
  mailboxIds: number[];
}

export async function autoreplyOutbox(db: Db, delivery: AnsweredDelivery, receivedAt = Date.now()): Promise<OutboxEntry[]> {
  if (!delivery.mailFrom || !delivery.mailboxIds.length) return [];
  // One past its end is switched off here, on the first message that meets it.
  const active = await autorespondersForDelivery(db, delivery.mailboxIds, new Date(receivedAt));
  return active.map((a) => ({
    queue: AUTOREPLY_QUEUE,
    name: 'autoreply',
    data: {
      mailboxId: a.mailboxId,
      sender: delivery.mailFrom,
      blobSha256: delivery.blobSha256,
      queueId: delivery.queueId,
      receivedAt,
    } satisfies AutoreplyJob,
  }));
}
