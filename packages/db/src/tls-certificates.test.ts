import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { ForbiddenError } from '@kontor/core';
import {
  type Actor,
  acmeChallengeAnswer,
  adminActor,
  CLI_ACTOR,
  createAdminAccount,
  createDomain,
  isDue,
  putAcmeChallenge,
  recordFailure,
  recordIssued,
  removeAcmeChallenge,
  requestRenewal,
  retryDelayMs,
  superadminAddresses,
  syncNameSets,
  wantedNameSets,
} from './index.ts';
import { createTestDatabase, type TestDatabase } from './testing.ts';

const PASSWORD = 'correct horse battery';
const DAY = 86_400_000;

describe('automatic certificate rows', () => {
  let t: TestDatabase;
  let superadmin: Actor;
  let domainAdmin: Actor;

  before(async () => {
    process.env.DKIM_ENCRYPTION_KEY ??= 'kontor test dkim key';
    t = await createTestDatabase();
    const a = await createDomain(t.db, CLI_ACTOR, { name: 'a.example' });
    await createDomain(t.db, CLI_ACTOR, { name: 'b.example' });
    const owner = await createAdminAccount(t.db, CLI_ACTOR, { email: 'owner@kontor.example', password: PASSWORD, role: 'SUPERADMIN', domainIds: [] });
    superadmin = await adminActor(t.db, owner!.id);
    const da = await createAdminAccount(t.db, CLI_ACTOR, { email: 'da@a.example', password: PASSWORD, role: 'DOMAIN_ADMIN', domainIds: [a.id] });
    domainAdmin = await adminActor(t.db, da!.id);
  });
  after(() => t?.drop());

  it('wants MAIL_HOSTNAME alone and one set per active domain; a local host name gets none', async () => {
    assert.deepEqual(await wantedNameSets(t.db, 'mail.kontor.example'), [
      ['mail.kontor.example'],
      ['mta-sts.a.example', 'autoconfig.a.example'],
      ['mta-sts.b.example', 'autoconfig.b.example'],
    ]);
    assert.deepEqual((await wantedNameSets(t.db, 'localhost')).length, 2);
  });

  it('sync adds new sets due now and drops sets of domains switched off', async () => {
    let rows = await syncNameSets(t.db, await wantedNameSets(t.db, 'mail.kontor.example'));
    assert.equal(rows.length, 3);
    assert.ok(rows.every((row) => isDue(row, new Date(), 30)));
    await t.db.domain.update({ where: { name: 'b.example' }, data: { active: false } });
    rows = await syncNameSets(t.db, await wantedNameSets(t.db, 'mail.kontor.example'));
    assert.deepEqual(
      rows.map((row) => row.nameSet),
      ['mail.kontor.example', 'autoconfig.a.example mta-sts.a.example'],
    );
  });

  it('an issued certificate is due again ACME_RENEW_DAYS before it expires', async () => {
    const [row] = await syncNameSets(t.db, [['mail.kontor.example']]);
    const now = new Date();
    const notAfter = new Date(now.getTime() + 90 * DAY);
    const issued = await recordIssued(
      t.db,
      row!.id,
      { certPem: 'PEM', keyEncrypted: 'v1:x', serial: '01', issuer: 'Test CA', notBefore: now, notAfter },
      30,
      now,
    );
    assert.equal(issued.nextAttemptAt.getTime(), notAfter.getTime() - 30 * DAY);
    assert.equal(isDue(issued, new Date(now.getTime() + 59 * DAY), 30), false);
    assert.equal(isDue(issued, new Date(now.getTime() + 61 * DAY), 30), true);
  });

  it('failures back off and alert on the first one, then at most daily', async () => {
    assert.equal(retryDelayMs(1), 15 * 60_000);
    assert.equal(retryDelayMs(3), 60 * 60_000);
    assert.equal(retryDelayMs(20), DAY);
    const row = (await t.db.tlsCertificate.findUnique({ where: { nameSet: 'mail.kontor.example' } }))!;
    const now = new Date();
    assert.equal(await recordFailure(t.db, row, 'connection refused', now), true);
    const once = (await t.db.tlsCertificate.findUnique({ where: { id: row.id } }))!;
    assert.equal(once.failures, 1);
    assert.equal(once.certPem, 'PEM', 'the certificate in use stays');
    assert.equal(once.nextAttemptAt.getTime(), now.getTime() + 15 * 60_000);
    assert.equal(await recordFailure(t.db, once, 'again', new Date(now.getTime() + 3_600_000)), false);
    const twice = (await t.db.tlsCertificate.findUnique({ where: { id: row.id } }))!;
    assert.equal(await recordFailure(t.db, twice, 'a day later', new Date(now.getTime() + 25 * 3_600_000)), true);
  });

  it('renew now is for superadmins, audited, and makes the set due', async () => {
    const row = (await t.db.tlsCertificate.findUnique({ where: { nameSet: 'mail.kontor.example' } }))!;
    await assert.rejects(requestRenewal(t.db, domainAdmin, row.id), ForbiddenError);
    const marked = await requestRenewal(t.db, superadmin, row.id);
    assert.ok(marked.renewRequestedAt);
    assert.equal(isDue(marked, new Date(), 30), true);
    const audit = await t.db.auditLog.findFirst({ where: { action: 'certificate.renew' } });
    assert.equal(audit?.actor, 'admin:owner@kontor.example');
    assert.equal(audit?.targetType, 'certificate');
    assert.deepEqual(await superadminAddresses(t.db), [{ email: 'owner@kontor.example', locale: null }]);
  });

  it('HTTP-01 challenges are answered until removed or expired; odd tokens are not looked up', async () => {
    await putAcmeChallenge(t.db, 'tok_en-1', 'tok_en-1.thumb');
    assert.equal(await acmeChallengeAnswer(t.db, 'tok_en-1'), 'tok_en-1.thumb');
    assert.equal(await acmeChallengeAnswer(t.db, 'tok_en-1', new Date(Date.now() + 2 * 3_600_000)), null);
    assert.equal(await acmeChallengeAnswer(t.db, '../etc/passwd'), null);
    await removeAcmeChallenge(t.db, 'tok_en-1');
    assert.equal(await acmeChallengeAnswer(t.db, 'tok_en-1'), null);
  });
});
