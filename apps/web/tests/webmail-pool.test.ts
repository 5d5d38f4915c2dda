// The web app's IMAP connections to maild, watched from outside: maild's
// log of IMAP logins and `ss` for the connections. One connection per
// webmail session, reused by every page, message and live stream of it;
// closed after WEBMAIL_IDLE_TIMEOUT unless a tab listens; at
// WEBMAIL_MAX_CONNECTIONS the least recently used one goes and every user
// still reads mail. maild stopped or frozen gives the 'unavailable' page
// within seconds, and after a restart the page and its live stream come
// back by themselves, with the mail that arrived while the stream was
// down. Signing out and an admin's password reset end the session at once:
// its stream, its IMAP connection, its cookie and its IMAP credential; a
// sign-out in another web process ends this one's streams at their next
// session check.
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { CLI_ACTOR, createMailbox, webSessionCredential } from '@kontor/db';
import { ImapFlow } from 'imapflow';
import { decode } from 'next-auth/jwt';
import type { BrowserContext, Route } from 'playwright-core';
import { type MaildProcess, startMaild } from '../../../tests/e2e/lib/maild.ts';
import { credentialsSignIn, credentialsSignOut, startWebServer, type WebServer } from './lib/web-server.ts';
import { ADMIN, PASSWORD, startWebmailHarness, type TestMailbox, type WebmailHarness } from './lib/webmail-harness.ts';
import { connectionsTo, eventually, getPage, imapLogins, openEventStream } from './lib/webmail-probes.ts';

const INBOX = '/webmail/f/SU5CT1g'; // folderHref('INBOX')
const IDLE_TIMEOUT_MS = 4000;
const IMAP_TIMEOUT_MS = 4000;
/** The second web server's session check: the one this test file's main server keeps at the default minute. */
const SESSION_CHECK_MS = 1000;
const AUTH_SECRET = randomBytes(32).toString('base64url');
const UNAVAILABLE = /The mail server cannot be reached right now/;
/** The same words as rendered text in a page's HTML (the page's bundled message catalog holds them too). */
const SHOWN_UNAVAILABLE = />The mail server cannot be reached right now/;

describe('webmail IMAP pool', () => {
  let h: WebmailHarness;
  let carla: TestMailbox;
  /** maild started again by a test; the harness's stop() knows only the first one. */
  let restarted: MaildProcess | undefined;
  const extraServers: WebServer[] = [];
  const contexts: BrowserContext[] = [];

  const webEnv = { WEBMAIL_IDLE_TIMEOUT: `${IDLE_TIMEOUT_MS}ms`, WEBMAIL_IMAP_TIMEOUT: `${IMAP_TIMEOUT_MS}ms`, AUTH_SECRET };
  const imapConnections = () => connectionsTo(h.maild.ports.imap);
  const logins = (who: TestMailbox) => imapLogins(h.maild.output(), who.address);
  /** pino writes maild's log a moment after the login it records. */
  const settle = () => new Promise((resolve) => setTimeout(resolve, 300));
  /** Each test starts with no web connection to maild left from the one before. */
  const noConnections = () => eventually('no IMAP connection from the web app', () => imapConnections() === 0, 15_000);
  async function signIn(who: TestMailbox, web: WebServer = h.web): Promise<string> {
    const result = await credentialsSignIn(web.baseUrl, who.address, who.password);
    assert.equal(result.error, null, `sign-in of ${who.address}`);
    return result.cookie;
  }
  async function inbox(cookie: string, web: WebServer = h.web) {
    const page = await getPage(web.baseUrl, INBOX, cookie);
    assert.equal(page.status, 200, `${INBOX} answered ${page.status} → ${page.location}`);
    return page;
  }
  /** The web session's IMAP credential, from the encrypted cookie (the test knows the server's AUTH_SECRET). */
  async function credentialOf(cookie: string): Promise<string> {
    const value = /(?:^|; )next-auth\.session-token=([^;]+)/.exec(cookie)?.[1];
    assert.ok(value, 'a session cookie');
    const token = await decode({ token: value, secret: AUTH_SECRET });
    assert.ok(token?.mailbox, 'the cookie holds a webmail session');
    return webSessionCredential({ id: token.mailbox.sessionId, secret: token.mailbox.secret });
  }
  async function imapLogIn(address: string, pass: string): Promise<void> {
    const client = new ImapFlow({
      host: '127.0.0.1',
      port: h.maild.ports.imaps,
      secure: true,
      tls: { rejectUnauthorized: false },
      auth: { user: address, pass },
      logger: false,
    });
    await client.connect();
    await client.logout();
  }

  before(async () => {
    h = await startWebmailHarness({ webEnv });
    const created = await createMailbox(h.t.db, CLI_ACTOR, {
      domainId: h.anna.domainId,
      localPart: 'carla',
      displayName: 'Carla Roth',
      password: PASSWORD,
      quota: '1G',
    });
    carla = { id: created.id, domainId: h.anna.domainId, address: created.address, password: PASSWORD };
    for (const who of [h.anna, h.ben, carla]) {
      await h.deliver({ from: 'Dora <dora@sender.example>', to: who.address, subject: `Hello ${who.address}`, text: 'A first message.' });
    }
  });
  after(async () => {
    for (const context of contexts) await context.close().catch(() => undefined);
    await Promise.all(extraServers.map((server) => server.stop()));
    await restarted?.stop();
    await h?.stop();
  });

  it("one session's pages, messages and live stream share one IMAP connection", async () => {
    await noConnections();
    const before = logins(h.anna);
    const cookie = await signIn(h.anna);
    for (let i = 0; i < 4; i++) assert.match((await inbox(cookie)).body, /Hello anna@team\.example/);
    assert.equal((await getPage(h.web.baseUrl, `${INBOX}?m=1`, cookie)).status, 200);
    const stream = await openEventStream(h.web.baseUrl, cookie);
    assert.ok(await stream.connected, 'the live stream connects');
    await inbox(cookie);
    await settle();
    assert.equal(logins(h.anna) - before, 1, 'one IMAP login for six requests and a stream');
    assert.equal(imapConnections(), 1);
    stream.close();
    await credentialsSignOut(h.web.baseUrl, cookie);
  });

  it('an unused connection closes after WEBMAIL_IDLE_TIMEOUT; one an open tab listens to stays', async () => {
    await noConnections();
    const cookie = await signIn(h.ben);
    await inbox(cookie);
    const lastUse = Date.now();
    assert.equal(imapConnections(), 1);
    await eventually('the unused connection closes', () => imapConnections() === 0, IDLE_TIMEOUT_MS + 5000);
    const idleFor = Date.now() - lastUse;
    assert.ok(idleFor >= IDLE_TIMEOUT_MS - 200, `closed after ${idleFor} ms, not before the timeout`);

    const before = logins(h.ben);
    await inbox(cookie);
    const stream = await openEventStream(h.web.baseUrl, cookie);
    assert.ok(await stream.connected);
    await new Promise((resolve) => setTimeout(resolve, IDLE_TIMEOUT_MS * 2));
    assert.equal(imapConnections(), 1, 'kept while the tab listens');
    assert.equal(stream.isEnded(), false);
    stream.close();
    await eventually('closed once the tab is gone', () => imapConnections() === 0, IDLE_TIMEOUT_MS + 5000);
    await settle();
    assert.equal(logins(h.ben) - before, 1, 'logged in again once after the idle close, not per request');
    await credentialsSignOut(h.web.baseUrl, cookie);
  });

  it('at WEBMAIL_MAX_CONNECTIONS=2 three users all read mail: the least recently used connection closes, an open tab last', async () => {
    await noConnections();
    const web = await startWebServer({
      ...webEnv,
      ...poolEnv(h),
      WEBMAIL_MAX_CONNECTIONS: '2',
      WEBMAIL_IDLE_TIMEOUT: '10m',
      WEBMAIL_SESSION_CHECK_INTERVAL: `${SESSION_CHECK_MS}ms`,
    });
    extraServers.push(web);
    const users = [h.anna, h.ben, carla];
    const cookies = new Map<TestMailbox, string>();
    for (const who of users) cookies.set(who, await signIn(who, web));
    const start = new Map(users.map((who) => [who, logins(who)]));
    const loginsSince = () => users.map((who) => logins(who) - start.get(who)!);
    const read = async (who: TestMailbox) => {
      assert.match((await inbox(cookies.get(who)!, web)).body, new RegExp(`Hello ${who.address.replace('.', '\\.')}`));
      assert.ok(imapConnections() <= 2, `at most 2 connections, ss shows ${imapConnections()}`);
    };
    // anna, ben, carla (anna's closes), anna (ben's closes), ben (carla's closes).
    for (const who of [h.anna, h.ben, carla, h.anna, h.ben]) await read(who);
    await settle();
    assert.deepEqual(loginsSince(), [2, 2, 1], 'anna, then ben were closed as least recently used and came back');

    // anna keeps a tab open; carla's page needs room: ben goes (used after anna, but nobody listens to his).
    const annaTab = await openEventStream(web.baseUrl, cookies.get(h.anna)!);
    assert.ok(await annaTab.connected);
    await read(carla);
    await settle();
    assert.deepEqual(loginsSince(), [2, 2, 2]);
    assert.equal(annaTab.isEnded(), false, "anna's open tab kept its connection");

    // Two open tabs fill the pool: ben's page still gets in (the oldest tab, anna's, goes and her stream ends) …
    const carlaTab = await openEventStream(web.baseUrl, cookies.get(carla)!);
    assert.ok(await carlaTab.connected);
    await read(h.ben);
    await annaTab.ended;
    assert.equal(carlaTab.isEnded(), false);
    // … but a stream never closes another tab's stream: with carla's and ben's listening, anna's tab is told to retry.
    const benTab = await openEventStream(web.baseUrl, cookies.get(h.ben)!);
    assert.ok(await benTab.connected);
    const annaAgain = await openEventStream(web.baseUrl, cookies.get(h.anna)!);
    assert.equal(await annaAgain.connected, false);
    assert.match(annaAgain.text(), /retry: 10000/);
    assert.equal(carlaTab.isEnded() || benTab.isEnded(), false, 'both open tabs kept their streams');

    // carla signs out in the other web process: this one learns it from its streams' session check (WEBMAIL_SESSION_CHECK_INTERVAL).
    const signedOut = Date.now();
    await credentialsSignOut(h.web.baseUrl, cookies.get(carla)!);
    await carlaTab.ended;
    const endedAfter = Date.now() - signedOut;
    assert.ok(endedAfter < SESSION_CHECK_MS + 2000, `carla's stream ended ${endedAfter} ms after she signed out elsewhere`);
    assert.equal(benTab.isEnded(), false);
    for (const tab of [carlaTab, benTab]) tab.close();
    for (const who of [h.anna, h.ben]) await credentialsSignOut(web.baseUrl, cookies.get(who)!);
    await web.stop();
  });

  it('bad input gets a page or a 404 at once, never a hang or a crash, and the connection stays usable', async () => {
    await noConnections();
    const cookie = await signIn(h.anna);
    await inbox(cookie);
    const before = logins(h.anna);
    const paths = [
      `${INBOX}?m=999999`,
      `${INBOX}?m=abc`,
      `${INBOX}?m=-1`,
      `${INBOX}?page=999999`,
      `${INBOX}?page=0`,
      '/webmail/f/Tm8tc3VjaC1mb2xkZXI', // "No-such-folder"
      '/webmail/f/!!!',
      '/webmail/f/AAAAAAAA', // a slug that decodes to NUL characters
      `/webmail/f/${'A'.repeat(5000)}`,
    ];
    for (const path of paths) {
      const page = await getPage(h.web.baseUrl, path, cookie);
      const shown = path.length > 60 ? `${path.slice(0, 60)}…` : path;
      assert.ok(page.status === 200 || page.status === 404, `${shown} answered ${page.status}`);
      assert.ok(page.ms < IMAP_TIMEOUT_MS, `${shown} took ${page.ms.toFixed(0)} ms`);
    }
    // A malformed percent-escape is the client's mistake: 400 from server.ts, not Next.js's 500 in its dynamic routes.
    for (const path of ['/webmail/f/%E0%A4%A', '/webmail/f/%FF', '/webmail/message/%E0%A4%A/1/body', '/domains/%ZZ']) {
      const page = await getPage(h.web.baseUrl, path, cookie);
      assert.equal(page.status, 400, `${path} answered ${page.status}`);
    }
    assert.match((await inbox(cookie)).body, /Hello anna@team\.example/);
    await settle();
    assert.equal(logins(h.anna) - before, 0, 'no new login: the NO answers left the connection in use');
    await credentialsSignOut(h.web.baseUrl, cookie);
  });

  it('maild stopped: the page says unavailable at once; restarted on the same ports, the page and its live stream come back', async () => {
    await noConnections();
    const { context, page } = await h.signIn(h.anna);
    contexts.push(context);
    const live = page.getByTestId('live-state');
    await live.and(page.locator('[data-state=open]')).waitFor();
    await h.maild.stop();
    await live.and(page.locator('[data-state=error]')).waitFor({ timeout: 10_000 });
    const started = Date.now();
    await page.reload();
    await page.getByText(UNAVAILABLE).locator('visible=true').first().waitFor();
    const shownAfter = Date.now() - started;
    assert.ok(shownAfter < 5000, `'unavailable' shown after ${shownAfter} ms`);

    // The tab's reconnects are held until mail has arrived that no stream saw (no IMAP connection was open to see it).
    const held: Route[] = [];
    await page.route('**/webmail/events', (route) => void held.push(route));
    restarted = await startMaild({ databaseUrl: h.t.url, dataDir: h.maild.dataDir, ports: h.maild.ports });
    h.maild = restarted;
    await h.deliver({ from: 'Dora <dora@sender.example>', to: h.anna.address, subject: 'While the stream was down', text: 'Missed.' });
    await eventually('the tab tries to reconnect', () => held.length > 0, 30_000);
    await page.unroute('**/webmail/events');
    for (const route of held) await route.continue().catch(() => undefined); // a retry the browser gave up on meanwhile
    // The tab's EventSource retries by itself (every 10 s while IMAP is away) …
    await live.and(page.locator('[data-state=open]')).waitFor({ timeout: 30_000 });
    // … and refreshes the page once it is back, for what it missed.
    await page
      .getByTestId('message-list')
      .getByRole('link', { name: /While the stream was down/ })
      .waitFor({ timeout: 10_000 });
    await h.deliver({ from: 'Dora <dora@sender.example>', to: h.anna.address, subject: 'After the restart', text: 'Live again.' });
    await page
      .getByTestId('message-list')
      .getByRole('link', { name: /After the restart/ })
      .waitFor({ timeout: 20_000 });
    assert.equal(await page.getByText(UNAVAILABLE).locator('visible=true').count(), 0, 'the page came back without a reload');
    await context.close();
  });

  it('maild frozen (SIGSTOP): the page says unavailable within WEBMAIL_IMAP_TIMEOUT, and works again once maild runs', async () => {
    await noConnections();
    const cookie = await signIn(h.anna);
    await inbox(cookie);
    const pid = h.maild.child.pid!;
    process.kill(pid, 'SIGSTOP');
    try {
      const frozen = await getPage(h.web.baseUrl, INBOX, cookie);
      assert.equal(frozen.status, 200);
      assert.match(frozen.body, SHOWN_UNAVAILABLE);
      assert.ok(frozen.ms < IMAP_TIMEOUT_MS + 3000, `answered after ${frozen.ms.toFixed(0)} ms`);
      // A new connection to a frozen server (accepted by the kernel, never greeted) is no hang either.
      const again = await getPage(h.web.baseUrl, INBOX, cookie);
      assert.match(again.body, SHOWN_UNAVAILABLE);
      assert.ok(again.ms < IMAP_TIMEOUT_MS + 3000, `answered after ${again.ms.toFixed(0)} ms`);
    } finally {
      process.kill(pid, 'SIGCONT');
    }
    await eventually('the page works again', async () => /Hello anna@team\.example/.test((await inbox(cookie)).body), 15_000);
    await credentialsSignOut(h.web.baseUrl, cookie);
  });

  it("signing out ends the session's stream and IMAP connection; the copied cookie and the IMAP credential are refused", async () => {
    await noConnections();
    const cookie = await signIn(h.anna);
    await inbox(cookie);
    const stream = await openEventStream(h.web.baseUrl, cookie);
    assert.ok(await stream.connected);
    const credential = await credentialOf(cookie);
    await imapLogIn(h.anna.address, credential); // good while the session is open

    const signedOut = Date.now();
    await credentialsSignOut(h.web.baseUrl, cookie);
    await stream.ended;
    assert.ok(Date.now() - signedOut < 3000, 'the stream ended with the sign-out');
    await eventually('the IMAP connection closed', () => imapConnections() === 0, 3000);
    const copied = await getPage(h.web.baseUrl, INBOX, cookie);
    assert.ok(copied.status >= 300 && copied.status < 400, `a redirect, not ${copied.status}`);
    assert.match(copied.location ?? '', /\/signin\?.*callbackUrl=%2Fwebmail/);
    const events = await openEventStream(h.web.baseUrl, cookie);
    assert.equal(events.status, 401);
    await assert.rejects(imapLogIn(h.anna.address, credential), 'the IMAP credential died with the session');
  });

  it("an admin's password reset ends the webmail session: the open tab's stream stops, its next page is the sign-in", async () => {
    await noConnections();
    const { context, page } = await h.signIn(h.ben);
    contexts.push(context);
    const live = page.getByTestId('live-state');
    await live.and(page.locator('[data-state=open]')).waitFor();
    const cookie = (await context.cookies()).map((c) => `${c.name}=${c.value}`).join('; ');
    const credential = await credentialOf(cookie);

    const admin = await h.browser.newContext();
    contexts.push(admin);
    const panel = await admin.newPage();
    await panel.goto(`${h.web.baseUrl}/signin`);
    await panel.waitForSelector('html[data-hydrated]', { state: 'attached' });
    await panel.fill('#email', ADMIN.email);
    await panel.fill('#password', ADMIN.password);
    await panel.locator('form button[type=submit]').click();
    await panel.waitForURL(`${h.web.baseUrl}/`);
    await panel.goto(`${h.web.baseUrl}/domains/${h.ben.domainId}/mailboxes/${h.ben.id}`);
    await panel.waitForSelector('html[data-hydrated]', { state: 'attached' });
    await panel.getByRole('button', { name: 'Generate a new password…' }).click();
    await panel
      .getByRole('form', { name: `Replace the password of ${h.ben.address}?` })
      .getByRole('button', { name: 'Generate password' })
      .click();
    await panel.getByTestId('generated-password').waitFor();
    const resetAt = Date.now();

    // Nothing else is asked of the session, and its stream's own session check is a minute away: the reset itself ends it.
    await live.and(page.locator('[data-state=error]')).waitFor({ timeout: 10_000 });
    const endedAfter = Date.now() - resetAt;
    assert.ok(endedAfter <= 3000, `the open tab's stream ended ${endedAfter} ms after the reset`);
    await eventually('the IMAP connection closed', () => imapConnections() === 0, 3000);
    await assert.rejects(imapLogIn(h.ben.address, credential), "the session's IMAP credential is refused");
    // The cookie is still there, its session is not: the sign-in form, not a loop back to webmail.
    await page.reload();
    await page.waitForURL(/\/signin/);
    await page.locator('#email').waitFor();
    await admin.close();
    await context.close();
  });
});

/** What the harness gives its web server to reach maild, for a second web server beside it. */
function poolEnv(h: WebmailHarness): Record<string, string> {
  return {
    DATABASE_URL: h.t.url,
    LOG_LEVEL: 'silent',
    REDIS_PREFIX: h.maild.redisPrefix,
    WEBMAIL_IMAP_PORT: String(h.maild.ports.imap),
    WEBMAIL_SUBMISSION_PORT: String(h.maild.ports.submission),
  };
}
