// Administrators' two-factor authentication against a real PostgreSQL:
// setup, sign-in with a code or a recovery code (each good once), turning
// it off, the superadmin's reset, and the "required for everyone" setting.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { ConflictError, ForbiddenError, totpCodeAt, totpKeyringFromConfig, ValidationError } from '@kontor/core';
import {
  type Actor,
  adminActor,
  adminTwoFactorGate,
  adminTwoFactorStatus,
  CLI_ACTOR,
  confirmAdminTotpEnrolment,
  createAdminAccount,
  disableAdminTotp,
  isAdminTwoFactorRequired,
  listAdminTwoFactor,
  pendingAdminTotp,
  regenerateAdminRecoveryCodes,
  resetAdminTwoFactor,
  setAdminTwoFactorRequired,
  signInAdmin,
  startAdminSession,
  startAdminTotpEnrolment,
  type TwoFactorOptions,
} from './index.ts';
import { createTestDatabase, type TestDatabase } from './testing.ts';

const PASSWORD = 'correct horse battery';
const STEP = 30_000;

describe('admin two-factor authentication', () => {
  let t: TestDatabase;
  let boss: Actor;
  let anna: Actor;
  let bossId: number;
  let annaId: number;
  // A clock the test moves, so "the next code" does not mean waiting 30 s.
  let now = Date.UTC(2026, 11, 3, 9, 0, 0);
  const options: TwoFactorOptions = {
    keyring: totpKeyringFromConfig({ DKIM_ENCRYPTION_KEY: 'kontor test dkim key', DATA_DIR: '/nonexistent' }),
    issuer: 'Kontor (mail.kontor.test)',
    now: () => now,
  };
  const signIn = (email: string, code?: string, password = PASSWORD) => signInAdmin(t.db, { email, password, code }, options);

  before(async () => {
    t = await createTestDatabase();
    const b = await createAdminAccount(t.db, CLI_ACTOR, { email: 'boss@kontor.test', password: PASSWORD, role: 'SUPERADMIN' });
    const a = await createAdminAccount(t.db, CLI_ACTOR, { email: 'anna@kontor.test', password: PASSWORD, role: 'DOMAIN_ADMIN' });
    bossId = b!.id;
    annaId = a!.id;
    boss = await adminActor(t.db, bossId);
    anna = await adminActor(t.db, annaId);
  });
  after(async () => t?.drop());

  it('signs in with the password alone while 2FA is off', async () => {
    const result = await signIn('anna@kontor.test');
    assert.equal(result.outcome, 'signed-in');
    assert.equal((await signIn('anna@kontor.test', undefined, 'wrong password')).outcome, 'refused');
    assert.equal((await signIn('nobody@kontor.test')).outcome, 'refused');
  });

  let secret = '';
  let recoveryCodes: string[] = [];

  it('sets up with a QR secret kept encrypted; a wrong first code changes nothing', async () => {
    const started = await startAdminTotpEnrolment(t.db, anna, options);
    secret = started.secret;
    assert.match(started.uri, /^otpauth:\/\/totp\/.*anna%40kontor\.test\?.*secret=[A-Z2-7]+/);
    const row = await t.db.totpSecret.findUniqueOrThrow({ where: { adminAccountId: annaId } });
    assert.ok(!row.secretEncrypted.includes(secret), 'the secret is not stored in the clear');
    assert.deepEqual(await pendingAdminTotp(t.db, anna, options), started, 'a reload shows the same setup');
    // Not on yet: the password alone still signs in.
    assert.equal((await signIn('anna@kontor.test')).outcome, 'signed-in');

    await assert.rejects(confirmAdminTotpEnrolment(t.db, anna, '000000', options), ValidationError);
    await assert.rejects(confirmAdminTotpEnrolment(t.db, anna, '', options), (e: unknown) => e instanceof ValidationError && 'code' in e.fields);
    assert.equal((await adminTwoFactorStatus(t.db, anna, annaId)).enabled, false);

    recoveryCodes = await confirmAdminTotpEnrolment(t.db, anna, totpCodeAt(secret, now), options);
    assert.equal(recoveryCodes.length, 10);
    const status = await adminTwoFactorStatus(t.db, anna, annaId);
    assert.equal(status.enabled, true);
    assert.equal(status.recoveryCodesLeft, 10);
    const stored = await t.db.recoveryCode.findMany({ where: { adminAccountId: annaId } });
    assert.ok(stored.every((c) => c.codeHash.startsWith('$argon2id$')));
    assert.equal(await pendingAdminTotp(t.db, anna, options), null);
    await assert.rejects(startAdminTotpEnrolment(t.db, anna, options), ConflictError);
  });

  it('then asks for a code after the right password, and a code works once', async () => {
    assert.equal((await signIn('anna@kontor.test')).outcome, 'code-needed');
    assert.equal((await signIn('anna@kontor.test', '123456', 'wrong password')).outcome, 'refused');
    // The code used to confirm the setup is spent already.
    assert.equal((await signIn('anna@kontor.test', totpCodeAt(secret, now))).outcome, 'code-wrong');
    now += STEP;
    const code = totpCodeAt(secret, now);
    const ok = await signIn('anna@kontor.test', code);
    assert.equal(ok.outcome, 'signed-in');
    assert.equal(ok.outcome === 'signed-in' && ok.secondFactor, 'totp');
    assert.equal((await signIn('anna@kontor.test', code)).outcome, 'code-wrong', 'the same code again');
    // A code of an earlier step than the last accepted one is refused too (the window reaches back one step).
    assert.equal((await signIn('anna@kontor.test', totpCodeAt(secret, now - STEP))).outcome, 'code-wrong');
    assert.equal((await signIn('anna@kontor.test', '000000')).outcome, 'code-wrong');
  });

  it('takes a recovery code once, however it is typed, and audits its use', async () => {
    const first = recoveryCodes[0]!;
    const ok = await signIn('anna@kontor.test', ` ${first.toUpperCase()} `);
    assert.equal(ok.outcome === 'signed-in' && ok.secondFactor, 'recovery');
    assert.equal((await signIn('anna@kontor.test', first)).outcome, 'code-wrong');
    assert.equal((await signIn('anna@kontor.test', 'aaaaa-bbbbb')).outcome, 'code-wrong');
    assert.equal((await adminTwoFactorStatus(t.db, anna, annaId)).recoveryCodesLeft, 9);
    assert.ok(await t.db.auditLog.findFirst({ where: { action: 'admin.2fa.recovery-code-used', actor: 'admin:anna@kontor.test' } }));
  });

  it('makes new recovery codes with a current code; the old ones stop working', async () => {
    now += STEP;
    await assert.rejects(regenerateAdminRecoveryCodes(t.db, anna, '000000', options), ValidationError);
    const fresh = await regenerateAdminRecoveryCodes(t.db, anna, totpCodeAt(secret, now), options);
    assert.equal(fresh.length, 10);
    assert.equal((await signIn('anna@kontor.test', recoveryCodes[1]!)).outcome, 'code-wrong');
    recoveryCodes = fresh;
    assert.equal((await adminTwoFactorStatus(t.db, anna, annaId)).recoveryCodesLeft, 10);
  });

  it('lets only the admin themselves set up or turn off, and superadmins see who has it', async () => {
    await assert.rejects(startAdminTotpEnrolment(t.db, CLI_ACTOR, options), ForbiddenError);
    await assert.rejects(adminTwoFactorStatus(t.db, anna, bossId), ForbiddenError);
    await assert.rejects(listAdminTwoFactor(t.db, anna), ForbiddenError);
    await assert.rejects(resetAdminTwoFactor(t.db, anna, bossId), ForbiddenError);
    const overview = await listAdminTwoFactor(t.db, boss);
    assert.equal(overview.get(annaId)?.recoveryCodesLeft, 10);
    assert.equal(overview.has(bossId), false);
  });

  it('turns off with the password and a code, not with either alone', async () => {
    now += STEP;
    await assert.rejects(
      disableAdminTotp(t.db, anna, { password: 'wrong password', code: totpCodeAt(secret, now) }, options),
      (e: unknown) => e instanceof ValidationError && 'password' in e.fields,
    );
    await assert.rejects(
      disableAdminTotp(t.db, anna, { password: PASSWORD, code: '000000' }, options),
      (e: unknown) => e instanceof ValidationError && 'code' in e.fields,
    );
    // The code is still unused (the wrong password came first), so it turns 2FA off now.
    await disableAdminTotp(t.db, anna, { password: PASSWORD, code: totpCodeAt(secret, now) }, options);
    assert.equal((await adminTwoFactorStatus(t.db, anna, annaId)).enabled, false);
    assert.equal(await t.db.recoveryCode.count({ where: { adminAccountId: annaId } }), 0);
    assert.equal((await signIn('anna@kontor.test')).outcome, 'signed-in');
    const actions = (await t.db.auditLog.findMany({ where: { targetType: 'admin', targetId: String(annaId) } })).map((a) => a.action);
    for (const action of ['admin.2fa.enable', 'admin.2fa.recovery-codes', 'admin.2fa.disable']) assert.ok(actions.includes(action), actions.join(', '));
  });

  it('requires 2FA for everyone only from a superadmin who has it, and gates those without it', async () => {
    await assert.rejects(setAdminTwoFactorRequired(t.db, anna, true), ForbiddenError);
    await assert.rejects(setAdminTwoFactorRequired(t.db, boss, true), (e: unknown) => e instanceof ValidationError && 'requireTwoFactor' in e.fields);
    const bossSecret = (await startAdminTotpEnrolment(t.db, boss, options)).secret;
    await confirmAdminTotpEnrolment(t.db, boss, totpCodeAt(bossSecret, now), options);
    await setAdminTwoFactorRequired(t.db, boss, true);
    assert.equal(await isAdminTwoFactorRequired(t.db), true);
    assert.deepEqual(await adminTwoFactorGate(t.db, annaId), { required: true, enabled: false, mustEnrol: true });
    assert.deepEqual(await adminTwoFactorGate(t.db, bossId), { required: true, enabled: true, mustEnrol: false });
    const audit = await t.db.auditLog.findFirst({ where: { action: 'settings.update', targetType: 'setting' }, orderBy: { id: 'desc' } });
    assert.deepEqual(audit?.after, { requireTwoFactor: true });
    assert.deepEqual(audit?.before, { requireTwoFactor: false });
    await setAdminTwoFactorRequired(t.db, CLI_ACTOR, false);
    assert.equal(await isAdminTwoFactorRequired(t.db), false);
  });

  it("a superadmin's reset removes another admin's 2FA and ends their sessions", async () => {
    now += STEP;
    const annaSecret = (await startAdminTotpEnrolment(t.db, anna, options)).secret;
    await confirmAdminTotpEnrolment(t.db, anna, totpCodeAt(annaSecret, now), options);
    const sessionId = await startAdminSession(t.db, annaId, { maxAgeSeconds: 3600 });
    await assert.rejects(resetAdminTwoFactor(t.db, boss, bossId), ForbiddenError);
    assert.deepEqual(await resetAdminTwoFactor(t.db, boss, annaId), { sessionsEnded: 1 });
    const session = await t.db.adminSession.findUniqueOrThrow({ where: { id: sessionId } });
    assert.equal(session.endReason, 'two-factor-reset');
    assert.equal((await adminTwoFactorStatus(t.db, boss, annaId)).enabled, false);
    assert.equal((await signIn('anna@kontor.test')).outcome, 'signed-in');
    const audit = await t.db.auditLog.findFirst({ where: { action: 'admin.2fa.reset' } });
    assert.equal(audit?.actor, 'admin:boss@kontor.test');
    assert.deepEqual(audit?.after, { email: 'anna@kontor.test', twoFactor: false, sessionsEnded: 1 });
  });
});
