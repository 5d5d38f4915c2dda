// The DNS check history and its alerts against PostgreSQL: an unchanged
// result keeps its row, a change adds one; good → bad raises an alert
// (once), a DNS failure keeps it, good again clears it; who sees and who
// is told. The MTA-STS mode setting and the policy served for its host.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createDkimKeyring, type DnsRecordHint } from '@kontor/core';
import type { DnsRecordCheck } from '@kontor/core/dns';
import { CLI_ACTOR } from './actor.ts';
import { dnsAlertRecipients, dnsCheckHistory, openDnsAlerts, recordDnsCheck, requestDnsCheckIfChanged } from './dns-checks.ts';
import { updateDomainMtaStsMode } from './domain-settings.ts';
import { createDomain } from './domains.ts';
import { assignAdminDomain, createAdminAccount, ensureSuperadmin } from './index.ts';
import { mtaStsPolicyForHost } from './mta-sts.ts';
import { createTestDatabase, type TestDatabase } from './testing.ts';

const dkim = { keyring: createDkimKeyring('test secret'), selector: 'kontor' };
const settings = { mailHostname: 'mail.example.net', imapsPort: 993, submissionPort: 587, smtpsPort: 465, pop3sPort: 995 };

let t: TestDatabase;
let domainId: number;
let otherId: number;
before(async () => {
  t = await createTestDatabase();
  domainId = (await createDomain(t.db, CLI_ACTOR, { name: 'watch.example' }, { dkim })).id;
  otherId = (await createDomain(t.db, CLI_ACTOR, { name: 'other.example' }, { dkim })).id;
});
after(async () => {
  await t?.drop();
});

const mx: DnsRecordHint = { type: 'MX', name: 'watch.example', value: '10 mail.example.net.', purpose: 'mx' };
const srv: DnsRecordHint = { type: 'SRV', name: '_imap._tcp.watch.example', value: '10 1 143 mail.example.net.', purpose: 'srv', optional: true };
const check = (hint: DnsRecordHint, status: DnsRecordCheck['status'], found: string[] = []): DnsRecordCheck => ({ ...hint, status, found, issues: [] });

describe('DNS check history', () => {
  it('records results, raises an alert when a good record breaks, keeps it through a DNS failure, and clears it', async () => {
    const at = (minute: number) => new Date(Date.UTC(2026, 11, 3, 12, minute));
    // A new domain's records are not good yet: missing is no break.
    assert.deepEqual(await recordDnsCheck(t.db, domainId, [check(mx, 'missing'), check(srv, 'missing')], at(0)), { broke: [], fixed: [] });
    await recordDnsCheck(t.db, domainId, [check(mx, 'ok', ['10 mail.example.net.']), check(srv, 'ok', ['10 1 143 mail.example.net.'])], at(1));
    // Unchanged: no new rows.
    await recordDnsCheck(t.db, domainId, [check(mx, 'ok', ['10 mail.example.net.']), check(srv, 'ok', ['10 1 143 mail.example.net.'])], at(2));
    assert.equal(await t.db.dnsCheck.count({ where: { domainId } }), 4);
    assert.deepEqual((await t.db.dnsCheck.findFirstOrThrow({ where: { domainId, record: 'mx', status: 'OK' } })).lastCheckedAt, at(2));

    // MX points elsewhere now; the optional SRV record was removed (no alert for that).
    const broke = await recordDnsCheck(t.db, domainId, [check(mx, 'wrong', ['10 mx.other.example.']), check(srv, 'missing')], at(3));
    assert.deepEqual(
      broke.broke.map((b) => `${b.record} ${b.previous}→${b.status} ${b.found}`),
      ['mx OK→MISMATCH 10 mx.other.example.'],
    );
    const alerts = await openDnsAlerts(t.db, CLI_ACTOR);
    assert.deepEqual(
      alerts.map((a) => `${a.domain?.name} ${a.record} ${a.status}`),
      ['watch.example mx MISMATCH'],
    );
    // The same break is not reported again; a DNS failure keeps the alert.
    assert.deepEqual((await recordDnsCheck(t.db, domainId, [check(mx, 'wrong', ['10 mx.other.example.']), check(srv, 'missing')], at(4))).broke, []);
    assert.deepEqual((await recordDnsCheck(t.db, domainId, [check(mx, 'error'), check(srv, 'missing')], at(5))).broke, []);
    assert.equal((await openDnsAlerts(t.db, CLI_ACTOR)).length, 1);
    // Fixed: the alert clears.
    const fixed = await recordDnsCheck(t.db, domainId, [check(mx, 'ok', ['10 mail.example.net.']), check(srv, 'missing')], at(6));
    assert.deepEqual(
      fixed.fixed.map((f) => `${f.record} ${f.previous}→${f.status}`),
      ['mx ERROR→OK'],
    );
    assert.deepEqual(await openDnsAlerts(t.db, CLI_ACTOR), []);
    const history = await dnsCheckHistory(t.db, CLI_ACTOR, domainId);
    assert.deepEqual(
      history.filter((h) => h.record === 'mx').map((h) => h.status),
      ['OK', 'ERROR', 'MISMATCH', 'OK', 'MISSING'],
    );
  });

  it('shows a domain admin the alerts of their domains only, and the server’s to superadmins; tells both', async () => {
    await ensureSuperadmin(t.db, { email: 'root@kontor.example', password: 'a long test password' });
    const superadmin = await t.db.adminAccount.findUniqueOrThrow({ where: { email: 'root@kontor.example' } });
    const colleague = await createAdminAccount(t.db, CLI_ACTOR, { email: 'chef@watch.example', password: 'a long colleague password', role: 'DOMAIN_ADMIN' });
    await assignAdminDomain(t.db, CLI_ACTOR, colleague.id, domainId);
    const host: DnsRecordHint = { type: 'TXT', name: 'mail.example.net', value: 'v=spf1 a -all', purpose: 'host-spf' };
    await recordDnsCheck(t.db, null, [check(host, 'ok', ['v=spf1 a -all'])]);
    await recordDnsCheck(t.db, null, [check(host, 'wrong', ['v=spf1 -all'])]);
    const otherMx = { ...mx, name: 'other.example' };
    await recordDnsCheck(t.db, otherId, [check(otherMx, 'ok', ['10 mail.example.net.'])]);
    await recordDnsCheck(t.db, otherId, [check(otherMx, 'missing')]);
    const forColleague = await openDnsAlerts(t.db, { kind: 'domain_admin', id: colleague.id, email: colleague.email });
    assert.deepEqual(forColleague, []);
    const forSuperadmin = await openDnsAlerts(t.db, { kind: 'superadmin', id: superadmin.id, email: superadmin.email });
    assert.deepEqual(
      forSuperadmin.map((a) => `${a.domain?.name ?? 'server'} ${a.record}`),
      ['server host-spf', 'other.example mx'],
    );
    assert.deepEqual(
      (await dnsAlertRecipients(t.db, domainId)).map((r) => r.email),
      ['root@kontor.example', 'chef@watch.example'],
    );
    assert.deepEqual(
      (await dnsAlertRecipients(t.db, null)).map((r) => r.email),
      ['root@kontor.example'],
    );
  });

  it('asks for a run when a live check differs from what is stored', async () => {
    const report = {
      domain: 'watch.example',
      checkedAt: '',
      ok: true,
      server: { hostname: '', addresses: [], addressSource: 'none' as const, records: [], blocklists: [], warnings: [] },
    };
    const before = await t.db.outbox.count({ where: { queue: 'kontor-dns-check' } });
    assert.equal(await requestDnsCheckIfChanged(t.db, domainId, { ...report, records: [check(mx, 'ok', ['10 mail.example.net.'])] }), false);
    assert.equal(await requestDnsCheckIfChanged(t.db, domainId, { ...report, records: [check(mx, 'missing')] }), true);
    assert.equal(await t.db.outbox.count({ where: { queue: 'kontor-dns-check' } }), before + 1);
  });
});

describe('MTA-STS', () => {
  it('serves the policy of the domain’s mode for mta-sts.<domain>, and nothing for other hosts', async () => {
    const policy = await mtaStsPolicyForHost(t.db, 'MTA-STS.watch.example:443', settings);
    assert.equal(policy, 'version: STSv1\r\nmode: testing\r\nmx: mail.example.net\r\nmax_age: 604800\r\n');
    await updateDomainMtaStsMode(t.db, CLI_ACTOR, domainId, 'enforce');
    assert.match((await mtaStsPolicyForHost(t.db, 'mta-sts.watch.example', settings)) ?? '', /\r\nmode: enforce\r\n/);
    await assert.rejects(updateDomainMtaStsMode(t.db, CLI_ACTOR, domainId, 'strict'), /Choose none, testing or enforce/);
    assert.equal(await mtaStsPolicyForHost(t.db, 'watch.example', settings), null);
    assert.equal(await mtaStsPolicyForHost(t.db, 'mta-sts.unknown.example', settings), null);
    const audit = await t.db.auditLog.findFirstOrThrow({ where: { action: 'domain.update', domainId }, orderBy: { id: 'desc' } });
    assert.deepEqual(audit.after, { mtaStsMode: 'enforce' });
  });
});
