// What a mailbox user changes for themselves in webmail's settings,
// against a real PostgreSQL: the own password (other sessions end, app
// passwords stay), app passwords, the autoresponder and forwarding through
// the admin's own data functions, the domain's rule for user forwarding,
// and that another mailbox's user and the admin-only functions refuse them.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { ConflictError, ForbiddenError, NotFoundError, ValidationError } from '@kontor/core';
import {
  adminActor,
  authenticateMailbox,
  CLI_ACTOR,
  changeOwnMailboxPassword,
  createAdminAccount,
  createDomain,
  createMailbox,
  createOwnAppPassword,
  getAutoresponder,
  getForwarding,
  getMailbox,
  getMailboxSecurity,
  listMailboxSessions,
  listOwnAppPasswords,
  MAX_APP_PASSWORDS,
  type MailboxActor,
  mailboxOfWebSessionCredential,
  ownMailboxOverview,
  resetMailboxPassword,
  resetMailboxTwoFactor,
  revokeAppPassword,
  setForwarding,
  startMailboxSession,
  updateDomainLocale,
  updateDomainUserForwarding,
  updateMailbox,
  upsertAutoresponder,
  webSessionCredential,
} from './index.ts';
import { createTestDatabase, type TestDatabase } from './testing.ts';

const PASSWORD = 'correct horse battery';
const NEW_PASSWORD = 'a brand new sentence here';

describe('mailbox self-service', () => {
  let t: TestDatabase;
  let anna: MailboxActor;
  let ben: MailboxActor;
  let teamId: number;
  const audit = (action: string, mailboxId: number) => t.db.auditLog.findFirst({ where: { action, targetId: String(mailboxId) }, orderBy: { id: 'desc' } });

  before(async () => {
    t = await createTestDatabase();
    const team = await createDomain(t.db, CLI_ACTOR, { name: 'team.example' });
    teamId = team.id;
    await createDomain(t.db, CLI_ACTOR, { name: 'other.example' });
    const a = await createMailbox(t.db, CLI_ACTOR, { domainId: team.id, localPart: 'anna', displayName: 'Anna Berg', password: PASSWORD, quota: '1G' });
    const b = await createMailbox(t.db, CLI_ACTOR, { domainId: team.id, localPart: 'ben', password: PASSWORD });
    anna = { kind: 'mailbox', id: a.id, domainId: team.id, address: a.address, ip: '198.51.100.4' };
    ben = { kind: 'mailbox', id: b.id, domainId: team.id, address: b.address };
  });
  after(async () => t?.drop());

  it('the admin data functions refuse a mailbox user, even for their own mailbox', async () => {
    await assert.rejects(getMailbox(t.db, anna, anna.id), NotFoundError);
    await assert.rejects(getMailboxSecurity(t.db, anna, anna.id), NotFoundError);
    await assert.rejects(resetMailboxPassword(t.db, anna, anna.id, { password: NEW_PASSWORD }), NotFoundError);
    await assert.rejects(resetMailboxTwoFactor(t.db, anna, anna.id), NotFoundError);
    await assert.rejects(updateMailbox(t.db, anna, anna.id, { quota: '5G' }), NotFoundError);
    await assert.rejects(updateDomainUserForwarding(t.db, anna, teamId, 'any'), NotFoundError);
    await assert.rejects(updateDomainLocale(t.db, anna, teamId, { timeZone: 'UTC' }), NotFoundError);
  });

  it('shows the own mailbox and its domain rules, to its user only', async () => {
    const overview = await ownMailboxOverview(t.db, anna, anna.id);
    assert.equal(overview.address, 'anna@team.example');
    assert.equal(overview.quotaBytes, 1024 ** 3);
    assert.equal(overview.domain.userForwarding, 'any');
    assert.equal(overview.twoFactor, 'off');
    await assert.rejects(ownMailboxOverview(t.db, ben, anna.id), ForbiddenError);
    await assert.rejects(ownMailboxOverview(t.db, CLI_ACTOR, anna.id), ForbiddenError);
  });

  it('changes the own password: the current one is needed, the policy applies, other sessions end, app passwords stay', async () => {
    const here = await startMailboxSession(t.db, anna.id, { maxAgeSeconds: 3600 });
    const there = await startMailboxSession(t.db, anna.id, { maxAgeSeconds: 3600 });
    const { password: appPassword } = await createOwnAppPassword(t.db, anna, anna.id, { name: 'Laptop' });
    const change = (currentPassword: string, newPassword: string) =>
      changeOwnMailboxPassword(t.db, anna, anna.id, { currentPassword, newPassword }, { keepSessionId: here.id });

    await assert.rejects(change('wrong password', NEW_PASSWORD), (e: unknown) => e instanceof ValidationError && 'currentPassword' in e.fields);
    await assert.rejects(change(PASSWORD, 'short'), (e: unknown) => e instanceof ValidationError && 'newPassword' in e.fields);
    await assert.rejects(change(PASSWORD, 'anna is my name ok'), (e: unknown) => e instanceof ValidationError && 'newPassword' in e.fields);
    await assert.rejects(change(PASSWORD, PASSWORD), (e: unknown) => e instanceof ValidationError && 'newPassword' in e.fields);
    await assert.rejects(changeOwnMailboxPassword(t.db, ben, anna.id, { currentPassword: PASSWORD, newPassword: NEW_PASSWORD }), ForbiddenError);

    assert.deepEqual(await change(PASSWORD, NEW_PASSWORD), { sessionsEnded: 1 });
    assert.equal(await authenticateMailbox(t.db, anna.address, PASSWORD), null, 'the old password is refused');
    assert.ok(await authenticateMailbox(t.db, anna.address, NEW_PASSWORD));
    assert.ok(await authenticateMailbox(t.db, anna.address, appPassword), 'app passwords stay');
    assert.equal(await mailboxOfWebSessionCredential(t.db, webSessionCredential(here)), anna.id, 'this session stays');
    assert.equal(await mailboxOfWebSessionCredential(t.db, webSessionCredential(there)), null, 'the other session ended');
    assert.deepEqual(
      (await listMailboxSessions(t.db, anna, anna.id)).map((s) => s.id),
      [here.id],
    );
    const row = await audit('mailbox.password', anna.id);
    assert.equal(row?.actor, 'mailbox:anna@team.example');
    assert.equal(row?.ip, '198.51.100.4');
  });

  it('creates app passwords shown once, lists them, and revokes them; another user can do neither', async () => {
    const created = await createOwnAppPassword(t.db, anna, anna.id, { name: '  Phone  ' });
    assert.match(created.password, /^[a-z2-9]{4}(-[a-z2-9]{4}){3}$/);
    assert.equal(created.appPassword.name, 'Phone');
    const stored = await t.db.appPassword.findUniqueOrThrow({ where: { id: created.appPassword.id } });
    assert.ok(!stored.passwordHash.includes(created.password));
    await assert.rejects(createOwnAppPassword(t.db, anna, anna.id, { name: ' ' }), ValidationError);
    await assert.rejects(createOwnAppPassword(t.db, ben, anna.id, { name: 'Sneaky' }), ForbiddenError);
    await assert.rejects(listOwnAppPasswords(t.db, ben, anna.id), ForbiddenError);
    await assert.rejects(revokeAppPassword(t.db, ben, anna.id, created.appPassword.id), ForbiddenError);
    await assert.rejects(revokeAppPassword(t.db, ben, ben.id, created.appPassword.id), NotFoundError, "not in ben's mailbox");

    const login = await authenticateMailbox(t.db, anna.address, created.password, { protocol: 'imap' });
    assert.equal(login?.appPasswordId, created.appPassword.id);
    const listed = await listOwnAppPasswords(t.db, anna, anna.id);
    assert.deepEqual(
      listed.map((a) => a.name),
      ['Phone', 'Laptop'],
    );
    assert.ok(listed[0]?.lastUsedAt, 'the last use is recorded');
    assert.equal((await audit('mailbox.app-password.create', anna.id))?.actor, 'mailbox:anna@team.example');

    await revokeAppPassword(t.db, anna, anna.id, created.appPassword.id);
    assert.equal(await authenticateMailbox(t.db, anna.address, created.password), null);
    assert.equal((await audit('mailbox.app-password.revoke', anna.id))?.actor, 'mailbox:anna@team.example');
  });

  it('keeps to at most MAX_APP_PASSWORDS', async () => {
    const have = (await listOwnAppPasswords(t.db, ben, ben.id)).length;
    for (let i = have; i < MAX_APP_PASSWORDS; i++) await createOwnAppPassword(t.db, ben, ben.id, { name: `App ${i}` });
    await assert.rejects(createOwnAppPassword(t.db, ben, ben.id, { name: 'One too many' }), ConflictError);
  });

  it('sets the own autoresponder with the same rules as the admin; another user is refused', async () => {
    const saved = await upsertAutoresponder(t.db, anna, anna.id, { enabled: true, subject: 'Away', body: 'Back on Monday.', endsAt: '2099-01-05T09:00' });
    assert.equal(saved.state, 'active');
    assert.equal((await getAutoresponder(t.db, anna, anna.id)).settings.subject, 'Away');
    await assert.rejects(
      upsertAutoresponder(t.db, anna, anna.id, { enabled: true, subject: 'Away', body: 'x', startsAt: '2099-02-01T00:00', endsAt: '2099-01-01T00:00' }),
      (e: unknown) => e instanceof ValidationError && 'endsAt' in e.fields,
    );
    await assert.rejects(getAutoresponder(t.db, ben, anna.id), ForbiddenError);
    await assert.rejects(upsertAutoresponder(t.db, ben, anna.id, { enabled: false }), ForbiddenError);
    assert.equal((await audit('autoresponder.update', anna.id))?.actor, 'mailbox:anna@team.example');
  });

  it("sets the own forwarding within the domain's rule; administrators are not bound by it", async () => {
    const view = await setForwarding(t.db, anna, anna.id, { forwardTo: 'ben@team.example, someone@elsewhere.example', keepCopy: false });
    assert.deepEqual(
      view.forwardTo.map((f) => [f.address, f.external]),
      [
        ['ben@team.example', false],
        ['someone@elsewhere.example', true],
      ],
    );
    assert.equal((await audit('mailbox.forwarding', anna.id))?.actor, 'mailbox:anna@team.example');
    await assert.rejects(setForwarding(t.db, anna, anna.id, { forwardTo: 'nobody@team.example' }), ValidationError, 'a typo in the own domain');
    await assert.rejects(setForwarding(t.db, ben, anna.id, { forwardTo: 'ben@team.example' }), ForbiddenError);
    await assert.rejects(getForwarding(t.db, ben, anna.id), ForbiddenError);

    const boss = await adminActor(
      t.db,
      (await createAdminAccount(t.db, CLI_ACTOR, { email: 'boss@kontor.test', password: 'a long admin password', role: 'SUPERADMIN' }))!.id,
    );
    const internal = await updateDomainUserForwarding(t.db, boss, teamId, 'internal');
    assert.equal(internal.mailboxesBeyond, 1, "anna's forward outside the domain is pointed out");
    await assert.rejects(updateDomainUserForwarding(t.db, boss, teamId, 'everything'), ValidationError);
    await assert.rejects(
      setForwarding(t.db, anna, anna.id, { forwardTo: 'someone@elsewhere.example' }),
      (e: unknown) => e instanceof ValidationError && /Only addresses @team\.example/.test(e.fields.forwardTo ?? ''),
    );
    assert.equal((await setForwarding(t.db, anna, anna.id, { forwardTo: 'ben@team.example', keepCopy: true })).enabled, true);

    await updateDomainUserForwarding(t.db, boss, teamId, 'off');
    assert.equal((await ownMailboxOverview(t.db, anna, anna.id)).domain.userForwarding, 'off');
    await assert.rejects(setForwarding(t.db, anna, anna.id, { forwardTo: 'ben@team.example' }), ForbiddenError);
    assert.equal((await setForwarding(t.db, anna, anna.id, { enabled: false })).enabled, false, 'switching off is always allowed');
    assert.equal((await setForwarding(t.db, boss, anna.id, { forwardTo: 'someone@elsewhere.example' })).enabled, true, 'the admin may');
    await updateDomainUserForwarding(t.db, boss, teamId, 'any');
  });
});
