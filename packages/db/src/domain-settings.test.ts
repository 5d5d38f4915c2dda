import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { NotFoundError, ValidationError } from '@kontor/core';
import { type Actor, adminActor, CLI_ACTOR, createAdminAccount, createDomain, createMailbox, getCatchAll, setCatchAll, updateDomainLocale } from './index.ts';
import { createTestDatabase, type TestDatabase } from './testing.ts';

const PASSWORD = 'correct horse battery';

function fieldErrors(error: unknown): Record<string, string> {
  assert.ok(error instanceof ValidationError, String(error));
  return error.fields;
}

describe('domain language, time zone and catch-all', () => {
  let t: TestDatabase;
  let domainAdmin: Actor;
  const ids: Record<string, number> = {};

  before(async () => {
    process.env.DKIM_ENCRYPTION_KEY ??= 'kontor test dkim key';
    t = await createTestDatabase();
    ids.own = (await createDomain(t.db, CLI_ACTOR, { name: 'own.example' })).id;
    ids.other = (await createDomain(t.db, CLI_ACTOR, { name: 'other.example' })).id;
    await createMailbox(t.db, CLI_ACTOR, { domainId: ids.own, localPart: 'info', password: PASSWORD });
    const admin = await createAdminAccount(t.db, CLI_ACTOR, { email: 'da@own.example', password: PASSWORD, role: 'DOMAIN_ADMIN', domainIds: [ids.own] });
    domainAdmin = await adminActor(t.db, admin!.id);
  });
  after(() => t?.drop());

  it('sets language and time zone, checked and audited; not for a foreign domain', async () => {
    const domain = await updateDomainLocale(t.db, domainAdmin, ids.own!, { language: 'de', timeZone: 'europe/vienna' });
    assert.equal(domain.language, 'de');
    assert.equal(domain.timeZone, 'Europe/Vienna');
    const audit = await t.db.auditLog.findFirstOrThrow({ where: { action: 'domain.update', domainId: ids.own } });
    assert.deepEqual(audit.after, { language: 'de', timeZone: 'Europe/Vienna' });
    const bad = await updateDomainLocale(t.db, domainAdmin, ids.own!, { language: 'fr', timeZone: 'Mars/Olympus' }).then(() => null, fieldErrors);
    assert.deepEqual(bad, { language: 'Choose English or Deutsch', timeZone: 'Choose a time zone, for example Europe/Berlin' });
    await assert.rejects(updateDomainLocale(t.db, domainAdmin, ids.other!, { language: 'de' }), NotFoundError);
  });

  it('switches the catch-all on with a destination, off keeping it, and on again', async () => {
    assert.equal(await getCatchAll(t.db, domainAdmin, ids.own!), null);
    const missing = await setCatchAll(t.db, domainAdmin, ids.own!, { enabled: true, destinations: '' }).then(() => null, fieldErrors);
    assert.deepEqual(missing, { destinations: 'Enter at least one destination address' });
    const on = await setCatchAll(t.db, domainAdmin, ids.own!, { enabled: 'on', destinations: 'info@own.example' });
    assert.equal(on?.catchAll, true);
    assert.equal(on?.active, true);
    const off = await setCatchAll(t.db, domainAdmin, ids.own!, { enabled: 'false' });
    assert.equal(off?.active, false);
    assert.deepEqual(off?.destinations, ['info@own.example']);
    const again = await setCatchAll(t.db, domainAdmin, ids.own!, { enabled: true, destinations: 'info@own.example' });
    assert.equal(again?.active, true);
    assert.equal(await t.db.alias.count({ where: { domainId: ids.own, localPart: '*' } }), 1);
    const actions = (await t.db.auditLog.findMany({ where: { targetType: 'alias' }, orderBy: { id: 'asc' } })).map((a) => a.action);
    assert.deepEqual(actions, ['alias.create', 'alias.update', 'alias.update']);
    await assert.rejects(setCatchAll(t.db, domainAdmin, ids.other!, { enabled: true, destinations: 'info@own.example' }), NotFoundError);
  });
});
