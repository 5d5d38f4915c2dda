// The deliverability self-test end to end: maild (smtp and workers roles)
// sends each probe through its real outbound path (queue, DKIM with both
// keys, MX lookup of MAIL_HOSTNAME in knotd) to its own MX on the same
// port, which evaluates it. good.test publishes every hint (SPF authorises
// 127.0.0.1 through a:mail.example.net, both DKIM keys, DMARC): every
// verdict passes. broken.test publishes an SPF record for another address
// and no DMARC: SPF and DMARC fail, each with its fix; DKIM still passes.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { type KnotServer, startKnot } from '@kontor/core/dns-testing';
import { freePort } from '@kontor/core/ports';
import { CLI_ACTOR, createDomain, domainDnsRecords } from '@kontor/db';
import { createTestDatabase, type TestDatabase } from '@kontor/db/testing';
import { dnsEnv, MAIL_HOSTNAME, publishedRight, REVERSE_ZONE, SERVER_ZONE } from './lib/dns-zones.ts';
import { type MaildProcess, startMaild } from './lib/maild.ts';

process.env.DKIM_ENCRYPTION_KEY ??= 'kontor test dkim key';
const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const BIN = fileURLToPath(new URL('../../apps/cli/bin/kontor.js', import.meta.url));

type Verdict = { check: string; status: string; found: string; fix?: string; fixText: string };
type Run = { state: string; domain: string; verdicts: Verdict[] };

let t: TestDatabase;
let knot: KnotServer;
let maild: MaildProcess;

function kontor(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const child = spawn(process.execPath, [BIN, ...args], { cwd: ROOT, env: { ...process.env, DATABASE_URL: t.url, ...dnsEnv(knot.server) } });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d) => (stdout += d));
  child.stderr.on('data', (d) => (stderr += d));
  child.stdin.end();
  return new Promise((resolve) => child.on('close', (code) => resolve({ code, stdout, stderr })));
}

const hintsOf = async (domainId: number) =>
  (
    await domainDnsRecords(t.db, CLI_ACTOR, domainId, { mailHostname: MAIL_HOSTNAME, imapsPort: 993, submissionPort: 587, smtpsPort: 465, pop3sPort: 995 })
  ).filter((h) => h.type !== 'SRV');

before(async () => {
  t = await createTestDatabase();
  const good = await createDomain(t.db, CLI_ACTOR, { name: 'good.test' });
  const broken = await createDomain(t.db, CLI_ACTOR, { name: 'broken.test' });
  const brokenHints = await hintsOf(broken.id);
  knot = await startKnot({
    'example.net': SERVER_ZONE,
    'good.test': publishedRight(await hintsOf(good.id)),
    'broken.test': [
      ...publishedRight(brokenHints.filter((h) => h.purpose === 'dkim' || h.purpose === 'mx')),
      'broken.test. IN TXT "v=spf1 ip4:192.0.2.1 -all"',
    ],
    '127.in-addr.arpa': REVERSE_ZONE,
    'bl.example.org': [],
  });
  // The MX lookup of MAIL_HOSTNAME finds 127.0.0.1; OUTBOUND_PORT is maild's own MX port.
  const ports = {
    smtp: await freePort(),
    submission: await freePort(),
    smtps: await freePort(),
    imap: await freePort(),
    imaps: await freePort(),
    pop3: await freePort(),
    pop3s: await freePort(),
  };
  maild = await startMaild({
    databaseUrl: t.url,
    ports,
    env: {
      ...dnsEnv(knot.server),
      MAILD_ROLES: 'smtp,workers',
      OUTBOUND_PORT: String(ports.smtp),
      QUEUE_RETRY_BASE: '200ms',
      SMTP_CONNECTIONS_PER_MINUTE: '0',
      DMARC_REPORTS_SEND: 'false',
    },
  });
});

after(async () => {
  await maild?.stop({ cleanup: true });
  await knot?.stop();
  await t?.drop();
});

const statuses = (run: Run) => Object.fromEntries(run.verdicts.map((v) => [v.check, v.status]));

describe('kontor domain selftest', () => {
  it('passes every verdict for a domain published as hinted', async () => {
    const r = await kontor(['domain', 'selftest', 'good.test', '--json']);
    assert.equal(r.code, 0, `${r.stderr}\n${r.stdout}\n${maild.output().slice(-3000)}`);
    const run = JSON.parse(r.stdout) as Run;
    assert.equal(run.state, 'done');
    assert.deepEqual(statuses(run), {
      spf: 'pass',
      'dkim-rsa': 'pass',
      'dkim-ed25519': 'pass',
      dmarc: 'pass',
      tls: 'pass',
      'ptr-helo': 'pass',
      blocklist: 'pass',
      size: 'pass',
      headers: 'pass',
    });
    assert.match(run.verdicts.find((v) => v.check === 'tls')!.found, /^TLSv1\.[23] /);
    // The probe was evaluated, never filed as mail.
    assert.equal(await t.db.message.count(), 0);
    const table = await kontor(['domain', 'selftest', 'good.test']);
    assert.equal(table.code, 0, table.stderr);
    assert.match(table.stdout, /\nPASS\s+dkim-ed25519\s+pass \(d=good\.test, a=ed25519-sha256\)\n/);
  });

  it('fails SPF and DMARC of a domain with a wrong SPF record and no DMARC, with their fixes', async () => {
    const r = await kontor(['domain', 'selftest', 'broken.test', '--json']);
    assert.equal(r.code, 1);
    assert.match(r.stderr, /^kontor: 2 self-test verdicts fail for broken\.test/);
    const run = JSON.parse(r.stdout) as Run;
    const byCheck = Object.fromEntries(run.verdicts.map((v) => [v.check, v]));
    assert.deepEqual(
      run.verdicts.filter((v) => v.status !== 'pass').map((v) => `${v.check} ${v.status} ${v.fix}`),
      ['spf fail spfFail', 'dmarc fail dmarcMissing'],
    );
    assert.equal(byCheck.spf!.fixText, 'The SPF record of broken.test does not authorise 127.0.0.1. Publish the SPF record the DNS tab shows.');
    assert.match(byCheck.dmarc!.fixText, /^broken\.test has no DMARC record\./);
    assert.equal(byCheck['dkim-rsa']!.status, 'pass');
  });
});
