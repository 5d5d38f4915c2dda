// Server-side search and pagination of the panel's lists: domains,
// mailboxes and aliases, within the actor's scope, with search text taken
// literally.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { NotFoundError } from '@kontor/core';
import {
  type Actor,
  CLI_ACTOR,
  createAdminAccount,
  createAlias,
  createDomain,
  domainCounts,
  listAliasesPage,
  listDomainsPage,
  listMailboxesPage,
  listQuery,
} from './index.ts';
import { createTestDatabase, type TestDatabase } from './testing.ts';

const query = (q = '', page = 1, pageSize = 50) => listQuery.parse({ q, page, pageSize });

describe('list pages', () => {
  let t: TestDatabase;
  let shop: { id: number };
  let other: { id: number };
  let domainAdmin: Actor;

  before(async () => {
    t = await createTestDatabase();
    shop = await createDomain(t.db, CLI_ACTOR, { name: 'shop.example', description: 'Online store' });
    other = await createDomain(t.db, CLI_ACTOR, { name: 'bücher.example' });
    await createDomain(t.db, CLI_ACTOR, { name: 'third.example' });
    // Rows straight in: 120 argon2 hashes would only slow the test down.
    await t.db.mailbox.createMany({
      data: [
        ...Array.from({ length: 118 }, (_, i) => ({ domainId: shop.id, localPart: `user${String(i).padStart(3, '0')}`, passwordHash: 'x' })),
        { domainId: shop.id, localPart: 'a_b', passwordHash: 'x', displayName: 'Under Score' },
        { domainId: shop.id, localPart: 'axb', passwordHash: 'x', displayName: 'Anna Xaver', forwardTo: ['anna@elsewhere.example'] },
      ],
    });
    const axb = await t.db.mailbox.findFirstOrThrow({ where: { localPart: 'axb' } });
    const user001 = await t.db.mailbox.findFirstOrThrow({ where: { localPart: 'user001' } });
    const user002 = await t.db.mailbox.findFirstOrThrow({ where: { localPart: 'user002' } });
    const day = 86_400_000;
    await t.db.autoresponder.createMany({
      data: [
        { mailboxId: axb.id, subject: 'Away', body: 'Back soon', enabled: true, startsAt: new Date(Date.now() - day), endsAt: new Date(Date.now() + day) },
        { mailboxId: user001.id, subject: 'Away', body: 'Over', enabled: true, endsAt: new Date(Date.now() - day) },
        { mailboxId: user002.id, subject: 'Away', body: 'Off', enabled: false },
      ],
    });
    await createAlias(t.db, CLI_ACTOR, { domainId: shop.id, localPart: 'sales', destinations: 'user001@shop.example, partner@agency.example' });
    await createAlias(t.db, CLI_ACTOR, { domainId: shop.id, localPart: 'billing', destinations: 'user002@shop.example' });
    await createAlias(t.db, CLI_ACTOR, { domainId: shop.id, localPart: '*', destinations: 'user003@shop.example' });
    const admin = await createAdminAccount(t.db, CLI_ACTOR, {
      email: 'owner@shop.example',
      password: 'a long keeper passphrase',
      role: 'DOMAIN_ADMIN',
      domainIds: [shop.id],
    });
    domainAdmin = { kind: 'domain_admin', id: admin.id, email: admin.email };
  });
  after(async () => {
    await t?.drop();
  });

  it('pages through the mailboxes in address order and counts all of them', async () => {
    const first = await listMailboxesPage(t.db, CLI_ACTOR, shop.id, query('', 1, 50));
    assert.equal(first.total, 120);
    assert.equal(first.rows.length, 50);
    assert.equal(first.rows[0]!.localPart, 'a_b');
    assert.equal(first.rows[0]!.displayAddress, 'a_b@shop.example');
    const last = await listMailboxesPage(t.db, CLI_ACTOR, shop.id, query('', 3, 50));
    assert.equal(last.rows.length, 20);
    assert.equal(last.rows.at(-1)!.localPart, 'user117');
    const beyond = await listMailboxesPage(t.db, CLI_ACTOR, shop.id, query('', 9, 50));
    assert.deepEqual([beyond.rows.length, beyond.total], [0, 120]);
  });

  it('searches mailboxes by address or display name, taking _ and % literally', async () => {
    const names = async (q: string) => (await listMailboxesPage(t.db, CLI_ACTOR, shop.id, query(q))).rows.map((r) => r.localPart);
    assert.deepEqual(await names('a_b'), ['a_b']);
    assert.deepEqual(await names('%'), []);
    assert.deepEqual(await names('anna xav'), ['axb']);
    assert.deepEqual(await names('AXB@shop.example'), ['axb']);
    assert.equal((await names('user1')).length, 18);
  });

  it('marks mailboxes whose autoresponder replies now and those that forward', async () => {
    const { rows } = await listMailboxesPage(t.db, CLI_ACTOR, shop.id, query('', 1, 200));
    const flags = Object.fromEntries(rows.map((r) => [r.localPart, [r.autoresponderActive, r.forwardTo.length > 0]]));
    assert.deepEqual(flags.axb, [true, true]);
    assert.deepEqual(flags.user001, [false, false], 'ended');
    assert.deepEqual(flags.user002, [false, false], 'switched off');
    assert.deepEqual(flags.a_b, [false, false]);
  });

  it('searches aliases by address and destination; the catch-all comes first', async () => {
    const all = await listAliasesPage(t.db, CLI_ACTOR, shop.id, query());
    assert.deepEqual(
      all.rows.map((r) => r.localPart),
      ['*', 'billing', 'sales'],
    );
    assert.equal(all.total, 3);
    const byDestination = await listAliasesPage(t.db, CLI_ACTOR, shop.id, query('Partner@'));
    assert.deepEqual(
      byDestination.rows.map((r) => r.localPart),
      ['sales'],
    );
    assert.deepEqual(
      byDestination.rows[0]!.targets.map((target) => target.external),
      [false, true],
    );
    const paged = await listAliasesPage(t.db, CLI_ACTOR, shop.id, query('', 2, 2));
    assert.deepEqual([paged.rows.map((r) => r.localPart), paged.total], [['sales'], 3]);
    assert.equal((await listAliasesPage(t.db, CLI_ACTOR, shop.id, query('_'))).total, 0);
  });

  it('searches domains by either form of the name or the description, within the actor’s domains', async () => {
    const names = async (actor: Actor, q: string, page = 1, pageSize = 50) =>
      (await listDomainsPage(t.db, actor, query(q, page, pageSize))).rows.map((d) => d.name);
    assert.deepEqual(await names(CLI_ACTOR, ''), ['shop.example', 'third.example', 'xn--bcher-kva.example']);
    assert.deepEqual(await names(CLI_ACTOR, 'BÜCHER'), ['xn--bcher-kva.example']);
    assert.deepEqual(await names(CLI_ACTOR, 'xn--b'), ['xn--bcher-kva.example']);
    assert.deepEqual(await names(CLI_ACTOR, 'online'), ['shop.example']);
    assert.deepEqual(await names(CLI_ACTOR, '', 2, 2), ['xn--bcher-kva.example']);
    const page = await listDomainsPage(t.db, CLI_ACTOR, query('shop'));
    assert.deepEqual([page.rows[0]!.mailboxCount, page.rows[0]!.aliasCount, page.total], [120, 3, 1]);
    assert.deepEqual(await names(domainAdmin, ''), ['shop.example']);
    assert.deepEqual(await names(domainAdmin, 'bücher'), []);
  });

  it('counts a domain’s mailboxes and aliases, and keeps other domains out of reach', async () => {
    assert.deepEqual(await domainCounts(t.db, domainAdmin, shop.id), { mailboxes: 120, aliases: 3 });
    await assert.rejects(domainCounts(t.db, domainAdmin, other.id), NotFoundError);
    await assert.rejects(listMailboxesPage(t.db, domainAdmin, other.id, query()), NotFoundError);
    await assert.rejects(listAliasesPage(t.db, domainAdmin, other.id, query()), NotFoundError);
  });
});
