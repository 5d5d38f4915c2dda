/**
 * App passwords a mailbox user makes in webmail for mail apps (IMAP, POP3,
 * SMTP): with 2FA on they are the only way a mail app signs in, since a
 * protocol cannot ask for a code (mailbox-auth.ts). Each is shown once when
 * made; only its argon2id hash is kept. Revoking is revokeAppPassword
 * (mailbox-security.ts), which the user and their administrators share.
 */
import { randomInt } from 'node:crypto';
import { ConflictError, hashPassword, ValidationError } from '@kontor/core';
import type { Actor } from './actor.ts';
import { writeAudit } from './audit.ts';
import type { Db, DbTx } from './client.ts';
import type { MailboxAppPassword } from './mailbox-security.ts';
import { requireOwnMailbox } from './self-service-mailbox.ts';

export const APP_PASSWORD_NAME_MAX = 60;
/**
 * Every login with a wrong password checks it against each app password
 * (argon2id, tens of milliseconds each): a bound keeps a failed login cheap.
 */
export const MAX_APP_PASSWORDS = 10;

/** Lower case letters and digits that cannot be mistaken for one another (no 0/o, 1/l). */
const ALPHABET = 'abcdefghijkmnpqrstuvwxyz23456789';

/** Four groups of four (80 bits), easy to type on a phone: "k7dq-m3xa-…". */
export function generateAppPassword(): string {
  return Array.from({ length: 4 }, () => Array.from({ length: 4 }, () => ALPHABET[randomInt(ALPHABET.length)]).join('')).join('-');
}

/** The user's own app passwords, newest first, with when each was last used. */
export async function listOwnAppPasswords(db: DbTx, actor: Actor, mailboxId: number): Promise<MailboxAppPassword[]> {
  requireOwnMailbox(actor, mailboxId, 'list its app passwords');
  return db.appPassword.findMany({
    where: { mailboxId },
    orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
    select: { id: true, name: true, createdAt: true, lastUsedAt: true },
  });
}

/**
 * A new app password named after the app or device ("Phone", "Thunderbird
 * at home"); the password is returned this once.
 */
export async function createOwnAppPassword(db: Db, actor: Actor, mailboxId: number, input: { name: string }) {
  requireOwnMailbox(actor, mailboxId, 'create app passwords');
  const name = input.name.trim();
  if (!name) throw new ValidationError({ name: 'Enter a name, for example "Phone"' });
  if (/[\r\n]/.test(name) || name.length > APP_PASSWORD_NAME_MAX)
    throw new ValidationError({ name: `At most ${APP_PASSWORD_NAME_MAX} characters on one line` });
  const password = generateAppPassword();
  const passwordHash = await hashPassword(password);
  return db.$transaction(async (tx) => {
    // Lock the mailbox row so two creations at once cannot pass the limit.
    await tx.$queryRaw`SELECT id FROM "Mailbox" WHERE id = ${mailboxId} FOR UPDATE`;
    if ((await tx.appPassword.count({ where: { mailboxId } })) >= MAX_APP_PASSWORDS) {
      throw new ConflictError(`At most ${MAX_APP_PASSWORDS} app passwords: revoke one you no longer use first`, 'name');
    }
    const app = await tx.appPassword.create({ data: { mailboxId, name, passwordHash }, select: { id: true, name: true, createdAt: true, lastUsedAt: true } });
    await writeAudit(tx, actor, {
      action: 'mailbox.app-password.create',
      targetType: 'mailbox',
      targetId: mailboxId,
      domainId: actor.domainId,
      after: { address: actor.address, appPasswordId: app.id, name: app.name },
    });
    return { appPassword: app, password };
  });
}
