// Panel security over HTTP and in a real browser: forwarded headers only
// from trusted proxies, sessions that end on the server, security headers.
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { CLI_ACTOR, createAdminAccount, ensureSuperadmin, setAdminActive } from '@kontor/db';
import { createTestDatabase, type TestDatabase } from '@kontor/db/testing';
import type { Browser } from 'playwright-core';
import { launchChromium } from './lib/chromium.ts';
import { credentialsSignIn, credentialsSignOut, pageRedirect, startWebServer, type WebServer } from './lib/web-server.ts';

const SHOTS = path.resolve(import.meta.dirname, '../../../test-results');
const ADMIN = { email: 'admin@kontor.test', password: 'a long test password' };
const signedOut = (location: string | null) => location !== null && /\/signin/.test(location);

describe('panel security', () => {
  let t: TestDatabase;
  let direct: WebServer;
  let proxied: WebServer;
  let https: WebServer;
  let browser: Browser | undefined;

  before(async () => {
    t = await createTestDatabase();
    await ensureSuperadmin(t.db, ADMIN);
    const common = {
      DATABASE_URL: t.url,
      LOG_LEVEL: 'silent',
      LOGIN_MAX_FAILURES_PER_ACCOUNT: '3',
      REDIS_PREFIX: `kontor-web-${randomBytes(4).toString('hex')}`,
    };
    [direct, proxied, https] = await Promise.all([
      startWebServer(common),
      // The test's own requests come from 127.0.0.1: here that is "the proxy".
      startWebServer({ ...common, WEB_TRUSTED_PROXIES: '127.0.0.1, ::1' }),
      startWebServer({ ...common, PUBLIC_URL: 'https://mail.kontor.test' }),
    ]);
  });
  after(async () => {
    await browser?.close();
    await Promise.all([direct?.stop(), proxied?.stop(), https?.stop()]);
    await t?.drop();
  });

  it('ignores X-Forwarded-For from an untrusted peer: rotating it does not dodge the sign-in limit', async () => {
    const target = `rotate-${Date.now()}@kontor.test`;
    for (let i = 0; i < 3; i++) {
      const wrong = await credentialsSignIn(direct.baseUrl, target, `wrong password ${i}`, {
        'x-forwarded-for': `203.0.113.${i + 1}`,
        'x-real-ip': `198.51.100.${i}`,
      });
      assert.equal(wrong.error, 'CredentialsSignin');
    }
    const blocked = await credentialsSignIn(direct.baseUrl, target, 'one more guess', { 'x-forwarded-for': '203.0.113.200' });
    assert.match(blocked.error ?? '', /Too many failed sign-ins/);
  });

  it('believes X-Forwarded-For from a trusted proxy: each client counts on its own, and the audit log shows it', async () => {
    const target = `proxied-${Date.now()}@kontor.test`;
    for (let i = 0; i < 3; i++) await credentialsSignIn(proxied.baseUrl, target, `wrong ${i}`, { 'x-forwarded-for': '203.0.113.10' });
    const blocked = await credentialsSignIn(proxied.baseUrl, target, 'wrong again', { 'x-forwarded-for': '203.0.113.10' });
    assert.match(blocked.error ?? '', /Too many failed sign-ins/);
    const other = await credentialsSignIn(proxied.baseUrl, target, 'wrong from elsewhere', { 'x-forwarded-for': '203.0.113.11' });
    assert.equal(other.error, 'CredentialsSignin', 'another client behind the proxy is not blocked');

    // The client's own claim (left of what the proxy appended) is not believed.
    const ok = await credentialsSignIn(proxied.baseUrl, ADMIN.email, ADMIN.password, { 'x-forwarded-for': '10.9.9.9, 203.0.113.42' });
    assert.equal(ok.error, null);
    const session = await t.db.adminSession.findFirst({ where: { ip: '203.0.113.42' } });
    assert.ok(session, 'the session records the address the proxy saw');
  });

  it('ends the session on the server at sign-out: a copied cookie no longer loads pages', async () => {
    const signIn = await credentialsSignIn(direct.baseUrl, ADMIN.email, ADMIN.password);
    assert.equal(signIn.error, null);
    assert.equal(await pageRedirect(direct.baseUrl, '/domains', signIn.cookie), null, 'signed in');
    const copied = signIn.cookie;
    await credentialsSignOut(direct.baseUrl, signIn.cookie);
    assert.ok(signedOut(await pageRedirect(direct.baseUrl, '/domains', copied)), 'the old cookie is refused');
    const audit = await t.db.auditLog.findFirst({ where: { action: 'admin.sign-out' } });
    assert.ok(audit, 'sign-out is audited');
  });

  it('ends the other sessions on a password change and on "sign out everywhere else", in the browser', async () => {
    const admin = await createAdminAccount(t.db, CLI_ACTOR, { email: 'changer@kontor.test', password: 'first long password', role: 'SUPERADMIN' });
    const elsewhere = await credentialsSignIn(direct.baseUrl, 'changer@kontor.test', 'first long password');
    browser = await launchChromium();
    const page = await (await browser.newContext({ viewport: { width: 1280, height: 860 } })).newPage();
    page.setDefaultTimeout(15_000);
    const violations: string[] = [];
    page.on('console', (message) => {
      if (/Content Security Policy|Refused to/i.test(message.text())) violations.push(message.text());
    });
    await page.goto(`${direct.baseUrl}/signin`);
    await page.waitForSelector('html[data-hydrated]', { state: 'attached' });
    await page.fill('#email', 'changer@kontor.test');
    await page.fill('#password', 'first long password');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForURL(`${direct.baseUrl}/`);

    await page.goto(`${direct.baseUrl}/account`);
    await page.waitForSelector('html[data-hydrated]', { state: 'attached' });
    assert.equal(await page.getByTestId('session-row').count(), 2, 'both sessions are listed');
    await page.fill('#currentPassword', 'not my password');
    await page.fill('#newPassword', 'second long password');
    await page.fill('#confirmPassword', 'second long password');
    await page.getByRole('button', { name: 'Change password' }).click();
    await page.locator('#currentPassword-error').waitFor();
    assert.match((await page.locator('#currentPassword-error').textContent()) ?? '', /not your current password/);
    assert.equal(await pageRedirect(direct.baseUrl, '/', elsewhere.cookie), null, 'a refused change ends nothing');

    await page.fill('#currentPassword', 'first long password');
    await page.fill('#newPassword', 'second long password');
    await page.fill('#confirmPassword', 'second long password');
    await page.getByRole('button', { name: 'Change password' }).click();
    await page.getByText('Password changed.').waitFor();
    assert.ok(signedOut(await pageRedirect(direct.baseUrl, '/', elsewhere.cookie)), 'the other session ended with the old password');
    await page.goto(`${direct.baseUrl}/account`);
    assert.equal(new URL(page.url()).pathname, '/account', 'this browser stays signed in');

    const third = await credentialsSignIn(direct.baseUrl, 'changer@kontor.test', 'second long password');
    assert.equal(await pageRedirect(direct.baseUrl, '/', third.cookie), null);
    await page.reload();
    await page.waitForSelector('html[data-hydrated]', { state: 'attached' });
    await page.getByRole('button', { name: 'Sign out everywhere else' }).click();
    await page.getByText('1 other session was signed out.').waitFor();
    assert.ok(signedOut(await pageRedirect(direct.baseUrl, '/', third.cookie)));
    assert.deepEqual(violations, [], 'no Content-Security-Policy violations');
    mkdirSync(SHOTS, { recursive: true });
    await page.screenshot({ path: path.join(SHOTS, 'web-account-1280.png'), fullPage: true });
    await page.setViewportSize({ width: 390, height: 844 });
    await page.screenshot({ path: path.join(SHOTS, 'web-account-390.png'), fullPage: true });

    const actions = (await t.db.auditLog.findMany({ where: { targetType: 'admin', targetId: String(admin!.id) } })).map((row) => row.action);
    assert.ok(actions.includes('admin.password') && actions.includes('admin.sessions.end'), `audited: ${actions.join(', ')}`);
  });

  it('ends the sessions of an account that is switched off', async () => {
    const admin = await createAdminAccount(t.db, CLI_ACTOR, { email: 'leaver@kontor.test', password: 'a leaving password', role: 'SUPERADMIN' });
    const signIn = await credentialsSignIn(direct.baseUrl, 'leaver@kontor.test', 'a leaving password');
    assert.equal(await pageRedirect(direct.baseUrl, '/', signIn.cookie), null);
    await setAdminActive(t.db, CLI_ACTOR, admin!.id, false);
    assert.ok(signedOut(await pageRedirect(direct.baseUrl, '/', signIn.cookie)));
    const open = await t.db.adminSession.count({ where: { adminId: admin!.id, endedAt: null } });
    assert.equal(open, 0, 'the session rows are closed, not just refused');
  });

  it('sends a strict Content-Security-Policy whose nonce is on every script, and the other security headers', async () => {
    const response = await fetch(`${direct.baseUrl}/signin`);
    const html = await response.text();
    const policy = response.headers.get('content-security-policy') ?? '';
    const nonce = /'nonce-([^']+)'/.exec(policy)?.[1];
    assert.ok(nonce, `a nonce in ${policy}`);
    assert.match(policy, /frame-ancestors 'none'/);
    assert.match(policy, /object-src 'none'/);
    assert.doesNotMatch(policy, /unsafe-inline|unsafe-eval/);
    const scripts = [...html.matchAll(/<script\b[^>]*>/g)].map((m) => m[0]);
    assert.ok(scripts.length > 0);
    for (const tag of scripts) assert.ok(tag.includes(`nonce="${nonce}"`), `nonce on ${tag}`);
    const again = await fetch(`${direct.baseUrl}/signin`);
    await again.arrayBuffer();
    assert.notEqual(/'nonce-([^']+)'/.exec(again.headers.get('content-security-policy') ?? '')?.[1], nonce, 'a new nonce per response');
    assert.equal(response.headers.get('x-content-type-options'), 'nosniff');
    assert.equal(response.headers.get('x-frame-options'), 'DENY');
    assert.equal(response.headers.get('referrer-policy'), 'same-origin');
    assert.equal(response.headers.get('strict-transport-security'), null, 'no HSTS over plain http');
    const autoconfig = await fetch(`${direct.baseUrl}/mail/config-v1.1.xml?emailaddress=a%40b.example`);
    await autoconfig.arrayBuffer();
    assert.equal(autoconfig.headers.get('x-content-type-options'), 'nosniff', 'on every route, not just pages');
  });

  it('adds HSTS when the public URL is https', async () => {
    const response = await fetch(`${https.baseUrl}/signin`);
    await response.arrayBuffer();
    assert.match(response.headers.get('strict-transport-security') ?? '', /max-age=\d{7,}/);
    assert.match(response.headers.get('content-security-policy') ?? '', /upgrade-insecure-requests/);
  });
});
