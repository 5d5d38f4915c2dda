import type { DbTx } from './client.ts';

export interface DeliveryLogEntry {
  messageId?: string;
  queueId?: string;
  direction: 'INBOUND' | 'OUTBOUND';
  mailFrom: string;
  rcptTo: string;
  /** accepted, rejected, deferred, delivered, bounced, forwarded, queued */
  status: string;
  remoteHost?: string;
  remoteResponse?: string;
  verdicts?: Record<string, unknown>;
  domainId?: number | null;
  mailboxId?: number | null;
}

/** One row per recipient and outcome; never throws into the mail path's reply. */
export async function logDeliveries(db: DbTx, entries: DeliveryLogEntry[]): Promise<void> {
  if (!entries.length) return;
  await db.deliveryLog.createMany({
    data: entries.map((e) => ({
      messageId: (e.messageId ?? '').slice(0, 998),
      queueId: e.queueId ?? '',
      direction: e.direction,
      mailFrom: e.mailFrom,
      rcptTo: e.rcptTo,
      status: e.status,
      remoteHost: e.remoteHost ?? '',
      remoteResponse: (e.remoteResponse ?? '').slice(0, 2000),
      verdicts: (e.verdicts as object | undefined) ?? undefined,
      domainId: e.domainId ?? null,
      mailboxId: e.mailboxId ?? null,
    })),
  });
}
