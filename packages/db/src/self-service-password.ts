/**
 * A mailbox user changes their own account password in webmail. The
 * current password is asked first (a browser left open is not enough);
 * the new one must meet the password policy. Every other webmail session
 * ends, this one stays; app passwords stay, so mail apps set up with them
 * go on working.
 */
import { checkPasswordPolicy, hashPassword, NotFoundError, ValidationError, verifyPassword } from '@kontor/core';
import type { Actor } from './actor.ts';
import { writeAudit } from './audit.ts';
import type { Db } from './client.ts';
import { closeMailboxSessionsOf } from './mailbox-sessions.ts';
import { requireOwnMailbox } from './self-service-mailbox.ts';

export interface ChangeOwnPasswordInput {
  currentPassword: string;
  newPassword: string;
}

/** Returns how many other webmail sessions were ended. */
export async function changeOwnMailboxPassword(
  db: Db,
  actor: Actor,
  mailboxId: number,
  input: ChangeOwnPasswordInput,
  options: { keepSessionId?: string } = {},
): Promise<{ sessionsEnded: number }> {
  requireOwnMailbox(actor, mailboxId, 'change its password');
  const mailbox = await db.mailbox.findUnique({ where: { id: mailboxId }, select: { id: true, passwordHash: true, domainId: true } });
  if (!mailbox) throw new NotFoundError(`No mailbox ${mailboxId}`);
  if (!(await verifyPassword(mailbox.passwordHash, input.currentPassword))) {
    throw new ValidationError({ currentPassword: 'This is not your current password' });
  }
  if (!input.newPassword) throw new ValidationError({ newPassword: 'Enter a password' });
  const problem = checkPasswordPolicy(input.newPassword, { address: actor.address });
  if (problem) throw new ValidationError({ newPassword: problem });
  if (await verifyPassword(mailbox.passwordHash, input.newPassword)) {
    throw new ValidationError({ newPassword: 'This is your current password: choose a new one' });
  }
  const passwordHash = await hashPassword(input.newPassword);
  return db.$transaction(async (tx) => {
    // Conditional on the hash read above: two changes racing with the same old password apply once.
    const { count } = await tx.mailbox.updateMany({ where: { id: mailbox.id, passwordHash: mailbox.passwordHash }, data: { passwordHash } });
    if (count !== 1) throw new ValidationError({ currentPassword: 'This is not your current password' });
    const sessionsEnded = await closeMailboxSessionsOf(tx, mailbox.id, 'password', options.keepSessionId);
    await writeAudit(tx, actor, {
      action: 'mailbox.password',
      targetType: 'mailbox',
      targetId: mailbox.id,
      domainId: mailbox.domainId,
      after: { address: actor.address, sessionsEnded },
    });
    return { sessionsEnded };
  });
}
