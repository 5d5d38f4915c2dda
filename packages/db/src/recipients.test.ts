import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { CLI_ACTOR, createAlias, createDomain, createMailbox, resolveRecipient, updateMailbox } from './index.ts';
import { createTestDatabase, type TestDatabase } from './testing.ts';

const PASSWORD = 'correct horse battery';

describe('resolveRecipient', () => {
  let t: TestDatabase;
  const ids: Record<string, number> = {};
  before(async () => {
    t = await createTestDatabase();
    const example = await createDomain(t.db, CLI_ACTOR, { name: 'example.com' });
    const shop = await createDomain(t.db, CLI_ACTOR, { name: 'shop.example' });
    await createDomain(t.db, CLI_ACTOR, { name: 'off.example', active: false });
    for (const local of ['info', 'anna', 'ben', 'gone']) {
      ids[local] = (await createMailbox(t.db, CLI_ACTOR, { domainId: example.id, localPart: local, password: PASSWORD })).id;
    }
    await updateMailbox(t.db, CLI_ACTOR, ids.gone!, { active: false });
    await createAlias(t.db, CLI_ACTOR, { domainId: example.id, localPart: 'team', destinations: 'anna@example.com, ben@example.com, Partner@Outside.org' });
    await createAlias(t.db, CLI_ACTOR, { domainId: example.id, localPart: 'sales', destinations: 'team@example.com, anna@example.com' });
    // a loop: loop-a → loop-b → loop-a (the second alias is created first so the destination exists)
    await createAlias(t.db, CLI_ACTOR, { domainId: example.id, localPart: 'loop-b', destinations: 'info@example.com' });
    await createAlias(t.db, CLI_ACTOR, { domainId: example.id, localPart: 'loop-a', destinations: 'loop-b@example.com' });
    await t.db.alias.update({ where: { domainId_localPart: { domainId: example.id, localPart: 'loop-b' } }, data: { destinations: ['loop-a@example.com'] } });
    await createAlias(t.db, CLI_ACTOR, { domainId: shop.id, localPart: '*', destinations: 'info@example.com' });
    // a chain longer than the limit
    let previous = 'info@example.com';
    for (let i = 0; i < 12; i++) {
      await createAlias(t.db, CLI_ACTOR, { domainId: example.id, localPart: `chain${i}`, destinations: previous });
      previous = `chain${i}@example.com`;
    }
  });
  after(async () => t.drop());

  it('delivers to a mailbox, case-insensitively, and with a +tag', async () => {
    for (const address of ['info@example.com', 'INFO@Example.COM', 'info+news@example.com']) {
      const r = await resolveRecipient(t.db, address);
      assert.equal(r.kind, 'deliver', address);
      assert.deepEqual(r.kind === 'deliver' && r.mailboxes.map((m) => m.mailboxId), [ids.info]);
    }
  });

  it('expands nested aliases once per mailbox and collects external forwards', async () => {
    const r = await resolveRecipient(t.db, 'sales@example.com');
    assert.equal(r.kind, 'deliver');
    assert.deepEqual(r.kind === 'deliver' && r.mailboxes.map((m) => m.mailboxId).sort(), [ids.anna, ids.ben].sort());
    assert.deepEqual(r.kind === 'deliver' && r.forwards, ['Partner@outside.org']);
  });

  it('uses the catch-all for unknown addresses of its domain', async () => {
    const r = await resolveRecipient(t.db, 'whoever@shop.example');
    assert.deepEqual(r.kind === 'deliver' && r.mailboxes.map((m) => m.mailboxId), [ids.info]);
  });

  it('refuses unknown, inactive, foreign, disabled-domain, looping and too deep recipients', async () => {
    assert.equal((await resolveRecipient(t.db, 'nobody@example.com')).kind, 'unknown');
    assert.equal((await resolveRecipient(t.db, 'gone@example.com')).kind, 'inactive');
    assert.equal((await resolveRecipient(t.db, 'someone@gmail.com')).kind, 'not-local');
    assert.equal((await resolveRecipient(t.db, 'a@off.example')).kind, 'domain-inactive');
    const loop = await resolveRecipient(t.db, 'loop-a@example.com');
    assert.equal(loop.kind, 'loop');
    assert.equal((await resolveRecipient(t.db, 'chain11@example.com')).kind, 'too-deep');
    assert.equal((await resolveRecipient(t.db, 'chain3@example.com')).kind, 'deliver');
    assert.equal((await resolveRecipient(t.db, 'not an address')).kind, 'unknown');
  });
});
