// maild against a real DNS server (knotd on 127.0.0.1, DNS_SERVERS): mail it
// sends carries an RSA and an Ed25519 DKIM signature that dkimpy verifies
// with the DNS of that server (Mail::DKIM too, for the algorithm Debian's
// version knows), pyspf agrees with the SPF record the DNS tab hints; and
// the drift watch raises an alert (one mail to the admin, a banner in the
// panel) when the zone changes under it, and clears it when it is right again.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { after, before, describe, it } from 'node:test';
import { type KnotServer, startKnot } from '@kontor/core/dns-testing';
import { freePort } from '@kontor/core/ports';
import { CLI_ACTOR, createDomain, createMailbox, domainDnsRecords, ensureSuperadmin } from '@kontor/db';
import { createTestDatabase, type TestDatabase } from '@kontor/db/testing';
import { credentialsSignIn, startWebServer, type WebServer } from '../../apps/web/tests/lib/web-server.ts';
import { type AiosmtpdPeer, startAiosmtpdPeer } from './lib/aiosmtpd-peer.ts';
import { MAIL_HOSTNAME, publishedRight, REVERSE_ZONE, SERVER_ZONE } from './lib/dns-zones.ts';
import { type MaildProcess, startMaild } from './lib/maild.ts';

process.env.DKIM_ENCRYPTION_KEY ??= 'kontor test dkim key';
const PYTHON = '/usr/bin/python3';
const PASSWORD = 'correct horse battery';
const ADMIN = { email: 'chef@drift.example.net', password: 'a long test password' };

let t: TestDatabase;
let knot: KnotServer;
let maild: MaildProcess;
let peer: AiosmtpdPeer;
let web: WebServer;
let domainId: number;
let chefId: number;
let rightZone: string[];

function runTool(command: string, args: string[], stdin: Buffer | string = ''): Promise<string> {
  const child = spawn(command, args);
  child.stdin.end(stdin);
  let out = '';
  child.stdout.on('data', (d) => (out += d));
  child.stderr.on('data', (d) => (out += d));
  return new Promise((resolve) => child.on('exit', () => resolve(out)));
}

/** dnspython aimed at the test's knotd, for dkimpy and pyspf. */
const PY_RESOLVER = `
import sys, dns.resolver
resolver = dns.resolver.Resolver(configure=False)
resolver.nameservers = ['127.0.0.1']
resolver.port = int(sys.argv[1])
dns.resolver.default_resolver = resolver
`;

async function waitFor<T>(what: string, probe: () => Promise<T | undefined | null | false>, timeoutMs = 30_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}\n${maild?.output().slice(-3000)}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

const latest = (record: string) => t.db.dnsCheck.findFirst({ where: { domainId, record }, orderBy: [{ checkedAt: 'desc' }, { id: 'desc' }] });

before(async () => {
  t = await createTestDatabase();
  domainId = (await createDomain(t.db, CLI_ACTOR, { name: 'drift.example.net' })).id;
  await createMailbox(t.db, CLI_ACTOR, { domainId, localPart: 'anna', password: PASSWORD });
  chefId = (await createMailbox(t.db, CLI_ACTOR, { domainId, localPart: 'chef', password: PASSWORD })).id;
  await ensureSuperadmin(t.db, ADMIN);
  const hints = await domainDnsRecords(t.db, CLI_ACTOR, domainId, {
    mailHostname: MAIL_HOSTNAME,
    imapsPort: 993,
    submissionPort: 587,
    smtpsPort: 465,
    pop3sPort: 995,
  });
  // SRV records are optional (and name ports this test's maild picks at random): left out.
  rightZone = [...SERVER_ZONE, ...publishedRight(hints.filter((h) => h.type !== 'SRV'))];
  knot = await startKnot({
    'example.net': rightZone,
    // Answers for names below example.org (the old provider's MX host: no such name) instead of refusing.
    'example.org': [],
    'rcpt.example.org': ['rcpt.example.org. IN MX 10 mx.rcpt.example.org.', 'mx.rcpt.example.org. IN A 127.0.0.1'],
    '127.in-addr.arpa': REVERSE_ZONE,
    'bl.example.org': [],
  });
  const port = await freePort();
  peer = await startAiosmtpdPeer({ host: '127.0.0.1', port, eightBitMime: true, smtpUtf8: true });
  const env = { MAIL_HOSTNAME, DNS_SERVERS: knot.server, DNS_RECORDS_FILE: '', DNSBL_ZONES: 'bl.example.org' };
  maild = await startMaild({
    databaseUrl: t.url,
    env: {
      ...env,
      MAILD_ROLES: 'smtp,workers',
      OUTBOUND_PORT: String(port),
      DNS_CHECK_INTERVAL: '1s',
      QUEUE_RETRY_BASE: '200ms',
      SMTP_CONNECTIONS_PER_MINUTE: '0',
    },
  });
  web = await startWebServer({ DATABASE_URL: t.url, LOG_LEVEL: 'silent', ...env });
});

after(async () => {
  await web?.stop();
  await maild?.stop({ cleanup: true });
  await peer?.stop();
  await knot?.stop();
  await t?.drop();
});

describe('outbound mail and the published records', () => {
  let received: Buffer;

  before(async () => {
    const script = `
import smtplib, ssl, sys
ctx = ssl.create_default_context(); ctx.check_hostname = False; ctx.verify_mode = ssl.CERT_NONE
s = smtplib.SMTP('127.0.0.1', int(sys.argv[1]), timeout=20)
s.starttls(context=ctx)
s.login('anna@drift.example.net', '${PASSWORD}')
s.sendmail('anna@drift.example.net', ['bob@rcpt.example.org'], sys.stdin.buffer.read())
s.quit()
print('submitted')`;
    const message = [
      'From: Anna <anna@drift.example.net>',
      'To: Bob <bob@rcpt.example.org>',
      'Subject: two signatures',
      'Date: Thu, 03 Dec 2026 12:00:00 +0000',
      'Message-ID: <two-signatures@drift.example.net>',
      '',
      'Signed twice.',
      '',
    ].join('\r\n');
    assert.match(await runTool(PYTHON, ['-c', script, String(maild.ports.submission)], message), /submitted/);
    received = (await peer.waitFor((m) => m.content.includes('two signatures'), 30_000)).content;
  });

  it('carries an RSA and an Ed25519 signature, both verified by dkimpy with the DNS of the test server', async () => {
    const headers = received.toString('latin1').split('\r\n\r\n')[0]!;
    assert.deepEqual(
      [...headers.matchAll(/^DKIM-Signature:[\s\S]*?a=([\w-]+);[\s\S]*?s=([\w-]+);/gm)].map((m) => `${m[1]} ${m[2]}`),
      ['rsa-sha256 kontor', 'ed25519-sha256 kontor-ed25519'],
    );
    const script = `${PY_RESOLVER}
import dkim
def dnsfunc(name, timeout=5):
    name = name.decode() if isinstance(name, bytes) else name
    try:
        answer = resolver.resolve(name.rstrip('.'), 'TXT')
    except Exception:
        return None
    return b''.join(b''.join(r.strings) for r in answer)
message = sys.stdin.buffer.read()
d = dkim.DKIM(message)
print('rsa', d.verify(idx=0, dnsfunc=dnsfunc))
d = dkim.DKIM(message)
print('ed25519', d.verify(idx=1, dnsfunc=dnsfunc))`;
    const out = await runTool(PYTHON, ['-c', script, String(knot.port)], received);
    assert.match(out, /^rsa True$/m, out);
    assert.match(out, /^ed25519 True$/m, out);
  });

  it('passes Mail::DKIM (RSA; Debian’s Mail::DKIM 1.20230212 has no Ed25519 and says so)', async () => {
    const script = `
use strict; use Mail::DKIM::Verifier; use Net::DNS::Resolver;
Mail::DKIM::DNS::resolver(Net::DNS::Resolver->new(nameservers => ['127.0.0.1'], port => $ARGV[0], recurse => 1));
my $dkim = Mail::DKIM::Verifier->new();
binmode STDIN; local $/; my $m = <STDIN>; $dkim->PRINT($m); $dkim->CLOSE;
print $_->algorithm, ' ', $_->result_detail, "\\n" for $dkim->signatures;`;
    const out = await runTool('/usr/bin/perl', ['-e', script, String(knot.port)], received);
    assert.match(out, /^rsa-sha256 pass$/m, out);
    assert.match(out, /^ed25519-sha256 (?!pass)/m, out);
  });

  it('agrees with pyspf: the hinted SPF record authorises this server and nobody else', async () => {
    const script = `${PY_RESOLVER}
import spf
print(spf.check2(i='127.0.0.1', s='anna@drift.example.net', h='${MAIL_HOSTNAME}')[0])
print(spf.check2(i='192.0.2.99', s='anna@drift.example.net', h='${MAIL_HOSTNAME}')[0])
print(spf.check2(i='127.0.0.1', s='', h='${MAIL_HOSTNAME}')[0])`;
    const out = await runTool(PYTHON, ['-c', script, String(knot.port)]);
    assert.deepEqual(out.trim().split('\n'), ['pass', 'fail', 'pass'], out);
    const spf = await waitFor('the first stored check', () => latest('spf'));
    assert.equal(spf.status, 'OK', 'Kontor finds the same record right');
  });
});

describe('the drift watch', () => {
  const alertMails = async () =>
    (await t.db.message.findMany({ where: { folder: { mailboxId: chefId, name: 'INBOX' } }, select: { subject: true } })).filter((m) =>
      m.subject?.startsWith('DNS problem'),
    );
  const banner = async () => {
    const { cookie } = await credentialsSignIn(web.baseUrl, ADMIN.email, ADMIN.password);
    const html = await (await fetch(`${web.baseUrl}/domains`, { headers: { cookie } })).text();
    return html.includes('data-testid="dns-alert-banner"') ? html : null;
  };

  it('raises an alert when a good record breaks, mails the admin once, shows a banner, and clears it when fixed', async () => {
    await waitFor('the MX record to be stored as right', async () => (await latest('mx'))?.status === 'OK');
    assert.equal(await banner(), null);
    await knot.setZone(
      'example.net',
      rightZone.map((l) => (l.startsWith('drift.example.net.\t60\tIN\tMX') ? 'drift.example.net. IN MX 10 mx.old-provider.example.org.' : l)),
    );
    const alert = await waitFor('an alert', () => t.db.dnsCheck.findFirst({ where: { domainId, alert: true } }));
    assert.equal(alert.record, 'mx');
    assert.equal(alert.status, 'MISMATCH');
    assert.equal(alert.found, '10 mx.old-provider.example.org.');
    const [mail] = await waitFor('the alert mail', async () => ((await alertMails()).length ? alertMails() : null));
    assert.equal(mail?.subject, 'DNS problem at drift.example.net: a record is no longer right');
    // Kontor's own notice, not a bounce: the trace and the queue say so.
    const logged = await t.db.deliveryLog.findFirstOrThrow({ where: { rcptTo: ADMIN.email, direction: 'OUTBOUND' } });
    assert.equal((logged.verdicts as { kind?: string }).kind, 'notice');
    const html = await waitFor('the banner', banner);
    assert.match(html, /DNS records broke/);
    assert.match(html, /drift\.example\.net: MX drift\.example\.net/);
    // Later runs see the same break: no second mail.
    const runs = await t.db.dnsCheck.findFirstOrThrow({ where: { id: alert.id } });
    await waitFor('two more runs', async () =>
      (await t.db.dnsCheck.findFirstOrThrow({ where: { id: alert.id } })).lastCheckedAt.getTime() > runs.lastCheckedAt.getTime() + 1500 ? true : null,
    );
    assert.equal((await alertMails()).length, 1);

    await knot.setZone('example.net', rightZone);
    await waitFor('the alert to clear', async () => ((await t.db.dnsCheck.count({ where: { alert: true } })) === 0 ? true : null));
    assert.equal((await latest('mx'))?.status, 'OK');
    assert.equal(await banner(), null);
    const history = await t.db.dnsCheck.findMany({ where: { domainId, record: 'mx' }, orderBy: { id: 'asc' } });
    assert.deepEqual(
      history.map((h) => h.status),
      ['OK', 'MISMATCH', 'OK'],
    );
  });
});
