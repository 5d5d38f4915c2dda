// Outbound DANE (RFC 7672) against real DNSSEC: knotd signs the test zone,
// Debian's unbound validates it (the zone's DNSKEYs as trust anchor) and is
// maild's DNS_SERVERS; the receiving MX hosts are aiosmtpd peers with
// STARTTLS. A matching TLSA record (DANE-EE, DANE-TA) gets the message
// delivered over TLS and "DANE verified" in the trace; a mismatching one,
// or an MX without STARTTLS, defers it and nothing goes in plaintext; TLSA
// in an unsigned zone is ignored (opportunistic TLS); TLSA records that fail
// validation on a host whose address validates defer the message. The day's
// TLS report (RFC 8460) then reaches the domains that publish `_smtp._tls`,
// with those sessions counted.
import assert from 'node:assert/strict';
import { execFileSync, spawn } from 'node:child_process';
import { createHash, X509Certificate } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import https from 'node:https';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { gunzipSync } from 'node:zlib';
import { TLS_REPORT_QUEUE } from '@kontor/core';
import { tlsaRecordOf } from '@kontor/core/dns';
import { type KnotServer, startKnot, startUnbound, type UnboundServer } from '@kontor/core/dns-testing';
import { freePort } from '@kontor/core/ports';
import { CLI_ACTOR, createDomain, createMailbox, messageJourney } from '@kontor/db';
import { createTestDatabase, type TestDatabase } from '@kontor/db/testing';
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { type AiosmtpdPeer, startAiosmtpdPeer } from './lib/aiosmtpd-peer.ts';
import { type MaildProcess, startMaild } from './lib/maild.ts';

process.env.DKIM_ENCRYPTION_KEY ??= 'kontor test dkim key';
const PYTHON = '/usr/bin/python3';
const PASSWORD = 'correct horse battery';

let t: TestDatabase;
let knot: KnotServer;
let unbound: UnboundServer;
let maild: MaildProcess;
let certDir: string;
const peers: Record<string, AiosmtpdPeer> = {};
/** An https: rua (RFC 8460 §5.4): the reports POSTed to it. */
let reportSite: https.Server;
const posted: Array<{ contentType: string; body: Buffer }> = [];

/** A self-signed certificate, or one issued by `ca`; the file holds the chain the server presents. */
function certificate(name: string, ca?: { certFile: string; keyFile: string }, altName = `DNS:${name}`): { certFile: string; keyFile: string; pem: string } {
  const keyFile = path.join(certDir, `${name}-key.pem`);
  const certFile = path.join(certDir, `${name}-cert.pem`);
  const subject = ['-subj', `/CN=${name}`, '-addext', `subjectAltName=${altName}`];
  if (!ca) {
    execFileSync(
      'openssl',
      ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-keyout', keyFile, '-out', certFile, '-days', '2', ...subject],
      {
        stdio: 'ignore',
      },
    );
  } else {
    const csr = path.join(certDir, `${name}.csr`);
    execFileSync('openssl', ['req', '-new', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-keyout', keyFile, '-out', csr, ...subject], {
      stdio: 'ignore',
    });
    execFileSync(
      'openssl',
      ['x509', '-req', '-in', csr, '-CA', ca.certFile, '-CAkey', ca.keyFile, '-CAcreateserial', '-days', '2', '-copy_extensions', 'copy', '-out', certFile],
      { stdio: 'ignore' },
    );
    writeFileSync(certFile, readFileSync(certFile, 'utf8') + readFileSync(ca.certFile, 'utf8'));
  }
  return { certFile, keyFile, pem: readFileSync(certFile, 'utf8') };
}

/** `2 0 1 <sha256 of the whole certificate>`: DANE-TA, the CA certificate itself. */
const taRecordOf = (pem: string) => `2 0 1 ${createHash('sha256').update(new X509Certificate(pem).raw).digest('hex')}`;

function runPython(script: string, args: string[], stdin: string): Promise<string> {
  const child = spawn(PYTHON, ['-c', script, ...args]);
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
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}\n${maild?.output().slice(-4000)}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

const RECIPIENTS = {
  good: 'bob@good.dane.test',
  ta: 'bob@ta.dane.test',
  bad: 'bob@bad.dane.test',
  notls: 'bob@notls.dane.test',
  unsigned: 'bob@plain.test',
  bogus: 'bob@bogus.dane.test',
};

before(async () => {
  certDir = mkdtempSync(path.join(tmpdir(), 'kontor-dane-'));
  const good = certificate('mx-good.dane.test');
  const other = certificate('mx-bad.dane.test');
  const ca = certificate('Kontor Test CA');
  const issued = certificate('mx-ta.dane.test', ca);
  const port = await freePort();
  const site = certificate('127.0.0.1', ca, 'IP:127.0.0.1');
  reportSite = https.createServer({ key: readFileSync(site.keyFile), cert: readFileSync(site.certFile) }, (request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      posted.push({ contentType: String(request.headers['content-type']), body: Buffer.concat(chunks) });
      response.writeHead(201).end();
    });
  });
  await new Promise<void>((resolve) => reportSite.listen(0, '127.0.0.1', resolve));
  const reportUrl = `https://127.0.0.1:${(reportSite.address() as { port: number }).port}/tlsrpt`;
  const hosts = { good: '127.0.0.2', ta: '127.0.0.3', bad: '127.0.0.4', notls: '127.0.0.5', unsigned: '127.0.0.6', bogus: '127.0.0.7' };
  knot = await startKnot(
    {
      'dane.test': [
        'good.dane.test. IN MX 10 mx-good.dane.test.',
        `mx-good.dane.test. IN A ${hosts.good}`,
        `_25._tcp.mx-good.dane.test. IN TLSA ${tlsaRecordOf(good.pem)}`,
        // Unusable for SMTP (PKIX-EE, RFC 7672 §3.1.3) beside the usable one: ignored.
        `_25._tcp.mx-good.dane.test. IN TLSA 1 1 1 ${'00'.repeat(32)}`,
        'ta.dane.test. IN MX 10 mx-ta.dane.test.',
        `mx-ta.dane.test. IN A ${hosts.ta}`,
        `_25._tcp.mx-ta.dane.test. IN TLSA ${taRecordOf(readFileSync(ca.certFile, 'utf8'))}`,
        'bad.dane.test. IN MX 10 mx-bad.dane.test.',
        `mx-bad.dane.test. IN A ${hosts.bad}`,
        // The key of another server: the certificate mx-bad presents does not match.
        `_25._tcp.mx-bad.dane.test. IN TLSA ${tlsaRecordOf(good.pem)}`,
        'notls.dane.test. IN MX 10 mx-notls.dane.test.',
        `mx-notls.dane.test. IN A ${hosts.notls}`,
        `_25._tcp.mx-notls.dane.test. IN TLSA ${tlsaRecordOf(good.pem)}`,
        // TLS-RPT (RFC 8460 §3): where the reports of three of the domains go.
        ...['good', 'notls', 'bogus'].map((d) => `_smtp._tls.${d}.dane.test. IN TXT "v=TLSRPTv1; rua=mailto:tlsrpt@reports.dane.test"`),
        // bad.dane.test also takes its reports over HTTPS (a server whose CA maild trusts through NODE_EXTRA_CA_CERTS).
        `_smtp._tls.bad.dane.test. IN TXT "v=TLSRPTv1; rua=mailto:tlsrpt@reports.dane.test,${reportUrl}"`,
        'reports.dane.test. IN MX 10 mx-good.dane.test.',
        // The host's address validates, its TLSA records do not: they sit in a child zone whose DS matches no key (bogus).
        'bogus.dane.test. IN MX 10 mx-bogus.dane.test.',
        `mx-bogus.dane.test. IN A ${hosts.bogus}`,
        '_tcp.mx-bogus.dane.test. IN NS ns.dane.test.',
        `_tcp.mx-bogus.dane.test. IN DS 4711 13 2 ${'ab'.repeat(32)}`,
      ],
      '_tcp.mx-bogus.dane.test': [`_25._tcp.mx-bogus.dane.test. IN TLSA ${tlsaRecordOf(good.pem)}`],
      'plain.test': [
        'plain.test. IN MX 10 mx.plain.test.',
        `mx.plain.test. IN A ${hosts.unsigned}`,
        // Not validated (the zone is unsigned): must not count.
        `_25._tcp.mx.plain.test. IN TLSA ${tlsaRecordOf(good.pem)}`,
      ],
    },
    { signed: ['dane.test', '_tcp.mx-bogus.dane.test'] },
  );
  unbound = await startUnbound({
    authority: knot.server,
    zones: ['dane.test', '_tcp.mx-bogus.dane.test', 'plain.test'],
    trustAnchors: await knot.dnskeys('dane.test'),
  });
  const peer = (host: string, tls?: { certFile: string; keyFile: string }) => startAiosmtpdPeer({ host, port, eightBitMime: true, smtpUtf8: true, tls });
  peers.good = await peer(hosts.good, good);
  peers.ta = await peer(hosts.ta, issued);
  peers.bad = await peer(hosts.bad, other);
  peers.notls = await peer(hosts.notls);
  peers.unsigned = await peer(hosts.unsigned, other);
  peers.bogus = await peer(hosts.bogus, good);

  t = await createTestDatabase();
  const domain = await createDomain(t.db, CLI_ACTOR, { name: 'sender.example' });
  await createMailbox(t.db, CLI_ACTOR, { domainId: domain.id, localPart: 'anna', password: PASSWORD });
  maild = await startMaild({
    databaseUrl: t.url,
    env: {
      DNS_SERVERS: unbound.server,
      DNS_RECORDS_FILE: '',
      MAILD_ROLES: 'smtp,workers',
      OUTBOUND_PORT: String(port),
      OUTBOUND_CONNECT_TIMEOUT: '3s',
      QUEUE_RETRY_BASE: '60s',
      MTA_STS: 'false',
      DNSBL_ZONES: '',
      NODE_EXTRA_CA_CERTS: ca.certFile,
    },
  });
  const script = `
import smtplib, ssl, sys, json
ctx = ssl.create_default_context(); ctx.check_hostname = False; ctx.verify_mode = ssl.CERT_NONE
s = smtplib.SMTP('127.0.0.1', int(sys.argv[1]), timeout=20)
s.starttls(context=ctx)
s.login('anna@sender.example', '${PASSWORD}')
s.sendmail('anna@sender.example', json.loads(sys.argv[2]), sys.stdin.buffer.read())
s.quit()
print('submitted')`;
  const message = [
    'From: Anna <anna@sender.example>',
    'To: Bob <bob@good.dane.test>',
    'Subject: DANE cases',
    'Date: Fri, 04 Dec 2026 12:00:00 +0000',
    'Message-ID: <dane-cases@sender.example>',
    '',
    'Sent only where the TLSA records allow it.',
    '',
  ].join('\r\n');
  const out = await runPython(script, [String(maild.ports.submission), JSON.stringify(Object.values(RECIPIENTS))], message);
  assert.match(out, /submitted/, out);
});

after(async () => {
  await maild?.stop({ cleanup: true });
  for (const peer of Object.values(peers)) await peer.stop();
  reportSite?.close();
  await unbound?.stop();
  await knot?.stop();
  await t?.drop();
  if (certDir) rmSync(certDir, { recursive: true, force: true });
});

/** The trace's first outbound row for a recipient in the given state. */
function traced(rcptTo: string, status: string) {
  return waitFor(`${status} ${rcptTo}`, () => t.db.deliveryLog.findFirst({ where: { rcptTo, status, direction: 'OUTBOUND' } }));
}
const tlsOf = (row: { verdicts: unknown }) => (row.verdicts as { sessionTls?: string } | null)?.sessionTls ?? '';

describe('outbound DANE (RFC 7672)', () => {
  it('delivers over TLS to an MX whose certificate matches its DANE-EE record; the trace says "DANE verified"', async () => {
    const row = await traced(RECIPIENTS.good, 'delivered');
    assert.match(tlsOf(row), /^DANE verified \(DANE-EE 3 1 1\)$/);
    const received = await peers.good!.waitFor((m) => m.rcptTo.includes(RECIPIENTS.good));
    assert.equal(received.tls, true);
    // The trace page's journey: the attempt step carries it.
    const journey = await messageJourney(t.db, CLI_ACTOR, { by: 'entry', id: String(row.id) });
    const attempt = journey.steps.find((s) => s.type === 'attempt' && s.rcptTo === RECIPIENTS.good && s.result === 'delivered');
    assert.match((attempt && 'sessionTls' in attempt && attempt.sessionTls) || '', /^DANE verified/);
  });

  it('delivers to an MX whose certificate chains to its DANE-TA record and names the host', async () => {
    const row = await traced(RECIPIENTS.ta, 'delivered');
    assert.match(tlsOf(row), /^DANE verified \(DANE-TA 2 0 1\)$/);
    assert.equal((await peers.ta!.waitFor((m) => m.rcptTo.includes(RECIPIENTS.ta))).tls, true);
  });

  it('defers, and sends nothing, when the certificate does not match the TLSA record', async () => {
    const row = await traced(RECIPIENTS.bad, 'deferred');
    assert.match(row.remoteResponse, /^4\.7\.5 DANE verification failed: the certificate matches no TLSA record/);
    assert.match(tlsOf(row), /DANE verification failed/);
    assert.equal(peers.bad!.messages.length, 0);
  });

  it('defers, and never falls back to plaintext, when the MX offers no STARTTLS', async () => {
    const row = await traced(RECIPIENTS.notls, 'deferred');
    assert.match(row.remoteResponse, /^4\.7\.5 DANE required, no STARTTLS: not sent in plaintext/);
    assert.equal(peers.notls!.messages.length, 0);
  });

  it('defers when the TLSA lookup fails validation for a host whose address validates (RFC 7672 §2.2), nothing sent', async () => {
    const row = await traced(RECIPIENTS.bogus, 'deferred');
    assert.match(
      row.remoteResponse,
      /^4\.7\.5 No MX host of bogus\.dane\.test can be used now: TLSA lookup failed \(_25\._tcp\.mx-bogus\.dane\.test: rcode SERVFAIL\)/,
    );
    assert.equal(peers.bogus!.messages.length, 0);
  });

  it('ignores TLSA records of an unsigned zone: opportunistic TLS, any certificate', async () => {
    const row = await traced(RECIPIENTS.unsigned, 'delivered');
    assert.equal(tlsOf(row), 'TLS');
    assert.equal((await peers.unsigned!.waitFor((m) => m.rcptTo.includes(RECIPIENTS.unsigned))).tls, true);
  });
});

interface TlsReportJson {
  'organization-name': string;
  'report-id': string;
  'date-range': { 'start-datetime': string; 'end-datetime': string };
  policies: Array<{
    policy: { 'policy-type': string; 'policy-string'?: string[]; 'policy-domain': string; 'mx-host'?: string };
    summary: { 'total-successful-session-count': number; 'total-failure-session-count': number };
    'failure-details': Array<{ 'result-type': string; 'receiving-ip'?: string; 'receiving-mx-hostname': string; 'failed-session-count': number }>;
  }>;
}

describe('TLS-RPT sending (RFC 8460)', () => {
  const reports = new Map<string, { headers: string; json: TlsReportJson }>();

  before(async () => {
    // Every DANE case above has had its session: the day's report job, run now for today.
    await waitFor('the sessions of all five domains', async () => (await t.db.outboundTlsSession.count()) >= 5 && true);
    const redis = new Redis(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379', { maxRetriesPerRequest: null });
    const queue = new Queue(TLS_REPORT_QUEUE, { connection: redis, prefix: maild.redisPrefix });
    await queue.add('send-reports', { day: new Date().toISOString().slice(0, 10) });
    await queue.close();
    redis.disconnect();
    for (const domain of ['good.dane.test', 'bad.dane.test', 'notls.dane.test', 'bogus.dane.test']) {
      const mail = await peers.good!.waitFor((m) => m.content.includes(`TLS-Report-Domain: ${domain}`));
      const text = mail.content.toString('latin1');
      assert.deepEqual(mail.rcptTo, ['tlsrpt@reports.dane.test']);
      const attachment =
        /Content-Type: application\/tlsrpt\+gzip\r\nContent-Transfer-Encoding: base64\r\nContent-Disposition: attachment; filename="([^"]+)"\r\n\r\n([A-Za-z0-9+/=\r\n]+)/.exec(
          text,
        );
      assert.ok(attachment, text);
      assert.match(attachment[1]!, new RegExp(`^mx\\.kontor\\.test!${domain.replace(/\./g, '\\.')}!\\d+!\\d+!\\w+\\.json\\.gz$`));
      const json = JSON.parse(gunzipSync(Buffer.from(attachment[2]!.replace(/\s/g, ''), 'base64')).toString('utf8')) as TlsReportJson;
      reports.set(domain, { headers: text.split('\r\n\r\n')[0]!, json });
    }
  });

  it('mails each domain that asks a gzipped JSON report with the RFC 8460 §5.3 fields, DKIM-signed', () => {
    const { headers, json } = reports.get('good.dane.test')!;
    assert.match(headers, /^TLS-Report-Submitter: mx\.kontor\.test$/m);
    assert.match(headers, /^Content-Type: multipart\/report; report-type="tlsrpt"/m);
    assert.match(
      headers,
      new RegExp(`^Subject: Report Domain: good\\.dane\\.test Submitter: mx\\.kontor\\.test Report-ID: <${json['report-id'].replace(/[.]/g, '\\.')}>$`, 'm'),
    );
    assert.match(headers, /^DKIM-Signature: .*d=sender\.example/ms);
    assert.equal(json['organization-name'], 'mx.kontor.test');
    assert.match(json['date-range']['start-datetime'], /^\d{4}-\d{2}-\d{2}T00:00:00Z$/);
  });

  it('counts a verified DANE session as a success under its tlsa policy', () => {
    const [policy, ...more] = reports.get('good.dane.test')!.json.policies;
    assert.equal(more.length, 0);
    assert.equal(policy!.policy['policy-type'], 'tlsa');
    assert.equal(policy!.policy['mx-host'], 'mx-good.dane.test');
    assert.equal(policy!.policy['policy-string']?.length, 2);
    assert.deepEqual(policy!.summary, { 'total-successful-session-count': 1, 'total-failure-session-count': 0 });
    assert.deepEqual(policy!.policy['policy-domain'], 'good.dane.test');
  });

  it('counts the mismatching certificate and the missing STARTTLS as failures of their result types', () => {
    const bad = reports.get('bad.dane.test')!.json.policies[0]!;
    assert.deepEqual(bad.summary, { 'total-successful-session-count': 0, 'total-failure-session-count': 1 });
    assert.deepEqual(
      bad['failure-details'].map((f) => [f['result-type'], f['receiving-ip'], f['receiving-mx-hostname'], f['failed-session-count']]),
      [['validation-failure', '127.0.0.4', 'mx-bad.dane.test', 1]],
    );
    const notls = reports.get('notls.dane.test')!.json.policies[0]!;
    assert.deepEqual(
      notls['failure-details'].map((f) => [f['result-type'], f['failed-session-count']]),
      [['starttls-not-supported', 1]],
    );
  });

  it('counts an MX host skipped for a bogus TLSA answer as a dnssec-invalid failure, with no session', () => {
    const [policy, ...more] = reports.get('bogus.dane.test')!.json.policies;
    assert.equal(more.length, 0);
    assert.equal(policy!.policy['policy-type'], 'tlsa');
    assert.equal(policy!.policy['mx-host'], 'mx-bogus.dane.test');
    assert.equal(policy!.summary['total-successful-session-count'], 0);
    const [failure, ...others] = policy!['failure-details'];
    assert.equal(others.length, 0);
    assert.equal(failure!['result-type'], 'dnssec-invalid');
    assert.equal(failure!['receiving-ip'], undefined);
    assert.ok(failure!['failed-session-count'] >= 1);
  });

  it('POSTs the same report, gzipped, to an https: rua', async () => {
    await waitFor('the POST', async () => posted.length > 0);
    assert.equal(posted.length, 1);
    assert.equal(posted[0]!.contentType, 'application/tlsrpt+gzip');
    const json = JSON.parse(gunzipSync(posted[0]!.body).toString('utf8')) as TlsReportJson;
    assert.equal(json['report-id'], reports.get('bad.dane.test')!.json['report-id']);
    assert.equal(json.policies[0]!.policy['policy-domain'], 'bad.dane.test');
  });

  it('sends one report per domain and day, however often the job runs', async () => {
    const redis = new Redis(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379', { maxRetriesPerRequest: null });
    const queue = new Queue(TLS_REPORT_QUEUE, { connection: redis, prefix: maild.redisPrefix });
    await queue.add('send-reports', { day: new Date().toISOString().slice(0, 10) });
    await queue.close();
    redis.disconnect();
    await waitFor('the second run', async () => (maild.output().match(/"tls reports done"/g) ?? []).length >= 2);
    assert.equal(peers.good!.messages.filter((m) => m.content.includes('TLS-Report-Domain:')).length, 4);
    assert.equal(await t.db.tlsReportSent.count(), 4);
    assert.equal(posted.length, 1);
  });
});
