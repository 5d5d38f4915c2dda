import { autoresponderActive } from '@kontor/core';
import type { Actor } from './actor.ts';
import type { DbTx } from './client.ts';
import { getDomain } from './domains.ts';
import { containsPattern, type ListPage, type ListQuery, pageWindow } from './validate.ts';

const listSelect = {
  id: true,
  localPart: true,
  displayName: true,
  quotaBytes: true,
  usedBytes: true,
  messageCount: true,
  active: true,
  forwardTo: true,
  autoresponder: { select: { enabled: true, startsAt: true, endsAt: true } },
} as const;

export interface MailboxListRow {
  id: number;
  localPart: string;
  address: string;
  displayAddress: string;
  displayName: string;
  quotaBytes: bigint;
  usedBytes: bigint;
  messageCount: number;
  active: boolean;
  /** Switched on and inside its dates now: replies are being sent. */
  autoresponderActive: boolean;
  /** Mail is forwarded to these addresses (empty: not forwarded). */
  forwardTo: string[];
}

/**
 * One page of a domain's mailboxes as the panel's list shows them, searched
 * by address or display name. "anna@example.com" searches for "anna": the
 * domain is the one being listed. Ordered by address, which the
 * (domainId, localPart) index serves, so page 200 of 10,000 costs what
 * page 1 does.
 */
export async function listMailboxesPage(db: DbTx, actor: Actor, domainId: number, query: ListQuery, now = new Date()): Promise<ListPage<MailboxListRow>> {
  const domain = await getDomain(db, actor, domainId);
  const q = query.q;
  const localPart = (q.includes('@') ? q.slice(0, q.indexOf('@')) : q).toLowerCase();
  const where = {
    domainId: domain.id,
    ...(q
      ? {
          OR: [
            ...(localPart ? [{ localPart: { contains: containsPattern(localPart) } }] : []),
            { displayName: { contains: containsPattern(q), mode: 'insensitive' as const } },
          ],
        }
      : {}),
  };
  const [total, rows] = await Promise.all([
    db.mailbox.count({ where }),
    db.mailbox.findMany({ where, orderBy: { localPart: 'asc' }, select: listSelect, ...pageWindow(query) }),
  ]);
  return {
    rows: rows.map(({ autoresponder, ...row }) => ({
      ...row,
      address: `${row.localPart}@${domain.name}`,
      displayAddress: `${row.localPart}@${domain.unicodeName}`,
      autoresponderActive: !!autoresponder && autoresponderActive(autoresponder, now),
    })),
    total,
    page: query.page,
    pageSize: query.pageSize,
  };
}
