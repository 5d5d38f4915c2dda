/**
 * STATUS (RFC 3501 §6.3.10): MESSAGES RECENT UIDNEXT UIDVALIDITY UNSEEN,
 * HIGHESTMODSEQ (RFC 7162), SIZE (RFC 8438), DELETED (RFC 9051).
 * `statusResponse` is shared with LIST-STATUS (RFC 5819).
 */
import type { StatusItem } from '../protocol/args/status.ts';
import type { CommandHandler } from '../protocol/dispatcher.ts';
import { atom, type WireValue } from '../protocol/encoder.ts';
import { enableCondstore } from '../server/condstore.ts';
import type { Session } from '../server/session.ts';
import type { ExpensiveStatusItem, MailboxStatus } from '../storage.ts';
import { ok, userOf } from './results.ts';

export function expensiveItems(items: readonly StatusItem[]): ExpensiveStatusItem[] {
  return items.filter((item): item is ExpensiveStatusItem => item === 'RECENT' || item === 'SIZE' || item === 'DELETED');
}

export function statusResponse(session: Session, status: MailboxStatus, items: readonly StatusItem[]): WireValue[] {
  const values: WireValue[] = [];
  for (const item of items) {
    const value = statusValue(status, item);
    if (value !== undefined) values.push(atom(item), value);
  }
  return [atom('STATUS'), session.mailboxName(status.name), values];
}

function statusValue(status: MailboxStatus, item: StatusItem): number | bigint | undefined {
  switch (item) {
    case 'MESSAGES':
      return status.messages;
    case 'RECENT':
      return status.recent ?? 0;
    case 'UIDNEXT':
      return status.uidNext;
    case 'UIDVALIDITY':
      return status.uidValidity;
    case 'UNSEEN':
      return status.unseen;
    case 'HIGHESTMODSEQ':
      return status.highestModseq;
    case 'SIZE':
      return status.size ?? 0;
    case 'DELETED':
      return status.deleted ?? 0;
    case 'APPENDLIMIT':
      return undefined;
  }
}

export const status: CommandHandler<'STATUS', Session> = async ({ mailbox, items }, { session }) => {
  const found = await session.storage.mailboxStatus(userOf(session), mailbox, expensiveItems(items));
  if (items.includes('HIGHESTMODSEQ')) await enableCondstore(session);
  await session.send(statusResponse(session, found, items));
  return ok('STATUS completed');
};
