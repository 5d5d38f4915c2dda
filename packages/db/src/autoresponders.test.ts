import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { NotFoundError, ValidationError } from '@kontor/core';
import {
  type Actor,
  activeAutoresponders,
  adminActor,
  autorespondersForDelivery,
  CLI_ACTOR,
  claimAutoreply,
  createAdminAccount,
  createDomain,
  createMailbox,
  getAutoresponder,
  switchOffExpiredAutoresponders,
  updateDomainLocale,
  upsertAutoresponder,
} from './index.ts';
import { createTestDatabase, type TestDatabase } from './testing.ts';

const PASSWORD = 'correct horse battery';
const HOUR = 3_600_000;

function fieldErrors(error: unknown): Record<string, string> {
  assert.ok(error instanceof ValidationError, String(error));
  return error.fields;
}

describe('autoresponders', () => {
  let t: TestDatabase;
  let domainAdmin: Actor;
  const ids: Record<string, number> = {};

  before(async () => {
    process.env.DKIM_ENCRYPTION_KEY ??= 'kontor test dkim key';
    t = await createTestDatabase();
    const own = await createDomain(t.db, CLI_ACTOR, { name: 'own.example' });
    const other = await createDomain(t.db, CLI_ACTOR, { name: 'other.example' });
    await updateDomainLocale(t.db, CLI_ACTOR, own.id, { timeZone: 'Europe/Berlin' });
    await updateDomainLocale(t.db, CLI_ACTOR, other.id, { timeZone: 'America/New_York' });
    ids.own = own.id;
    ids.other = other.id;
    ids.anna = (await createMailbox(t.db, CLI_ACTOR, { domainId: own.id, localPart: 'anna', password: PASSWORD })).id;
    ids.ben = (await createMailbox(t.db, CLI_ACTOR, { domainId: own.id, localPart: 'ben', password: PASSWORD })).id;
    ids.carl = (await createMailbox(t.db, CLI_ACTOR, { domainId: other.id, localPart: 'carl', password: PASSWORD })).id;
    const admin = await createAdminAccount(t.db, CLI_ACTOR, { email: 'da@own.example', password: PASSWORD, role: 'DOMAIN_ADMIN', domainIds: [own.id] });
    domainAdmin = await adminActor(t.db, admin!.id);
  });
  after(() => t?.drop());

  it('reads as off before it is set up', async () => {
    const view = await getAutoresponder(t.db, domainAdmin, ids.anna!);
    assert.equal(view.saved, false);
    assert.equal(view.state, 'off');
    assert.equal(view.domain.timeZone, 'Europe/Berlin');
    assert.equal(view.settings.intervalDays, 4);
  });

  it('saves dates typed in the domain time zone as UTC (summer and winter), audited', async () => {
    const now = new Date('2026-06-01T10:00:00Z');
    const saved = await upsertAutoresponder(
      t.db,
      domainAdmin,
      ids.anna!,
      {
        enabled: 'on',
        subject: 'Out of office',
        body: 'Back on Monday.\r\nAnna\n\n',
        startsAt: '2026-06-01T09:00',
        endsAt: '2026-12-24T18:00',
        intervalDays: '3',
      },
      now,
    );
    assert.equal(saved.startsAt?.toISOString(), '2026-06-01T07:00:00.000Z', 'CEST is UTC+2');
    assert.equal(saved.endsAt?.toISOString(), '2026-12-24T17:00:00.000Z', 'CET is UTC+1');
    assert.equal(saved.body, 'Back on Monday.\nAnna');
    assert.equal(saved.intervalDays, 3);
    assert.equal(saved.state, 'active');
    const audit = await t.db.auditLog.findFirstOrThrow({ where: { action: 'autoresponder.update' } });
    assert.equal(audit.actor, 'admin:da@own.example');
    assert.equal(audit.targetId, String(ids.anna));
    assert.equal(audit.domainId, ids.own);
    // An instant with an offset (the API) is taken as it is.
    const api = await upsertAutoresponder(t.db, CLI_ACTOR, ids.anna!, { endsAt: '2026-12-24T17:00:00Z' }, now);
    assert.equal(api.endsAt?.toISOString(), '2026-12-24T17:00:00.000Z');
    assert.equal(api.subject, 'Out of office', 'absent fields stay');
    // Typed the German way, without a date picker.
    const typed = await upsertAutoresponder(t.db, CLI_ACTOR, ids.anna!, { endsAt: '24.12.2026 18:00' }, now);
    assert.equal(typed.endsAt?.toISOString(), '2026-12-24T17:00:00.000Z');
  });

  it('puts every problem beside its field', async () => {
    const now = new Date('2026-06-01T10:00:00Z');
    const attempt = (input: Parameters<typeof upsertAutoresponder>[3]) =>
      upsertAutoresponder(t.db, domainAdmin, ids.ben!, input, now).then(() => null, fieldErrors);
    assert.deepEqual(await attempt({ enabled: true, subject: '', body: ' ', intervalDays: '0' }), {
      subject: 'Enter a subject for the reply',
      body: 'Enter the text of the reply',
      intervalDays: 'Enter a whole number of days from 1 to 30',
    });
    assert.deepEqual(await attempt({ enabled: true, subject: 'Away', body: 'Away', startsAt: '2026-06-10T10:00', endsAt: '2026-06-10T09:00' }), {
      endsAt: 'The end must be after the start',
    });
    assert.deepEqual(await attempt({ enabled: true, subject: 'Away', body: 'Away', endsAt: '2026-05-31T10:00' }), {
      endsAt: 'This end has already passed: choose a later one, or switch the reply off',
    });
    assert.deepEqual(await attempt({ enabled: true, subject: 'Away\r\nBcc: x@y', body: 'Away', startsAt: 'next week', intervalDays: '31' }), {
      subject: 'The subject must be one line',
      startsAt: 'Enter a date and time, for example 2026-12-24 18:00',
      intervalDays: 'Enter a whole number of days from 1 to 30',
    });
    assert.deepEqual(await attempt({ enabled: false, subject: 'x'.repeat(201), body: 'y'.repeat(10_001) }), {
      subject: 'At most 200 characters',
      body: 'At most 10000 characters',
    });
    // Off, an empty text and a past end are fine: nothing is sent.
    assert.equal(await attempt({ enabled: false, subject: '', body: '', endsAt: '2026-05-01T10:00' }), null);
  });

  it('keeps a domain admin to their domains', async () => {
    await assert.rejects(getAutoresponder(t.db, domainAdmin, ids.carl!), NotFoundError);
    await assert.rejects(upsertAutoresponder(t.db, domainAdmin, ids.carl!, { enabled: true, subject: 'x', body: 'y' }), NotFoundError);
    assert.equal(await t.db.autoresponder.count({ where: { mailboxId: ids.carl } }), 0);
  });

  it('answers only inside its dates', async () => {
    const during = new Date('2026-07-01T10:00:00Z');
    assert.equal((await activeAutoresponders(t.db, [ids.anna!], during)).length, 1);
    assert.equal((await activeAutoresponders(t.db, [ids.anna!], new Date('2026-05-01T10:00:00Z'))).length, 0, 'before its start');
    const view = await getAutoresponder(t.db, CLI_ACTOR, ids.anna!, new Date('2026-05-01T10:00:00Z'));
    assert.equal(view.state, 'scheduled');
    assert.equal((await activeAutoresponders(t.db, [ids.anna!], new Date('2026-12-24T17:00:01Z'))).length, 0, 'past its end');
  });

  it('reads as off past its end, and the sweep switches it off for good with an audit row by system', async () => {
    const later = new Date('2026-12-25T00:00:00Z');
    const view = await getAutoresponder(t.db, domainAdmin, ids.anna!, later);
    assert.equal(view.state, 'expired');
    assert.equal(view.settings.enabled, false);
    assert.equal((await t.db.autoresponder.findUniqueOrThrow({ where: { mailboxId: ids.anna } })).enabled, true, 'reading writes nothing');
    // Switching it on again with the old end is refused: it has passed.
    const refused = await upsertAutoresponder(t.db, domainAdmin, ids.anna!, { enabled: true }, later).then(() => null, fieldErrors);
    assert.match(refused?.endsAt ?? '', /already passed/);

    assert.equal(await switchOffExpiredAutoresponders(t.db, { now: later }), 1);
    assert.equal(await switchOffExpiredAutoresponders(t.db, { now: later }), 0, 'once');
    assert.equal((await t.db.autoresponder.findUniqueOrThrow({ where: { mailboxId: ids.anna } })).enabled, false);
    assert.equal((await getAutoresponder(t.db, domainAdmin, ids.anna!, later)).state, 'expired', 'still reads as ended, not just off');
    const audit = await t.db.auditLog.findFirstOrThrow({ where: { action: 'autoresponder.expire' } });
    assert.equal(audit.actor, 'system');
    assert.equal(audit.domainId, ids.own);
  });

  it('a delivery switches off the expired one it meets; switching on again forgets whom it answered', async () => {
    const now = new Date();
    await upsertAutoresponder(t.db, CLI_ACTOR, ids.ben!, { enabled: true, subject: 'Away', body: 'Away', endsAt: new Date(now.getTime() + HOUR) }, now);
    const ben = await t.db.autoresponder.findUniqueOrThrow({ where: { mailboxId: ids.ben } });
    assert.equal(await claimAutoreply(t.db, ben.id, 'someone@remote.example', 4), true);
    assert.equal((await autorespondersForDelivery(t.db, [ids.ben!], now)).length, 1);
    const afterEnd = new Date(now.getTime() + 2 * HOUR);
    assert.equal((await autorespondersForDelivery(t.db, [ids.ben!], afterEnd)).length, 0);
    assert.equal((await t.db.autoresponder.findUniqueOrThrow({ where: { mailboxId: ids.ben } })).enabled, false, 'switched off by the delivery');
    await upsertAutoresponder(t.db, CLI_ACTOR, ids.ben!, { enabled: true, endsAt: '' }, afterEnd);
    assert.equal(await t.db.autoresponderReply.count({ where: { autoresponderId: ben.id } }), 0);
  });
});
