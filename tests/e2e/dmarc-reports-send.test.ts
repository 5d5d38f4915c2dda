// The DMARC aggregate reports Kontor sends (RFC 7489 §7.2): mail from two
// sender domains whose DMARC records (served by knotd) ask for reports;
// the daily job, run through its BullMQ queue, sends one gzipped XML report
// for the domain whose destination authorised it (§7.1), and one for a
// p=reject domain whose message was refused (disposition reject), to a Python
// aiosmtpd MX, DKIM-signed (dkimpy verifies it with the same DNS); the
// other destination did not authorise reports and gets none; both
// domains' evaluations are pruned.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { after, before, describe, it } from 'node:test';
import { DMARC_REPORT_QUEUE } from '@kontor/core';
import { type KnotServer, startKnot } from '@kontor/core/dns-testing';
import { freePort } from '@kontor/core/ports';
import { type DmarcAggregateReport, parseReportMail } from '@kontor/core/reports';
import { CLI_ACTOR, createDomain, createMailbox, domainDnsRecords } from '@kontor/db';
import { createTestDatabase, type TestDatabase } from '@kontor/db/testing';
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { type AiosmtpdPeer, startAiosmtpdPeer } from './lib/aiosmtpd-peer.ts';
import { MAIL_HOSTNAME, publishedRight, REVERSE_ZONE, SERVER_ZONE } from './lib/dns-zones.ts';
import { type MaildProcess, startMaild } from './lib/maild.ts';

process.env.DKIM_ENCRYPTION_KEY ??= 'kontor test dkim key';
const PYTHON = '/usr/bin/python3';

let t: TestDatabase;
let knot: KnotServer;
let peer: AiosmtpdPeer;
let maild: MaildProcess;

function runTool(command: string, args: string[], stdin: Buffer | string = ''): Promise<string> {
  const child = spawn(command, args);
  child.stdin.end(stdin);
  let out = '';
  child.stdout.on('data', (d) => (out += d));
  child.stderr.on('data', (d) => (out += d));
  return new Promise((resolve) => child.on('exit', () => resolve(out)));
}

async function waitFor<T>(what: string, probe: () => Promise<T | undefined | null | false>, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

const SEND = `
import smtplib, sys
sender, to = sys.argv[2], sys.argv[3]
s = smtplib.SMTP('127.0.0.1', int(sys.argv[1]), timeout=20)
s.ehlo('client.example')
try:
    s.sendmail(sender, [to], ('From: <%s>\\r\\nTo: <%s>\\r\\nSubject: hello\\r\\nMessage-ID: <%s.1@x>\\r\\n\\r\\nHello.\\r\\n' % (sender, to, sender.split('@')[1])).encode())
    print('sent')
except smtplib.SMTPDataError as e:
    print('refused', e.smtp_code)
s.quit()`;

before(async () => {
  t = await createTestDatabase();
  const domain = await createDomain(t.db, CLI_ACTOR, { name: 'example.net' });
  await createMailbox(t.db, CLI_ACTOR, { domainId: domain.id, localPart: 'info', password: 'correct horse battery' });
  const hints = await domainDnsRecords(t.db, CLI_ACTOR, domain.id, {
    mailHostname: MAIL_HOSTNAME,
    imapsPort: 993,
    submissionPort: 587,
    smtpsPort: 465,
    pop3sPort: 995,
  });
  knot = await startKnot({
    'example.net': [...SERVER_ZONE, ...publishedRight(hints.filter((h) => h.type !== 'SRV'))],
    'sender.test': ['sender.test. IN TXT "v=spf1 ip4:127.0.0.1 -all"', '_dmarc.sender.test. IN TXT "v=DMARC1; p=quarantine; rua=mailto:agg@rua.test"'],
    // nosy.test sends its reports to rua.test too, which never agreed to take them.
    'nosy.test': ['nosy.test. IN TXT "v=spf1 -all"', '_dmarc.nosy.test. IN TXT "v=DMARC1; p=none; rua=mailto:agg@rua.test"'],
    // spoof.test says p=reject and takes its reports itself: a refused message is reported as rejected.
    'spoof.test': [
      'spoof.test. IN TXT "v=spf1 -all"',
      '_dmarc.spoof.test. IN TXT "v=DMARC1; p=reject; rua=mailto:dmarc@spoof.test"',
      'spoof.test. IN MX 10 mx.spoof.test.',
      'mx.spoof.test. IN A 127.0.0.1',
    ],
    'rua.test': ['rua.test. IN MX 10 mx.rua.test.', 'mx.rua.test. IN A 127.0.0.1', 'sender.test._report._dmarc.rua.test. IN TXT "v=DMARC1"'],
    '127.in-addr.arpa': REVERSE_ZONE,
  });
  const port = await freePort();
  peer = await startAiosmtpdPeer({ host: '127.0.0.1', port, eightBitMime: true, smtpUtf8: true });
  maild = await startMaild({
    databaseUrl: t.url,
    env: {
      MAIL_HOSTNAME,
      DNS_SERVERS: knot.server,
      DNS_RECORDS_FILE: '',
      MAILD_ROLES: 'smtp,workers',
      OUTBOUND_PORT: String(port),
      QUEUE_RETRY_BASE: '200ms',
      SMTP_CONNECTIONS_PER_MINUTE: '0',
    },
  });
});

after(async () => {
  await maild?.stop({ cleanup: true });
  await peer?.stop();
  await knot?.stop();
  await t?.drop();
});

describe('DMARC aggregate reports sent', () => {
  it('sends signed reports to the authorised rua= (a refused message as rejected) and prunes what they covered', async () => {
    assert.match(await runTool(PYTHON, ['-c', SEND, String(maild.ports.smtp), 'alice@sender.test', 'info@example.net']), /sent/);
    assert.match(await runTool(PYTHON, ['-c', SEND, String(maild.ports.smtp), 'eve@nosy.test', 'info@example.net']), /sent/);
    assert.match(await runTool(PYTHON, ['-c', SEND, String(maild.ports.smtp), 'mallory@spoof.test', 'info@example.net']), /refused 550/);
    await waitFor('three evaluations', async () => (await t.db.dmarcEvaluation.count()) === 3);

    const redis = new Redis(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379', { maxRetriesPerRequest: null });
    const queue = new Queue(DMARC_REPORT_QUEUE, { connection: redis, prefix: maild.redisPrefix });
    try {
      await queue.add('send-reports', {});
      const message = await peer.waitFor((m) => m.rcptTo.includes('agg@rua.test'), 30_000);
      assert.equal(message.mailFrom, 'dmarc-reports@example.net');
      const parsed = await parseReportMail(message.content);
      const report = parsed.report as DmarcAggregateReport;
      assert.equal(report.kind, 'dmarc');
      assert.equal(report.orgName, MAIL_HOSTNAME);
      assert.equal(report.policy.domain, 'sender.test');
      assert.equal(report.policy.p, 'quarantine');
      assert.match(parsed.filename, /^mail\.example\.net!sender\.test!\d+!\d+!\w+\.xml\.gz$/);
      assert.deepEqual(
        report.records.map((r) => [r.sourceIp, r.count, r.disposition, r.spfAligned, r.dkimAligned, r.headerFrom]),
        [['127.0.0.1', 1, 'none', true, false, 'sender.test']],
      );
      assert.deepEqual(report.records[0]?.spf, [{ domain: 'sender.test', scope: 'mfrom', result: 'pass' }]);

      // DKIM-signed by example.net's key, as dkimpy finds it in knotd.
      const script = `
import sys, dns.resolver, dkim
resolver = dns.resolver.Resolver(configure=False)
resolver.nameservers = ['127.0.0.1']
resolver.port = int(sys.argv[1])
def dnsfunc(name, timeout=5):
    name = name.decode() if isinstance(name, bytes) else name
    try:
        answer = resolver.resolve(name.rstrip('.'), 'TXT')
    except Exception:
        return None
    return b''.join(b''.join(r.strings) for r in answer)
print('dkim', dkim.DKIM(sys.stdin.buffer.read()).verify(idx=0, dnsfunc=dnsfunc))`;
      const out = await runTool(PYTHON, ['-c', script, String(knot.port)], message.content);
      assert.match(out, /^dkim True$/m, out);

      const rejected = await peer.waitFor((m) => m.rcptTo.includes('dmarc@spoof.test'), 30_000);
      const spoofReport = (await parseReportMail(rejected.content)).report as DmarcAggregateReport;
      assert.equal(spoofReport.policy.p, 'reject');
      assert.deepEqual(
        spoofReport.records.map((r) => [r.sourceIp, r.count, r.disposition, r.spfAligned, r.dkimAligned]),
        [['127.0.0.1', 1, 'reject', false, false]],
      );
      await waitFor('the evaluations pruned', async () => (await t.db.dmarcEvaluation.count()) === 0);
      // nosy.test's destination did not authorise it: nothing went there.
      assert.equal(peer.messages.filter((m) => m.content.includes('nosy.test!')).length, 0);
    } finally {
      await queue.close();
      redis.disconnect();
    }
  });
});
