import { domainOfAddress, parseDomainName } from '@kontor/core';
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
  /** Set only to override the domain taken from the addresses (see below). */
  domainId?: number | null;
  /** The hosted domain a message with the null sender is sent for (an autoreply's mailbox domain). */
  senderDomain?: string;
  mailboxId?: number | null;
}

/** A hosted domain's name as Domain.name stores it (ASCII, lower case), or null. */
function domainKey(addressOrDomain: string, isDomain = false): string | null {
  const domain = isDomain ? addressOrDomain : addressOrDomain.includes('@') ? domainOfAddress(addressOrDomain) : '';
  if (!domain) return null;
  const parsed = parseDomainName(domain);
  return parsed.ok ? parsed.value.ascii : null;
}

/**
 * One row per recipient and outcome; never throws into the mail path's reply.
 * Each row is given the hosted domains it belongs to, so a domain admin sees
 * exactly their mail and the dashboard counts it for them: `domainId` is the
 * recipient's domain for inbound rows and the sender's (or `senderDomain`)
 * for outbound ones, `peerDomainId` the other end's when that is hosted too.
 * The dashboard's per-day counters (DeliveryStat) are added by a trigger on
 * the insert itself (migration 20261203094000_delivery_stats).
 */
export async function logDeliveries(db: DbTx, entries: DeliveryLogEntry[]): Promise<void> {
  if (!entries.length) return;
  const sides = entries.map((e) => {
    const sender = e.mailFrom ? domainKey(e.mailFrom) : e.senderDomain ? domainKey(e.senderDomain, true) : null;
    const recipient = domainKey(e.rcptTo);
    return e.direction === 'INBOUND' ? { own: recipient, peer: sender } : { own: sender, peer: recipient };
  });
  const names = [...new Set(sides.flatMap((s) => [s.own, s.peer]).filter((n): n is string => n !== null))];
  const hosted = names.length
    ? new Map((await db.domain.findMany({ where: { name: { in: names } }, select: { id: true, name: true } })).map((d) => [d.name, d.id]))
    : new Map<string, number>();
  await db.deliveryLog.createMany({
    data: entries.map((e, i) => {
      const side = sides[i]!;
      const domainId = e.domainId !== undefined ? e.domainId : side.own ? (hosted.get(side.own) ?? null) : null;
      const peer = side.peer ? (hosted.get(side.peer) ?? null) : null;
      return {
        messageId: (e.messageId ?? '').slice(0, 998),
        queueId: e.queueId ?? '',
        direction: e.direction,
        mailFrom: e.mailFrom,
        rcptTo: e.rcptTo,
        status: e.status,
        remoteHost: e.remoteHost ?? '',
        remoteResponse: (e.remoteResponse ?? '').slice(0, 2000),
        verdicts: (e.verdicts as object | undefined) ?? undefined,
        domainId,
        peerDomainId: peer !== domainId ? peer : null,
        mailboxId: e.mailboxId ?? null,
      };
    }),
  });
}
