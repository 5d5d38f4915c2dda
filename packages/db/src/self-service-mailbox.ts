/**
 * The mailbox a mailbox user manages in webmail's settings: their own and
 * no other. Data functions that both a mailbox's administrators and its
 * user may call (autoresponder, forwarding, app passwords) find the
 * mailbox with getMailboxForActor, so the rule "a user reaches only their
 * own mailbox" is written once.
 */
import { ForbiddenError, NotFoundError } from '@kontor/core';
import { type Actor, isOwnMailbox, type MailboxActor, SYSTEM_ACTOR } from './actor.ts';
import type { DbTx } from './client.ts';
import { getMailbox } from './mailboxes.ts';

/** Refuses anyone but the mailbox's own signed-in user. */
export function requireOwnMailbox(actor: Actor, mailboxId: number, what: string): asserts actor is MailboxActor {
  if (!isOwnMailbox(actor, mailboxId)) throw new ForbiddenError(`Only the mailbox's user can ${what}`);
}

/**
 * The mailbox for an administrator inside their domains (NotFound outside),
 * or for its own user; another mailbox's user is refused.
 */
export async function getMailboxForActor(db: DbTx, actor: Actor, mailboxId: number) {
  if (actor.kind !== 'mailbox') return getMailbox(db, actor, mailboxId);
  requireOwnMailbox(actor, mailboxId, 'change its settings');
  // Its own user sees it whatever the admin scope says (a mailbox user administers no domain).
  return getMailbox(db, SYSTEM_ACTOR, mailboxId);
}

/** What a domain lets its mailbox users set as forwarding themselves (Domain.userForwarding). */
export const USER_FORWARDING_POLICIES = ['any', 'internal', 'off'] as const;
export type UserForwardingPolicy = (typeof USER_FORWARDING_POLICIES)[number];

export function userForwardingPolicy(value: string): UserForwardingPolicy {
  // The database's check constraint allows only these; anything else is treated as the strictest.
  return (USER_FORWARDING_POLICIES as readonly string[]).includes(value) ? (value as UserForwardingPolicy) : 'off';
}

export interface OwnMailboxOverview {
  id: number;
  address: string;
  displayAddress: string;
  displayName: string;
  quotaBytes: number;
  usedBytes: number;
  messageCount: number;
  domain: { id: number; name: string; unicodeName: string; timeZone: string; userForwarding: UserForwardingPolicy };
  twoFactor: 'off' | 'pending' | 'on';
}

/** The settings pages' header: the own mailbox, its storage and its domain's rules. */
export async function ownMailboxOverview(db: DbTx, actor: Actor, mailboxId: number): Promise<OwnMailboxOverview> {
  requireOwnMailbox(actor, mailboxId, 'see its settings');
  const row = await db.mailbox.findUnique({
    where: { id: mailboxId },
    select: {
      id: true,
      localPart: true,
      displayName: true,
      quotaBytes: true,
      usedBytes: true,
      messageCount: true,
      domain: { select: { id: true, name: true, unicodeName: true, timeZone: true, userForwarding: true } },
      totpSecret: { select: { confirmedAt: true } },
    },
  });
  if (!row) throw new NotFoundError(`No mailbox ${mailboxId}`);
  return {
    id: row.id,
    address: `${row.localPart}@${row.domain.name}`,
    displayAddress: `${row.localPart}@${row.domain.unicodeName}`,
    displayName: row.displayName,
    quotaBytes: Number(row.quotaBytes),
    usedBytes: Number(row.usedBytes),
    messageCount: row.messageCount,
    domain: { ...row.domain, userForwarding: userForwardingPolicy(row.domain.userForwarding) },
    twoFactor: !row.totpSecret ? 'off' : row.totpSecret.confirmedAt ? 'on' : 'pending',
  };
}
