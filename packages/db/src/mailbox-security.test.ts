import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { ConflictError, hashPassword, NotFoundError, ValidationError } from '@kontor/core';
import {
  type Actor,
  adminActor,
  assignAdminDomain,
  authenticateMailbox,
  CLI_ACTOR,
  createAdminAccount,
  createDomain,
  createMailbox,
  type Db,
  getMailbox,
  getMailboxSecurity,
  resetMailboxPassword,
  resetMailboxTwoFactor,
  revokeAppPassword,
  updateMailbox,
} from './index.ts';
import { createTestDatabase, type TestDatabase } from './testing.ts';

const PASSWORD = 'correct horse battery';
const APP_PASSWORD = 'app password for the phone';

describe('mailbox sign-in settings', () => {
  let t: TestDatabase;
  let own: { id: number; address: string };
  let foreign: { id: number; address: string };
  let domainAdmin: Actor;

  async function addAppPassword(mailboxId: number, name: string, password = APP_PASSWORD) {
    return t.db.appPassword.create({ data: { mailboxId, name, passwordHash: await hashPassword(password) } });
  }
  async function addTwoFactor(mailboxId: number) {
    await t.db.totpSecret.create({ data: { mailboxId, secretEncrypted: 'not used here', confirmedAt: new Date() } });
    await t.db.recoveryCode.createMany({ data: [1, 2, 3].map((n) => ({ mailboxId, codeHash: `hash ${n}` })) });
  }
  const audits = (action: string, mailboxId: number) => t.db.auditLog.findMany({ where: { action, targetType: 'mailbox', targetId: String(mailboxId) } });

  before(async () => {
    t = await createTestDatabase();
    const team = await createDomain(t.db, CLI_ACTOR, { name: 'team.example' });
    const shop = await createDomain(t.db, CLI_ACTOR, { name: 'shop.example' });
    own = await createMailbox(t.db, CLI_ACTOR, { domainId: team.id, localPart: 'info', password: PASSWORD });
    foreign = await createMailbox(t.db, CLI_ACTOR, { domainId: shop.id, localPart: 'orders', password: PASSWORD });
    const admin = await createAdminAccount(t.db, CLI_ACTOR, { email: 'anna@team.example', password: 'a long colleague password', role: 'DOMAIN_ADMIN' });
    await assignAdminDomain(t.db, CLI_ACTOR, admin.id, team.id);
    domainAdmin = await adminActor(t.db, admin.id, '192.0.2.7');
  });
  after(async () => t.drop());

  it('records the last login per protocol with the client address, at most once a minute for the same address', async () => {
    assert.ok(await authenticateMailbox(t.db, own.address, PASSWORD, { protocol: 'imap', ip: '::ffff:203.0.113.5' }));
    assert.ok(await authenticateMailbox(t.db, own.address, PASSWORD, { protocol: 'smtp', ip: '2001:db8::1' }));
    const first = await t.db.mailboxLogin.findUnique({ where: { mailboxId_protocol: { mailboxId: own.id, protocol: 'imap' } } });
    assert.equal(first?.ip, '203.0.113.5', 'an IPv4-mapped address is stored as IPv4');

    assert.ok(await authenticateMailbox(t.db, own.address, PASSWORD, { protocol: 'imap', ip: '203.0.113.5' }));
    const again = await t.db.mailboxLogin.findUnique({ where: { mailboxId_protocol: { mailboxId: own.id, protocol: 'imap' } } });
    assert.equal(again?.at.getTime(), first?.at.getTime(), 'a reconnect within the minute writes nothing');

    assert.ok(await authenticateMailbox(t.db, own.address, PASSWORD, { protocol: 'imap', ip: '198.51.100.9' }));
    const moved = await t.db.mailboxLogin.findUnique({ where: { mailboxId_protocol: { mailboxId: own.id, protocol: 'imap' } } });
    assert.equal(moved?.ip, '198.51.100.9', 'a login from another address is recorded at once');

    assert.equal(await authenticateMailbox(t.db, own.address, 'wrong password!', { protocol: 'pop3', ip: '198.51.100.10' }), null);
    assert.equal(await t.db.mailboxLogin.count({ where: { mailboxId: own.id, protocol: 'pop3' } }), 0, 'a failed login is not a login');

    const security = await getMailboxSecurity(t.db, CLI_ACTOR, own.id);
    assert.deepEqual(
      security.logins.map((l) => [l.protocol, l.ip]),
      [
        ['imap', '198.51.100.9'],
        ['smtp', '2001:db8::1'],
      ],
    );
  });

  it('lets the login through when recording it fails', async () => {
    const broken = new Proxy(t.db, {
      get(target, property, receiver) {
        if (property === 'mailboxLogin') return { upsert: () => Promise.reject(new Error('database hiccup')) };
        return Reflect.get(target, property, receiver);
      },
    }) as Db;
    const auth = await authenticateMailbox(broken, own.address, PASSWORD, { protocol: 'pop3', ip: '198.51.100.11' });
    assert.equal(auth?.mailboxId, own.id);
  });

  it('records when an app password was last used', async () => {
    const app = await addAppPassword(own.id, 'Thunderbird');
    const auth = await authenticateMailbox(t.db, own.address, APP_PASSWORD, { protocol: 'imap', ip: '203.0.113.5' });
    assert.equal(auth?.appPasswordId, app.id);
    const used = await t.db.appPassword.findUniqueOrThrow({ where: { id: app.id } });
    assert.ok(used.lastUsedAt, 'lastUsedAt is set');
    await t.db.appPassword.delete({ where: { id: app.id } });
  });

  it('changes the sending limits; empty is the server default again; audited as mailbox.update', async () => {
    const limited = await updateMailbox(t.db, CLI_ACTOR, own.id, { sendLimitPerHour: '20', sendLimitPerDay: '0' });
    assert.equal(limited.sendLimitPerHour, 20);
    assert.equal(limited.sendLimitPerDay, 0);
    await assert.rejects(
      updateMailbox(t.db, CLI_ACTOR, own.id, { sendLimitPerHour: 'many' }),
      (e: unknown) => e instanceof ValidationError && e.fields.sendLimitPerHour === 'Enter a whole number',
    );
    const untouched = await updateMailbox(t.db, CLI_ACTOR, own.id, { displayName: 'Info desk' });
    assert.equal(untouched.sendLimitPerHour, 20, 'absent leaves the limit as it is');
    const reset = await updateMailbox(t.db, CLI_ACTOR, own.id, { sendLimitPerHour: '', sendLimitPerDay: '' });
    assert.equal(reset.sendLimitPerHour, null);
    assert.equal(reset.sendLimitPerDay, null);
    assert.ok((await audits('mailbox.update', own.id)).length >= 3);
  });

  it('generates a new password, returned once and stored only as an argon2id hash', async () => {
    const { password } = await resetMailboxPassword(t.db, CLI_ACTOR, own.id);
    assert.ok(password && password.length >= 20, password);
    assert.equal(await authenticateMailbox(t.db, own.address, PASSWORD), null, 'the old password no longer works');
    assert.equal((await authenticateMailbox(t.db, own.address, password))?.mailboxId, own.id);
    const row = await t.db.mailbox.findUniqueOrThrow({ where: { id: own.id } });
    assert.match(row.passwordHash, /^\$argon2id\$/);
    assert.ok(!row.passwordHash.includes(password));
    const [audit] = await audits('mailbox.password-reset', own.id);
    assert.deepEqual(audit?.after, { address: own.address, generated: true });
    assert.ok(!JSON.stringify([audit?.before, audit?.after]).includes(password), 'the password is not in the audit log');
  });

  it('sets a given password under the password policy', async () => {
    await assert.rejects(
      resetMailboxPassword(t.db, CLI_ACTOR, own.id, { password: 'short' }),
      (e: unknown) => e instanceof ValidationError && /at least 10/.test(e.fields.password ?? ''),
    );
    await assert.rejects(
      resetMailboxPassword(t.db, CLI_ACTOR, own.id, { password: '' }),
      (e: unknown) => e instanceof ValidationError && e.fields.password === 'Enter a password',
    );
    const result = await resetMailboxPassword(t.db, CLI_ACTOR, own.id, { password: PASSWORD });
    assert.equal(result.password, undefined, 'a password the admin typed is not handed back');
    assert.ok(await authenticateMailbox(t.db, own.address, PASSWORD));
  });

  it('revokes an app password: the app is refused from then on; audited', async () => {
    const phone = await addAppPassword(own.id, 'Phone');
    const laptop = await addAppPassword(own.id, 'Laptop', 'another app password');
    assert.deepEqual(
      (await getMailboxSecurity(t.db, CLI_ACTOR, own.id)).appPasswords.map((a) => a.name),
      ['Laptop', 'Phone'],
    );
    await revokeAppPassword(t.db, CLI_ACTOR, own.id, phone.id);
    assert.equal(await authenticateMailbox(t.db, own.address, APP_PASSWORD), null);
    assert.ok(await authenticateMailbox(t.db, own.address, 'another app password'), 'the other app password still works');
    const [audit] = await audits('mailbox.app-password.revoke', own.id);
    assert.equal((audit?.before as { name?: string } | null)?.name, 'Phone');
    await assert.rejects(revokeAppPassword(t.db, CLI_ACTOR, own.id, phone.id), NotFoundError);
    // An app password of another mailbox is not reachable through this one.
    const other = await addAppPassword(foreign.id, 'Shop till');
    await assert.rejects(revokeAppPassword(t.db, CLI_ACTOR, own.id, other.id), NotFoundError);
    assert.ok(await t.db.appPassword.findUnique({ where: { id: other.id } }));
    await t.db.appPassword.deleteMany({ where: { id: { in: [laptop.id, other.id] } } });
  });

  it('resets two-factor sign-in: secret and recovery codes go, the account password works in mail apps again', async () => {
    await addTwoFactor(own.id);
    assert.deepEqual((await getMailboxSecurity(t.db, CLI_ACTOR, own.id)).twoFactor.state, 'on');
    assert.equal(await authenticateMailbox(t.db, own.address, PASSWORD), null, 'under 2FA only app passwords work');
    await resetMailboxTwoFactor(t.db, CLI_ACTOR, own.id);
    const security = await getMailboxSecurity(t.db, CLI_ACTOR, own.id);
    assert.deepEqual(security.twoFactor, { state: 'off', confirmedAt: null, recoveryCodesLeft: 0 });
    assert.equal(await t.db.recoveryCode.count({ where: { mailboxId: own.id } }), 0);
    assert.ok(await authenticateMailbox(t.db, own.address, PASSWORD));
    const [audit] = await audits('mailbox.2fa.reset', own.id);
    assert.equal((audit?.before as { recoveryCodes?: number } | null)?.recoveryCodes, 3);
    await assert.rejects(resetMailboxTwoFactor(t.db, CLI_ACTOR, own.id), ConflictError);
  });

  it('a domain admin manages their own domain’s mailbox and cannot touch a foreign one by id', async () => {
    await updateMailbox(t.db, domainAdmin, own.id, { sendLimitPerHour: '50' });
    const { password } = await resetMailboxPassword(t.db, domainAdmin, own.id);
    assert.ok(password);
    const [audit] = await t.db.auditLog.findMany({ where: { action: 'mailbox.password-reset', actor: 'admin:anna@team.example' } });
    assert.equal(audit?.ip, '192.0.2.7');

    const before = await t.db.mailbox.findUniqueOrThrow({ where: { id: foreign.id } });
    const app = await addAppPassword(foreign.id, 'Shop till');
    await addTwoFactor(foreign.id);
    const refused = (e: unknown) => e instanceof NotFoundError && e.message === `No mailbox ${foreign.id}`;
    await assert.rejects(getMailbox(t.db, domainAdmin, foreign.id), refused);
    await assert.rejects(getMailboxSecurity(t.db, domainAdmin, foreign.id), refused);
    await assert.rejects(updateMailbox(t.db, domainAdmin, foreign.id, { sendLimitPerHour: '1', active: false }), refused);
    await assert.rejects(resetMailboxPassword(t.db, domainAdmin, foreign.id), refused);
    await assert.rejects(resetMailboxPassword(t.db, domainAdmin, foreign.id, { password: 'a password of my choosing' }), refused);
    await assert.rejects(revokeAppPassword(t.db, domainAdmin, foreign.id, app.id), refused);
    await assert.rejects(revokeAppPassword(t.db, domainAdmin, own.id, app.id), NotFoundError);
    await assert.rejects(resetMailboxTwoFactor(t.db, domainAdmin, foreign.id), refused);

    const after = await t.db.mailbox.findUniqueOrThrow({ where: { id: foreign.id } });
    assert.deepEqual(after, before, 'the foreign mailbox is unchanged');
    assert.ok(await t.db.appPassword.findUnique({ where: { id: app.id } }));
    assert.ok(await t.db.totpSecret.findUnique({ where: { mailboxId: foreign.id } }));
    assert.equal(await t.db.recoveryCode.count({ where: { mailboxId: foreign.id } }), 3);
    assert.equal(await t.db.auditLog.count({ where: { targetType: 'mailbox', targetId: String(foreign.id), actor: 'admin:anna@team.example' } }), 0);
  });
});
