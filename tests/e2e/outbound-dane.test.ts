// Outbound DANE (RFC 7672) against real DNSSEC: knotd signs the test zone,
// Debian's unbound validates it (the zone's DNSKEYs as trust anchor) and is
// maild's DNS_SERVERS; the receiving MX hosts are aiosmtpd peers with
// STARTTLS. A matching TLSA record (DANE-EE, DANE-TA) gets the message
// delivered over TLS and "DANE verified" in the trace; a mismatching one,
// or an MX without STARTTLS, defers it and nothing goes in plaintext; TLSA
// in an unsigned zone is ignored (opportunistic TLS).
import assert from 'node:assert/strict';
import { execFileSync, spawn } from 'node:child_process';
import { createHash, X509Certificate } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { tlsaRecordOf } from '@kontor/core/dns';
import { type KnotServer, startKnot, startUnbound, type UnboundServer } from '@kontor/core/dns-testing';
import { freePort } from '@kontor/core/ports';
import { CLI_ACTOR, createDomain, createMailbox, messageJourney } from '@kontor/db';
import { createTestDatabase, type TestDatabase } from '@kontor/db/testing';
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

/** A self-signed certificate, or one issued by `ca`; the file holds the chain the server presents. */
function certificate(name: string, ca?: { certFile: string; keyFile: string }): { certFile: string; keyFile: string; pem: string } {
  const keyFile = path.join(certDir, `${name}-key.pem`);
  const certFile = path.join(certDir, `${name}-cert.pem`);
  const subject = ['-subj', `/CN=${name}`, '-addext', `subjectAltName=DNS:${name}`];
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
};

before(async () => {
  certDir = mkdtempSync(path.join(tmpdir(), 'kontor-dane-'));
  const good = certificate('mx-good.dane.test');
  const other = certificate('mx-bad.dane.test');
  const ca = certificate('Kontor Test CA');
  const issued = certificate('mx-ta.dane.test', ca);
  const port = await freePort();
  const hosts = { good: '127.0.0.2', ta: '127.0.0.3', bad: '127.0.0.4', notls: '127.0.0.5', unsigned: '127.0.0.6' };
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
      ],
      'plain.test': [
        'plain.test. IN MX 10 mx.plain.test.',
        `mx.plain.test. IN A ${hosts.unsigned}`,
        // Not validated (the zone is unsigned): must not count.
        `_25._tcp.mx.plain.test. IN TLSA ${tlsaRecordOf(good.pem)}`,
      ],
    },
    { signed: ['dane.test'] },
  );
  unbound = await startUnbound({ authority: knot.server, zones: ['dane.test', 'plain.test'], trustAnchors: await knot.dnskeys('dane.test') });
  const peer = (host: string, tls?: { certFile: string; keyFile: string }) => startAiosmtpdPeer({ host, port, eightBitMime: true, smtpUtf8: true, tls });
  peers.good = await peer(hosts.good, good);
  peers.ta = await peer(hosts.ta, issued);
  peers.bad = await peer(hosts.bad, other);
  peers.notls = await peer(hosts.notls);
  peers.unsigned = await peer(hosts.unsigned, other);

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

  it('ignores TLSA records of an unsigned zone: opportunistic TLS, any certificate', async () => {
    const row = await traced(RECIPIENTS.unsigned, 'delivered');
    assert.equal(tlsOf(row), 'TLS');
    assert.equal((await peers.unsigned!.waitFor((m) => m.rcptTo.includes(RECIPIENTS.unsigned))).tls, true);
  });
});
