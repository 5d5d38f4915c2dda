import { looksLikeTotpCode, matchTotpCode, normalizeRecoveryCode, verifyPassword } from '@kontor/core';
import type { TwoFactorOptions } from './admin-totp.ts';
import type { DbTx } from './client.ts';

/** Whose second factor: an admin's or a mailbox user's (TotpSecret and RecoveryCode hold either). */
export type SecondFactorOwner = { adminAccountId: number } | { mailboxId: number };

export type UsedSecondFactor = { method: 'totp' } | { method: 'recovery'; recoveryCodesLeft: number };

/**
 * Checks a second factor of an admin or mailbox with 2FA on and uses it up:
 * an authenticator code (its time step must be later than the last one
 * accepted) or an unused recovery code. Null when neither fits.
 */
export async function useSecondFactor(db: DbTx, owner: SecondFactorOwner, code: string, options: TwoFactorOptions): Promise<UsedSecondFactor | null> {
  const row = await db.totpSecret.findFirst({ where: owner });
  if (!row?.confirmedAt) return null;
  if (looksLikeTotpCode(code)) {
    const step = matchTotpCode(options.keyring.decrypt(row.secretEncrypted), code, (options.now ?? Date.now)());
    if (step === null) return null;
    // RFC 6238 section 5.2: the verifier must not accept the second attempt of the same OTP.
    const { count } = await db.totpSecret.updateMany({
      where: { id: row.id, OR: [{ lastUsedStep: null }, { lastUsedStep: { lt: step } }] },
      data: { lastUsedStep: step },
    });
    return count === 1 ? { method: 'totp' } : null;
  }
  const typed = normalizeRecoveryCode(code);
  if (!typed) return null;
  const unused = await db.recoveryCode.findMany({ where: { ...owner, usedAt: null }, orderBy: { id: 'asc' } });
  for (const candidate of unused) {
    if (!(await verifyPassword(candidate.codeHash, typed))) continue;
    const { count } = await db.recoveryCode.updateMany({ where: { id: candidate.id, usedAt: null }, data: { usedAt: new Date() } });
    return count === 1 ? { method: 'recovery', recoveryCodesLeft: unused.length - 1 } : null;
  }
  return null;
}
