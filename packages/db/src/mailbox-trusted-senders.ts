import { ForbiddenError } from '@kontor/core';
import { z } from 'zod';
import type { Actor, MailboxActor } from './actor.ts';
import type { DbTx } from './client.ts';
import { parseInput } from './validate.ts';

/**
 * Senders whose remote images and CSS a webmail user always shows (the
 * reading pane's "Always for this sender"). The user's own list: no admin
 * reads or changes it.
 */

/** Enough for every newsletter a business reads; a bound on a table a user fills by clicking. */
export const MAX_TRUSTED_SENDERS = 1000;

const senderAddress = z
  .string()
  .trim()
  .toLowerCase()
  .min(3)
  .max(320)
  .regex(/^[^@\s<>"]+@[^@\s<>"]+$/, 'Not an address');

export interface TrustedSenderView {
  address: string;
  createdAt: Date;
}

function ownMailbox(actor: Actor, what: string): MailboxActor {
  if (actor.kind !== 'mailbox') throw new ForbiddenError(`Only a mailbox's user can ${what}`);
  return actor;
}

/** The user's trusted senders, alphabetically. */
export async function listTrustedSenders(db: DbTx, actor: Actor): Promise<TrustedSenderView[]> {
  const mailbox = ownMailbox(actor, 'read its trusted senders');
  return db.mailboxTrustedSender.findMany({ where: { mailboxId: mailbox.id }, orderBy: { address: 'asc' }, select: { address: true, createdAt: true } });
}

/** Whether the user trusts `address` (compared in lower case); false for anything that is not an address. */
export async function isTrustedSender(db: DbTx, actor: Actor, address: string): Promise<boolean> {
  const mailbox = ownMailbox(actor, 'read its trusted senders');
  const parsed = senderAddress.safeParse(address);
  if (!parsed.success) return false;
  return (await db.mailboxTrustedSender.count({ where: { mailboxId: mailbox.id, address: parsed.data } })) > 0;
}

/** Trusts a sender (idempotent). Refused past MAX_TRUSTED_SENDERS. */
export async function trustSender(db: DbTx, actor: Actor, address: string): Promise<TrustedSenderView> {
  const mailbox = ownMailbox(actor, 'change its trusted senders');
  const data = parseInput(z.object({ address: senderAddress }), { address });
  const existing = await db.mailboxTrustedSender.findUnique({
    where: { mailboxId_address: { mailboxId: mailbox.id, address: data.address } },
    select: { address: true, createdAt: true },
  });
  if (existing) return existing;
  if ((await db.mailboxTrustedSender.count({ where: { mailboxId: mailbox.id } })) >= MAX_TRUSTED_SENDERS) {
    throw new ForbiddenError(`At most ${MAX_TRUSTED_SENDERS} trusted senders`);
  }
  return db.mailboxTrustedSender.upsert({
    where: { mailboxId_address: { mailboxId: mailbox.id, address: data.address } },
    create: { mailboxId: mailbox.id, address: data.address },
    update: {},
    select: { address: true, createdAt: true },
  });
}

/** Stops trusting a sender; true when it was trusted. */
export async function untrustSender(db: DbTx, actor: Actor, address: string): Promise<boolean> {
  const mailbox = ownMailbox(actor, 'change its trusted senders');
  const parsed = senderAddress.safeParse(address);
  if (!parsed.success) return false;
  const { count } = await db.mailboxTrustedSender.deleteMany({ where: { mailboxId: mailbox.id, address: parsed.data } });
  return count > 0;
}
