import { dummyPasswordHash, verifyPassword } from '@kontor/core';
import type { Actor } from './actor.ts';
import { type TwoFactorOptions, useAdminSecondFactor } from './admin-totp.ts';
import { writeAudit } from './audit.ts';
import type { Db } from './client.ts';
import type { AdminRole } from './generated/enums.ts';

export interface SignedInAdmin {
  id: number;
  email: string;
  role: AdminRole;
  displayName: string;
}

/**
 * The outcome of a panel sign-in. `refused` says nothing about which part
 * was wrong (or whether the account exists); `code-needed` and `code-wrong`
 * come only after a correct password.
 */
export type AdminSignIn =
  | { outcome: 'refused' }
  | { outcome: 'code-needed' }
  | { outcome: 'code-wrong' }
  | { outcome: 'signed-in'; admin: SignedInAdmin; secondFactor: 'totp' | 'recovery' | null };

/**
 * Checks a sign-in: the password, then (when the admin has 2FA on) an
 * authenticator or recovery code, which is used up. Unknown accounts cost
 * the same time as wrong passwords. lastLoginAt is set only once both
 * factors passed.
 */
export async function signInAdmin(
  db: Db,
  input: { email: string; password: string; code?: string; ip?: string },
  options: TwoFactorOptions,
): Promise<AdminSignIn> {
  const account = await db.adminAccount.findUnique({
    where: { email: input.email.trim().toLowerCase() },
    include: { totpSecret: { select: { confirmedAt: true } } },
  });
  const passwordOk = await verifyPassword(account?.passwordHash ?? (await dummyPasswordHash()), input.password);
  if (!account || !passwordOk || !account.active) return { outcome: 'refused' };
  const admin: SignedInAdmin = { id: account.id, email: account.email, role: account.role, displayName: account.displayName };
  let secondFactor: 'totp' | 'recovery' | null = null;
  if (account.totpSecret?.confirmedAt) {
    const code = input.code?.trim() ?? '';
    if (!code) return { outcome: 'code-needed' };
    const used = await useAdminSecondFactor(db, account.id, code, options);
    if (!used) return { outcome: 'code-wrong' };
    secondFactor = used.method;
    if (used.method === 'recovery') {
      const actor: Actor = { kind: account.role === 'SUPERADMIN' ? 'superadmin' : 'domain_admin', id: account.id, email: account.email, ip: input.ip };
      await writeAudit(db, actor, {
        action: 'admin.2fa.recovery-code-used',
        targetType: 'admin',
        targetId: account.id,
        after: { recoveryCodesLeft: used.recoveryCodesLeft },
      });
    }
  }
  await db.adminAccount.update({ where: { id: account.id }, data: { lastLoginAt: new Date() } });
  return { outcome: 'signed-in', admin, secondFactor };
}
