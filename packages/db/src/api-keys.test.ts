import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { ForbiddenError, NotFoundError, ValidationError } from '@kontor/core';
import {
  type Actor,
  adminActor,
  apiKeyMaySend,
  authenticateApiKey,
  CLI_ACTOR,
  createAdminAccount,
  createApiKey,
  createDomain,
  endAdminSessions,
  getDomain,
  listAdminSessions,
  listApiKeys,
  listDomains,
  listQuery,
  revokeApiKey,
  setAdminActive,
  setAdminDomains,
} from './index.ts';
import { createTestDatabase, type TestDatabase } from './testing.ts';

const PASSWORD = 'a long test password';
const all = listQuery.parse({});

describe('API keys', () => {
  let t: TestDatabase;
  let shop: { id: number };
  let team: { id: number };
  let boss: Actor;
  let colleague: Actor;
  let colleagueId: number;

  before(async () => {
    t = await createTestDatabase();
    shop = await createDomain(t.db, CLI_ACTOR, { name: 'shop.example' });
    team = await createDomain(t.db, CLI_ACTOR, { name: 'team.example' });
    const bossRow = await createAdminAccount(t.db, CLI_ACTOR, { email: 'boss@kontor.test', password: PASSWORD, role: 'SUPERADMIN' });
    const colleagueRow = await createAdminAccount(t.db, CLI_ACTOR, {
      email: 'anna@shop.example',
      password: PASSWORD,
      role: 'DOMAIN_ADMIN',
      domainIds: [shop.id],
    });
    boss = await adminActor(t.db, bossRow!.id);
    colleagueId = colleagueRow!.id;
    colleague = await adminActor(t.db, colleagueId);
  });
  after(() => t?.drop());

  it('is shown once, stored as a hash, and authenticates as its scope; the audit log names the key', async () => {
    const created = await createApiKey(t.db, boss, { name: 'Monitoring', scope: 'superadmin' });
    assert.match(created.key, /^kontor_[a-z2-7]{12}_[A-Za-z0-9_-]{43}$/);
    assert.ok(created.key.startsWith(`${created.prefix}_`));
    const stored = await t.db.apiKey.findUniqueOrThrow({ where: { id: created.id } });
    assert.ok(!JSON.stringify(stored).includes(created.key.slice(created.prefix.length + 1)), 'the secret is not stored');
    const actor = await authenticateApiKey(t.db, created.key, '192.0.2.7');
    assert.equal(actor?.kind, 'api_key');
    assert.equal(actor?.global, true);
    assert.equal((await listDomains(t.db, actor!)).length, 2);
    const used = await t.db.apiKey.findUniqueOrThrow({ where: { id: created.id } });
    assert.equal(used.lastUsedIp, '192.0.2.7');
    assert.ok(used.lastUsedAt);
    const audit = await t.db.auditLog.findFirstOrThrow({ where: { action: 'apikey.create', targetId: String(created.id) } });
    assert.equal(audit.actor, 'admin:boss@kontor.test');
    assert.ok(
      !JSON.stringify(audit, (_k, v) => (typeof v === 'bigint' ? String(v) : v)).includes(created.key.slice(created.prefix.length + 1)),
      'the secret is not in the audit log',
    );
  });

  it('refuses a wrong secret, an unknown key and a revoked key', async () => {
    const created = await createApiKey(t.db, boss, { name: 'Temp', scope: 'domains', domainIds: [team.id] });
    const wrong = `${created.prefix}_${'A'.repeat(43)}`;
    assert.equal(await authenticateApiKey(t.db, wrong), null);
    assert.equal(await authenticateApiKey(t.db, 'kontor_aaaaaaaaaaaa_' + 'B'.repeat(43)), null);
    assert.equal(await authenticateApiKey(t.db, 'nonsense'), null);
    assert.ok(await authenticateApiKey(t.db, created.key));
    await revokeApiKey(t.db, boss, created.id);
    assert.equal(await authenticateApiKey(t.db, created.key), null);
    assert.ok(await t.db.auditLog.findFirst({ where: { action: 'apikey.revoke', targetId: String(created.id) } }));
  });

  it('a domain key sees only its domains, and its changes are audited as the key', async () => {
    const created = await createApiKey(t.db, boss, { name: 'Shop', scope: 'domains', domainIds: [shop.id] });
    const actor = (await authenticateApiKey(t.db, created.key))!;
    assert.deepEqual(
      (await listDomains(t.db, actor)).map((d) => d.name),
      ['shop.example'],
    );
    await assert.rejects(getDomain(t.db, actor, team.id), NotFoundError);
    await assert.rejects(createDomain(t.db, actor, { name: 'new.example' }), ForbiddenError);
    await assert.rejects(createApiKey(t.db, actor, { name: 'x', scope: 'domains', domainIds: [shop.id] }), ValidationError);
  });

  it('a domain admin creates keys only within their domains, and lists only those', async () => {
    await assert.rejects(createApiKey(t.db, colleague, { name: 'x', scope: 'superadmin' }), ForbiddenError);
    await assert.rejects(createApiKey(t.db, colleague, { name: 'x', scope: 'domains', domainIds: [team.id] }), (e: unknown) => {
      assert.ok(e instanceof ValidationError && e.fields.domainIds);
      return true;
    });
    await assert.rejects(createApiKey(t.db, colleague, { name: 'x', scope: 'send', senders: ['info@team.example'] }), (e: unknown) => {
      assert.ok(e instanceof ValidationError && e.fields.senders);
      return true;
    });
    await assert.rejects(createApiKey(t.db, colleague, { name: 'x', scope: 'send', senders: 'not an address' }), ValidationError);
    const sender = await createApiKey(t.db, colleague, { name: 'Shop mail', scope: 'send', senders: 'Orders@Shop.Example\n@shop.example' });
    assert.deepEqual(sender.senders, ['orders@shop.example', '@shop.example']);
    assert.deepEqual(sender.domainIds, [shop.id]);
    const listed = await listApiKeys(t.db, colleague, all);
    assert.ok(listed.rows.every((k) => k.scope !== 'superadmin' && k.domainIds.every((id) => id === shop.id)));
    assert.ok(listed.rows.some((k) => k.id === sender.id));
    const teamKey = (await listApiKeys(t.db, boss, all)).rows.find((k) => k.domainIds.includes(team.id))!;
    await assert.rejects(revokeApiKey(t.db, colleague, teamKey.id), NotFoundError);

    const actor = (await authenticateApiKey(t.db, sender.key))!;
    assert.equal(actor.scope, 'send');
    assert.ok(apiKeyMaySend(actor, 'orders@shop.example'));
    assert.ok(apiKeyMaySend(actor, 'Anyone@SHOP.example'));
    assert.ok(!apiKeyMaySend(actor, 'info@team.example'));
    assert.deepEqual(await listDomains(t.db, actor), [], 'a sending key manages nothing');
  });

  it("a domain admin's key loses the domains taken from them, and stops when they are switched off", async () => {
    await setAdminDomains(t.db, boss, colleagueId, [shop.id, team.id]);
    const both = await createApiKey(t.db, await adminActor(t.db, colleagueId), { name: 'Both', scope: 'domains', domainIds: [shop.id, team.id] });
    assert.deepEqual((await authenticateApiKey(t.db, both.key))?.domainIds, [shop.id, team.id]);
    await setAdminDomains(t.db, boss, colleagueId, [shop.id]);
    assert.deepEqual((await authenticateApiKey(t.db, both.key))?.domainIds, [shop.id]);
    await setAdminActive(t.db, boss, colleagueId, false);
    assert.equal(await authenticateApiKey(t.db, both.key), null);
    await setAdminActive(t.db, boss, colleagueId, true);
  });

  it('searches by name and pages', async () => {
    const page = await listApiKeys(t.db, boss, listQuery.parse({ q: 'shop', pageSize: 1 }));
    assert.equal(page.rows.length, 1);
    assert.ok(page.total >= 2);
    assert.ok(page.rows.every((k) => /shop/i.test(k.name)));
  });

  it("a domain key cannot end an administrator's sessions, though it shares an admin's id number", async () => {
    const key: Actor = {
      kind: 'api_key',
      id: colleagueId,
      prefix: 'kontor_test',
      name: 'shop',
      scope: 'domains',
      global: false,
      domainIds: [shop.id],
      senders: [],
    };
    await assert.rejects(endAdminSessions(t.db, key, colleagueId), ForbiddenError);
    await assert.rejects(listAdminSessions(t.db, key, colleagueId), ForbiddenError);
  });
});
