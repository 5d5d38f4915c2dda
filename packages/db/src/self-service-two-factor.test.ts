// A mailbox user's own two-factor sign-in against a real PostgreSQL, with
// the TOTP steps shared with administrators (totp-enrolment.ts): setup,
// webmail sign-in with a code or a recovery code (each good once), mail
// apps refused the account password but not an app password, new
// recovery codes, turning it off; another mailbox's user and an
// administrator are refused, and an admin's own 2FA is a separate thing.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { ConflictError, ForbiddenError, totpCodeAt, totpKeyringFromConfig, ValidationError } from '@kontor/core';
import {
  adminActor,
  adminTwoFactorStatus,
  authenticateMailbox,
  CLI_ACTOR,
  confirmMailboxTotpEnrolment,
  createAdminAccount,
  createDomain,
  createMailbox,
  createOwnAppPassword,
  disableMailboxTotp,
  type MailboxActor,
  mailboxTwoFactorStatus,
  pendingMailboxTotp,
  regenerateMailboxRecoveryCodes,
  signInMailbox,
  startAdminTotpEnrolment,
  startMailboxTotpEnrolment,
  type TwoFactorOptions,
} from './index.ts';
import { createTestDatabase, type TestDatabase } from './testing.ts';

const PASSWORD = 'correct horse battery';
const STEP = 30_000;

describe('mailbox two-factor sign-in (self-service)', () => {
  let t: TestDatabase;
  let anna: MailboxActor;
  let ben: MailboxActor;
  let now = Date.UTC(2026, 11, 3, 9, 0, 0);
  const options: TwoFactorOptions = {
    keyring: totpKeyringFromConfig({ DKIM_ENCRYPTION_KEY: 'kontor test dkim key', DATA_DIR: '/nonexistent' }),
    issuer: 'Kontor (mail.kontor.test)',
    now: () => now,
  };
  const webSignIn = (code?: string, password = PASSWORD) => signInMailbox(t.db, { email: 'anna@team.example', password, code }, options);
  const audits = (action: string) => t.db.auditLog.findMany({ where: { action, targetId: String(anna.id) } });

  before(async () => {
    t = await createTestDatabase();
    const team = await createDomain(t.db, CLI_ACTOR, { name: 'team.example' });
    const a = await createMailbox(t.db, CLI_ACTOR, { domainId: team.id, localPart: 'anna', password: PASSWORD });
    const b = await createMailbox(t.db, CLI_ACTOR, { domainId: team.id, localPart: 'ben', password: PASSWORD });
    anna = { kind: 'mailbox', id: a.id, domainId: team.id, address: a.address, ip: '203.0.113.9' };
    ben = { kind: 'mailbox', id: b.id, domainId: team.id, address: b.address };
  });
  after(async () => t?.drop());

  let secret = '';
  let recovery: string[] = [];

  it('refuses another mailbox user and administrators', async () => {
    await assert.rejects(startMailboxTotpEnrolment(t.db, ben, anna.id, options), ForbiddenError);
    await assert.rejects(mailboxTwoFactorStatus(t.db, ben, anna.id), ForbiddenError);
    const admin = await createAdminAccount(t.db, CLI_ACTOR, { email: 'boss@kontor.test', password: 'a long admin password', role: 'SUPERADMIN' });
    const boss = await adminActor(t.db, admin!.id);
    await assert.rejects(startMailboxTotpEnrolment(t.db, boss, anna.id, options), ForbiddenError);
    await assert.rejects(confirmMailboxTotpEnrolment(t.db, CLI_ACTOR, anna.id, '123456', options), ForbiddenError);
    // The admin's own setup uses the same steps, on the admin's row only.
    await startAdminTotpEnrolment(t.db, boss, options);
    assert.equal(await t.db.totpSecret.count({ where: { mailboxId: anna.id } }), 0);
    assert.equal((await adminTwoFactorStatus(t.db, boss, admin!.id)).enabled, false);
  });

  it('sets up with a QR secret; a wrong first code changes nothing; the right one gives ten recovery codes', async () => {
    const started = await startMailboxTotpEnrolment(t.db, anna, anna.id, options);
    secret = started.secret;
    assert.match(started.uri, /^otpauth:\/\/totp\/.*anna%40team\.example\?.*secret=[A-Z2-7]+/);
    assert.deepEqual(await pendingMailboxTotp(t.db, anna, anna.id, options), started, 'a reload shows the same setup');
    assert.equal((await webSignIn()).outcome, 'signed-in', 'not on before the first code');
    await assert.rejects(confirmMailboxTotpEnrolment(t.db, anna, anna.id, '000000', options), ValidationError);
    assert.equal((await mailboxTwoFactorStatus(t.db, anna, anna.id)).enabled, false);

    recovery = await confirmMailboxTotpEnrolment(t.db, anna, anna.id, totpCodeAt(secret, now), options);
    assert.equal(recovery.length, 10);
    const status = await mailboxTwoFactorStatus(t.db, anna, anna.id);
    assert.deepEqual([status.enabled, status.recoveryCodesLeft], [true, 10]);
    await assert.rejects(startMailboxTotpEnrolment(t.db, anna, anna.id, options), ConflictError);
    const [audit] = await audits('mailbox.2fa.enable');
    assert.equal(audit?.actor, 'mailbox:anna@team.example');
    assert.equal(audit?.domainId, anna.domainId);
    assert.equal(audit?.ip, '203.0.113.9');
  });

  it('webmail then asks for a code; a code and a recovery code each work once', async () => {
    assert.equal((await webSignIn()).outcome, 'code-needed');
    now += STEP;
    const code = totpCodeAt(secret, now);
    assert.equal((await webSignIn(code)).outcome, 'signed-in');
    assert.equal((await webSignIn(code)).outcome, 'code-wrong', 'the same code is spent');
    const first = await webSignIn(recovery[0]);
    assert.equal(first.outcome, 'signed-in');
    assert.equal((await webSignIn(recovery[0])).outcome, 'code-wrong', 'a recovery code works once');
    assert.equal((await mailboxTwoFactorStatus(t.db, anna, anna.id)).recoveryCodesLeft, 9);
  });

  it('mail apps are refused the account password and use an app password instead', async () => {
    assert.equal(await authenticateMailbox(t.db, anna.address, PASSWORD), null);
    const { password } = await createOwnAppPassword(t.db, anna, anna.id, { name: 'Phone' });
    assert.equal((await authenticateMailbox(t.db, anna.address, password))?.mailboxId, anna.id);
  });

  it('makes new recovery codes after a current code; the old ones stop working', async () => {
    await assert.rejects(regenerateMailboxRecoveryCodes(t.db, anna, anna.id, '000000', options), ValidationError);
    await assert.rejects(regenerateMailboxRecoveryCodes(t.db, ben, anna.id, totpCodeAt(secret, now), options), ForbiddenError);
    now += STEP;
    const fresh = await regenerateMailboxRecoveryCodes(t.db, anna, anna.id, totpCodeAt(secret, now), options);
    assert.equal(fresh.length, 10);
    assert.notDeepEqual(fresh, recovery);
    assert.equal((await webSignIn(recovery[1])).outcome, 'code-wrong');
    recovery = fresh;
    assert.equal((await audits('mailbox.2fa.recovery-codes')).length, 1);
  });

  it('turns off with the password and a code; the account password works in mail apps again', async () => {
    now += STEP;
    await assert.rejects(
      disableMailboxTotp(t.db, anna, anna.id, { password: 'wrong password', code: totpCodeAt(secret, now) }, options),
      (e: unknown) => e instanceof ValidationError && 'password' in e.fields,
    );
    await assert.rejects(disableMailboxTotp(t.db, ben, anna.id, { password: PASSWORD, code: recovery[0] ?? '' }, options), ForbiddenError);
    await disableMailboxTotp(t.db, anna, anna.id, { password: PASSWORD, code: recovery[0] ?? '' }, options);
    assert.equal((await mailboxTwoFactorStatus(t.db, anna, anna.id)).enabled, false);
    assert.equal(await t.db.recoveryCode.count({ where: { mailboxId: anna.id } }), 0);
    assert.equal((await webSignIn()).outcome, 'signed-in');
    assert.ok(await authenticateMailbox(t.db, anna.address, PASSWORD));
    assert.equal((await audits('mailbox.2fa.disable'))[0]?.actor, 'mailbox:anna@team.example');
  });
});
