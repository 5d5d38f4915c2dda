// Mail submission end to end: maild as its own process, real PostgreSQL and
// Redis, driven by clients nobody here wrote (Python smtplib, swaks, msmtp).
import assert from 'node:assert/strict';
import { execFile, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { promisify } from 'node:util';
import { hashPassword } from '@kontor/core';
import { CLI_ACTOR, createAlias, createDomain, createMailbox } from '@kontor/db';
import { createTestDatabase, type TestDatabase } from '@kontor/db/testing';
import { Redis } from 'ioredis';
import { type FakeMx, startFakeMx } from './lib/fake-mx.ts';
import { type MaildProcess, startMaild, suiteRedisUrl } from './lib/maild.ts';

const run = promisify(execFile);
const PASSWORD = 'correct horse battery';
const APP_PASSWORD = 'app password for the phone';
const PYTHON = '/usr/bin/python3';
process.env.DKIM_ENCRYPTION_KEY ??= 'kontor test dkim key';

/** A Redis database of this suite's own: login failures count per IP (127.0.0.1 for every suite). */
const REDIS_URL = suiteRedisUrl(10);

let t: TestDatabase;
let maild: MaildProcess;
let mx: FakeMx;
const mailbox: Record<string, number> = {};

async function messagesIn(name: string, folder = 'INBOX') {
  const f = await t.db.folder.findFirstOrThrow({ where: { mailboxId: mailbox[name], name: folder } });
  return t.db.message.findMany({ where: { folderId: f.id }, orderBy: { id: 'asc' } });
}

function blobText(sha256: string): string {
  return readFileSync(path.join(maild.dataDir, 'blobs', sha256.slice(0, 2), sha256.slice(2, 4), sha256), 'utf8');
}

async function waitForMessage(name: string, subject: string, folder = 'INBOX') {
  const deadline = Date.now() + 10_000;
  for (;;) {
    const found = (await messagesIn(name, folder)).find((m) => m.subject === subject);
    if (found) return found;
    if (Date.now() > deadline) throw new Error(`no message "${subject}" in ${name}/${folder}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

function message(subject: string, { from = 'anna@example.com', to = 'ben@example.com', extra = '' } = {}) {
  return `From: Anna <${from}>\r\nTo: ${to}\r\nSubject: ${subject}\r\n${extra}\r\nHello from the submission test.\r\n`;
}

/** Runs a Python script with the message on stdin; resolves with exit code and output. */
async function python(script: string, input = ''): Promise<{ code: number | null; out: string }> {
  const child = spawn(PYTHON, ['-c', script]);
  child.stdin.end(input);
  let out = '';
  child.stdout.on('data', (d) => (out += d));
  child.stderr.on('data', (d) => (out += d));
  const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
  return { code, out };
}

async function swaks(args: string[]): Promise<{ code: number; out: string }> {
  try {
    const { stdout, stderr } = await run('swaks', ['--server', '127.0.0.1', '--helo', 'client.example', '--timeout', '20', ...args]);
    return { code: 0, out: stdout + stderr };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, out: e.stdout + e.stderr };
  }
}

const SSL = `ctx = ssl.create_default_context(); ctx.check_hostname = False; ctx.verify_mode = ssl.CERT_NONE`;

before(async () => {
  const redis = new Redis(REDIS_URL);
  await redis.flushdb();
  redis.disconnect();
  t = await createTestDatabase();
  mx = await startFakeMx();
  const domain = await createDomain(t.db, CLI_ACTOR, { name: 'example.com' });
  for (const name of ['anna', 'ben', 'carl', 'locked', 'limited', 'twofa']) {
    mailbox[name] = (await createMailbox(t.db, CLI_ACTOR, { domainId: domain.id, localPart: name, password: PASSWORD, quota: '20M' })).id;
  }
  await t.db.mailbox.update({ where: { id: mailbox.anna! }, data: { saveSentCopy: true, displayName: 'Anna' } });
  await t.db.mailbox.update({ where: { id: mailbox.limited! }, data: { sendLimitPerHour: 2 } });
  await t.db.totpSecret.create({ data: { mailboxId: mailbox.twofa!, secretEncrypted: 'x', confirmedAt: new Date() } });
  await t.db.appPassword.create({ data: { mailboxId: mailbox.twofa!, name: 'phone', passwordHash: await hashPassword(APP_PASSWORD) } });
  await createAlias(t.db, CLI_ACTOR, { domainId: domain.id, localPart: 'sales', destinations: 'anna@example.com' });
  maild = await startMaild({
    databaseUrl: t.url,
    dns: { 'MX:remote.test': [{ exchange: 'mx.remote.test', priority: 10 }], 'A:mx.remote.test': ['127.0.0.1'] },
    env: {
      REDIS_URL,
      MAILD_ROLES: 'smtp,workers',
      OUTBOUND_PORT: String(mx.port),
      LOGIN_MAX_FAILURES_PER_ACCOUNT: '3',
      LOGIN_MAX_FAILURES_PER_IP: '1000',
      QUEUE_RETRY_BASE: '200ms',
    },
  });
});

after(async () => {
  await maild?.stop({ cleanup: true });
  await mx?.close();
  await t?.drop();
});

describe('submission with Python smtplib', () => {
  it('STARTTLS + AUTH LOGIN on the submission port: local and remote recipients, headers fixed, copy in Sent', async () => {
    const script = `
import smtplib, ssl, sys
${SSL}
s = smtplib.SMTP('127.0.0.1', ${maild.ports.submission}, local_hostname='client.example')
s.ehlo()
assert s.has_extn('starttls'), 'no STARTTLS'
s.starttls(context=ctx); s.ehlo()
assert 'LOGIN' in s.esmtp_features.get('auth', ''), s.esmtp_features
s.login('anna@example.com', '${PASSWORD}')
print(s.sendmail('anna@example.com', ['ben@example.com', 'bob@remote.test', 'secret@remote.test'], sys.stdin.read().encode()))
s.quit()`;
    const r = await python(script, message('smtplib-starttls', { to: 'ben@example.com, bob@remote.test', extra: 'Bcc: secret@remote.test\r\n' }));
    assert.equal(r.code, 0, r.out);
    const local = await waitForMessage('ben', 'smtplib-starttls');
    const text = blobText(local.blobHash);
    assert.match(text, /^Received: from client\.example \(\[127\.0\.0\.1\]\)\r\n\tby mx\.kontor\.test \(Kontor\) with ESMTPSA id /);
    assert.doesNotMatch(text, /^Bcc:/im, 'Bcc removed');
    assert.match(text, /\r\nMessage-ID: <[^>]+@example\.com>\r\n/, 'Message-ID added');
    assert.match(text, /\r\nDate: \w{3}, \d{1,2} \w{3} \d{4} /, 'Date added');
    const sent = await waitForMessage('anna', 'smtplib-starttls', 'Sent');
    assert.ok(sent.flags.includes('\\Seen'));
    const remote = await mx.waitFor((m) => m.raw.includes('Subject: smtplib-starttls'));
    assert.deepEqual(remote.rcptTo.sort(), ['bob@remote.test', 'secret@remote.test']);
    assert.equal(remote.mailFrom, 'anna@example.com');
    assert.doesNotMatch(remote.raw, /^Bcc:/im);
    assert.match(remote.raw, /^DKIM-Signature: v=1; a=rsa-sha256; c=relaxed\/relaxed; d=example\.com;\r\n h=[^;]*From[^;]*; q=dns\/txt; s=kontor;/);
  });

  it('implicit TLS (SMTP_SSL) with an app password of a mailbox with two-factor sign-in', async () => {
    const script = `
import smtplib, ssl, sys
${SSL}
s = smtplib.SMTP_SSL('127.0.0.1', ${maild.ports.smtps}, context=ctx, local_hostname='client.example')
try:
    s.login('twofa@example.com', '${PASSWORD}')
    print('account password accepted')
except smtplib.SMTPAuthenticationError as e:
    print('refused', e.smtp_code)
s.close()
s = smtplib.SMTP_SSL('127.0.0.1', ${maild.ports.smtps}, context=ctx, local_hostname='client.example')
s.login('twofa@example.com', '${APP_PASSWORD}')
s.sendmail('twofa@example.com', ['ben@example.com'], sys.stdin.read().encode())
s.quit()`;
    const r = await python(script, message('smtplib-ssl', { from: 'twofa@example.com' }));
    assert.equal(r.code, 0, r.out);
    assert.match(r.out, /refused 535/);
    await waitForMessage('ben', 'smtplib-ssl');
  });

  it('requires AUTH before MAIL, and neither offers nor takes plaintext AUTH before STARTTLS', async () => {
    const script = `
import smtplib
s = smtplib.SMTP('127.0.0.1', ${maild.ports.submission}, local_hostname='client.example')
s.ehlo()
print('auth offered', s.has_extn('auth'))
print('mail', s.mail('anna@example.com'))
print('auth', s.docmd('AUTH', 'PLAIN AGFubmFAZXhhbXBsZS5jb20AY29ycmVjdCBob3JzZSBiYXR0ZXJ5'))
s.quit()`;
    const r = await python(script);
    assert.equal(r.code, 0, r.out);
    assert.match(r.out, /auth offered False/);
    assert.match(r.out, /mail \(530, b'5\.7\.0 Must issue a STARTTLS command first'\)/);
    assert.match(r.out, /auth \(5\d\d, /);
  });
});

describe('submission with swaks', () => {
  it('sends with --auth over STARTTLS', async () => {
    const r = await swaks([
      '--port',
      String(maild.ports.submission),
      '-tls',
      '--auth',
      'PLAIN',
      '--auth-user',
      'carl@example.com',
      '--auth-password',
      PASSWORD,
      '--from',
      'carl@example.com',
      '--to',
      'ben@example.com',
      '--h-From',
      '<carl@example.com>',
      '--header',
      'Subject: swaks-auth',
    ]);
    assert.equal(r.code, 0, r.out);
    assert.match(r.out, /250 2\.0\.0 Message queued as [0-9a-f]{16}/);
    await waitForMessage('ben', 'swaks-auth');
  });

  it('answers a wrong password with 535 5.7.8 (swaks exit 28)', async () => {
    const r = await swaks([
      '--port',
      String(maild.ports.submission),
      '-tls',
      '--auth',
      'LOGIN',
      '--auth-user',
      'carl@example.com',
      '--auth-password',
      'wrong password',
      '--from',
      'carl@example.com',
      '--to',
      'ben@example.com',
    ]);
    assert.equal(r.code, 28, r.out);
    assert.match(r.out, /535 5\.7\.8 Authentication credentials invalid/);
  });

  it('refuses sending as someone else: envelope and From: (553 5.7.1)', async () => {
    const envelope = await swaks([
      '--port',
      String(maild.ports.submission),
      '-tls',
      '--auth',
      'PLAIN',
      '--auth-user',
      'carl@example.com',
      '--auth-password',
      PASSWORD,
      '--from',
      'anna@example.com',
      '--to',
      'ben@example.com',
    ]);
    assert.match(envelope.out, /553 5\.7\.1 Sender address <anna@example\.com> is not owned by user carl@example\.com/);
    const header = await swaks([
      '--port',
      String(maild.ports.submission),
      '-tls',
      '--auth',
      'PLAIN',
      '--auth-user',
      'carl@example.com',
      '--auth-password',
      PASSWORD,
      '--from',
      'carl@example.com',
      '--to',
      'ben@example.com',
      '--h-From',
      '"The Boss" <anna@example.com>',
      '--header',
      'Subject: forged-from',
    ]);
    assert.match(header.out, /553 5\.7\.1 From: address <anna@example\.com> is not owned by user carl@example\.com/);
    await new Promise((r) => setTimeout(r, 300));
    assert.equal((await messagesIn('ben')).filter((m) => m.subject === 'forged-from').length, 0);
  });

  it('lets a mailbox send as an alias that reaches it', async () => {
    const r = await swaks([
      '--port',
      String(maild.ports.submission),
      '-tls',
      '--auth',
      'PLAIN',
      '--auth-user',
      'anna@example.com',
      '--auth-password',
      PASSWORD,
      '--from',
      'sales@example.com',
      '--to',
      'ben@example.com',
      '--h-From',
      'Sales <sales@example.com>',
      '--header',
      'Subject: as-alias',
    ]);
    assert.equal(r.code, 0, r.out);
    await waitForMessage('ben', 'as-alias');
  });

  it('refuses unknown local recipients at RCPT (550 5.1.1)', async () => {
    const r = await swaks([
      '--port',
      String(maild.ports.submission),
      '-tls',
      '--auth',
      'PLAIN',
      '--auth-user',
      'carl@example.com',
      '--auth-password',
      PASSWORD,
      '--from',
      'carl@example.com',
      '--to',
      'nobody@example.com',
      '--quit-after',
      'RCPT',
    ]);
    assert.match(r.out, /550 5\.1\.1 No such user here/);
  });

  it('blocks an account after repeated failures (454 4.7.0), even with the right password', async () => {
    for (let i = 0; i < 3; i++) {
      const r = await swaks([
        '--port',
        String(maild.ports.smtps),
        '--tls-on-connect',
        '--auth',
        'PLAIN',
        '--auth-user',
        'locked@example.com',
        '--auth-password',
        'guess',
        '--from',
        'locked@example.com',
        '--to',
        'ben@example.com',
      ]);
      assert.match(r.out, /535 5\.7\.8/);
    }
    const blocked = await swaks([
      '--port',
      String(maild.ports.smtps),
      '--tls-on-connect',
      '--auth',
      'PLAIN',
      '--auth-user',
      'locked@example.com',
      '--auth-password',
      PASSWORD,
      '--from',
      'locked@example.com',
      '--to',
      'ben@example.com',
    ]);
    assert.match(blocked.out, /454 4\.7\.0 Too many failed logins; try again in \d+ minute/);
    await maild.waitForLog(/"event":"login-blocked"/);
  });

  it('enforces the per-mailbox sending limit (450 4.7.1) and logs a send-limit event', async () => {
    const send = (n: number) =>
      swaks([
        '--port',
        String(maild.ports.submission),
        '-tls',
        '--auth',
        'PLAIN',
        '--auth-user',
        'limited@example.com',
        '--auth-password',
        PASSWORD,
        '--from',
        'limited@example.com',
        '--to',
        'ben@example.com',
        '--h-From',
        '<limited@example.com>',
        '--header',
        `Subject: limited-${n}`,
      ]);
    assert.equal((await send(1)).code, 0);
    assert.equal((await send(2)).code, 0);
    const third = await send(3);
    assert.match(third.out, /450 4\.7\.1 Sending limit reached: at most 2 messages per hour/);
    const line = await maild.waitForLog(/"event":"send-limit"/);
    const event = JSON.parse(line) as { level: number; mailbox: string; window: string };
    assert.equal(event.level, 40, 'pino warn');
    assert.equal(event.mailbox, 'limited@example.com');
  });
});

describe('submission with msmtp', () => {
  /** msmtp reading the message from stdin; resolves with its exit code and output. */
  async function msmtp(password: string, message: string): Promise<{ code: number | null; out: string }> {
    const child = spawn('msmtp', [
      '--host=127.0.0.1',
      `--port=${maild.ports.submission}`,
      '--tls=on',
      '--tls-starttls=on',
      '--tls-certcheck=off',
      '--auth=plain',
      '--user=carl@example.com',
      `--passwordeval=echo '${password}'`,
      '--from=carl@example.com',
      'ben@example.com',
    ]);
    let out = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (out += d));
    child.stdin.end(message);
    const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
    return { code, out };
  }

  it('sends over STARTTLS with AUTH PLAIN', async () => {
    const r = await msmtp(PASSWORD, 'From: carl@example.com\nTo: ben@example.com\nSubject: msmtp-starttls\n\nSent with msmtp.\n');
    assert.equal(r.code, 0, r.out);
    const stored = await waitForMessage('ben', 'msmtp-starttls');
    assert.match(blobText(stored.blobHash), /\r\nMessage-ID: <[^>]+@example\.com>\r\n/);
  });

  it('fails with a wrong password', async () => {
    const r = await msmtp('nope', 'From: carl@example.com\nSubject: msmtp-wrong\n\nx\n');
    assert.notEqual(r.code, 0);
    assert.match(r.out, /authentication failed|535/i);
  });
});
