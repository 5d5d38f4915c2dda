import { dummyPasswordHash, type EmailAddress, parseMailboxAddress, verifyPassword } from '@kontor/core';
import type { MailboxActor } from './actor.ts';
import type { TwoFactorOptions } from './admin-totp.ts';
import { writeAudit } from './audit.ts';
import type { Db } from './client.ts';
import { recordMailboxLogin } from './mailbox-auth.ts';
import { useSecondFactor } from './second-factor.ts';

/**
 * The outcome of a webmail sign-in, shaped like AdminSignIn: `refused` says
 * nothing about which part was wrong; `code-needed` and `code-wrong` come
 * only after a correct password.
 */
export type MailboxSignIn =
  | { outcome: 'refused' }
  | { outcome: 'code-needed' }
  | { outcome: 'code-wrong' }
  | { outcome: 'signed-in'; mailbox: MailboxActor; displayName: string; secondFactor: 'totp' | 'recovery' | null };

/**
 * Checks a mailbox user's web sign-in: the account password (app passwords
 * are for mail apps, not the browser), then the authenticator or a recovery
 * code when the mailbox has 2FA on. Unknown addresses cost the same time as
 * wrong passwords. A success is recorded as the mailbox's last web login.
 */
export async function signInMailbox(
  db: Db,
  input: { email: string; password: string; code?: string; ip?: string },
  options: TwoFactorOptions,
): Promise<MailboxSignIn> {
  let parsed: EmailAddress | null = null;
  try {
    parsed = parseMailboxAddress(input.email.trim());
  } catch {
    parsed = null;
  }
  const mailbox = parsed
    ? await db.mailbox.findFirst({
        where: { localPart: parsed.localPart, domain: { name: parsed.domain.ascii } },
        select: {
          id: true,
          domainId: true,
          localPart: true,
          displayName: true,
          passwordHash: true,
          active: true,
          domain: { select: { name: true, active: true } },
          totpSecret: { select: { confirmedAt: true } },
        },
      })
    : null;
  const passwordOk = await verifyPassword(mailbox?.passwordHash ?? (await dummyPasswordHash()), input.password);
  if (!mailbox || !passwordOk || !mailbox.active || !mailbox.domain.active) return { outcome: 'refused' };
  const actor: MailboxActor = {
    kind: 'mailbox',
    id: mailbox.id,
    domainId: mailbox.domainId,
    address: `${mailbox.localPart}@${mailbox.domain.name}`,
    ip: input.ip,
  };
  let secondFactor: 'totp' | 'recovery' | null = null;
  if (mailbox.totpSecret?.confirmedAt) {
    const code = input.code?.trim() ?? '';
    if (!code) return { outcome: 'code-needed' };
    const used = await useSecondFactor(db, { mailboxId: mailbox.id }, code, options);
    if (!used) return { outcome: 'code-wrong' };
    secondFactor = used.method;
    if (used.method === 'recovery') {
      await writeAudit(db, actor, {
        action: 'mailbox.2fa.recovery-code-used',
        targetType: 'mailbox',
        targetId: mailbox.id,
        domainId: mailbox.domainId,
        after: { recoveryCodesLeft: used.recoveryCodesLeft },
      });
    }
  }
  await recordMailboxLogin(db, mailbox.id, { protocol: 'web', ip: input.ip });
  return { outcome: 'signed-in', mailbox: actor, displayName: mailbox.displayName, secondFactor };
}
