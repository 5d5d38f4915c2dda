// The deliverability self-test end to end: maild (smtp and workers roles)
// sends each probe through its real outbound path (queue, DKIM with both
// keys, MX lookup of MAIL_HOSTNAME in knotd) to its own MX on the same
// port, which evaluates it. good.test publishes every hint (SPF authorises
// 127.0.0.1 through a:mail.example.net, both DKIM keys, DMARC): every
// verdict passes. broken.test publishes an SPF record for another address
// and no DMARC: SPF and DMARC fail, each with its fix; DKIM still passes.
// The same through POST/GET /api/v1/domains/{id}/selftest, and once on the
// Self-test tab in Chromium (screenshots at 1280 and 390 px, English and
// German, in test-results/selftest/).
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { type KnotServer, startKnot } from '@kontor/core/dns-testing';
import { freePort } from '@kontor/core/ports';
import { adminActor, CLI_ACTOR, createAdminAccount, createApiKey, createDomain, domainDnsRecords } from '@kontor/db';
import { createTestDatabase, type TestDatabase } from '@kontor/db/testing';
import type { Browser, Page } from 'playwright-core';
import { launchChromium } from '../../apps/web/tests/lib/chromium.ts';
import { startWebServer, type WebServer } from '../../apps/web/tests/lib/web-server.ts';
import { dnsEnv, MAIL_HOSTNAME, publishedRight, REVERSE_ZONE, SERVER_ZONE } from './lib/dns-zones.ts';
import { type MaildProcess, startMaild } from './lib/maild.ts';

process.env.DKIM_ENCRYPTION_KEY ??= 'kontor test dkim key';
const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const BIN = fileURLToPath(new URL('../../apps/cli/bin/kontor.js', import.meta.url));
const SHOTS = path.join(ROOT, 'test-results/selftest');
const ADMIN = { email: 'owner@kontor.example', password: 'a long test password' };

type Verdict = { check: string; status: string; found: string; fix?: string; fixText: string };
type Run = { state: string; domain: string; verdicts: Verdict[] };

let t: TestDatabase;
let knot: KnotServer;
let maild: MaildProcess;
let web: WebServer;
let browser: Browser;
let apiKey: string;
const ids: Record<string, number> = {};

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
  ids['good.test'] = good.id;
  ids['broken.test'] = broken.id;
  mkdirSync(SHOTS, { recursive: true });
  const owner = await createAdminAccount(t.db, CLI_ACTOR, { ...ADMIN, role: 'SUPERADMIN' });
  apiKey = (await createApiKey(t.db, await adminActor(t.db, owner.id), { name: 'Self-test', scope: 'superadmin' })).key;
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
  web = await startWebServer({ DATABASE_URL: t.url, LOG_LEVEL: 'silent', ...dnsEnv(knot.server) });
  browser = await launchChromium();
});

after(async () => {
  await browser?.close();
  await web?.stop();
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

describe('the probe address at the MX', () => {
  // Python's smtplib as an outside sender: RCPT of a probe address of no pending run.
  const RCPT = `
import smtplib, sys
s = smtplib.SMTP('127.0.0.1', int(sys.argv[1]), timeout=20)
s.ehlo('client.example')
s.mail('someone@elsewhere.example')
code, text = s.rcpt(sys.argv[2])
print(code, text.decode())
s.quit()`;
  const rcpt = (address: string) =>
    new Promise<string>((resolve) => {
      const child = spawn('/usr/bin/python3', ['-c', RCPT, String(maild.ports.smtp), address]);
      let out = '';
      child.stdout.on('data', (d) => (out += d));
      child.stderr.on('data', (d) => (out += d));
      child.on('close', () => resolve(out.trim()));
    });

  it('refuses the address of an unknown or finished run', async () => {
    assert.match(await rcpt(`kontor-selftest-${'0'.repeat(24)}@${MAIL_HOSTNAME}`), /^550 5\.1\.1 No such self-test/);
    const done = await t.db.deliverabilitySelftest.findFirst({ where: { state: 'done' } });
    assert.ok(done);
    assert.match(await rcpt(`kontor-selftest-${done.token}@${MAIL_HOSTNAME}`), /^550 5\.1\.1 No such self-test/);
  });
});

describe('POST and GET /api/v1/domains/{id}/selftest', () => {
  it('starts a run (202, pending) and gives its verdicts once done', async () => {
    const headers = { authorization: `Bearer ${apiKey}` };
    const url = `${web.baseUrl}/api/v1/domains/${ids['broken.test']}/selftest`;
    const started = await fetch(url, { method: 'POST', headers });
    assert.equal(started.status, 202, await started.clone().text());
    assert.equal(((await started.json()) as Run).state, 'pending');
    let run: Run;
    for (;;) {
      const got = await fetch(url, { headers });
      assert.equal(got.status, 200);
      run = (await got.json()) as Run;
      if (run.state !== 'pending') break;
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    assert.equal(run.state, 'done');
    assert.deepEqual(
      run.verdicts.filter((v) => v.status !== 'pass').map((v) => v.check),
      ['spf', 'dmarc'],
    );
    const none = await fetch(`${web.baseUrl}/api/v1/domains/999999/selftest`, { headers });
    assert.equal(none.status, 404);
  });
});

describe('the Self-test tab', () => {
  async function signedIn(locale: 'en-US' | 'de-DE'): Promise<Page> {
    const context = await browser.newContext({ locale, viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    page.setDefaultTimeout(30_000);
    await page.goto(`${web.baseUrl}/signin`);
    await page.waitForSelector('html[data-hydrated]', { state: 'attached' });
    await page.fill('#email', ADMIN.email);
    await page.fill('#password', ADMIN.password);
    await page.locator('form button[type=submit]').click();
    await page.waitForURL(`${web.baseUrl}/`);
    return page;
  }
  async function shots(page: Page, name: string) {
    await page.setViewportSize({ width: 1280, height: 900 });
    await page.screenshot({ path: path.join(SHOTS, `${name}-1280.png`), fullPage: true });
    await page.setViewportSize({ width: 390, height: 844 });
    await page.screenshot({ path: path.join(SHOTS, `${name}-390.png`), fullPage: true });
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    assert.ok(overflow <= 0, `${name}: no sideways scrolling at 390 px (${overflow} px too wide)`);
    await page.setViewportSize({ width: 1280, height: 900 });
  }
  const shownStatuses = (page: Page) =>
    page
      .getByTestId('selftest-verdict')
      .evaluateAll((rows) => Object.fromEntries(rows.map((r) => [r.getAttribute('data-check'), r.getAttribute('data-status')])));

  it('runs the test from the button, waits while pending, and shows each verdict with its fix (en, de)', async () => {
    const page = await signedIn('en-US');
    await page.goto(`${web.baseUrl}/domains/${ids['broken.test']}/selftest`);
    await page.waitForSelector('html[data-hydrated]', { state: 'attached' });
    const before = await page.getByTestId('selftest-state').getAttribute('data-state');
    assert.equal(before, 'done');
    await page.getByRole('button', { name: 'Run self-test' }).click();
    await page.getByText('Waiting for the test message to arrive…').waitFor();
    await page.locator('[data-testid=selftest-state][data-state=done]').waitFor();
    const statuses = await shownStatuses(page);
    assert.equal(statuses.spf, 'fail');
    assert.equal(statuses.dmarc, 'fail');
    assert.equal(statuses['dkim-ed25519'], 'pass');
    const spf = page.locator('[data-testid=selftest-verdict][data-check=spf]');
    assert.equal(
      await spf.getByTestId('selftest-fix').innerText(),
      'The SPF record of broken.test does not authorise 127.0.0.1. Publish the SPF record the DNS tab shows.',
    );
    assert.match(await page.getByTestId('selftest-summary').innerText(), /2 checks failed/);
    await shots(page, 'selftest-broken-en');
    await page.goto(`${web.baseUrl}/domains/${ids['good.test']}/selftest`);
    assert.equal(await page.getByTestId('selftest-summary').innerText(), 'Every check passed.');
    assert.deepEqual(new Set(Object.values(await shownStatuses(page))), new Set(['pass']));
    await shots(page, 'selftest-good-en');
    await page.context().close();

    const de = await signedIn('de-DE');
    await de.goto(`${web.baseUrl}/domains/${ids['broken.test']}/selftest`);
    const spfDe = de.locator('[data-testid=selftest-verdict][data-check=spf]');
    assert.match(await spfDe.getByTestId('selftest-fix').innerText(), /^Der SPF-Eintrag von broken\.test erlaubt 127\.0\.0\.1 nicht\./);
    assert.match(await de.getByTestId('selftest-summary').innerText(), /2 Prüfungen fehlgeschlagen/);
    await shots(de, 'selftest-broken-de');
    await de.context().close();
  });
});
