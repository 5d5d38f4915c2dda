/**
 * How a mailbox signs in, as its administrators manage it: the password
 * (set or generated), app passwords, two-factor sign-in and the last login
 * per protocol. The mailbox's own settings (quota, limits, ...) are in
 * mailboxes.ts; logins are recorded by authenticateMailbox.
 */
import { ConflictError, checkPasswordPolicy, generatePassword, hashPassword, NotFoundError, ValidationError } from '@kontor/core';
import type { Actor } from './actor.ts';
import { writeAudit } from './audit.ts';
import type { Db, DbTx } from './client.ts';
import { MAILBOX_LOGIN_PROTOCOLS, type MailboxLoginProtocol } from './mailbox-auth.ts';
import { closeMailboxSessionsOf } from './mailbox-sessions.ts';
import { getMailbox } from './mailboxes.ts';
import { getMailboxForActor } from './self-service-mailbox.ts';

export interface MailboxAppPassword {
  id: number;
  name: string;
  createdAt: Date;
  lastUsedAt: Date | null;
}

export interface MailboxSecurity {
  appPasswords: MailboxAppPassword[];
  /** off: none set up; pending: enrolment started, not confirmed with a code (not enforced yet); on: enforced. */
  twoFactor: { state: 'off' | 'pending' | 'on'; confirmedAt: Date | null; recoveryCodesLeft: number };
  /** The last login over each protocol, in MAILBOX_LOGIN_PROTOCOLS order; a protocol never used is absent. */
  logins: { protocol: MailboxLoginProtocol; at: Date; ip: string }[];
}

export async function getMailboxSecurity(db: DbTx, actor: Actor, mailboxId: number): Promise<MailboxSecurity> {
  const mailbox = await getMailbox(db, actor, mailboxId);
  const [appPasswords, totp, recoveryCodesLeft, logins] = await Promise.all([
    db.appPassword.findMany({
      where: { mailboxId: mailbox.id },
      orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
      select: { id: true, name: true, createdAt: true, lastUsedAt: true },
    }),
    db.totpSecret.findUnique({ where: { mailboxId: mailbox.id }, select: { confirmedAt: true } }),
    db.recoveryCode.count({ where: { mailboxId: mailbox.id, usedAt: null } }),
    db.mailboxLogin.findMany({ where: { mailboxId: mailbox.id }, select: { protocol: true, at: true, ip: true } }),
  ]);
  return {
    appPasswords,
    twoFactor: { state: !totp ? 'off' : totp.confirmedAt ? 'on' : 'pending', confirmedAt: totp?.confirmedAt ?? null, recoveryCodesLeft },
    logins: MAILBOX_LOGIN_PROTOCOLS.flatMap((protocol) => {
      const row = logins.find((l) => l.protocol === protocol);
      return row ? [{ protocol, at: row.at, ip: row.ip }] : [];
    }),
  };
}

/**
 * A new account password: the one given, or (without one) a generated
 * one that is returned here once; only its argon2id hash is stored.
 * App passwords stay valid; webmail sessions end.
 */
export async function resetMailboxPassword(db: Db, actor: Actor, mailboxId: number, input: { password?: string } = {}) {
  const mailbox = await getMailbox(db, actor, mailboxId);
  const generated = input.password === undefined;
  const password = input.password ?? generatePassword(mailbox.address);
  if (!password) throw new ValidationError({ password: 'Enter a password' });
  const problem = checkPasswordPolicy(password, { address: mailbox.address });
  if (problem) throw new ValidationError({ password: problem });
  const passwordHash = await hashPassword(password);
  await db.$transaction(async (tx) => {
    await tx.mailbox.update({ where: { id: mailbox.id }, data: { passwordHash } });
    // A new password signs the user out of webmail everywhere, as a changed admin password does.
    await closeMailboxSessionsOf(tx, mailbox.id, 'password');
    await writeAudit(tx, actor, {
      action: 'mailbox.password-reset',
      targetType: 'mailbox',
      targetId: mailbox.id,
      domainId: mailbox.domainId,
      after: { address: mailbox.address, generated },
    });
  });
  return { mailbox, password: generated ? password : undefined };
}

/**
 * Removes one app password of the mailbox: the mail app using it is
 * refused from its next login on. Its administrators and its own user
 * (webmail's settings) may.
 */
export async function revokeAppPassword(db: Db, actor: Actor, mailboxId: number, appPasswordId: number) {
  return db.$transaction(async (tx) => {
    const mailbox = await getMailboxForActor(tx, actor, mailboxId);
    const app = await tx.appPassword.findFirst({
      where: { id: appPasswordId, mailboxId: mailbox.id },
      select: { id: true, name: true, createdAt: true, lastUsedAt: true },
    });
    if (!app) throw new NotFoundError(`No app password ${appPasswordId}`);
    await tx.appPassword.delete({ where: { id: app.id } });
    await writeAudit(tx, actor, {
      action: 'mailbox.app-password.revoke',
      targetType: 'mailbox',
      targetId: mailbox.id,
      domainId: mailbox.domainId,
      before: { address: mailbox.address, appPasswordId: app.id, name: app.name, createdAt: app.createdAt, lastUsedAt: app.lastUsedAt },
    });
    return { mailbox, appPassword: app };
  });
}

/**
 * Switches two-factor sign-in off for a mailbox whose owner lost the
 * device: removes the TOTP secret and every recovery code, so the account
 * password works again in mail apps and the owner can enrol anew.
 */
export async function resetMailboxTwoFactor(db: Db, actor: Actor, mailboxId: number) {
  return db.$transaction(async (tx) => {
    const mailbox = await getMailbox(tx, actor, mailboxId);
    const totp = await tx.totpSecret.findUnique({ where: { mailboxId: mailbox.id }, select: { id: true, confirmedAt: true } });
    const codes = await tx.recoveryCode.deleteMany({ where: { mailboxId: mailbox.id } });
    if (!totp && codes.count === 0) throw new ConflictError(`${mailbox.displayAddress} has no two-factor sign-in to reset`);
    if (totp) await tx.totpSecret.delete({ where: { id: totp.id } });
    await closeMailboxSessionsOf(tx, mailbox.id, 'two-factor-reset');
    await writeAudit(tx, actor, {
      action: 'mailbox.2fa.reset',
      targetType: 'mailbox',
      targetId: mailbox.id,
      domainId: mailbox.domainId,
      before: { address: mailbox.address, confirmedAt: totp?.confirmedAt ?? null, recoveryCodes: codes.count },
    });
    return mailbox;
  });
}
