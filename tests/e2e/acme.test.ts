// Automatic certificates end to end (issue #13, "Certificates"), against
// Debian's pebble with real HTTP-01 validation: pebble's VA resolves every
// name to 127.0.0.1 (pebble-challtestsrv as its DNS server) and fetches the
// challenge from the web app's port. maild's workers role issues at first
// start, every listener serves the certificates by SNI, "renew now" in the
// panel renews and every port shows the new serial while an IMAP session
// opened before goes on; with the CA gone, a renewal fails, the old
// certificate stays and the superadmin gets a mail.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import tls from 'node:tls';
import { CLI_ACTOR, createDomain, createMailbox, ensureSuperadmin, type TlsCertificateRow } from '@kontor/db';
import { createTestDatabase, type TestDatabase } from '@kontor/db/testing';
import type { Browser, Page } from 'playwright-core';
import { launchChromium } from '../../apps/web/tests/lib/chromium.ts';
import { startWebServer, type WebServer } from '../../apps/web/tests/lib/web-server.ts';
import { type MaildProcess, ROOT, startMaild } from './lib/maild.ts';
import { type Pebble, startPebble } from './lib/pebble.ts';
import { freePort } from './lib/ports.ts';
import { sClient, type TlsPort, tlsPorts } from './lib/tls-ports.ts';

const HOSTNAME = 'mail.kontor.test';
const DOMAIN = 'example.test';
const ADMIN = { email: `admin@${DOMAIN}`, password: 'a long certificate test password' };
const MAILBOX_PASSWORD = 'correct horse battery';
const SHOTS = path.join(ROOT, 'test-results/certificates');

let t: TestDatabase;
let web: WebServer;
let pebble: Pebble;
let maild: MaildProcess;
let browser: Browser;
let rootFile: string;
let workDir: string;

async function waitFor<T>(what: string, probe: () => Promise<T | null | undefined | false>, timeoutMs = 90_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`${what} did not happen within ${timeoutMs} ms\n--- maild ---\n${maild?.output().slice(-6000)}`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

const rows = () => t.db.tlsCertificate.findMany({ orderBy: { id: 'asc' } }) as Promise<TlsCertificateRow[]>;
const rowFor = async (name: string) => (await rows()).find((row) => row.names.includes(name));

/** What `openssl s_client -servername NAME` sees on a port: the leaf's serial, and whether the chain verifies to pebble's root for NAME. */
async function presented(port: TlsPort, servername: string): Promise<{ serial: string; verified: boolean }> {
  const run = await sClient(port, ['-servername', servername, '-CAfile', rootFile, '-verify_hostname', servername]);
  const pem = /-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/.exec(run.output)?.[0];
  if (!pem) throw new Error(`no certificate from ${port.name}:\n${run.output}`);
  const serial = execFileSync('openssl', ['x509', '-noout', '-serial'], { input: pem })
    .toString()
    .trim()
    .replace(/^serial=/, '');
  return { serial: serial.toUpperCase(), verified: /Verify return code: 0 \(ok\)/.test(run.output) };
}

/** An IMAPS session with a line reader; the certificate is verified against pebble's root. */
async function openImaps(port: number, ca: string) {
  const socket = tls.connect({ host: '127.0.0.1', port, servername: HOSTNAME, ca });
  await new Promise<void>((resolve, reject) => socket.once('secureConnect', resolve).once('error', reject));
  // The certificate this session was opened with (read once: it does not change while the session lasts).
  const serial = socket.getPeerX509Certificate()?.serialNumber.toUpperCase() ?? '';
  let buffer = '';
  socket.on('data', (chunk) => (buffer += chunk.toString()));
  const readUntil = async (pattern: RegExp) => {
    await waitFor(`IMAP reply ${pattern}`, async () => pattern.test(buffer), 15_000);
    const out = buffer;
    buffer = '';
    return out;
  };
  await readUntil(/^\* OK/m);
  let n = 0;
  return {
    serial,
    open: () => !socket.destroyed && socket.readyState === 'open',
    async command(line: string): Promise<string> {
      const tag = `c${++n}`;
      socket.write(`${tag} ${line}\r\n`);
      return readUntil(new RegExp(`^${tag} (OK|NO|BAD)`, 'm'));
    },
    close: () => socket.destroy(),
  };
}

async function signIn(locale: string, width: number): Promise<Page> {
  const context = await browser.newContext({ locale, viewport: { width, height: 900 } });
  const page = await context.newPage();
  page.setDefaultTimeout(20_000);
  await page.goto(`${web.baseUrl}/signin`);
  await page.waitForSelector('html[data-hydrated]', { state: 'attached' });
  await page.fill('#email', ADMIN.email);
  await page.fill('#password', ADMIN.password);
  await page.locator('button[type=submit]').click();
  await page.waitForURL(`${web.baseUrl}/`);
  return page;
}

before(async () => {
  workDir = mkdtempSync(path.join(tmpdir(), 'kontor-acme-'));
  mkdirSync(SHOTS, { recursive: true });
  t = await createTestDatabase();
  const domain = await createDomain(t.db, CLI_ACTOR, { name: DOMAIN });
  await createMailbox(t.db, CLI_ACTOR, { domainId: domain.id, localPart: 'admin', password: MAILBOX_PASSWORD, quota: '100M' });
  await ensureSuperadmin(t.db, ADMIN);
  const redisPrefix = `kontor-acme-${t.name}`;
  const shared = { MAIL_HOSTNAME: HOSTNAME, REDIS_PREFIX: redisPrefix, ACME_EMAIL: 'hostmaster@kontor.test', ACME_RENEW_DAYS: '30' };
  // pebble validates HTTP-01 on the web app's port, fixed before either starts.
  const webPort = await freePort();
  pebble = await startPebble({ httpPort: webPort });
  web = await startWebServer({
    DATABASE_URL: t.url,
    LOG_LEVEL: 'silent',
    REDIS_URL: 'redis://127.0.0.1:6379',
    ...shared,
    ACME_DIRECTORY: pebble.directoryUrl,
    WEB_PORT: String(webPort),
  });
  maild = await startMaild({
    databaseUrl: t.url,
    env: {
      ...shared,
      ACME_DIRECTORY: pebble.directoryUrl,
      NODE_EXTRA_CA_CERTS: pebble.listenerCaFile,
      ACME_EXPORT_DIR: path.join(workDir, 'export'),
      SMTP_CONNECTIONS_PER_MINUTE: '0',
    },
  });
  rootFile = path.join(workDir, 'pebble-root.pem');
  writeFileSync(rootFile, await pebble.rootPem());
  browser = await launchChromium();
});

after(async () => {
  if (process.env.ACME_E2E_LOG) writeFileSync(process.env.ACME_E2E_LOG, `${maild?.output()}\n--- pebble ---\n${pebble?.output()}`);
  await browser?.close();
  await maild?.stop({ cleanup: true });
  await pebble?.stop();
  await web?.stop();
  await t?.drop();
  rmSync(workDir, { recursive: true, force: true });
});

describe('ACME certificates with pebble', () => {
  let firstSerial = '';
  let imap: Awaited<ReturnType<typeof openImaps>>;

  it('issues a certificate per name set at first start, validated over HTTP-01 by the web app', async () => {
    const issued = await waitFor('first issuance', async () => {
      const all = await rows();
      return all.length === 2 && all.every((row) => row.certPem) ? all : null;
    });
    assert.deepEqual(
      issued.map((row) => row.names),
      [[HOSTNAME], [`mta-sts.${DOMAIN}`, `autoconfig.${DOMAIN}`]],
    );
    for (const row of issued) {
      assert.match(row.issuer ?? '', /^Pebble Intermediate CA/);
      assert.equal(row.lastError, null);
      assert.ok(row.renewedAt && row.notAfter && row.notAfter > new Date());
      // Renewal is planned ACME_RENEW_DAYS before the end.
      assert.ok(Math.abs(row.nextAttemptAt.getTime() - (row.notAfter.getTime() - 30 * 86_400_000)) < 60_000);
      assert.match(row.keyEncrypted ?? '', /^v1:/);
    }
    firstSerial = issued[0]?.serial?.toUpperCase() ?? '';
    assert.ok(firstSerial);
    assert.match(pebble.output(), /acme-challenge|http-01/i);
    // ACME_EXPORT_DIR: the same certificates as files for a reverse proxy.
    const exported = path.join(workDir, 'export', `${HOSTNAME}.pem`);
    await waitFor('the export', async () => existsSync(exported));
    const exportedSerial = execFileSync('openssl', ['x509', '-noout', '-serial', '-in', exported])
      .toString()
      .trim()
      .replace(/^serial=/, '');
    assert.equal(exportedSerial.toUpperCase(), firstSerial);
    assert.equal(statSync(path.join(workDir, 'export', `${HOSTNAME}.key`)).mode & 0o777, 0o600);
  });

  it('every TLS port serves each name its own certificate (SNI), verifying to the CA’s root', async () => {
    const domainRow = await rowFor(`autoconfig.${DOMAIN}`);
    await waitFor(
      'the listeners to load the certificates',
      async () => (await presented(tlsPorts(maild.ports)[4] as TlsPort, HOSTNAME)).serial === firstSerial,
    );
    for (const port of tlsPorts(maild.ports)) {
      assert.deepEqual(await presented(port, HOSTNAME), { serial: firstSerial, verified: true }, port.name);
      assert.deepEqual(await presented(port, `mta-sts.${DOMAIN}`), { serial: domainRow?.serial?.toUpperCase(), verified: true }, port.name);
    }
  });

  it('the Certificates page lists them (screenshots in English and German, 1280 and 390 wide)', async () => {
    for (const [locale, label] of [
      ['en-GB', 'en'],
      ['de-DE', 'de'],
    ] as const) {
      for (const width of [1280, 390]) {
        const page = await signIn(locale, width);
        await page.goto(`${web.baseUrl}/certificates`);
        await page.locator(`[data-certificate="${HOSTNAME}"]`).first().waitFor();
        const text = (await page.locator('main').textContent()) ?? '';
        assert.match(text, new RegExp(`mta-sts\\.${DOMAIN}`));
        assert.match(text, /Pebble Intermediate CA/);
        assert.match(text, label === 'en' ? /valid/ : /gültig/);
        await page.screenshot({ path: path.join(SHOTS, `certificates-${label}-${width}.png`), fullPage: true });
        await page.context().close();
      }
    }
  });

  it('"renew now" renews; every port shows the new serial while an IMAP session opened before stays open and working', async () => {
    imap = await openImaps(maild.ports.imaps, await pebble.rootPem());
    assert.equal(imap.serial, firstSerial);
    assert.match(await imap.command(`LOGIN ${ADMIN.email} "${MAILBOX_PASSWORD}"`), /OK/);
    assert.match(await imap.command('SELECT INBOX'), /OK \[READ-WRITE\]/);

    const page = await signIn('en-GB', 1280);
    await page.goto(`${web.baseUrl}/certificates`);
    await page.getByRole('button', { name: `Renew the certificate for ${HOSTNAME}` }).click();
    await page.getByText('Renewal requested.').waitFor();
    await page.context().close();

    const renewed = await waitFor('the renewal', async () => {
      const row = await rowFor(HOSTNAME);
      return row?.serial && row.serial.toUpperCase() !== firstSerial ? row : null;
    });
    const newSerial = renewed.serial?.toUpperCase() ?? '';
    await waitFor('maild to serve the renewed certificate', async () => (await presented(tlsPorts(maild.ports)[4] as TlsPort, HOSTNAME)).serial === newSerial);
    for (const port of tlsPorts(maild.ports)) {
      assert.deepEqual(await presented(port, HOSTNAME), { serial: newSerial, verified: true }, port.name);
    }
    // The session from before the renewal is still open and works.
    assert.equal(imap.open(), true);
    assert.match(await imap.command('NOOP'), /^c\d+ OK/m);
    assert.match(await imap.command('STATUS INBOX (MESSAGES)'), /STATUS INBOX \(MESSAGES \d+\)/);

    const audit = await t.db.auditLog.findFirst({ where: { action: 'certificate.renew' } });
    assert.equal(audit?.actor, `admin:${ADMIN.email}`);
    assert.equal(audit?.targetId, String(renewed.id));
  });

  it('when the name no longer reaches the web app a renewal fails: the old certificate stays, the error is shown, and the superadmin is told by mail', async () => {
    const before = await rowFor(HOSTNAME);
    const serial = before?.serial?.toUpperCase() ?? '';
    // As when DNS moves away: pebble's validation now connects to 127.0.0.2, where nothing listens.
    await pebble.pointName(HOSTNAME, '127.0.0.2');
    const page = await signIn('en-GB', 1280);
    await page.goto(`${web.baseUrl}/certificates`);
    await page.getByRole('button', { name: `Renew the certificate for ${HOSTNAME}` }).click();
    await page.getByText('Renewal requested.').waitFor();

    const failed = await waitFor('the failure to be recorded', async () => {
      const row = await rowFor(HOSTNAME);
      return row?.lastError ? row : null;
    });
    assert.equal(failed.failures, 1);
    assert.match(failed.lastError ?? '', /connection|refused|127\.0\.0\.2/i);
    assert.equal(failed.serial?.toUpperCase(), serial);
    assert.ok(failed.nextAttemptAt > new Date(), 'the retry backs off');
    assert.deepEqual(await presented(tlsPorts(maild.ports)[0] as TlsPort, HOSTNAME), { serial, verified: true });

    await page.goto(`${web.baseUrl}/certificates`);
    await page.getByText('renewal failing').first().waitFor();
    await page.screenshot({ path: path.join(SHOTS, 'certificates-failing-en-1280.png'), fullPage: true });
    await page.context().close();

    // The alert arrives in the superadmin's mailbox, seen by the IMAP session that has been open all along.
    const status = await waitFor('the alert mail', async () => {
      const reply = await imap.command('STATUS INBOX (MESSAGES)');
      return /MESSAGES [1-9]/.test(reply) ? reply : null;
    });
    assert.match(status, /MESSAGES 1\)/);
    const fetched = await imap.command('FETCH 1 (BODY.PEEK[HEADER.FIELDS (SUBJECT FROM AUTO-SUBMITTED)] BODY.PEEK[TEXT])');
    assert.match(fetched, new RegExp(`Subject: Certificate for ${HOSTNAME.replace(/\./g, '\\.')} could not be renewed`));
    assert.match(fetched, /Auto-Submitted: auto-generated/);
    assert.match(fetched, /The current certificate stays in use/);
    imap.close();
  });
});
