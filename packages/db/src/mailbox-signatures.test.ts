// Webmail identities and signatures against a real PostgreSQL: a mailbox
// user's From choices are its aliases (through chains, not the catch-all,
// not inactive ones) exactly as submission's rule decides; signatures are
// per identity, only for the user's own addresses, and admins cannot touch them.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { ForbiddenError } from '@kontor/core';
import {
  CLI_ACTOR,
  createAlias,
  createDomain,
  createMailbox,
  listMailboxSignatures,
  listOwnSenderAliases,
  type MailboxActor,
  saveMailboxSignature,
  updateAlias,
} from './index.ts';
import { createTestDatabase, type TestDatabase } from './testing.ts';

const PASSWORD = 'correct horse battery staple';

describe('webmail identities and signatures', () => {
  let t: TestDatabase;
  let anna: MailboxActor;
  let ben: MailboxActor;

  before(async () => {
    t = await createTestDatabase();
    const domain = await createDomain(t.db, CLI_ACTOR, { name: 'sig.example' });
    const other = await createDomain(t.db, CLI_ACTOR, { name: 'other.example' });
    const a = await createMailbox(t.db, CLI_ACTOR, { domainId: domain.id, localPart: 'anna', password: PASSWORD });
    const b = await createMailbox(t.db, CLI_ACTOR, { domainId: domain.id, localPart: 'ben', password: PASSWORD });
    anna = { kind: 'mailbox', id: a.id, domainId: domain.id, address: a.address };
    ben = { kind: 'mailbox', id: b.id, domainId: domain.id, address: b.address };
    await createAlias(t.db, CLI_ACTOR, { domainId: domain.id, localPart: 'sales', destinations: 'anna@sig.example' });
    await createAlias(t.db, CLI_ACTOR, { domainId: domain.id, localPart: 'team', destinations: 'sales@sig.example, ben@sig.example' });
    await createAlias(t.db, CLI_ACTOR, { domainId: domain.id, localPart: '*', destinations: 'anna@sig.example' });
    const old = await createAlias(t.db, CLI_ACTOR, { domainId: domain.id, localPart: 'old', destinations: 'anna@sig.example' });
    await updateAlias(t.db, CLI_ACTOR, old.id, { active: false });
    await createAlias(t.db, CLI_ACTOR, { domainId: other.id, localPart: 'anna', destinations: 'anna@sig.example' });
  });
  after(async () => {
    await t?.drop();
  });

  it('offers the aliases that deliver to the mailbox, through chains and hosted domains, never the catch-all', async () => {
    assert.deepEqual(await listOwnSenderAliases(t.db, anna), ['anna@other.example', 'sales@sig.example', 'team@sig.example']);
    assert.deepEqual(await listOwnSenderAliases(t.db, ben), ['team@sig.example']);
  });

  it('keeps a signature per identity, removes a blank one, and refuses foreign addresses and admins', async () => {
    await saveMailboxSignature(t.db, anna, { identity: 'Anna@Sig.Example', html: '<p>Anna</p>', text: 'Anna' });
    await saveMailboxSignature(t.db, anna, { identity: 'sales@sig.example', html: '<p>Sales team</p>', text: 'Sales team' });
    await saveMailboxSignature(t.db, anna, { identity: 'sales@sig.example', html: '<p>Sales</p>', text: 'Sales' });
    assert.deepEqual(await listMailboxSignatures(t.db, anna), [
      { identity: 'anna@sig.example', html: '<p>Anna</p>', text: 'Anna' },
      { identity: 'sales@sig.example', html: '<p>Sales</p>', text: 'Sales' },
    ]);
    assert.deepEqual(await listMailboxSignatures(t.db, ben), []);
    await assert.rejects(saveMailboxSignature(t.db, anna, { identity: 'ben@sig.example', html: '', text: 'x' }), ForbiddenError);
    await assert.rejects(saveMailboxSignature(t.db, anna, { identity: 'ceo@sig.example', html: '', text: 'x' }), ForbiddenError);
    await assert.rejects(listMailboxSignatures(t.db, CLI_ACTOR), ForbiddenError);
    assert.equal(await saveMailboxSignature(t.db, anna, { identity: 'sales@sig.example', html: '<p></p>', text: ' ' }), null);
    assert.deepEqual(
      (await listMailboxSignatures(t.db, anna)).map((s) => s.identity),
      ['anna@sig.example'],
    );
  });
});
