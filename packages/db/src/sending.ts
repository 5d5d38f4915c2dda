import { splitAddress } from '@kontor/core';
import { CATCH_ALL } from './aliases.ts';
import type { DbTx } from './client.ts';
import { resolveRecipient } from './recipients.ts';

/** What submission needs to know about an authenticated mailbox. */
export async function sendingProfile(db: DbTx, mailboxId: number) {
  const mailbox = await db.mailbox.findUnique({
    where: { id: mailboxId },
    select: {
      id: true,
      localPart: true,
      displayName: true,
      saveSentCopy: true,
      sendLimitPerHour: true,
      sendLimitPerDay: true,
      active: true,
      domain: { select: { id: true, name: true, active: true } },
    },
  });
  if (!mailbox) return null;
  return {
    mailboxId: mailbox.id,
    domainId: mailbox.domain.id,
    address: `${mailbox.localPart}@${mailbox.domain.name}`,
    displayName: mailbox.displayName,
    saveSentCopy: mailbox.saveSentCopy,
    sendLimitPerHour: mailbox.sendLimitPerHour,
    sendLimitPerDay: mailbox.sendLimitPerDay,
    active: mailbox.active && mailbox.domain.active,
  };
}

/**
 * May this mailbox send as `address` (envelope sender or From:)? Its own
 * address (with or without a +tag), or an alias of a hosted domain that
 * delivers to it (directly or through other aliases). A catch-all does not
 * count: it would let a mailbox sign as anyone of the domain.
 */
export async function mayUseSenderAddress(db: DbTx, mailboxId: number, address: string): Promise<boolean> {
  const parts = splitAddress(address);
  if (!parts) return false;
  const local = parts.local.toLowerCase();
  const domainName = parts.domain.toLowerCase();
  const domain = await db.domain.findUnique({ where: { name: domainName }, select: { id: true } });
  if (!domain) return false;
  const base = local.includes('+') ? local.slice(0, local.indexOf('+')) : local;
  const own = await db.mailbox.findFirst({ where: { domainId: domain.id, localPart: { in: [local, base] } }, select: { id: true } });
  if (own) return own.id === mailboxId;
  const alias = await db.alias.findFirst({
    where: { domainId: domain.id, localPart: { in: [local, base], not: CATCH_ALL }, active: true },
    select: { id: true },
  });
  if (!alias) return false;
  // Who an alias belongs to, not where its mail is forwarded today.
  const resolution = await resolveRecipient(db, `${local}@${domainName}`, { followForwarding: false });
  return resolution.kind === 'deliver' && resolution.mailboxes.some((m) => m.mailboxId === mailboxId);
}
