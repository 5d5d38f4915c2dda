import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createDkimKeyring, dkimPublicKeyOf } from '@kontor/core';
import {
  activateDkimKey,
  CLI_ACTOR,
  claimAutoreply,
  createAlias,
  createDomain,
  createMailbox,
  dkimSigningKey,
  domainDnsRecords,
  listDkimKeys,
  mayUseSenderAddress,
  rotateDkimKey,
} from './index.ts';
import { createTestDatabase, type TestDatabase } from './testing.ts';

const dkim = { keyring: createDkimKeyring('test secret'), selector: 'kontor' };
const settings = { mailHostname: 'mail.example.net', imapsPort: 993, submissionPort: 587, smtpsPort: 465, pop3sPort: 995 };

let t: TestDatabase;
before(async () => {
  t = await createTestDatabase();
});
after(async () => {
  await t?.drop();
});

describe('DKIM keys of domains', () => {
  it('are made with the domain as a pair (RSA and Ed25519), encrypted, and published in the DNS hints', async () => {
    const domain = await createDomain(t.db, CLI_ACTOR, { name: 'dkim.example' }, { dkim });
    const keys = await t.db.dkimKey.findMany({ where: { domainId: domain.id }, orderBy: { id: 'asc' } });
    assert.deepEqual(
      keys.map((k) => `${k.selector} ${k.algorithm}`),
      ['kontor rsa-sha256', 'kontor-ed25519 ed25519-sha256'],
    );
    assert.equal(domain.dkimSelector, 'kontor');
    for (const key of keys) {
      assert.ok(!key.privateKeyEncrypted.includes('PRIVATE KEY'));
      assert.equal(dkimPublicKeyOf(dkim.keyring.decrypt(key.privateKeyEncrypted)), key.publicKey);
    }
    assert.equal(Buffer.from(keys[1]!.publicKey, 'base64').length, 32, 'the raw Ed25519 key (RFC 8463 §4)');
    const records = await domainDnsRecords(t.db, CLI_ACTOR, 'dkim.example', settings, dkim);
    assert.equal(records.find((r) => r.name === 'kontor._domainkey.dkim.example')?.value, `v=DKIM1; k=rsa; p=${keys[0]!.publicKey}`);
    assert.equal(records.find((r) => r.name === 'kontor-ed25519._domainkey.dkim.example')?.value, `v=DKIM1; k=ed25519; p=${keys[1]!.publicKey}`);
    const signing = await dkimSigningKey(t.db, 'dkim.example', dkim);
    assert.equal(signing?.selector, 'kontor');
    assert.match(signing?.privateKeyPem ?? '', /BEGIN PRIVATE KEY/);
    assert.deepEqual(
      signing?.keys.map((k) => `${k.selector} ${k.algorithm}`),
      ['kontor rsa-sha256', 'kontor-ed25519 ed25519-sha256'],
    );
  });

  it('gives a domain made before Ed25519 its Ed25519 key', async () => {
    const domain = await createDomain(t.db, CLI_ACTOR, { name: 'old-dkim.example' }, { dkim });
    await t.db.dkimKey.deleteMany({ where: { domainId: domain.id, algorithm: 'ed25519-sha256' } });
    const signing = await dkimSigningKey(t.db, 'old-dkim.example', dkim);
    assert.deepEqual(
      signing?.keys.map((k) => k.algorithm),
      ['rsa-sha256', 'ed25519-sha256'],
    );
  });

  it('rotate: a new pair published beside the old one, switched on activation, with a DNS check asked for', async () => {
    const rotated = await rotateDkimKey(t.db, CLI_ACTOR, 'dkim.example', dkim);
    assert.equal(rotated.created, true);
    assert.match(rotated.key.selector, /^kontor\d{6}$/);
    assert.deepEqual(
      rotated.keys.map((k) => k.selector),
      [rotated.key.selector, `${rotated.key.selector}-ed25519`],
    );
    assert.equal((await rotateDkimKey(t.db, CLI_ACTOR, 'dkim.example', dkim)).key.selector, rotated.key.selector, 'a second rotate returns the waiting key');
    let records = await domainDnsRecords(t.db, CLI_ACTOR, 'dkim.example', settings, dkim);
    assert.deepEqual(
      records.filter((r) => r.name.includes('._domainkey.')).map((r) => r.name),
      [
        'kontor._domainkey.dkim.example',
        'kontor-ed25519._domainkey.dkim.example',
        `${rotated.key.selector}._domainkey.dkim.example`,
        `${rotated.key.selector}-ed25519._domainkey.dkim.example`,
      ],
    );
    assert.equal((await dkimSigningKey(t.db, 'dkim.example', dkim))?.selector, 'kontor', 'the old key signs until activation');
    const activated = await activateDkimKey(t.db, CLI_ACTOR, 'dkim.example');
    assert.equal(activated.selector, rotated.key.selector);
    assert.deepEqual(
      (await dkimSigningKey(t.db, 'dkim.example', dkim))?.keys.map((k) => k.selector),
      [rotated.key.selector, `${rotated.key.selector}-ed25519`],
    );
    records = await domainDnsRecords(t.db, CLI_ACTOR, 'dkim.example', settings, dkim);
    assert.deepEqual(
      records.filter((r) => r.name.includes('._domainkey.')).map((r) => r.name),
      [`${rotated.key.selector}._domainkey.dkim.example`, `${rotated.key.selector}-ed25519._domainkey.dkim.example`],
    );
    const states = (await listDkimKeys(t.db, CLI_ACTOR, 'dkim.example')).map((k) => `${k.selector}:${k.state}`);
    assert.deepEqual(states, ['kontor:retired', 'kontor-ed25519:retired', `${rotated.key.selector}:active`, `${rotated.key.selector}-ed25519:active`]);
    await assert.rejects(activateDkimKey(t.db, CLI_ACTOR, 'dkim.example'), /no new DKIM key waiting/);
    const asked = await t.db.outbox.findMany({ where: { queue: 'kontor-dns-check' } });
    assert.equal(asked.length, 2, 'one check after the rotation, one after the activation');
  });
});

describe('sender addresses', () => {
  it('a mailbox may send as itself, +tags, and aliases reaching it; not as others or via the catch-all', async () => {
    const domain = await createDomain(t.db, CLI_ACTOR, { name: 'send.example' }, { dkim });
    const anna = await createMailbox(t.db, CLI_ACTOR, { domainId: domain.id, localPart: 'anna', password: 'correct horse battery' });
    const ben = await createMailbox(t.db, CLI_ACTOR, { domainId: domain.id, localPart: 'ben', password: 'correct horse battery' });
    await createAlias(t.db, CLI_ACTOR, { domainId: domain.id, localPart: 'sales', destinations: 'anna@send.example' });
    await createAlias(t.db, CLI_ACTOR, { domainId: domain.id, localPart: 'team', destinations: 'sales@send.example, ben@send.example' });
    await createAlias(t.db, CLI_ACTOR, { domainId: domain.id, localPart: '*', destinations: 'anna@send.example' });
    const may = (id: number, address: string) => mayUseSenderAddress(t.db, id, address);
    assert.equal(await may(anna.id, 'anna@send.example'), true);
    assert.equal(await may(anna.id, 'Anna+news@Send.Example'), true);
    assert.equal(await may(anna.id, 'sales@send.example'), true);
    assert.equal(await may(anna.id, 'team@send.example'), true);
    assert.equal(await may(ben.id, 'team@send.example'), true);
    assert.equal(await may(ben.id, 'sales@send.example'), false);
    assert.equal(await may(anna.id, 'ben@send.example'), false);
    assert.equal(await may(anna.id, 'ceo@send.example'), false, 'catch-all gives no right to send');
    assert.equal(await may(anna.id, 'anna@elsewhere.example'), false);
  });
});

describe('autoreply claims', () => {
  it('once per sender per interval, atomically', async () => {
    const domain = await createDomain(t.db, CLI_ACTOR, { name: 'away.example' }, { dkim });
    const mailbox = await createMailbox(t.db, CLI_ACTOR, { domainId: domain.id, localPart: 'anna', password: 'correct horse battery' });
    const ar = await t.db.autoresponder.create({ data: { mailboxId: mailbox.id, subject: 'Away', body: 'Back soon', enabled: true, intervalDays: 4 } });
    const now = new Date();
    const claims = await Promise.all(Array.from({ length: 5 }, () => claimAutoreply(t.db, ar.id, 'Bob@remote.test', 4, now)));
    assert.equal(claims.filter(Boolean).length, 1);
    assert.equal(await claimAutoreply(t.db, ar.id, 'bob@remote.test', 4, new Date(now.getTime() + 3 * 86_400_000)), false);
    assert.equal(await claimAutoreply(t.db, ar.id, 'bob@remote.test', 4, new Date(now.getTime() + 5 * 86_400_000)), true);
    assert.equal(await claimAutoreply(t.db, ar.id, 'carol@remote.test', 4, now), true);
  });
});
