/**
 * Two-factor authentication of panel administrators: a TOTP secret
 * (RFC 6238) per admin, encrypted at rest, confirmed with a first code, and
 * ten one-time recovery codes stored as argon2id hashes (the steps shared
 * with mailbox users are in totp-enrolment.ts). A code is good once: the
 * step of the last accepted TOTP code is kept and nothing at or before it
 * is accepted again, and a used recovery code keeps its usedAt. A
 * superadmin may require 2FA for every admin (a ServerSetting) and reset
 * another admin's 2FA.
 */
import { ForbiddenError, loadConfig, NotFoundError, type TotpKeyring, totpKeyringFromConfig, ValidationError } from '@kontor/core';
import { type Actor, requireGlobal } from './actor.ts';
import { closeSessionsOf } from './admin-sessions.ts';
import { writeAudit } from './audit.ts';
import type { Db, DbTx } from './client.ts';
import { type UsedSecondFactor, useSecondFactor } from './second-factor.ts';
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

export type { TotpEnrolment, TwoFactorStatus } from './totp-enrolment.ts';

export interface TwoFactorOptions {
  keyring: TotpKeyring;
  /** The name an authenticator app lists the account under. */
  issuer: string;
  /** Clock for the codes (tests). */
  now?: () => number;
}

/** The installation's key (as for DKIM keys) and an issuer naming this server. */
export function twoFactorOptionsFromConfig(): TwoFactorOptions {
  const config = loadConfig();
  const host = config.MAIL_HOSTNAME;
  return { keyring: totpKeyringFromConfig(config), issuer: host && host !== 'localhost' ? `Kontor (${host})` : 'Kontor' };
}

/** The ServerSetting that makes 2FA compulsory for every administrator. */
export const REQUIRE_ADMIN_TWO_FACTOR = 'admins.requireTwoFactor';

type AdminActor = Extract<Actor, { kind: 'superadmin' | 'domain_admin' }>;

/** Own 2FA is changed only by the admin themselves (a superadmin can only reset it). */
function requireSelf(actor: Actor, adminId?: number): asserts actor is AdminActor {
  if ((actor.kind !== 'superadmin' && actor.kind !== 'domain_admin') || (adminId !== undefined && actor.id !== adminId)) {
    throw new ForbiddenError('Only administrators themselves can set up their two-factor authentication');
  }
}

/** The admin's rows and audit trail for the shared TOTP steps (totp-enrolment.ts). */
function adminOwner(actor: AdminActor): TotpOwner {
  return {
    where: { adminAccountId: actor.id },
    label: actor.email,
    audit: (event: TwoFactorEvent, after) => ({ action: `admin.2fa.${event}`, targetType: 'admin', targetId: actor.id, after }),
    async passwordHash(db) {
      const account = await db.adminAccount.findUnique({ where: { id: actor.id }, select: { passwordHash: true } });
      if (!account) throw new NotFoundError('This administrator account no longer exists');
      return account.passwordHash;
    },
  };
}

export type AdminTwoFactorStatus = TwoFactorStatus;

/** Whether an admin has 2FA on, for the account page (own) and superadmins. */
export async function adminTwoFactorStatus(db: DbTx, actor: Actor, adminId: number): Promise<AdminTwoFactorStatus> {
  const self = (actor.kind === 'superadmin' || actor.kind === 'domain_admin') && actor.id === adminId;
  if (!self) requireGlobal(actor, "see another administrator's two-factor authentication");
  return twoFactorStatus(db, { adminAccountId: adminId });
}

/** 2FA per admin for the Administrators page: enabled admins, with their unused recovery codes. */
export async function listAdminTwoFactor(db: DbTx, actor: Actor): Promise<Map<number, { enabledAt: Date; recoveryCodesLeft: number }>> {
  requireGlobal(actor, "see administrators' two-factor authentication");
  const [secrets, codes] = await Promise.all([
    db.totpSecret.findMany({ where: { adminAccountId: { not: null }, confirmedAt: { not: null } }, select: { adminAccountId: true, confirmedAt: true } }),
    db.recoveryCode.groupBy({ by: ['adminAccountId'], where: { adminAccountId: { not: null }, usedAt: null }, _count: { _all: true } }),
  ]);
  const left = new Map(codes.map((c) => [c.adminAccountId, c._count._all]));
  return new Map(
    secrets.flatMap((s) =>
      s.adminAccountId !== null && s.confirmedAt ? [[s.adminAccountId, { enabledAt: s.confirmedAt, recoveryCodesLeft: left.get(s.adminAccountId) ?? 0 }]] : [],
    ),
  );
}

/** The setup waiting for its first code (so a reload shows the same QR code), or null. */
export async function pendingAdminTotp(db: DbTx, actor: Actor, options: TwoFactorOptions): Promise<TotpEnrolment | null> {
  requireSelf(actor);
  return pendingTotp(db, adminOwner(actor), options);
}

/** Starts (or starts over) the setup with a new secret; 2FA is on only once a code from it is confirmed. */
export async function startAdminTotpEnrolment(db: Db, actor: Actor, options: TwoFactorOptions): Promise<TotpEnrolment> {
  requireSelf(actor);
  return startTotpEnrolment(db, adminOwner(actor), options);
}

/**
 * Turns 2FA on with the first code from the app; returns the ten recovery
 * codes, in plain text this once (only their hashes are kept).
 */
export async function confirmAdminTotpEnrolment(db: Db, actor: Actor, code: string, options: TwoFactorOptions): Promise<string[]> {
  requireSelf(actor);
  return confirmTotpEnrolment(db, actor, adminOwner(actor), code, options);
}

/** Checks and uses up a second factor of an admin with 2FA on (second-factor.ts). */
export function useAdminSecondFactor(db: DbTx, adminId: number, code: string, options: TwoFactorOptions): Promise<UsedSecondFactor | null> {
  return useSecondFactor(db, { adminAccountId: adminId }, code, options);
}

/** Ten new recovery codes (the old ones stop working), after a current code from the app. */
export async function regenerateAdminRecoveryCodes(db: Db, actor: Actor, code: string, options: TwoFactorOptions): Promise<string[]> {
  requireSelf(actor);
  return regenerateRecoveryCodes(db, actor, adminOwner(actor), code, options);
}

/** Turns own 2FA off: needs the password and a code (from the app, or a recovery code when the phone is gone). */
export async function disableAdminTotp(db: Db, actor: Actor, input: { password: string; code: string }, options: TwoFactorOptions): Promise<void> {
  requireSelf(actor);
  return disableTotp(db, actor, adminOwner(actor), input, options);
}

/**
 * A superadmin takes another admin's 2FA away (a lost phone and no
 * recovery codes): secret and recovery codes go, and every session of that
 * admin ends, so the next sign-in is with the password alone (followed by
 * a new setup where 2FA is required).
 */
export async function resetAdminTwoFactor(db: Db, actor: Actor, adminId: number): Promise<{ sessionsEnded: number }> {
  requireGlobal(actor, "reset another administrator's two-factor authentication");
  if ((actor.kind === 'superadmin' || actor.kind === 'domain_admin') && actor.id === adminId) {
    throw new ForbiddenError('Turn off your own two-factor authentication on your account page');
  }
  return db.$transaction(async (tx) => {
    const admin = await tx.adminAccount.findUnique({ where: { id: adminId }, select: { id: true, email: true } });
    if (!admin) throw new NotFoundError('This administrator account no longer exists');
    const secret = await tx.totpSecret.findUnique({ where: { adminAccountId: adminId }, select: { confirmedAt: true } });
    await tx.totpSecret.deleteMany({ where: { adminAccountId: adminId } });
    await tx.recoveryCode.deleteMany({ where: { adminAccountId: adminId } });
    const sessionsEnded = await closeSessionsOf(tx, adminId, 'two-factor-reset');
    await writeAudit(tx, actor, {
      action: 'admin.2fa.reset',
      targetType: 'admin',
      targetId: adminId,
      before: { email: admin.email, twoFactor: Boolean(secret?.confirmedAt) },
      after: { email: admin.email, twoFactor: false, sessionsEnded },
    });
    return { sessionsEnded };
  });
}

/** Whether every administrator must use 2FA. */
export async function isAdminTwoFactorRequired(db: DbTx): Promise<boolean> {
  const row = await db.serverSetting.findUnique({ where: { key: REQUIRE_ADMIN_TWO_FACTOR } });
  return row?.value === true;
}

/**
 * Requires 2FA of every administrator, or not. Superadmins turning it on
 * must have it themselves, so they are not the first to be stopped.
 */
export async function setAdminTwoFactorRequired(db: Db, actor: Actor, required: boolean): Promise<void> {
  requireGlobal(actor, 'require two-factor authentication');
  await db.$transaction(async (tx) => {
    if (required && (actor.kind === 'superadmin' || actor.kind === 'domain_admin')) {
      const own = await tx.totpSecret.findUnique({ where: { adminAccountId: actor.id }, select: { confirmedAt: true } });
      if (!own?.confirmedAt) throw new ValidationError({ requireTwoFactor: 'Turn on two-factor authentication for your own account first' });
    }
    const before = await isAdminTwoFactorRequired(tx);
    await tx.serverSetting.upsert({
      where: { key: REQUIRE_ADMIN_TWO_FACTOR },
      create: { key: REQUIRE_ADMIN_TWO_FACTOR, value: required },
      update: { value: required },
    });
    await writeAudit(tx, actor, {
      action: 'settings.update',
      targetType: 'setting',
      targetId: REQUIRE_ADMIN_TWO_FACTOR,
      before: { requireTwoFactor: before },
      after: { requireTwoFactor: required },
    });
  });
}

/**
 * What a signed-in admin may reach: with 2FA required and not set up, only
 * the setup. Read on every panel request (two indexed lookups).
 */
export async function adminTwoFactorGate(db: DbTx, adminId: number): Promise<{ required: boolean; enabled: boolean; mustEnrol: boolean }> {
  const [required, secret] = await Promise.all([
    isAdminTwoFactorRequired(db),
    db.totpSecret.findUnique({ where: { adminAccountId: adminId }, select: { confirmedAt: true } }),
  ]);
  const enabled = Boolean(secret?.confirmedAt);
  return { required, enabled, mustEnrol: required && !enabled };
}
