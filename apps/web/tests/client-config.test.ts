// Mail client self-configuration and sign-in limits, over HTTP against the built panel.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { CLI_ACTOR, createDomain, ensureSuperadmin } from '@kontor/db';
import { createTestDatabase, type TestDatabase } from '@kontor/db/testing';
import { credentialsSignIn, startWebServer, type WebServer } from './lib/web-server.ts';

describe('client self-configuration and sign-in limits', () => {
  let t: TestDatabase;
  let web: WebServer;

  before(async () => {
    t = await createTestDatabase();
    await createDomain(t.db, CLI_ACTOR, { name: 'example.com' });
    await ensureSuperadmin(t.db, { email: 'admin@kontor.test', password: 'a long test password' });
    web = await startWebServer({
      DATABASE_URL: t.url,
      MAIL_HOSTNAME: 'mail.kontor.test',
      IMAPS_PORT: '993',
      IMAP_PORT: '143',
      POP3S_PORT: '995',
      POP3_PORT: '110',
      SMTPS_PORT: '465',
      SUBMISSION_PORT: '587',
      LOGIN_MAX_FAILURES_PER_ACCOUNT: '3',
    });
  });
  after(async () => {
    await web?.stop();
    await t?.drop();
  });

  it('serves Thunderbird autoconfig for a hosted domain, both paths, without a session', async () => {
    for (const pathname of ['/mail/config-v1.1.xml', '/.well-known/autoconfig/mail/config-v1.1.xml']) {
      const response = await fetch(`${web.baseUrl}${pathname}?emailaddress=info%40example.com`, { redirect: 'manual' });
      assert.equal(response.status, 200, pathname);
      assert.match(response.headers.get('content-type') ?? '', /xml/);
      const xml = await response.text();
      assert.match(xml, /<emailProvider id="example\.com">/);
      assert.match(xml, /<incomingServer type="imap">\s*<hostname>mail\.kontor\.test<\/hostname>\s*<port>993<\/port>\s*<socketType>SSL<\/socketType>/);
      assert.match(xml, /<outgoingServer type="smtp">\s*<hostname>mail\.kontor\.test<\/hostname>\s*<port>465<\/port>/);
    }
  });

  it('answers autoconfig on autoconfig.<domain> without the address, and 404 for a foreign domain', async () => {
    // fetch() may not set Host; node:http may, as a client on autoconfig.example.com would.
    const status = await new Promise<number>((resolve, reject) => {
      const url = new URL(`${web.baseUrl}/mail/config-v1.1.xml`);
      http
        .get({ host: url.hostname, port: url.port, path: url.pathname, headers: { host: 'autoconfig.example.com' } }, (res) => {
          res.resume();
          resolve(res.statusCode ?? 0);
        })
        .on('error', reject);
    });
    assert.equal(status, 200);
    const foreign = await fetch(`${web.baseUrl}/mail/config-v1.1.xml?emailaddress=someone%40gmail.com`);
    assert.equal(foreign.status, 404);
  });

  it('answers Outlook autodiscover (both spellings) and refuses foreign addresses', async () => {
    const request = (address: string) =>
      `<?xml version="1.0" encoding="utf-8"?><Autodiscover xmlns="http://schemas.microsoft.com/exchange/autodiscover/outlook/requestschema/2006"><Request><EMailAddress>${address}</EMailAddress><AcceptableResponseSchema>http://schemas.microsoft.com/exchange/autodiscover/outlook/responseschema/2006a</AcceptableResponseSchema></Request></Autodiscover>`;
    for (const pathname of ['/autodiscover/autodiscover.xml', '/Autodiscover/Autodiscover.xml']) {
      const response = await fetch(`${web.baseUrl}${pathname}`, { method: 'POST', body: request('info@example.com'), headers: { 'content-type': 'text/xml' } });
      assert.equal(response.status, 200, pathname);
      const xml = await response.text();
      assert.match(xml, /<Type>IMAP<\/Type>\s*<Server>mail\.kontor\.test<\/Server>\s*<Port>993<\/Port>/);
      assert.match(xml, /<Type>SMTP<\/Type>\s*<Server>mail\.kontor\.test<\/Server>\s*<Port>465<\/Port>/);
      assert.match(xml, /<LoginName>info@example\.com<\/LoginName>/);
    }
    const foreign = await fetch(`${web.baseUrl}/autodiscover/autodiscover.xml`, { method: 'POST', body: request('x@gmail.com') });
    assert.equal(foreign.status, 404);
  });

  it('serves an Apple profile that is a valid plist with the mail payload', async () => {
    const response = await fetch(`${web.baseUrl}/apple/info%40example.com.mobileconfig`);
    assert.equal(response.status, 200);
    assert.equal(response.headers.get('content-type'), 'application/x-apple-aspen-config');
    const file = path.join(mkdtempSync(path.join(tmpdir(), 'kontor-apple-')), 'p.mobileconfig');
    writeFileSync(file, Buffer.from(await response.arrayBuffer()));
    const json = execFileSync('/usr/bin/python3', [
      '-c',
      'import plistlib, json, sys; print(json.dumps(plistlib.load(open(sys.argv[1], "rb")), default=str))',
      file,
    ]).toString();
    const plist = JSON.parse(json) as { PayloadContent: Array<Record<string, unknown>> };
    const mail = plist.PayloadContent.find((p) => p.PayloadType === 'com.apple.mail.managed');
    assert.equal(mail?.EmailAddress, 'info@example.com');
    assert.equal(mail?.IncomingMailServerHostName, 'mail.kontor.test');
    assert.equal((await fetch(`${web.baseUrl}/apple/x%40gmail.com.mobileconfig`)).status, 404);
  });

  it('slows and then blocks repeated failed sign-ins for an account', async () => {
    const ok = await credentialsSignIn(web.baseUrl, 'admin@kontor.test', 'a long test password');
    assert.equal(ok.error, null, 'the right password works');
    const target = `target-${Date.now()}@kontor.test`;
    let last = { status: 0, error: null as string | null };
    for (let i = 0; i < 3; i++) last = await credentialsSignIn(web.baseUrl, target, `wrong password ${i}`);
    assert.equal(last.error, 'CredentialsSignin');
    const blocked = await credentialsSignIn(web.baseUrl, target, 'whatever password');
    assert.match(blocked.error ?? '', /Too many failed sign-ins/);
  });
});
