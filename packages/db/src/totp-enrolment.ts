/**
 * Setting up, using and removing TOTP two-factor authentication (RFC 6238)
 * for any owner of a TotpSecret: a panel administrator or a mailbox user.
 * The secret is encrypted at rest and confirmed with a first code; ten
 * one-time recovery codes are kept as argon2id hashes and shown once.
 * These functions do not decide who may act: the admin (admin-totp.ts)
 * and self-service (self-service-two-factor.ts) wrappers check that first
 * and say how each event is audited.
 */
import {
  ConflictError,
  generateRecoveryCodes,
  generateTotpSecret,
  hashPassword,
  looksLikeTotpCode,
  matchTotpCode,
  normalizeRecoveryCode,
  totpUri,
  ValidationError,
  verifyPassword,
} from '@kontor/core';
import type { Actor } from './actor.ts';
import type { TwoFactorOptions } from './admin-totp.ts';
import { type AuditEntry, writeAudit } from './audit.ts';
import type { Db, DbTx } from './client.ts';
import { type SecondFactorOwner, type UsedSecondFactor, useSecondFactor } from './second-factor.ts';

export type TwoFactorEvent = 'enable' | 'disable' | 'recovery-codes';

/** Whose 2FA, and what the shared steps need to know about them. */
export interface TotpOwner {
  where: SecondFactorOwner;
  /** The account name an authenticator app lists the entry under (an email address). */
  label: string;
  /** The audit row of an event, written in the same transaction as the change. */
  audit(event: TwoFactorEvent, after?: Record<string, unknown>): AuditEntry;
  /** The account password's hash, to turn 2FA off; throws NotFoundError when the account is gone. */
  passwordHash(db: DbTx): Promise<string>;
}

export interface TotpEnrolment {
  /** Base32, for typing into an app by hand. */
  secret: string;
  /** otpauth://totp/…, the QR code's content. */
  uri: string;
}

export interface TwoFactorStatus {
  enabled: boolean;
  enabledAt: Date | null;
  recoveryCodesLeft: number;
}

const WRONG_CODE = 'This code is not right, or it was used already';

async function hashRecoveryCodes(codes: string[]): Promise<string[]> {
  return Promise.all(codes.map((code) => hashPassword(normalizeRecoveryCode(code))));
}

/** Replaces every recovery code of the owner inside a caller's transaction. */
async function replaceRecoveryCodes(tx: DbTx, owner: SecondFactorOwner, hashes: string[]): Promise<void> {
  await tx.recoveryCode.deleteMany({ where: owner });
  await tx.recoveryCode.createMany({ data: hashes.map((codeHash) => ({ ...owner, codeHash })) });
}

function requireCode(code: string): string {
  const trimmed = code.trim();
  if (!trimmed) throw new ValidationError({ code: 'Enter the 6-digit code from your authenticator app' });
  return trimmed;
}

export async function twoFactorStatus(db: DbTx, owner: SecondFactorOwner): Promise<TwoFactorStatus> {
  const [secret, recoveryCodesLeft] = await Promise.all([
    db.totpSecret.findUnique({ where: owner, select: { confirmedAt: true } }),
    db.recoveryCode.count({ where: { ...owner, usedAt: null } }),
  ]);
  const enabledAt = secret?.confirmedAt ?? null;
  return { enabled: enabledAt !== null, enabledAt, recoveryCodesLeft: enabledAt ? recoveryCodesLeft : 0 };
}

/** The setup waiting for its first code (so a reload shows the same QR code), or null. */
export async function pendingTotp(db: DbTx, owner: TotpOwner, options: TwoFactorOptions): Promise<TotpEnrolment | null> {
  const row = await db.totpSecret.findUnique({ where: owner.where });
  if (!row || row.confirmedAt) return null;
  const secret = options.keyring.decrypt(row.secretEncrypted);
  return { secret, uri: totpUri(secret, { issuer: options.issuer, label: owner.label }) };
}

/** Starts (or starts over) the setup with a new secret; 2FA is on only once a code from it is confirmed. */
export async function startTotpEnrolment(db: Db, owner: TotpOwner, options: TwoFactorOptions): Promise<TotpEnrolment> {
  const secret = generateTotpSecret();
  const secretEncrypted = options.keyring.encrypt(secret);
  await db.$transaction(async (tx) => {
    const existing = await tx.totpSecret.findUnique({ where: owner.where });
    if (existing?.confirmedAt) throw new ConflictError('Two-factor authentication is already on');
    await tx.totpSecret.upsert({
      where: owner.where,
      create: { ...owner.where, secretEncrypted },
      update: { secretEncrypted, confirmedAt: null, lastUsedStep: null },
    });
  });
  return { secret, uri: totpUri(secret, { issuer: options.issuer, label: owner.label }) };
}

/**
 * Turns 2FA on with the first code from the app; returns the ten recovery
 * codes, in plain text this once (only their hashes are kept).
 */
export async function confirmTotpEnrolment(db: Db, actor: Actor, owner: TotpOwner, code: string, options: TwoFactorOptions): Promise<string[]> {
  const typed = requireCode(code);
  const row = await db.totpSecret.findUnique({ where: owner.where });
  if (row?.confirmedAt) throw new ConflictError('Two-factor authentication is already on');
  if (!row) throw new ValidationError({ code: 'Start the setup again: it was ended meanwhile' });
  const step = matchTotpCode(options.keyring.decrypt(row.secretEncrypted), typed, (options.now ?? Date.now)());
  if (step === null)
    throw new ValidationError({ code: 'This code is not right. Check that the time on your phone is set automatically and enter the current code.' });
  const codes = generateRecoveryCodes();
  const hashes = await hashRecoveryCodes(codes);
  await db.$transaction(async (tx) => {
    // Conditional: two confirmations racing turn it on once.
    const { count } = await tx.totpSecret.updateMany({
      where: { id: row.id, confirmedAt: null, secretEncrypted: row.secretEncrypted },
      data: { confirmedAt: new Date(), lastUsedStep: step },
    });
    if (count !== 1) throw new ConflictError('Two-factor authentication is already on');
    await replaceRecoveryCodes(tx, owner.where, hashes);
    await writeAudit(tx, actor, owner.audit('enable', { recoveryCodes: codes.length }));
  });
  return codes;
}

/** Ten new recovery codes (the old ones stop working), after a current code from the app. */
export async function regenerateRecoveryCodes(db: Db, actor: Actor, owner: TotpOwner, code: string, options: TwoFactorOptions): Promise<string[]> {
  const typed = requireCode(code);
  const status = await db.totpSecret.findUnique({ where: owner.where, select: { confirmedAt: true } });
  if (!status?.confirmedAt) throw new ConflictError('Two-factor authentication is not on');
  if (!looksLikeTotpCode(typed) || !(await useSecondFactor(db, owner.where, typed, options))) throw new ValidationError({ code: WRONG_CODE });
  const codes = generateRecoveryCodes();
  const hashes = await hashRecoveryCodes(codes);
  await db.$transaction(async (tx) => {
    await replaceRecoveryCodes(tx, owner.where, hashes);
    await writeAudit(tx, actor, owner.audit('recovery-codes', { recoveryCodes: codes.length }));
  });
  return codes;
}

/** Turns 2FA off: needs the password and a code (from the app, or a recovery code when the phone is gone). */
export async function disableTotp(db: Db, actor: Actor, owner: TotpOwner, input: { password: string; code: string }, options: TwoFactorOptions): Promise<void> {
  const passwordHash = await owner.passwordHash(db);
  const status = await db.totpSecret.findUnique({ where: owner.where, select: { confirmedAt: true } });
  if (!status?.confirmedAt) throw new ConflictError('Two-factor authentication is not on');
  const fields: Record<string, string> = {};
  if (!(await verifyPassword(passwordHash, input.password))) fields.password = 'This is not your current password';
  if (!input.code.trim()) fields.code = 'Enter the 6-digit code from your authenticator app';
  if (Object.keys(fields).length) throw new ValidationError(fields);
  // The password is right: only now is a code used up.
  const used: UsedSecondFactor | null = await useSecondFactor(db, owner.where, input.code.trim(), options);
  if (!used) throw new ValidationError({ code: WRONG_CODE });
  await db.$transaction(async (tx) => {
    await tx.totpSecret.deleteMany({ where: owner.where });
    await tx.recoveryCode.deleteMany({ where: owner.where });
    await writeAudit(tx, actor, owner.audit('disable'));
  });
}
