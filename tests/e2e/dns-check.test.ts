// The live DNS check against a real DNS server (Debian's knotd on 127.0.0.1)
// serving a domain published right, one published wrong and one not at all:
// `kontor domain check`, GET /api/v1/domains/{id}/dns/check and the DNS tab
// in Chromium give exactly the expected status for every record; the
// MTA-STS policy is fetched by curl with a Host header, and its id changes
// with the mode. Screenshots of the DNS tab at 1280 and 390 px in English
// and German go to test-results/dns/.
import assert from 'node:assert/strict';
import { execFile, spawn } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { type KnotServer, startKnot } from '@kontor/core/dns-testing';
import { adminActor, CLI_ACTOR, createAdminAccount, createApiKey, createDomain, updateDomainMtaStsMode } from '@kontor/db';
import { createTestDatabase, type TestDatabase } from '@kontor/db/testing';
import type { Browser, Page } from 'playwright-core';
import { launchChromium } from '../../apps/web/tests/lib/chromium.ts';
import { startWebServer, type WebServer } from '../../apps/web/tests/lib/web-server.ts';
import { dnsEnv, publishedRight, publishedWrong, REVERSE_ZONE, SERVER_ZONE, WRONG_STATUSES } from './lib/dns-zones.ts';

process.env.DKIM_ENCRYPTION_KEY ??= 'kontor test dkim key';
const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const BIN = fileURLToPath(new URL('../../apps/cli/bin/kontor.js', import.meta.url));
const SHOTS = path.join(ROOT, 'test-results/dns');
const ADMIN = { email: 'owner@kontor.example', password: 'a long test password' };
const run = promisify(execFile);

type Checked = { purpose: string; name: string; status: string; issues: Array<{ code: string; text: string }> };
type Report = {
  ok: boolean;
  records: Checked[];
  server: { records: Checked[]; blocklists: Checked[]; warnings: Array<{ code: string }>; addresses: string[] };
};

let t: TestDatabase;
let knot: KnotServer;
let web: WebServer;
let browser: Browser;
let env: Record<string, string>;
let apiKey: string;
const ids: Record<string, number> = {};

function kontor(args: string[], extra: Record<string, string> = {}): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const child = spawn(process.execPath, [BIN, ...args], { cwd: ROOT, env: { ...process.env, DATABASE_URL: t.url, ...env, ...extra } });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d) => (stdout += d));
  child.stderr.on('data', (d) => (stderr += d));
  child.stdin.end();
  return new Promise((resolve) => child.on('close', (code) => resolve({ code, stdout, stderr })));
}

const statusMap = (records: Checked[]) => Object.fromEntries(records.map((r) => [`${r.purpose} ${r.name}`, r.status]));

before(async () => {
  mkdirSync(SHOTS, { recursive: true });
  t = await createTestDatabase();
  for (const name of ['good.example.net', 'wrong.example.net', 'missing.example.net']) ids[name] = (await createDomain(t.db, CLI_ACTOR, { name })).id;
  knot = await startKnot({ 'example.net': [], 'example.org': [], '127.in-addr.arpa': REVERSE_ZONE, 'bl.example.org': [] });
  env = dnsEnv(knot.server);
  const hints = async (domain: string) =>
    JSON.parse((await kontor(['domain', 'dns', domain, '--json'])).stdout) as Array<{ type: string; name: string; value: string }>;
  const [good, wrong] = [await hints('good.example.net'), await hints('wrong.example.net')];
  const wrongLines = publishedWrong(wrong);
  await knot.setZone('example.net', [...SERVER_ZONE, ...publishedRight(good), ...wrongLines.filter((l) => l.includes('example.net.'))]);
  await knot.setZone(
    'example.org',
    wrongLines.filter((l) => l.startsWith('old-provider.example.org.')),
  );
  const owner = await createAdminAccount(t.db, CLI_ACTOR, { ...ADMIN, role: 'SUPERADMIN' });
  apiKey = (await createApiKey(t.db, await adminActor(t.db, owner.id), { name: 'DNS check', scope: 'superadmin' })).key;
  web = await startWebServer({ DATABASE_URL: t.url, LOG_LEVEL: 'silent', ...env });
  browser = await launchChromium();
});

after(async () => {
  await browser?.close();
  await web?.stop();
  await knot?.stop();
  await t?.drop();
});

describe('kontor domain check', () => {
  it('finds every record of a domain published as hinted, and exits 0', async () => {
    const r = await kontor(['domain', 'check', 'good.example.net', '--json']);
    assert.equal(r.code, 0, r.stderr);
    const report = JSON.parse(r.stdout) as Report;
    assert.deepEqual(
      report.records.filter((x) => x.status !== 'ok').map((x) => `${x.purpose} ${x.name} ${x.status}`),
      [],
    );
    assert.equal(report.ok, true);
    assert.deepEqual(statusMap(report.server.records), {
      'host-spf mail.example.net': 'ok',
      'address mail.example.net': 'ok',
      'ptr 1.0.0.127.in-addr.arpa': 'ok',
    });
    assert.deepEqual(
      report.server.blocklists.map((b) => `${b.name} ${b.status}`),
      ['1.0.0.127.bl.example.org ok'],
    );
    assert.deepEqual(report.server.warnings, []);
    const spf = report.records.find((x) => x.purpose === 'spf')!;
    assert.deepEqual(
      spf.issues.map((i) => i.text),
      ['2 of at most 10 DNS lookups', 'Authorises this server (127.0.0.1)'],
    );
    const table = await kontor(['domain', 'check', 'good.example.net']);
    assert.match(table.stdout, /^DNS check of good\.example\.net at /);
    assert.match(table.stdout, /\nok\s+MX\s+good\.example\.net\s+10 mail\.example\.net\.\s+10 mail\.example\.net\.\n/);
  });

  it('says what is wrong, record by record, and exits 1', async () => {
    const r = await kontor(['domain', 'check', 'wrong.example.net', '--json']);
    assert.equal(r.code, 1);
    assert.match(r.stderr, /^kontor: 7 DNS records are not right for wrong\.example\.net/);
    const report = JSON.parse(r.stdout) as Report;
    assert.deepEqual(statusMap(report.records), WRONG_STATUSES);
    const text = (purpose: string) => report.records.find((x) => x.purpose === purpose)!.issues.map((i) => i.text);
    assert.deepEqual(text('mx'), ['The MX records point to mx.old-provider.example.org, not to this server']);
    assert.ok(text('spf').includes('Does not authorise this server (127.0.0.1): receivers get "fail"'), text('spf').join('; '));
    assert.deepEqual(text('dmarc'), ['More than one DMARC record: receivers ignore them all (RFC 7489 §6.6.3)']);
    assert.deepEqual(text('mta-sts'), ['Its id (2023) is not the current policy’s: senders keep an old policy']);
    assert.deepEqual(text('tls-rpt'), ['TLS reports go to mailto:tls@old-provider.example.org, not to Kontor (tls-reports@wrong.example.net)']);
    const table = await kontor(['domain', 'check', 'wrong.example.net']);
    assert.match(
      table.stdout,
      /\nwrong\s+TXT\s+kontor\._domainkey\.wrong\.example\.net\s+v=DKIM1; k=rsa; p=\S+…\s+v=DKIM1; k=rsa; p=MIIB\S+\n\s+A different key is published/,
    );
  });

  it('calls every record of a domain that published nothing missing', async () => {
    const r = await kontor(['domain', 'check', 'missing.example.net', '--json']);
    assert.equal(r.code, 1);
    const report = JSON.parse(r.stdout) as Report;
    assert.deepEqual(new Set(report.records.map((x) => x.status)), new Set(['missing']));
    assert.equal(report.records.length, 17);
  });

  it('warns when MAIL_HOSTNAME is not a public name: the SPF hint cannot work', async () => {
    const r = await kontor(['domain', 'check', 'good.example.net', '--json'], { MAIL_HOSTNAME: 'localhost' });
    const report = JSON.parse(r.stdout) as Report;
    assert.ok(report.server.warnings.some((w) => w.code === 'hostnameNotPublic'));
    assert.equal(report.records.find((x) => x.purpose === 'mx')?.status, 'wrong');
  });
});

describe('GET /api/v1/domains/{id}/dns/check', () => {
  it('answers the same statuses as the CLI', async () => {
    const api = async (domain: string) => {
      const response = await fetch(`${web.baseUrl}/api/v1/domains/${ids[domain]}/dns/check`, { headers: { authorization: `Bearer ${apiKey}` } });
      assert.equal(response.status, 200);
      return (await response.json()) as Report;
    };
    const wrong = await api('wrong.example.net');
    assert.deepEqual(statusMap(wrong.records), WRONG_STATUSES);
    assert.equal(wrong.ok, false);
    const good = await api('good.example.net');
    assert.equal(good.ok, true);
    assert.ok(good.records.every((x) => x.status === 'ok'));
    const missing = await api('missing.example.net');
    assert.ok(missing.records.every((x) => x.status === 'missing'));
    const openapi = (await (await fetch(`${web.baseUrl}/api/v1/openapi.json`)).json()) as { paths: Record<string, { get?: { operationId: string } }> };
    assert.equal(openapi.paths['/domains/{id}/dns/check']?.get?.operationId, 'checkDomainDns');
  });
});

describe('the MTA-STS policy', () => {
  it('is served for mta-sts.<domain> without sign-in, as text/plain, with the id the TXT hint names', async () => {
    const curl = (host: string) => run('curl', ['-s', '-i', '-H', `Host: ${host}`, `${web.baseUrl}/.well-known/mta-sts.txt`]).then((r) => r.stdout);
    const testing = await curl('mta-sts.good.example.net');
    assert.match(testing, /^HTTP\/1\.1 200/);
    assert.match(testing, /\r\ncontent-type: text\/plain; charset=utf-8\r\n/i);
    assert.ok(testing.endsWith('\r\n\r\nversion: STSv1\r\nmode: testing\r\nmx: mail.example.net\r\nmax_age: 604800\r\n'), testing);
    assert.match(await curl('mta-sts.unknown.example'), /^HTTP\/1\.1 404/);
    assert.match(await curl('good.example.net'), /^HTTP\/1\.1 404/);
    const idOf = async () => {
      const records = JSON.parse((await kontor(['domain', 'dns', 'good.example.net', '--json'])).stdout) as Array<{ name: string; value: string }>;
      return records.find((r) => r.name === '_mta-sts.good.example.net')!.value;
    };
    const before = await idOf();
    await updateDomainMtaStsMode(t.db, CLI_ACTOR, ids['good.example.net']!, 'enforce');
    assert.match(await curl('mta-sts.good.example.net'), /\r\nmode: enforce\r\n/);
    const changed = await idOf();
    assert.notEqual(changed, before, 'the id changes with the policy');
    // The published record now has the old id: the check says so.
    const report = JSON.parse((await kontor(['domain', 'check', 'good.example.net', '--json'])).stdout) as Report;
    assert.equal(report.records.find((x) => x.purpose === 'mta-sts')?.status, 'wrong');
    await updateDomainMtaStsMode(t.db, CLI_ACTOR, ids['good.example.net']!, 'testing');
    assert.equal(await idOf(), before);
  });
});

describe('the DNS tab', () => {
  async function signedIn(locale: 'en-US' | 'de-DE'): Promise<Page> {
    const context = await browser.newContext({ locale, viewport: { width: 1280, height: 900 } });
    await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: web.baseUrl });
    const page = await context.newPage();
    page.setDefaultTimeout(20_000);
    await page.goto(`${web.baseUrl}/signin`);
    await page.waitForSelector('html[data-hydrated]', { state: 'attached' });
    await page.fill('#email', ADMIN.email);
    await page.fill('#password', ADMIN.password);
    await page.locator('form button[type=submit]').click();
    await page.waitForURL(`${web.baseUrl}/`);
    return page;
  }
  async function open(page: Page, domain: string) {
    await page.goto(`${web.baseUrl}/domains/${ids[domain]}/dns`);
    await page.getByTestId('dns-summary').waitFor();
  }
  const shownStatuses = (page: Page) =>
    page
      .locator('tr[data-record-purpose]')
      .evaluateAll((rows) =>
        Object.fromEntries(rows.map((r) => [`${r.getAttribute('data-record-purpose')} ${r.getAttribute('data-record-name')}`, r.getAttribute('data-status')])),
      );
  async function shots(page: Page, name: string) {
    await page.setViewportSize({ width: 1280, height: 900 });
    await page.screenshot({ path: path.join(SHOTS, `${name}-1280.png`), fullPage: true });
    await page.setViewportSize({ width: 390, height: 844 });
    await page.screenshot({ path: path.join(SHOTS, `${name}-390.png`), fullPage: true });
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    assert.ok(overflow <= 0, `${name}: no sideways scrolling at 390 px (${overflow} px too wide)`);
    await page.setViewportSize({ width: 1280, height: 900 });
  }

  it('shows exactly the statuses of the check, the published value beside the expected one, and copies values', async () => {
    const page = await signedIn('en-US');
    await open(page, 'wrong.example.net');
    const shown = await shownStatuses(page);
    const optional = (status: string, key: string) => (status === 'missing' && key.startsWith('srv ') ? 'optional' : status);
    assert.deepEqual(
      Object.fromEntries(Object.entries(shown).filter(([k]) => k.endsWith('wrong.example.net'))),
      Object.fromEntries(Object.entries(WRONG_STATUSES).map(([k, v]) => [k, optional(v, k)])),
    );
    const mx = page.locator('tr[data-record-purpose="mx"]');
    assert.equal(await mx.getByTestId('dns-status').innerText(), 'Wrong');
    assert.equal((await mx.getByTestId('dns-found').innerText()).trim(), '10 mx.old-provider.example.org.');
    assert.deepEqual(await mx.locator('[data-testid=dns-found] [data-changed]').allInnerTexts(), ['mx.old-provider.example.org.']);
    assert.deepEqual(await mx.locator('[data-testid=dns-value] [data-changed]').allInnerTexts(), ['mail.example.net.']);
    assert.equal(await mx.getByTestId('dns-issue').innerText(), 'The MX records point to mx.old-provider.example.org, not to this server.');
    await mx.getByRole('button', { name: /^Copy: value of the MX record/ }).click();
    await mx.getByText('Copied').waitFor();
    assert.equal(await page.evaluate(() => navigator.clipboard.readText()), '10 mail.example.net.');
    assert.match(await page.getByTestId('dns-summary').innerText(), /7 records need attention/);
    await page.evaluate(() => window.scrollTo(0, 0));
    await shots(page, 'dns-wrong-en');
    await open(page, 'good.example.net');
    assert.deepEqual(new Set(Object.values(await shownStatuses(page))), new Set(['ok']));
    assert.match(await page.getByTestId('dns-summary').innerText(), /All 17 records are right/);
    await shots(page, 'dns-good-en');
    await open(page, 'missing.example.net');
    const missing = await shownStatuses(page);
    assert.deepEqual(
      new Set(
        Object.entries(missing)
          .filter(([k]) => k.endsWith('missing.example.net'))
          .map(([, v]) => v),
      ),
      new Set(['missing', 'optional']),
    );
    await page.context().close();
  });

  it('auf Deutsch', async () => {
    const page = await signedIn('de-DE');
    await open(page, 'wrong.example.net');
    const mx = page.locator('tr[data-record-purpose="mx"]');
    assert.equal(await mx.getByTestId('dns-status').innerText(), 'Falsch');
    assert.equal(await mx.getByTestId('dns-issue').innerText(), 'Die MX-Einträge zeigen auf mx.old-provider.example.org, nicht auf diesen Server.');
    assert.match(await page.getByTestId('dns-summary').innerText(), /7 Einträge brauchen Aufmerksamkeit/);
    await page.getByRole('heading', { name: 'Dieser Server (mail.example.net)' }).waitFor();
    await shots(page, 'dns-wrong-de');
    await open(page, 'good.example.net');
    assert.match(await page.getByTestId('dns-summary').innerText(), /Alle 17 Einträge stimmen/);
    await shots(page, 'dns-good-de');
    await page.goto(`${web.baseUrl}/domains/${ids['good.example.net']}/settings`);
    await page.waitForSelector('html[data-hydrated]', { state: 'attached' });
    const form = page.getByRole('form', { name: 'MTA-STS-Modus' });
    await form.getByLabel(/Erzwingen/).check();
    await form.getByRole('button', { name: 'MTA-STS-Modus speichern' }).click();
    await page.getByText(/MTA-STS-Modus gespeichert/).waitFor();
    assert.equal((await t.db.domain.findUniqueOrThrow({ where: { id: ids['good.example.net'] } })).mtaStsMode, 'enforce');
    await form.getByLabel(/Testbetrieb/).check();
    await form.getByRole('button', { name: 'MTA-STS-Modus speichern' }).click();
    await page.getByText(/MTA-STS-Modus gespeichert/).waitFor();
    await page.context().close();
  });
});
