import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { ConfirmationRequiredError, ConflictError, ForbiddenError, hashPassword, NotFoundError, ValidationError, verifyPassword } from '@kontor/core';
// The store's own function (a test-only path: @kontor/mailstore depends on this package).
import { releaseBlobsOf } from '../../mailstore/src/blob-refs.ts';
import {
  type Actor,
  adminActor,
  assignAdminDomain,
  authenticateAdmin,
  authenticateMailbox,
  CLI_ACTOR,
  createAdminAccount,
  createAlias,
  createDomain,
  createMailbox,
  deleteDomain,
  deleteMailbox,
  ensureSuperadmin,
  getAdminByEmail,
  getDomain,
  getMailboxByAddress,
  listAliases,
  listAuditLog,
  listDomains,
  listMailboxes,
  unassignAdminDomain,
  updateDomain,
  updateMailbox,
} from './index.ts';
import { applyMigrations, readMigrations } from './migrate.ts';
import { createTestDatabase, type TestDatabase } from './testing.ts';

const PASSWORD = 'correct horse battery';

describe('migrations', () => {
  it('apply to an empty database, and a second run applies nothing', async () => {
    const t = await createTestDatabase({ empty: true });
    try {
      const applied = await applyMigrations(t.url);
      assert.deepEqual(
        applied,
        readMigrations().map((m) => m.name),
      );
      assert.deepEqual(await applyMigrations(t.url), []);
      const rows = await t.db.$queryRaw<{ migration_name: string; finished_at: Date | null }[]>`SELECT migration_name, finished_at FROM "_prisma_migrations"`;
      assert.equal(rows.length, applied.length);
      assert.ok(rows.every((r) => r.finished_at));
      assert.equal(await t.db.domain.count(), 0);
    } finally {
      await t.drop();
    }
  });
});

describe('directory data functions', () => {
  let t: TestDatabase;
  before(async () => {
    t = await createTestDatabase();
  });
  after(async () => t.drop());

  it('creates a domain, stores the ASCII form and writes the audit log', async () => {
    const domain = await createDomain(t.db, CLI_ACTOR, { name: 'Bücher.Example', defaultQuota: '2G' });
    assert.equal(domain.name, 'xn--bcher-kva.example');
    assert.equal(domain.unicodeName, 'bücher.example');
    assert.equal(domain.defaultQuotaBytes, 2n * 1024n ** 3n);
    const audit = await t.db.auditLog.findFirst({ where: { action: 'domain.create', targetId: String(domain.id) } });
    assert.equal(audit?.actor, 'cli');
    assert.equal((audit?.after as { name: string } | undefined)?.name, 'xn--bcher-kva.example');
  });

  it('refuses a duplicate domain in either form with a ConflictError on the name field', async () => {
    await assert.rejects(
      createDomain(t.db, CLI_ACTOR, { name: 'xn--bcher-kva.example' }),
      (e: unknown) => e instanceof ConflictError && e.field === 'name' && /already exists/.test(e.message),
    );
  });

  it('refuses a bad domain name with a field error', async () => {
    await assert.rejects(createDomain(t.db, CLI_ACTOR, { name: 'bad_domain' }), (e: unknown) => e instanceof ValidationError && 'name' in e.fields);
    await assert.rejects(
      createDomain(t.db, CLI_ACTOR, { name: 'ok.example', defaultQuota: 'lots' }),
      (e: unknown) => e instanceof ValidationError && 'defaultQuota' in e.fields,
    );
  });

  it('creates a mailbox with an argon2id hash, the domain quota and the default folders', async () => {
    const domain = await createDomain(t.db, CLI_ACTOR, { name: 'example.com', defaultQuota: '1G' });
    const mailbox = await createMailbox(t.db, CLI_ACTOR, { domainId: domain.id, localPart: 'Info', password: PASSWORD, displayName: 'Info' });
    assert.equal(mailbox.address, 'info@example.com');
    assert.equal(mailbox.quotaBytes, 1024n ** 3n);
    const row = await t.db.mailbox.findUniqueOrThrow({ where: { id: mailbox.id } });
    assert.match(row.passwordHash, /^\$argon2id\$/);
    assert.ok(await verifyPassword(row.passwordHash, PASSWORD));
    const folders = await t.db.folder.findMany({ where: { mailboxId: mailbox.id }, orderBy: { id: 'asc' } });
    assert.deepEqual(
      folders.map((f) => f.name),
      ['INBOX', 'Sent', 'Drafts', 'Trash', 'Junk', 'Archive'],
    );
    assert.equal(folders.find((f) => f.name === 'Sent')?.specialUse, '\\Sent');
    assert.equal(new Set(folders.map((f) => f.uidValidity)).size, 6, 'UIDVALIDITY differs per folder');
  });

  it('refuses duplicates, bad local parts and weak passwords', async () => {
    const domain = await getDomain(t.db, CLI_ACTOR, 'example.com');
    await assert.rejects(
      createMailbox(t.db, CLI_ACTOR, { domainId: domain.id, localPart: 'info', password: PASSWORD }),
      (e: unknown) => e instanceof ConflictError && e.field === 'localPart',
    );
    await assert.rejects(
      createMailbox(t.db, CLI_ACTOR, { domainId: domain.id, localPart: 'a..b', password: PASSWORD }),
      (e: unknown) => e instanceof ValidationError && 'localPart' in e.fields,
    );
    await assert.rejects(
      createMailbox(t.db, CLI_ACTOR, { domainId: domain.id, localPart: 'bob', password: 'short' }),
      (e: unknown) => e instanceof ValidationError && 'password' in e.fields,
    );
  });

  it('enforces the unique constraints in the database itself', async () => {
    const domain = await getDomain(t.db, CLI_ACTOR, 'example.com');
    await assert.rejects(t.db.domain.create({ data: { name: 'example.com', unicodeName: 'example.com' } }), /Unique constraint/);
    await assert.rejects(t.db.mailbox.create({ data: { domainId: domain.id, localPart: 'info', passwordHash: 'x' } }), /Unique constraint/);
    const inbox = await t.db.folder.findFirstOrThrow({ where: { name: 'INBOX' } });
    await assert.rejects(t.db.folder.create({ data: { mailboxId: inbox.mailboxId, name: 'INBOX' } }), /Unique constraint/);
  });

  it('keeps aliases and mailboxes from shadowing each other, and checks local destinations', async () => {
    const domain = await getDomain(t.db, CLI_ACTOR, 'example.com');
    await assert.rejects(createAlias(t.db, CLI_ACTOR, { domainId: domain.id, localPart: 'info', destinations: 'x@elsewhere.org' }), ConflictError);
    const alias = await createAlias(t.db, CLI_ACTOR, { domainId: domain.id, localPart: 'sales', destinations: 'info@example.com, Partner@Elsewhere.org' });
    assert.deepEqual(alias.targets, [
      { address: 'info@example.com', external: false },
      { address: 'Partner@elsewhere.org', external: true },
    ]);
    await assert.rejects(createMailbox(t.db, CLI_ACTOR, { domainId: domain.id, localPart: 'sales', password: PASSWORD }), ConflictError);
    await assert.rejects(
      createAlias(t.db, CLI_ACTOR, { domainId: domain.id, localPart: 'typo', destinations: 'nobody@example.com' }),
      (e: unknown) => e instanceof ValidationError && /not a mailbox or alias/.test(e.fields.destinations ?? ''),
    );
    const catchAll = await createAlias(t.db, CLI_ACTOR, { domainId: domain.id, localPart: '*', destinations: ['info@example.com'] });
    assert.equal(catchAll.catchAll, true);
    await assert.rejects(createAlias(t.db, CLI_ACTOR, { domainId: domain.id, localPart: '*', destinations: ['info@example.com'] }), /already has a catch-all/);
    assert.equal((await listAliases(t.db, CLI_ACTOR, domain.id)).length, 2);
    const audit = await t.db.auditLog.findFirst({ where: { action: 'alias.create', targetId: String(alias.id) } });
    assert.equal((audit?.after as { address?: string } | undefined)?.address, 'sales@example.com', 'the audit row names the address');
  });

  it('range-checks numbers with a message on the field, never a database error', async () => {
    const fieldOf = (field: string) => (e: unknown) => e instanceof ValidationError && field in e.fields;
    await assert.rejects(createDomain(t.db, CLI_ACTOR, { name: 'huge.example', maxMailboxes: '99999999999999' }), fieldOf('maxMailboxes'));
    await assert.rejects(createDomain(t.db, CLI_ACTOR, { name: 'huge.example', defaultQuota: '99999999T' }), fieldOf('defaultQuota'));
    await assert.rejects(createDomain(t.db, CLI_ACTOR, { name: 'huge.example', defaultQuota: 1e30 }), fieldOf('defaultQuota'));
    await assert.rejects(createMailbox(t.db, CLI_ACTOR, { domainId: 99999999999999, localPart: 'x', password: PASSWORD }), fieldOf('domainId'));
    await assert.rejects(getDomain(t.db, CLI_ACTOR, 99999999999999), NotFoundError);
  });

  it('refuses a quota below what a mailbox holds and a mailbox limit below the current count', async () => {
    const domain = await createDomain(t.db, CLI_ACTOR, { name: 'full.example' });
    const one = await createMailbox(t.db, CLI_ACTOR, { domainId: domain.id, localPart: 'one', password: PASSWORD });
    await createMailbox(t.db, CLI_ACTOR, { domainId: domain.id, localPart: 'two', password: PASSWORD });
    await t.db.mailbox.update({ where: { id: one!.id }, data: { usedBytes: 5n * 1024n * 1024n } });
    await assert.rejects(
      updateMailbox(t.db, CLI_ACTOR, one!.id, { quota: '1M' }),
      (e: unknown) => e instanceof ValidationError && /already holds 5 MB/.test(e.fields.quota ?? ''),
    );
    assert.equal((await updateMailbox(t.db, CLI_ACTOR, one!.id, { quota: '0' })).quotaBytes, 0n, 'unlimited is always fine');
    assert.equal((await updateMailbox(t.db, CLI_ACTOR, one!.id, { quota: '5M' })).quotaBytes, 5n * 1024n * 1024n);
    await assert.rejects(
      updateDomain(t.db, CLI_ACTOR, domain.id, { maxMailboxes: 1 }),
      (e: unknown) => e instanceof ValidationError && /already has 2 mailboxes/.test(e.fields.maxMailboxes ?? ''),
    );
    assert.equal((await updateDomain(t.db, CLI_ACTOR, domain.id, { maxMailboxes: 2 })).maxMailboxes, 2);
  });

  it('enforces the domain mailbox limit', async () => {
    const domain = await createDomain(t.db, CLI_ACTOR, { name: 'small.example', maxMailboxes: 1 });
    await createMailbox(t.db, CLI_ACTOR, { domainId: domain.id, localPart: 'one', password: PASSWORD });
    await assert.rejects(createMailbox(t.db, CLI_ACTOR, { domainId: domain.id, localPart: 'two', password: PASSWORD }), /maximum of 1/);
  });

  it('asks for confirmation before deleting a domain that holds mailboxes, then removes everything', async () => {
    const domain = await getDomain(t.db, CLI_ACTOR, 'small.example');
    await assert.rejects(
      deleteDomain(t.db, CLI_ACTOR, domain.id, { releaseBlobs: releaseBlobsOf }),
      (e: unknown) => e instanceof ConfirmationRequiredError && /one@small\.example/.test(e.consequences.join()),
    );
    await deleteDomain(t.db, CLI_ACTOR, domain.id, { confirm: true, releaseBlobs: releaseBlobsOf });
    await assert.rejects(getDomain(t.db, CLI_ACTOR, 'small.example'), NotFoundError);
    assert.equal(await t.db.mailbox.count({ where: { domainId: domain.id } }), 0);
  });

  it('updates and deletes a mailbox, keeping the audit trail', async () => {
    const domain = await getDomain(t.db, CLI_ACTOR, 'example.com');
    const mailbox = await createMailbox(t.db, CLI_ACTOR, { domainId: domain.id, localPart: 'temp', password: PASSWORD });
    const updated = await updateMailbox(t.db, CLI_ACTOR, mailbox.id, { quota: '5G', displayName: 'Temp', password: 'another long password' });
    assert.equal(updated.quotaBytes, 5n * 1024n ** 3n);
    await deleteMailbox(t.db, CLI_ACTOR, mailbox.id, { releaseBlobs: releaseBlobsOf });
    await assert.rejects(getMailboxByAddress(t.db, CLI_ACTOR, 'temp@example.com'), NotFoundError);
    const actions = (await t.db.auditLog.findMany({ where: { targetType: 'mailbox', targetId: String(mailbox.id) }, orderBy: { id: 'asc' } })).map(
      (a) => a.action,
    );
    assert.deepEqual(actions, ['mailbox.create', 'mailbox.update+password', 'mailbox.delete']);
    const audit = await t.db.auditLog.findFirst({ where: { action: 'mailbox.create', targetId: String(mailbox.id) } });
    assert.ok(!JSON.stringify(audit?.after).includes('argon2'), 'no password hash in the audit log');
  });
});

describe('domain admins', () => {
  let t: TestDatabase;
  let own: number;
  let other: number;
  let actor: Actor;
  before(async () => {
    t = await createTestDatabase();
    own = (await createDomain(t.db, CLI_ACTOR, { name: 'own.example' })).id;
    other = (await createDomain(t.db, CLI_ACTOR, { name: 'other.example' })).id;
    await createMailbox(t.db, CLI_ACTOR, { domainId: other, localPart: 'boss', password: PASSWORD });
    const admin = await createAdminAccount(t.db, CLI_ACTOR, { email: 'da@own.example', password: PASSWORD, role: 'DOMAIN_ADMIN', domainIds: [own] });
    actor = await adminActor(t.db, admin.id);
  });
  after(async () => t.drop());

  it('sign in with the right password only', async () => {
    assert.equal(await authenticateAdmin(t.db, 'da@own.example', 'wrong password here'), null);
    assert.equal(await authenticateAdmin(t.db, 'nobody@own.example', PASSWORD), null);
    assert.equal((await authenticateAdmin(t.db, 'DA@own.example', PASSWORD))?.role, 'DOMAIN_ADMIN');
  });

  it('see only their domains', async () => {
    assert.deepEqual(
      (await listDomains(t.db, actor)).map((d) => d.name),
      ['own.example'],
    );
    await assert.rejects(getDomain(t.db, actor, other), NotFoundError);
    await assert.rejects(getDomain(t.db, actor, 'other.example'), NotFoundError);
    await assert.rejects(listMailboxes(t.db, actor, other), NotFoundError);
    await assert.rejects(getMailboxByAddress(t.db, actor, 'boss@other.example'), NotFoundError);
  });

  it('cannot change another domain’s rows', async () => {
    const boss = await t.db.mailbox.findFirstOrThrow({ where: { localPart: 'boss' } });
    await assert.rejects(createMailbox(t.db, actor, { domainId: other, localPart: 'spy', password: PASSWORD }), NotFoundError);
    await assert.rejects(updateMailbox(t.db, actor, boss.id, { password: 'taken over password' }), NotFoundError);
    await assert.rejects(deleteMailbox(t.db, actor, boss.id, { releaseBlobs: releaseBlobsOf }), NotFoundError);
    await assert.rejects(createAlias(t.db, actor, { domainId: other, localPart: 'x', destinations: 'a@b.example' }), NotFoundError);
    await assert.rejects(updateDomain(t.db, actor, other, { description: 'mine now' }), NotFoundError);
    assert.equal(await t.db.mailbox.count({ where: { domainId: other } }), 1);
  });

  it('manage mailboxes of their own domain but not domains themselves', async () => {
    const mailbox = await createMailbox(t.db, actor, { domainId: own, localPart: 'info', password: PASSWORD });
    assert.equal(mailbox.address, 'info@own.example');
    await updateDomain(t.db, actor, own, { description: 'Our shop' });
    await assert.rejects(updateDomain(t.db, actor, own, { maxMailboxes: 100 }), ForbiddenError);
    await assert.rejects(createDomain(t.db, actor, { name: 'new.example' }), ForbiddenError);
    await assert.rejects(deleteDomain(t.db, actor, own, { confirm: true, releaseBlobs: releaseBlobsOf }), ForbiddenError);
  });

  it('cannot learn which addresses exist in another domain from the alias form', async () => {
    // boss@other.example exists, ghost@other.example does not: both are just external addresses here.
    const alias = await createAlias(t.db, actor, { domainId: own, localPart: 'probe', destinations: ['boss@other.example', 'ghost@other.example'] });
    assert.deepEqual(
      alias?.targets.map((target) => target.external),
      [true, true],
    );
    // In their own domain the check still guards against typos.
    await assert.rejects(createAlias(t.db, actor, { domainId: own, localPart: 'typo', destinations: 'nobody@own.example' }), ValidationError);
    // A superadmin sees every domain as local and gets the check there.
    await assert.rejects(createAlias(t.db, CLI_ACTOR, { domainId: other, localPart: 'typo', destinations: 'ghost@other.example' }), ValidationError);
  });

  it('cannot give themselves or others domains, or look up administrators', async () => {
    const self = actor.kind === 'domain_admin' ? actor.id : 0;
    await assert.rejects(assignAdminDomain(t.db, actor, self, other), ForbiddenError);
    await assert.rejects(unassignAdminDomain(t.db, actor, self, own), ForbiddenError);
    await assert.rejects(getAdminByEmail(t.db, actor, 'da@own.example'), ForbiddenError);
    assert.deepEqual(
      (await listDomains(t.db, actor)).map((d) => d.name),
      ['own.example'],
    );
  });

  it('read only their domains’ audit trail', async () => {
    const entries = await listAuditLog(t.db, actor);
    assert.ok(entries.length > 0);
    assert.ok(entries.every((e) => e.domainId === own));
  });

  it('a first superadmin is created once', async () => {
    const first = await ensureSuperadmin(t.db, { email: 'root@example.com' });
    assert.equal(first.created, true);
    assert.ok(first.created && first.password && first.password.length >= 12);
    const second = await ensureSuperadmin(t.db, { email: 'root@example.com' });
    assert.equal(second.created, false);
  });
});

describe('authenticateMailbox', () => {
  let t: TestDatabase;
  before(async () => {
    t = await createTestDatabase();
    const domain = await createDomain(t.db, CLI_ACTOR, { name: 'example.com' });
    await createMailbox(t.db, CLI_ACTOR, { domainId: domain.id, localPart: 'info', password: PASSWORD });
    await createMailbox(t.db, CLI_ACTOR, { domainId: domain.id, localPart: 'off', password: PASSWORD, active: false });
  });
  after(async () => t.drop());

  it('accepts the right password, any case of the address', async () => {
    const auth = await authenticateMailbox(t.db, 'Info@EXAMPLE.com', PASSWORD);
    assert.equal(auth?.address, 'info@example.com');
  });
  it('refuses wrong passwords, unknown and inactive mailboxes, and garbage usernames', async () => {
    assert.equal(await authenticateMailbox(t.db, 'info@example.com', 'wrong password!'), null);
    assert.equal(await authenticateMailbox(t.db, 'nobody@example.com', PASSWORD), null);
    assert.equal(await authenticateMailbox(t.db, 'off@example.com', PASSWORD), null);
    assert.equal(await authenticateMailbox(t.db, 'not an address', PASSWORD), null);
  });
  it('with two-factor sign-in on, takes app passwords only', async () => {
    const mailbox = await t.db.mailbox.findFirstOrThrow({ where: { localPart: 'info' } });
    await t.db.totpSecret.create({ data: { mailboxId: mailbox.id, secretEncrypted: 'x', confirmedAt: new Date() } });
    await t.db.appPassword.create({ data: { mailboxId: mailbox.id, name: 'phone', passwordHash: await hashPassword('app password for phone') } });
    assert.equal(await authenticateMailbox(t.db, 'info@example.com', PASSWORD), null);
    const auth = await authenticateMailbox(t.db, 'info@example.com', 'app password for phone');
    assert.ok(auth?.appPasswordId);
  });
});
