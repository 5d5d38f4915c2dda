import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createSrs, NotFoundError, ValidationError } from '@kontor/core';
import {
  type Actor,
  CLI_ACTOR,
  createAdminAccount,
  createAlias,
  createDomain,
  createMailbox,
  getForwarding,
  MAX_FORWARD_ADDRESSES,
  mayUseSenderAddress,
  type RecipientResolution,
  resolveRecipient,
  resolveRecipientWithSrs,
  setForwarding,
  updateMailbox,
} from './index.ts';
import { createTestDatabase, type TestDatabase } from './testing.ts';

const PASSWORD = 'correct horse battery';

function delivered(r: RecipientResolution) {
  assert.equal(
    r.kind,
    'deliver',
    JSON.stringify(r, (_, v) => (typeof v === 'bigint' ? Number(v) : v)),
  );
  if (r.kind !== 'deliver') throw new Error('unreachable');
  return { mailboxes: r.mailboxes.map((m) => m.address).sort(), forwards: [...r.forwards].sort(), forwardings: r.forwardings };
}

describe('mailbox forwarding', () => {
  let t: TestDatabase;
  const ids: Record<string, number> = {};
  let example: { id: number };
  let other: { id: number };
  let domainAdmin: Actor;

  before(async () => {
    t = await createTestDatabase();
    example = await createDomain(t.db, CLI_ACTOR, { name: 'example.com' });
    other = await createDomain(t.db, CLI_ACTOR, { name: 'other.example' });
    for (const local of ['anna', 'ben', 'carl', 'dora', 'emil', 'gone', 'ping', 'pong', 'tick', 'tock']) {
      ids[local] = (await createMailbox(t.db, CLI_ACTOR, { domainId: example.id, localPart: local, password: PASSWORD })).id;
    }
    ids.olga = (await createMailbox(t.db, CLI_ACTOR, { domainId: other.id, localPart: 'olga', password: PASSWORD })).id;
    await updateMailbox(t.db, CLI_ACTOR, ids.gone!, { active: false });
    await createAlias(t.db, CLI_ACTOR, { domainId: example.id, localPart: 'team', destinations: 'anna@example.com, carl@example.com' });
    const admin = await createAdminAccount(t.db, CLI_ACTOR, {
      email: 'boss@example.com',
      password: 'a long keeper passphrase',
      role: 'DOMAIN_ADMIN',
      domainIds: [example.id],
    });
    domainAdmin = { kind: 'domain_admin', id: admin.id, email: admin.email };
  });
  after(async () => t?.drop());

  describe('setForwarding and getForwarding', () => {
    it('starts off, and sets local and external addresses one per line, deduplicated and normalised', async () => {
      assert.deepEqual(await getForwarding(t.db, CLI_ACTOR, ids.anna!), {
        mailboxId: ids.anna,
        domainId: example.id,
        address: 'anna@example.com',
        displayAddress: 'anna@example.com',
        enabled: false,
        forwardTo: [],
        keepCopy: true,
      });
      const set = await setForwarding(t.db, CLI_ACTOR, ids.anna!, { forwardTo: 'Ben@Example.COM\n\nPartner@Büro.example\nben@example.com', keepCopy: 'on' });
      assert.deepEqual(set.forwardTo, [
        { address: 'ben@example.com', external: false },
        { address: 'Partner@xn--bro-hoa.example', external: true },
      ]);
      assert.equal(set.enabled, true);
      assert.equal(set.keepCopy, true);
      assert.deepEqual(await getForwarding(t.db, CLI_ACTOR, ids.anna!), set);
      const audit = await t.db.auditLog.findFirstOrThrow({ where: { action: 'mailbox.forwarding', targetId: String(ids.anna) }, orderBy: { id: 'desc' } });
      assert.deepEqual(audit.before, { address: 'anna@example.com', forwardTo: [], keepCopy: true });
      assert.deepEqual((audit.after as { forwardTo: string[] }).forwardTo, ['ben@example.com', 'Partner@xn--bro-hoa.example']);
      assert.equal(audit.domainId, example.id);
    });

    it('switches off: the addresses go and every message stays in the mailbox', async () => {
      await setForwarding(t.db, CLI_ACTOR, ids.anna!, { forwardTo: 'ben@example.com', keepCopy: false });
      const off = await setForwarding(t.db, CLI_ACTOR, ids.anna!, { enabled: 'false', forwardTo: 'ben@example.com', keepCopy: 'false' });
      assert.equal(off.enabled, false);
      assert.deepEqual(off.forwardTo, []);
      const row = await t.db.mailbox.findUniqueOrThrow({ where: { id: ids.anna! } });
      assert.deepEqual([row.forwardTo, row.forwardKeepCopy], [[], true]);
    });

    it('refuses no address, bad addresses, itself, unknown local targets, too many, and loops, beside the field', async () => {
      const refused = async (input: Parameters<typeof setForwarding>[3], message: RegExp, id = ids.anna!) => {
        await assert.rejects(setForwarding(t.db, CLI_ACTOR, id, input), (error: unknown) => {
          assert.ok(error instanceof ValidationError, String(error));
          assert.match(error.fields.forwardTo ?? '', message);
          return true;
        });
      };
      await refused({ forwardTo: '' }, /^Enter at least one address to forward to, or switch forwarding off$/);
      await refused({ forwardTo: 'not-an-address' }, /^"not-an-address" is not a full address$/);
      await refused({ forwardTo: 'a b@example.org' }, /is not a full address/);
      await refused({ forwardTo: 'anna@example.com' }, /^A mailbox cannot forward to itself$/);
      await refused({ forwardTo: 'ANNA+news@example.com' }, /^A mailbox cannot forward to itself$/);
      await refused({ forwardTo: 'nobody@example.com' }, /^nobody@example\.com is not a mailbox or alias here$/);
      const many = Array.from({ length: MAX_FORWARD_ADDRESSES + 1 }, (_, i) => `p${i}@outside.example`).join('\n');
      await refused({ forwardTo: many }, /^At most 20 forward addresses$/);
      // loop-a → loop-b → loop-a: forwarding into it would refuse all of anna's mail.
      await createAlias(t.db, CLI_ACTOR, { domainId: example.id, localPart: 'loop-b', destinations: 'ben@example.com' });
      await createAlias(t.db, CLI_ACTOR, { domainId: example.id, localPart: 'loop-a', destinations: 'loop-b@example.com' });
      await t.db.alias.update({ where: { domainId_localPart: { domainId: example.id, localPart: 'loop-b' } }, data: { destinations: ['loop-a@example.com'] } });
      await refused({ forwardTo: 'loop-a@example.com' }, /^This forwarding would make mail go round in a loop of aliases$/);
      // Nothing was changed by the refusals.
      assert.equal((await getForwarding(t.db, CLI_ACTOR, ids.anna!)).enabled, false);
    });

    it('fences a domain admin in: a foreign mailbox is not found, a foreign hosted address counts as outside', async () => {
      await assert.rejects(getForwarding(t.db, domainAdmin, ids.olga!), NotFoundError);
      await assert.rejects(setForwarding(t.db, domainAdmin, ids.olga!, { forwardTo: 'x@outside.example' }), NotFoundError);
      assert.deepEqual((await t.db.mailbox.findUniqueOrThrow({ where: { id: ids.olga! } })).forwardTo, []);
      // nobody@other.example does not exist, but the domain admin may not learn that: it is treated as outside.
      const set = await setForwarding(t.db, domainAdmin, ids.emil!, { forwardTo: 'nobody@other.example' });
      assert.deepEqual(set.forwardTo, [{ address: 'nobody@other.example', external: true }]);
      const audit = await t.db.auditLog.findFirstOrThrow({ where: { action: 'mailbox.forwarding', targetId: String(ids.emil) } });
      assert.equal(audit.actor, 'admin:boss@example.com');
      await setForwarding(t.db, domainAdmin, ids.emil!, { enabled: false });
    });
  });

  describe('resolution', () => {
    it('keep a copy on: the mailbox and its targets, local and external', async () => {
      await setForwarding(t.db, CLI_ACTOR, ids.anna!, { forwardTo: 'ben@example.com, Partner@Outside.example', keepCopy: true });
      const r = delivered(await resolveRecipient(t.db, 'anna@example.com'));
      assert.deepEqual(r.mailboxes, ['anna@example.com', 'ben@example.com']);
      assert.deepEqual(r.forwards, ['Partner@outside.example']);
      assert.equal(r.forwardings.length, 1);
      assert.deepEqual(
        { from: r.forwardings[0]!.from.address, keepCopy: r.forwardings[0]!.keepCopy, addressed: r.forwardings[0]!.addressed },
        { from: 'anna@example.com', keepCopy: true, addressed: true },
      );
      // A +tag reaches the same mailbox and its forwarding.
      assert.deepEqual(delivered(await resolveRecipient(t.db, 'anna+news@example.com')).mailboxes, ['anna@example.com', 'ben@example.com']);
    });

    it('keep a copy off: only the targets', async () => {
      await setForwarding(t.db, CLI_ACTOR, ids.anna!, { forwardTo: 'ben@example.com, Partner@Outside.example', keepCopy: false });
      const r = delivered(await resolveRecipient(t.db, 'anna@example.com'));
      assert.deepEqual(r.mailboxes, ['ben@example.com']);
      assert.deepEqual(r.forwards, ['Partner@outside.example']);
      assert.equal(r.forwardings[0]?.keepCopy, false);
      // Only external: nothing local at all, as an alias to the outside.
      await setForwarding(t.db, CLI_ACTOR, ids.anna!, { forwardTo: 'partner@outside.example', keepCopy: false });
      assert.deepEqual(delivered(await resolveRecipient(t.db, 'anna@example.com')), {
        mailboxes: [],
        forwards: ['partner@outside.example'],
        forwardings: [
          {
            from: { mailboxId: ids.anna!, address: 'anna@example.com', quotaBytes: 1024n ** 3n, usedBytes: 0n },
            to: ['partner@outside.example'],
            keepCopy: false,
            addressed: true,
          },
        ],
      });
    });

    it('applies to a mailbox reached through an alias, and ownership questions ignore it', async () => {
      // team → anna (forwards to the outside only), carl.
      const r = delivered(await resolveRecipient(t.db, 'team@example.com'));
      assert.deepEqual(r.mailboxes, ['carl@example.com']);
      assert.deepEqual(r.forwards, ['partner@outside.example']);
      assert.equal(r.forwardings[0]?.addressed, false);
      // Anna may still send as team, though its mail to her is forwarded away.
      assert.equal(await mayUseSenderAddress(t.db, ids.anna!, 'team@example.com'), true);
      assert.deepEqual(delivered(await resolveRecipient(t.db, 'team@example.com', { followForwarding: false })).mailboxes, [
        'anna@example.com',
        'carl@example.com',
      ]);
    });

    it('follows a chain of forwards, and stops a circle of forwards without ping-pong', async () => {
      // carl → dora → ben, each keeping no copy.
      await setForwarding(t.db, CLI_ACTOR, ids.dora!, { forwardTo: 'ben@example.com', keepCopy: false });
      await setForwarding(t.db, CLI_ACTOR, ids.carl!, { forwardTo: 'dora@example.com', keepCopy: false });
      assert.deepEqual(delivered(await resolveRecipient(t.db, 'carl@example.com')).mailboxes, ['ben@example.com']);
      // ping ↔ pong, both keeping a copy: each gets the message once.
      await setForwarding(t.db, CLI_ACTOR, ids.ping!, { forwardTo: 'pong@example.com' });
      await setForwarding(t.db, CLI_ACTOR, ids.pong!, { forwardTo: 'ping@example.com' });
      const both = delivered(await resolveRecipient(t.db, 'ping@example.com'));
      assert.deepEqual(both.mailboxes, ['ping@example.com', 'pong@example.com']);
      assert.equal(both.forwardings.length, 2);
      // tick ↔ tock, neither keeping a copy: the circle ends at the last one, which keeps it rather than lose it.
      await setForwarding(t.db, CLI_ACTOR, ids.tick!, { forwardTo: 'tock@example.com', keepCopy: false });
      await setForwarding(t.db, CLI_ACTOR, ids.tock!, { forwardTo: 'tick@example.com', keepCopy: false });
      const circle = delivered(await resolveRecipient(t.db, 'tick@example.com'));
      assert.deepEqual(circle.mailboxes, ['tock@example.com']);
      assert.deepEqual(
        circle.forwardings.map((f) => [f.from.address, f.keepCopy]),
        [
          ['tick@example.com', false],
          ['tock@example.com', true],
        ],
      );
      assert.deepEqual(delivered(await resolveRecipient(t.db, 'tock@example.com')).mailboxes, ['tick@example.com']);
    });

    it('keeps the message when forwarding reaches nobody (the target was switched off since)', async () => {
      await t.db.mailbox.update({ where: { id: ids.emil! }, data: { forwardTo: ['gone@example.com'], forwardKeepCopy: false } });
      const r = delivered(await resolveRecipient(t.db, 'emil@example.com'));
      assert.deepEqual(r.mailboxes, ['emil@example.com']);
      assert.equal(r.forwardings[0]?.keepCopy, true);
    });

    it('refuses the recipient when a forward leads into an alias loop or too deep', async () => {
      // Made behind setForwarding's back (it refuses these), as a later alias change could.
      await t.db.mailbox.update({ where: { id: ids.emil! }, data: { forwardTo: ['loop-a@example.com'], forwardKeepCopy: true } });
      assert.equal((await resolveRecipient(t.db, 'emil@example.com')).kind, 'loop');
      let previous = 'ben@example.com';
      for (let i = 0; i < 11; i++) {
        await createAlias(t.db, CLI_ACTOR, { domainId: example.id, localPart: `chain${i}`, destinations: previous });
        previous = `chain${i}@example.com`;
      }
      await t.db.mailbox.update({ where: { id: ids.emil! }, data: { forwardTo: [previous] } });
      assert.equal((await resolveRecipient(t.db, 'emil@example.com')).kind, 'too-deep');
      await assert.rejects(setForwarding(t.db, CLI_ACTOR, ids.emil!, { forwardTo: previous }), /too long/);
      await setForwarding(t.db, CLI_ACTOR, ids.emil!, { enabled: false });
    });

    it('sends a bounce to the SRS address of a forwarded message back to its original sender', async () => {
      const srs = createSrs('forwarding test secret');
      // anna forwarded alice@sender.test's message to the outside; the SRS address is in her domain.
      const srsAddress = srs.forward('alice@sender.test', 'example.com');
      const r = delivered(await resolveRecipientWithSrs(t.db, srsAddress, srs, 'mx.example.com'));
      assert.deepEqual(r, { mailboxes: [], forwards: ['alice@sender.test'], forwardings: [] });
      // A bounce for a local original sender lands in that mailbox, honouring its own forwarding.
      const back = delivered(await resolveRecipientWithSrs(t.db, srs.forward('carl@example.com', 'other.example'), srs, 'mx.example.com'));
      assert.deepEqual(back.mailboxes, ['ben@example.com']);
    });
  });
});
