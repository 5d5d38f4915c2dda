import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { NotFoundError } from '@kontor/core';
import { type Actor, CLI_ACTOR } from './actor.ts';
import { createAdminAccount } from './admins.ts';
import { logDeliveries } from './delivery-log.ts';
import { createDomain } from './domains.ts';
import { claimOutboundRecipients, createOutboundRecipientsInTx, recordOutboundAttempt } from './outbound-state.ts';
import { createTestDatabase, type TestDatabase } from './testing.ts';
import { messageJourney, searchDeliveryLog } from './trace.ts';
import { listQuery } from './validate.ts';

let t: TestDatabase;
let shopAdmin: Actor;
let teamAdmin: Actor;

const page = (q = '', extra: Record<string, unknown> = {}) => ({ ...listQuery.parse({ q }), ...extra });

before(async () => {
  t = await createTestDatabase();
  const shop = await createDomain(t.db, CLI_ACTOR, { name: 'shop.test' });
  const team = await createDomain(t.db, CLI_ACTOR, { name: 'team.test' });
  const a = await createAdminAccount(t.db, CLI_ACTOR, {
    email: 'boss@shop.test',
    password: 'a long chief password',
    role: 'DOMAIN_ADMIN',
    domainIds: [shop.id],
  });
  const b = await createAdminAccount(t.db, CLI_ACTOR, {
    email: 'lead@team.test',
    password: 'quite secret words here',
    role: 'DOMAIN_ADMIN',
    domainIds: [team.id],
  });
  shopAdmin = { kind: 'domain_admin', id: a.id, email: a.email };
  teamAdmin = { kind: 'domain_admin', id: b.id, email: b.email };

  // A message from outside to anna@shop.test (filed in INBOX, also forwarded out) and to a list address.
  const verdicts = {
    spf: 'pass',
    dkim: 'pass',
    dmarc: 'pass',
    arc: 'none',
    folder: 'INBOX',
    tls: { protocol: 'TLSv1.3', cipher: 'TLS_AES_256_GCM_SHA384' },
    helo: 'mx.remote.test',
  };
  await logDeliveries(t.db, [
    {
      direction: 'INBOUND',
      messageId: '<m1@remote.test>',
      queueId: 'in1',
      mailFrom: 'ext@remote.test',
      rcptTo: 'anna@shop.test',
      status: 'accepted',
      remoteHost: '192.0.2.10',
      remoteResponse: '250',
      verdicts: { ...verdicts, forwards: ['anna@elsewhere.test'] },
    },
  ]);
  await t.db.$transaction((tx) => createOutboundRecipientsInTx(tx, { jobId: 'fw-1', queueId: 'in1', recipients: ['anna@elsewhere.test'] }));
  const claim = await claimOutboundRecipients(t.db, 'fw-1', { leaseMs: 60_000 });
  await recordOutboundAttempt(t.db, claim.token, [
    { id: claim.recipients[0]!.id, result: 'deferred', reply: '451 4.7.1 Greylisted', remoteHost: 'mx.elsewhere.test', nextAttemptAt: new Date() },
  ]);
  await logDeliveries(t.db, [
    {
      direction: 'OUTBOUND',
      messageId: 'in1',
      queueId: 'in1',
      mailFrom: 'ext@remote.test',
      rcptTo: 'anna@elsewhere.test',
      status: 'deferred',
      remoteHost: 'mx.elsewhere.test',
      remoteResponse: '451 4.7.1 Greylisted',
      verdicts: { attempt: 1, kind: 'forward' },
    },
  ]);
  const claim2 = await claimOutboundRecipients(t.db, 'fw-1', { leaseMs: 60_000 });
  await recordOutboundAttempt(t.db, claim2.token, [
    { id: claim2.recipients[0]!.id, result: 'bounced', reply: '550 5.1.1 Unknown user', remoteHost: 'mx2.elsewhere.test' },
  ]);
  await logDeliveries(t.db, [
    {
      direction: 'OUTBOUND',
      messageId: 'in1',
      queueId: 'in1',
      mailFrom: 'ext@remote.test',
      rcptTo: 'anna@elsewhere.test',
      status: 'bounced',
      remoteHost: 'mx2.elsewhere.test',
      remoteResponse: '550 5.1.1 Unknown user',
      verdicts: { attempt: 2, kind: 'forward' },
    },
    // The autoreply of anna's mailbox, and the bounce of the failed forward, both with the null sender to the sender.
    {
      direction: 'OUTBOUND',
      messageId: '<ar1@shop.test>',
      queueId: 'in1-ar7',
      mailFrom: '',
      senderDomain: 'shop.test',
      rcptTo: 'ext@remote.test',
      status: 'queued',
      verdicts: { kind: 'autoreply' },
    },
    {
      direction: 'OUTBOUND',
      messageId: 'in1-dsn-abc',
      queueId: 'in1-dsn-abc',
      mailFrom: '',
      rcptTo: 'ext@remote.test',
      status: 'queued',
      verdicts: { kind: 'bounce' },
    },
    // Unrelated mail of another domain, and a refusal.
    {
      direction: 'INBOUND',
      messageId: '<m2@remote.test>',
      queueId: 'in2',
      mailFrom: 'ext@remote.test',
      rcptTo: 'info@team.test',
      status: 'accepted',
      remoteHost: '192.0.2.10',
      verdicts,
    },
    {
      direction: 'INBOUND',
      mailFrom: 'spam@remote.test',
      rcptTo: 'nobody@shop.test',
      status: 'rejected',
      remoteHost: '198.51.100.9',
      remoteResponse: '550 5.1.1 No such user here',
    },
  ]);
});
after(async () => {
  await t?.drop();
});

describe('trace search', () => {
  it('finds rows by address (either side, any case), Message-ID with or without <>, and queue id', async () => {
    assert.equal((await searchDeliveryLog(t.db, CLI_ACTOR, page('ANNA@shop.test'))).total, 1, 'typed in capitals, stored in lower case');
    assert.equal((await searchDeliveryLog(t.db, CLI_ACTOR, page('anna@shop.test'))).total, 1);
    assert.equal((await searchDeliveryLog(t.db, CLI_ACTOR, page('ext@remote.test'))).total, 6);
    assert.equal((await searchDeliveryLog(t.db, CLI_ACTOR, page('m1@remote.test'))).rows[0]?.queueId, 'in1');
    assert.equal((await searchDeliveryLog(t.db, CLI_ACTOR, page('<m1@remote.test>'))).total, 1);
    assert.equal((await searchDeliveryLog(t.db, CLI_ACTOR, page('in1'))).total, 3);
    assert.equal((await searchDeliveryLog(t.db, CLI_ACTOR, page('', { status: 'rejected' }))).rows[0]?.rcptTo, 'nobody@shop.test');
  });

  it('finds an IDN address typed in Unicode in the rows that log it in ASCII', async () => {
    await logDeliveries(t.db, [
      { direction: 'INBOUND', queueId: 'idn1', mailFrom: 'kunde@remote.test', rcptTo: 'info@xn--bckerei-mller-bfb28a.example', status: 'rejected' },
    ]);
    assert.equal((await searchDeliveryLog(t.db, CLI_ACTOR, page('Info@Bäckerei-Müller.example'))).rows[0]?.queueId, 'idn1');
    await t.db.deliveryLog.deleteMany({ where: { queueId: 'idn1' } });
  });

  it('pages newest first and limits by date', async () => {
    const first = await searchDeliveryLog(t.db, CLI_ACTOR, { ...page(), pageSize: 3 });
    const second = await searchDeliveryLog(t.db, CLI_ACTOR, { ...page(), pageSize: 3, page: 2 });
    assert.equal(first.total, 7);
    assert.equal(first.capped, false);
    assert.ok(first.rows[0]!.id > first.rows[2]!.id);
    assert.ok(first.rows[2]!.id > second.rows[0]!.id);
    assert.equal((await searchDeliveryLog(t.db, CLI_ACTOR, page('', { until: new Date(Date.now() - 3_600_000) }))).total, 0);
    assert.equal((await searchDeliveryLog(t.db, CLI_ACTOR, page('', { since: new Date(Date.now() - 3_600_000) }))).total, 7);
  });

  it('shows a domain admin the rows of their domains only', async () => {
    const team = await searchDeliveryLog(t.db, teamAdmin, page());
    assert.deepEqual(
      team.rows.map((r) => r.rcptTo),
      ['info@team.test'],
    );
    assert.equal((await searchDeliveryLog(t.db, teamAdmin, page('in1'))).total, 0);
    const shop = await searchDeliveryLog(t.db, shopAdmin, page());
    assert.ok(!shop.rows.some((r) => r.rcptTo === 'info@team.test'));
    assert.ok(shop.rows.some((r) => r.queueId === 'in1-ar7'));
  });
});

describe('message journey', () => {
  it('puts received, folder, forward with its attempts, autoreply and bounce in order', async () => {
    const journey = await messageJourney(t.db, CLI_ACTOR, { by: 'queue', id: 'in1' });
    assert.deepEqual(journey.queueIds.sort(), ['in1', 'in1-ar7', 'in1-dsn-abc']);
    assert.equal(journey.messageId, '<m1@remote.test>');
    const types = journey.steps.map((s) => s.type);
    assert.deepEqual(types, ['received', 'local', 'forward', 'attempt', 'attempt', 'autoreply', 'queued', 'bounce', 'queued']);
    const received = journey.steps[0] as Extract<(typeof journey.steps)[number], { type: 'received' }>;
    assert.equal(received.clientIp, '192.0.2.10');
    assert.deepEqual(received.tls, { protocol: 'TLSv1.3', cipher: 'TLS_AES_256_GCM_SHA384' });
    assert.deepEqual([received.spf, received.dkim, received.dmarc], ['pass', 'pass', 'pass']);
    const attempts = journey.steps.filter((s) => s.type === 'attempt');
    assert.deepEqual(
      attempts.map((a) => [a.attempt, a.result, a.reply, a.remoteHost]),
      [
        [1, 'deferred', '451 4.7.1 Greylisted', 'mx.elsewhere.test'],
        [2, 'bounced', '550 5.1.1 Unknown user', 'mx2.elsewhere.test'],
      ],
    );
  });

  it('is found by Message-ID too, and a refusal by its entry', async () => {
    const byMessage = await messageJourney(t.db, CLI_ACTOR, { by: 'message', id: 'm1@remote.test' });
    assert.ok(byMessage.steps.some((s) => s.type === 'bounce'));
    const refusal = (await searchDeliveryLog(t.db, CLI_ACTOR, page('nobody@shop.test'))).rows[0]!;
    const journey = await messageJourney(t.db, CLI_ACTOR, { by: 'entry', id: String(refusal.id) });
    assert.deepEqual(
      journey.steps.map((s) => s.type),
      ['refused'],
    );
  });

  it('names Kontor’s own notices (alerts, reports) as such, not as bounces', async () => {
    await logDeliveries(t.db, [
      {
        direction: 'OUTBOUND',
        messageId: '<dns-alert-1@kontor.test>',
        queueId: 'dns-alert-1',
        mailFrom: '',
        rcptTo: 'owner@shop.test',
        status: 'delivered',
        remoteHost: 'local',
        remoteResponse: '250 delivered to a local mailbox',
        verdicts: { kind: 'notice' },
      },
    ]);
    const journey = await messageJourney(t.db, CLI_ACTOR, { by: 'queue', id: 'dns-alert-1' });
    assert.deepEqual(
      journey.steps.map((s) => s.type),
      ['notice', 'local'],
    );
  });

  it('is NotFound for another domain’s admin and for nonsense references', async () => {
    await assert.rejects(messageJourney(t.db, teamAdmin, { by: 'queue', id: 'in1' }), NotFoundError);
    await assert.rejects(messageJourney(t.db, teamAdmin, { by: 'message', id: '<m1@remote.test>' }), NotFoundError);
    const refusal = (await searchDeliveryLog(t.db, CLI_ACTOR, page('nobody@shop.test'))).rows[0]!;
    await assert.rejects(messageJourney(t.db, teamAdmin, { by: 'entry', id: String(refusal.id) }), NotFoundError);
    await assert.rejects(messageJourney(t.db, CLI_ACTOR, { by: 'queue', id: '%' }), NotFoundError);
    await assert.rejects(messageJourney(t.db, CLI_ACTOR, { by: 'entry', id: '99999999999999999999' }), NotFoundError);
    const own = await messageJourney(t.db, teamAdmin, { by: 'queue', id: 'in2' });
    assert.deepEqual(
      own.steps.map((s) => s.type),
      ['received', 'local'],
    );
  });
});
