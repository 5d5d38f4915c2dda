// Webmail sign-in and sessions against a real PostgreSQL: a mailbox user
// signs in with the account password (and a code with 2FA on); the
// session's own credential logs in to IMAP only while the session is open;
// sign-out, a password reset, a 2FA reset and a disabled mailbox end it;
// a mailbox actor sees no admin data.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { ForbiddenError, generateTotpSecret, hashPassword, totpCodeAt, totpKeyringFromConfig } from '@kontor/core';
import {
  authenticateMailbox,
  CLI_ACTOR,
  createDomain,
  createMailbox,
  endMailboxSession,
  endOwnMailboxSessions,
  listDomains,
  listMailboxSessions,
  mailboxSessionActor,
  resetMailboxPassword,
  resetMailboxTwoFactor,
  signInMailbox,
  startMailboxSession,
  type TwoFactorOptions,
  updateMailbox,
  webSessionCredential,
} from './index.ts';
import { createTestDatabase, type TestDatabase } from './testing.ts';

const PASSWORD = 'correct horse battery staple';

describe('webmail sessions of mailbox users', () => {
  let t: TestDatabase;
  let anna: { id: number; domainId: number; address: string };
  let ben: { id: number; domainId: number; address: string };
  let now = Date.UTC(2026, 11, 3, 9, 0, 0);
  const options: TwoFactorOptions = {
    keyring: totpKeyringFromConfig({ DKIM_ENCRYPTION_KEY: 'kontor test dkim key', DATA_DIR: '/nonexistent' }),
    issuer: 'Kontor',
    now: () => now,
  };

  before(async () => {
    t = await createTestDatabase();
    const domain = await createDomain(t.db, CLI_ACTOR, { name: 'team.example' });
    anna = await createMailbox(t.db, CLI_ACTOR, { domainId: domain.id, localPart: 'anna', password: PASSWORD });
    ben = await createMailbox(t.db, CLI_ACTOR, { domainId: domain.id, localPart: 'ben', password: PASSWORD });
  });
  after(async () => t?.drop());

  it('signs in with the account password, refuses a wrong one, an unknown address and an app password', async () => {
    const ok = await signInMailbox(t.db, { email: 'Anna@Team.Example', password: PASSWORD, ip: '192.0.2.7' }, options);
    assert.equal(ok.outcome, 'signed-in');
    assert.equal(ok.outcome === 'signed-in' && ok.mailbox.address, 'anna@team.example');
    const login = await t.db.mailboxLogin.findUnique({ where: { mailboxId_protocol: { mailboxId: anna.id, protocol: 'web' } } });
    assert.equal(login?.ip, '192.0.2.7');
    assert.equal((await signInMailbox(t.db, { email: anna.address, password: 'wrong' }, options)).outcome, 'refused');
    assert.equal((await signInMailbox(t.db, { email: 'nobody@team.example', password: PASSWORD }, options)).outcome, 'refused');
    assert.equal((await signInMailbox(t.db, { email: 'not an address', password: PASSWORD }, options)).outcome, 'refused');
    await t.db.appPassword.create({ data: { mailboxId: anna.id, name: 'Phone', passwordHash: await hashPassword('app password for the phone') } });
    assert.equal((await signInMailbox(t.db, { email: anna.address, password: 'app password for the phone' }, options)).outcome, 'refused');
  });

  it('asks for a code when 2FA is on and accepts each code once', async () => {
    const secret = generateTotpSecret();
    await t.db.totpSecret.create({ data: { mailboxId: ben.id, secretEncrypted: options.keyring.encrypt(secret), confirmedAt: new Date() } });
    assert.equal((await signInMailbox(t.db, { email: ben.address, password: PASSWORD }, options)).outcome, 'code-needed');
    assert.equal((await signInMailbox(t.db, { email: ben.address, password: PASSWORD, code: '000000' }, options)).outcome, 'code-wrong');
    const code = totpCodeAt(secret, now);
    assert.equal((await signInMailbox(t.db, { email: ben.address, password: PASSWORD, code }, options)).outcome, 'signed-in');
    assert.equal((await signInMailbox(t.db, { email: ben.address, password: PASSWORD, code }, options)).outcome, 'code-wrong', 'the same code twice');
    now += 30_000;
  });

  it("logs in to IMAP with the session's credential only while the session is open", async () => {
    const session = await startMailboxSession(t.db, anna.id, { maxAgeSeconds: 3600 });
    const credential = webSessionCredential(session);
    assert.equal((await authenticateMailbox(t.db, anna.address, credential))?.mailboxId, anna.id);
    assert.equal(await authenticateMailbox(t.db, ben.address, credential), null, "another mailbox's address");
    assert.equal(await authenticateMailbox(t.db, anna.address, webSessionCredential({ ...session, secret: 'guessed' })), null);
    assert.ok(await mailboxSessionActor(t.db, { mailboxId: anna.id, sessionId: session.id }));
    assert.equal(await mailboxSessionActor(t.db, { mailboxId: ben.id, sessionId: session.id }), null, 'the session names anna, not ben');
    await endMailboxSession(t.db, session.id);
    assert.equal(await authenticateMailbox(t.db, anna.address, credential), null);
    assert.equal(await mailboxSessionActor(t.db, { mailboxId: anna.id, sessionId: session.id }), null);
    const audit = await t.db.auditLog.findFirst({ where: { action: 'mailbox.sign-out' } });
    assert.equal(audit?.actor, 'mailbox:anna@team.example');
  });

  it('works with 2FA on, where the account password no longer logs in to IMAP', async () => {
    const session = await startMailboxSession(t.db, ben.id, { maxAgeSeconds: 3600 });
    assert.equal(await authenticateMailbox(t.db, ben.address, PASSWORD), null);
    assert.equal((await authenticateMailbox(t.db, ben.address, webSessionCredential(session)))?.mailboxId, ben.id);
    await resetMailboxTwoFactor(t.db, CLI_ACTOR, ben.id);
    assert.equal(await authenticateMailbox(t.db, ben.address, webSessionCredential(session)), null, 'a 2FA reset ends the sessions');
  });

  it('ends on a password reset, on an expired session and while the mailbox is disabled', async () => {
    const first = await startMailboxSession(t.db, anna.id, { maxAgeSeconds: 3600 });
    await resetMailboxPassword(t.db, CLI_ACTOR, anna.id, { password: 'a brand new long password' });
    assert.equal(await mailboxSessionActor(t.db, { mailboxId: anna.id, sessionId: first.id }), null);
    const expired = await startMailboxSession(t.db, anna.id, { maxAgeSeconds: -1 });
    assert.equal(await authenticateMailbox(t.db, anna.address, webSessionCredential(expired)), null);
    const open = await startMailboxSession(t.db, anna.id, { maxAgeSeconds: 3600 });
    await updateMailbox(t.db, CLI_ACTOR, anna.id, { active: false });
    assert.equal(await mailboxSessionActor(t.db, { mailboxId: anna.id, sessionId: open.id }), null);
    await updateMailbox(t.db, CLI_ACTOR, anna.id, { active: true });
    assert.ok(await mailboxSessionActor(t.db, { mailboxId: anna.id, sessionId: open.id }));
  });

  it('lets the user list and end only their own sessions, and gives a mailbox actor no admin data', async () => {
    const mine = await startMailboxSession(t.db, anna.id, { maxAgeSeconds: 3600, userAgent: 'Firefox' });
    const other = await startMailboxSession(t.db, anna.id, { maxAgeSeconds: 3600, userAgent: 'Phone' });
    const actor = await mailboxSessionActor(t.db, { mailboxId: anna.id, sessionId: mine.id });
    assert.ok(actor);
    const listed = await listMailboxSessions(t.db, actor, anna.id);
    assert.ok(listed.some((s) => s.id === other.id));
    await assert.rejects(listMailboxSessions(t.db, actor, ben.id), ForbiddenError);
    await assert.rejects(endOwnMailboxSessions(t.db, actor, ben.id, {}), ForbiddenError);
    assert.equal((await endOwnMailboxSessions(t.db, actor, anna.id, { except: mine.id })) > 0, true);
    assert.equal(await mailboxSessionActor(t.db, { mailboxId: anna.id, sessionId: other.id }), null);
    assert.ok(await mailboxSessionActor(t.db, { mailboxId: anna.id, sessionId: mine.id }));
    const domains = await listDomains(t.db, actor);
    assert.equal(domains.length, 0, 'a mailbox user administers no domain');
  });
});
