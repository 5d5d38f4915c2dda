import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { type Actor, CLI_ACTOR } from './actor.ts';
import { createAdminAccount } from './admins.ts';
import { logDeliveries } from './delivery-log.ts';
import { dashboardStats, outboundQueueSummary, rebuildDeliveryStats, utcDay } from './delivery-stats.ts';
import { createDomain } from './domains.ts';
import { createOutboundRecipientsInTx } from './outbound-state.ts';
import { createTestDatabase, type TestDatabase } from './testing.ts';

let t: TestDatabase;
let shopId: number;
let teamId: number;
let shopAdmin: Actor;

async function counters() {
  const rows = await t.db.deliveryStat.findMany({ orderBy: [{ metric: 'asc' }, { day: 'asc' }, { domainId: 'asc' }, { key: 'asc' }] });
  return rows.map((r) => `${r.metric} ${utcDay(r.day)} ${r.domainId} ${r.key} ${r.count}`);
}

before(async () => {
  t = await createTestDatabase();
  shopId = (await createDomain(t.db, CLI_ACTOR, { name: 'shop.test' })).id;
  teamId = (await createDomain(t.db, CLI_ACTOR, { name: 'team.test' })).id;
  const admin = await createAdminAccount(t.db, CLI_ACTOR, {
    email: 'boss@shop.test',
    password: 'a long chief password',
    role: 'DOMAIN_ADMIN',
    domainIds: [shopId],
  });
  shopAdmin = { kind: 'domain_admin', id: admin.id, email: admin.email };
  await logDeliveries(t.db, [
    { direction: 'INBOUND', queueId: 'q1', mailFrom: 'ext@remote.test', rcptTo: 'anna@shop.test', status: 'accepted' },
    { direction: 'INBOUND', queueId: 'q1', mailFrom: 'ext@remote.test', rcptTo: 'Anna@Shop.test', status: 'accepted' },
    { direction: 'INBOUND', queueId: 'q2', mailFrom: 'ext@remote.test', rcptTo: 'info@team.test', status: 'accepted' },
    { direction: 'INBOUND', mailFrom: 'spam@remote.test', rcptTo: 'nobody@shop.test', status: 'rejected', remoteResponse: '550 5.1.1 No such user here' },
    {
      direction: 'INBOUND',
      mailFrom: 'spam@remote.test',
      rcptTo: 'x@shop.test',
      status: 'rejected',
      remoteResponse: '552 5.3.4 Message size exceeds the fixed limit of 26214400 bytes',
    },
    { direction: 'INBOUND', mailFrom: 'bad', rcptTo: '', status: 'rejected', remoteResponse: '553 5.1.7 Bad sender address syntax' },
    { direction: 'OUTBOUND', queueId: 'q3', mailFrom: 'anna@shop.test', rcptTo: 'friend@remote.test', status: 'queued', verdicts: { kind: 'submission' } },
    { direction: 'OUTBOUND', queueId: 'q3', mailFrom: 'anna@shop.test', rcptTo: 'friend@remote.test', status: 'delivered', remoteHost: 'mx.remote.test' },
    { direction: 'OUTBOUND', queueId: 'q4', mailFrom: 'anna@shop.test', rcptTo: 'info@team.test', status: 'delivered', remoteHost: 'local' },
    {
      direction: 'OUTBOUND',
      queueId: 'q5',
      mailFrom: '',
      senderDomain: 'team.test',
      rcptTo: 'ext@remote.test',
      status: 'queued',
      verdicts: { kind: 'autoreply' },
    },
  ]);
});
after(async () => {
  await t?.drop();
});

describe('delivery log domains', () => {
  it('names the recipient domain for inbound rows, the sender (or senderDomain) for outbound, and the other hosted end', async () => {
    const rows = await t.db.deliveryLog.findMany({ orderBy: { id: 'asc' }, select: { rcptTo: true, status: true, domainId: true, peerDomainId: true } });
    const of = (rcptTo: string, status: string) => rows.find((r) => r.rcptTo === rcptTo && r.status === status);
    assert.deepEqual({ ...of('Anna@Shop.test', 'accepted') }, { rcptTo: 'Anna@Shop.test', status: 'accepted', domainId: shopId, peerDomainId: null });
    assert.equal(of('', 'rejected')?.domainId, null);
    assert.equal(of('friend@remote.test', 'delivered')?.domainId, shopId);
    assert.deepEqual([of('info@team.test', 'delivered')?.domainId, of('info@team.test', 'delivered')?.peerDomainId], [shopId, teamId]);
    assert.equal(of('ext@remote.test', 'queued')?.domainId, teamId, 'an autoreply counts for its mailbox domain');
  });
});

describe('dashboard counters', () => {
  it('counts today per series, refusals by reason and top senders/recipients of accepted mail', async () => {
    const stats = await dashboardStats(t.db, CLI_ACTOR);
    assert.equal(stats.days.length, 30);
    const today = stats.days.at(-1)!;
    assert.equal(today.day, utcDay(new Date()));
    assert.deepEqual({ ...today, day: undefined }, { day: undefined, received: 3, sent: 2, refused: 3, bounced: 0 });
    assert.deepEqual(stats.totals, { received: 3, sent: 2, refused: 3, bounced: 0 });
    assert.ok(stats.days.slice(0, -1).every((d) => d.received === 0 && d.sent === 0));
    assert.deepEqual(stats.refusals.map((r) => r.reason).sort(), [
      '550 5.1.1 No such user here',
      '552 5.3.4 Message size exceeds the fixed limit of … bytes',
      '553 5.1.7 Bad sender address syntax',
    ]);
    assert.deepEqual(stats.topSenders[0], { address: 'ext@remote.test', count: 3 });
    assert.deepEqual(stats.topRecipients[0], { address: 'anna@shop.test', count: 2 }, 'addresses are counted in lower case');
    assert.ok(!stats.topSenders.some((s) => s.address === ''), 'the null sender is no top sender');
  });

  it('gives a domain admin the rows of their domains only', async () => {
    const stats = await dashboardStats(t.db, shopAdmin);
    assert.deepEqual(stats.totals, { received: 2, sent: 2, refused: 2, bounced: 0 });
    assert.ok(!stats.refusals.some((r) => r.reason.includes('Bad sender')), 'a refusal of no domain is the superadmin’s');
    assert.ok(!stats.topRecipients.some((r) => r.address === 'info@team.test' && r.count > 1));
    assert.ok(!stats.topSenders.some((s) => s.address === ''));
  });

  it('counts rows inserted in bulk by SQL, and a rebuild from the log gives the same counters', async () => {
    await t.db.$executeRaw`
      INSERT INTO "DeliveryLog" (direction, "mailFrom", "rcptTo", status, "domainId", "createdAt", "updatedAt")
      SELECT 'INBOUND', 'bulk@remote.test', 'anna@shop.test', 'accepted', ${shopId}, now() - interval '2 days', now()
      FROM generate_series(1, 500)`;
    const stats = await dashboardStats(t.db, shopAdmin);
    assert.equal(stats.days.at(-3)!.received, 500);
    const kept = await counters();
    await rebuildDeliveryStats(t.db);
    assert.deepEqual(await counters(), kept);
  });

  it('ranks top senders and recipients over the whole 30 days the charts show', async () => {
    await t.db.$executeRaw`
      INSERT INTO "DeliveryLog" (direction, "mailFrom", "rcptTo", status, "domainId", "createdAt", "updatedAt")
      SELECT 'INBOUND', 'monthly@remote.test', 'ledger@shop.test', 'accepted', ${shopId}, now() - interval '20 days', now()
      FROM generate_series(1, 600)`;
    const stats = await dashboardStats(t.db, shopAdmin);
    assert.equal(stats.topDays, 30);
    assert.deepEqual(stats.topSenders[0], { address: 'monthly@remote.test', count: 600 });
    assert.deepEqual(stats.topRecipients[0], { address: 'ledger@shop.test', count: 600 });
  });

  it('keeps a day outside the window out', async () => {
    const stats = await dashboardStats(t.db, CLI_ACTOR, { days: 2 });
    assert.equal(stats.days.length, 2);
    assert.equal(stats.totals.received, 3);
  });
});

describe('queue summary', () => {
  it('counts pending recipients and the oldest; a domain admin counts their domains’ messages', async () => {
    await t.db.$transaction(async (tx) => {
      await createOutboundRecipientsInTx(tx, { jobId: 'job-shop', queueId: 'q3', recipients: ['friend@remote.test', 'other@remote.test'] });
      await createOutboundRecipientsInTx(tx, { jobId: 'job-team', queueId: 'q5', recipients: ['ext@remote.test'] });
    });
    await t.db.outboundRecipient.updateMany({ where: { recipient: 'friend@remote.test' }, data: { state: 'delivered' } });
    const all = await outboundQueueSummary(t.db, CLI_ACTOR);
    assert.equal(all.messages, 2);
    assert.equal(all.recipients, 2);
    assert.ok(all.oldest instanceof Date);
    const shop = await outboundQueueSummary(t.db, shopAdmin);
    assert.deepEqual([shop.messages, shop.recipients], [1, 1]);
  });
});
