import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { type Actor, CLI_ACTOR } from './actor.ts';
import { createAdminAccount } from './admins.ts';
import { auditActions, auditLogBatches, searchAuditLog } from './audit-search.ts';
import { createDomain } from './domains.ts';
import { createMailbox } from './mailboxes.ts';
import { createTestDatabase, type TestDatabase } from './testing.ts';
import { listQuery } from './validate.ts';

let t: TestDatabase;
let shopAdmin: Actor;
let shop: { id: number };
const ROOT: Actor = { kind: 'superadmin', id: 1, email: 'root@kontor.test' };
const query = (extra: Record<string, unknown> = {}) => ({ ...listQuery.parse({}), ...extra });

before(async () => {
  t = await createTestDatabase();
  shop = await createDomain(t.db, CLI_ACTOR, { name: 'shop.test' });
  const team = await createDomain(t.db, ROOT, { name: 'team.test' });
  const admin = await createAdminAccount(t.db, CLI_ACTOR, {
    email: 'boss@shop.test',
    password: 'a long chief password',
    role: 'DOMAIN_ADMIN',
    domainIds: [shop.id],
  });
  shopAdmin = { kind: 'domain_admin', id: admin.id, email: admin.email };
  await createMailbox(t.db, shopAdmin, { domainId: shop.id, localPart: 'anna', password: 'correct horse battery staple' });
  await createMailbox(t.db, ROOT, { domainId: team.id, localPart: 'info', password: 'correct horse battery staple' });
  // Old entries, for the date filter and the batches.
  await t.db.auditLog.createMany({
    data: Array.from({ length: 25 }, (_, i) => ({
      actor: 'cli',
      action: 'mailbox.update',
      targetType: 'mailbox',
      targetId: String(1000 + i),
      domainId: shop.id,
      createdAt: new Date('2026-01-15T12:00:00Z'),
    })),
  });
});
after(async () => {
  await t?.drop();
});

describe('audit search', () => {
  it('filters by actor (part, any case), action (or its start), target and date', async () => {
    assert.deepEqual(
      (await searchAuditLog(t.db, ROOT, query({ actor: 'BOSS' }))).rows.map((r) => r.action),
      ['mailbox.create'],
    );
    assert.equal((await searchAuditLog(t.db, ROOT, query({ action: 'mailbox' }))).total, 27);
    assert.equal((await searchAuditLog(t.db, ROOT, query({ action: 'mailbox.create' }))).total, 2);
    assert.equal((await searchAuditLog(t.db, ROOT, query({ action: 'mailbox_create' }))).total, 0, '_ is no wildcard');
    const anna = await searchAuditLog(t.db, ROOT, query({ target: 'anna@shop.test' }));
    assert.deepEqual(
      anna.rows.map((r) => r.action),
      ['mailbox.create'],
    );
    assert.equal((await searchAuditLog(t.db, ROOT, query({ target: '1003' }))).total, 1);
    // A snapshot with only the local part is found by the address the panel shows.
    await t.db.auditLog.create({
      data: { actor: 'cli', action: 'alias.update', targetType: 'alias', targetId: '77', domainId: shop.id, after: { localPart: 'sales' } },
    });
    assert.deepEqual(
      (await searchAuditLog(t.db, ROOT, query({ target: 'sales@shop.test' }))).rows.map((r) => r.targetId),
      ['77'],
    );
    assert.equal((await searchAuditLog(t.db, ROOT, query({ target: 'sales@team.test' }))).total, 0);
    assert.equal((await searchAuditLog(t.db, ROOT, query({ actor: 'nobody-at-all' }))).total, 0);
    assert.equal((await searchAuditLog(t.db, ROOT, query({ actor: 'nobody-at-all', page: 3 }))).total, 0);
    await t.db.auditLog.deleteMany({ where: { targetId: '77' } });
    assert.equal((await searchAuditLog(t.db, ROOT, query({ until: new Date('2026-02-01') }))).total, 25);
    assert.equal((await searchAuditLog(t.db, ROOT, query({ since: new Date('2026-02-01') }))).total, 5);
  });

  it('pages newest first', async () => {
    const first = await searchAuditLog(t.db, ROOT, query({ pageSize: 10 }));
    const third = await searchAuditLog(t.db, ROOT, query({ pageSize: 10, page: 3 }));
    assert.equal(first.total, 30);
    assert.equal(first.rows.length, 10);
    assert.equal(third.rows.length, 10);
    assert.ok(first.rows[9]!.id > third.rows[0]!.id);
  });

  it('gives a domain admin their domains’ entries only, in pages, batches and suggestions', async () => {
    const own = await searchAuditLog(t.db, shopAdmin, query({ pageSize: 200 }));
    assert.equal(own.total, 27, 'domain.create of shop, anna, the 25 old ones');
    assert.ok(!own.rows.some((r) => JSON.stringify(r.after ?? {}).includes('team.test')));
    assert.equal((await searchAuditLog(t.db, shopAdmin, query({ target: 'info' }))).total, 0);
    let batched = 0;
    for await (const batch of auditLogBatches(t.db, shopAdmin, {}, 10)) batched += batch.length;
    assert.equal(batched, 27);
    assert.ok(!(await auditActions(t.db, shopAdmin)).includes('admin.create'));
    assert.ok((await auditActions(t.db, ROOT)).includes('admin.create'));
  });
});
