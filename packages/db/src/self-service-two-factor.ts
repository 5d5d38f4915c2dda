/**
 * A mailbox user's own two-factor sign-in, set up in webmail's settings
 * with the same steps as an administrator's (totp-enrolment.ts). Once it is
 * on, webmail asks for a code (mailbox-sign-in.ts) and mail apps need app
 * passwords: authenticateMailbox refuses the account password, since IMAP,
 * POP3 and SMTP cannot ask for a code. An administrator can only reset it
 * (mailbox-security.ts resetMailboxTwoFactor).
 */
import { NotFoundError } from '@kontor/core';
import type { Actor, MailboxActor } from './actor.ts';
import type { TwoFactorOptions } from './admin-totp.ts';
import type { Db, DbTx } from './client.ts';
import { requireOwnMailbox } from './self-service-mailbox.ts';
import {
  confirmTotpEnrolment,
  disableTotp,
  pendingTotp,
  regenerateRecoveryCodes,
  startTotpEnrolment,
  type TotpEnrolment,
  type TotpOwner,
  type TwoFactorEvent,
  type TwoFactorStatus,
  twoFactorStatus,
} from './totp-enrolment.ts';

function ownMailbox(actor: Actor, mailboxId: number): MailboxActor {
  requireOwnMailbox(actor, mailboxId, 'set up its two-factor sign-in');
  return actor;
}

/** The mailbox's rows and audit trail for the shared TOTP steps. */
function mailboxOwner(actor: MailboxActor): TotpOwner {
  return {
    where: { mailboxId: actor.id },
    label: actor.address,
    audit: (event: TwoFactorEvent, after) => ({ action: `mailbox.2fa.${event}`, targetType: 'mailbox', targetId: actor.id, domainId: actor.domainId, after }),
    async passwordHash(db: DbTx) {
      const mailbox = await db.mailbox.findUnique({ where: { id: actor.id }, select: { passwordHash: true } });
      if (!mailbox) throw new NotFoundError(`No mailbox ${actor.id}`);
      return mailbox.passwordHash;
    },
  };
}

export async function mailboxTwoFactorStatus(db: DbTx, actor: Actor, mailboxId: number): Promise<TwoFactorStatus> {
  ownMailbox(actor, mailboxId);
  return twoFactorStatus(db, { mailboxId });
}

/** The setup waiting for its first code (a reload shows the same QR code), or null. */
export async function pendingMailboxTotp(db: DbTx, actor: Actor, mailboxId: number, options: TwoFactorOptions): Promise<TotpEnrolment | null> {
  return pendingTotp(db, mailboxOwner(ownMailbox(actor, mailboxId)), options);
}

/** Starts (or starts over) the setup; the account password keeps working everywhere until a code confirms it. */
export async function startMailboxTotpEnrolment(db: Db, actor: Actor, mailboxId: number, options: TwoFactorOptions): Promise<TotpEnrolment> {
  return startTotpEnrolment(db, mailboxOwner(ownMailbox(actor, mailboxId)), options);
}

/** Turns it on with the first code; returns the ten recovery codes, this once. */
export async function confirmMailboxTotpEnrolment(db: Db, actor: Actor, mailboxId: number, code: string, options: TwoFactorOptions): Promise<string[]> {
  const own = ownMailbox(actor, mailboxId);
  return confirmTotpEnrolment(db, own, mailboxOwner(own), code, options);
}

/** Ten new recovery codes after a current code from the app; the old ones stop working. */
export async function regenerateMailboxRecoveryCodes(db: Db, actor: Actor, mailboxId: number, code: string, options: TwoFactorOptions): Promise<string[]> {
  const own = ownMailbox(actor, mailboxId);
  return regenerateRecoveryCodes(db, own, mailboxOwner(own), code, options);
}

/** Turns it off with the account password and a code (or a recovery code); mail apps may use the password again. */
export async function disableMailboxTotp(
  db: Db,
  actor: Actor,
  mailboxId: number,
  input: { password: string; code: string },
  options: TwoFactorOptions,
): Promise<void> {
  const own = ownMailbox(actor, mailboxId);
  return disableTotp(db, own, mailboxOwner(own), input, options);
}
