// Outbound 8-bit and internationalised mail against a strict peer nobody
// here wrote (aiosmtpd): BODY=8BITMIME and SMTPUTF8 when the hop offers
// them (RFC 6152, RFC 6531), conversion to 7 bit before signing when it
// does not, a DSN when it cannot take a UTF-8 address, and lines over 998
// octets re-encoded. Every received copy is DKIM-verified by dkimpy.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { freePort } from '@kontor/core/ports';
import { CLI_ACTOR, createDomain, createMailbox, domainDnsRecords } from '@kontor/db';
import { createTestDatabase, type TestDatabase } from '@kontor/db/testing';
import { Redis } from 'ioredis';
import { type AiosmtpdPeer, startAiosmtpdPeer } from './lib/aiosmtpd-peer.ts';
import { type MaildProcess, startMaild, suiteRedisUrl } from './lib/maild.ts';

const PASSWORD = 'correct horse battery';
const PYTHON = '/usr/bin/python3';
process.env.DKIM_ENCRYPTION_KEY ??= 'kontor test dkim key';
const REDIS_URL = suiteRedisUrl(14);

// Two peers on one port (OUTBOUND_PORT), two loopback addresses.
const DNS = {
  'MX:full.test': [{ exchange: 'mx.full.test', priority: 10 }],
  'A:mx.full.test': ['127.0.0.1'],
  'MX:plain.test': [{ exchange: 'mx.plain.test', priority: 10 }],
  'A:mx.plain.test': ['127.0.0.3'],
};

let t: TestDatabase;
let maild: MaildProcess;
let full: AiosmtpdPeer;
let plain: AiosmtpdPeer;
let annaId: number;
let dkimRecord: { name: string; value: string };

/** Submits raw octets with Python's smtplib (STARTTLS, AUTH), asking for SMTPUTF8 and 8BITMIME. */
async function submitRaw(to: string[], raw: Buffer): Promise<void> {
  const script = `
import smtplib, ssl, sys, json
to = json.loads(sys.argv[2])
ctx = ssl.create_default_context(); ctx.check_hostname = False; ctx.verify_mode = ssl.CERT_NONE
s = smtplib.SMTP('127.0.0.1', int(sys.argv[1]), timeout=20)
s.starttls(context=ctx)
s.login('anna@example.com', '${PASSWORD}')
s.sendmail('anna@example.com', to, sys.stdin.buffer.read(), mail_options=['SMTPUTF8', 'BODY=8BITMIME'])
s.quit()
print('submitted')`;
  const out = await runPython(script, [String(maild.ports.submission), JSON.stringify(to)], raw);
  assert.match(out, /submitted/, out);
}

function runPython(script: string, args: string[], stdin: Buffer): Promise<string> {
  const child = spawn(PYTHON, ['-c', script, ...args]);
  child.stdin.end(stdin);
  let out = '';
  child.stdout.on('data', (d) => (out += d));
  child.stderr.on('data', (d) => (out += d));
  return new Promise((resolve) => child.on('exit', () => resolve(out)));
}

/** dkimpy's verdict on the octets the peer received, against the key `kontor domain dns` publishes. */
async function dkimpyVerifies(content: Buffer): Promise<void> {
  const script = `
import dkim, sys
record = sys.argv[1].encode()
def dnsfunc(name, timeout=5):
    name = name.decode() if isinstance(name, bytes) else name
    return record if name.rstrip('.') == sys.argv[2] else None
print('dkimpy', dkim.verify(sys.stdin.buffer.read(), dnsfunc=dnsfunc))`;
  const out = await runPython(script, [dkimRecord.value, dkimRecord.name], content);
  assert.match(out, /dkimpy True/, out);
}

function message(options: { subject: string; to: string; body: string; headerExtra?: string }): Buffer {
  return Buffer.from(
    [
      'From: Anna <anna@example.com>',
      `To: ${options.to}`,
      `Subject: ${options.subject}`,
      'Date: Wed, 02 Dec 2026 12:00:00 +0000',
      `Message-ID: <${options.subject.replace(/\W/g, '')}@example.com>`,
      'MIME-Version: 1.0',
      'Content-Type: text/plain; charset=utf-8',
      'Content-Transfer-Encoding: 8bit',
      ...(options.headerExtra ? [options.headerExtra] : []),
      '',
      options.body,
      '',
    ].join('\r\n'),
    'utf8',
  );
}

const hasEightBit = (b: Buffer) => b.some((octet) => octet > 0x7f);
const longestLine = (b: Buffer) =>
  Math.max(
    ...b
      .toString('latin1')
      .split('\r\n')
      .map((l) => l.length),
  );

before(async () => {
  const redis = new Redis(REDIS_URL);
  await redis.flushdb();
  redis.disconnect();
  t = await createTestDatabase();
  const domain = await createDomain(t.db, CLI_ACTOR, { name: 'example.com' });
  annaId = (await createMailbox(t.db, CLI_ACTOR, { domainId: domain.id, localPart: 'anna', password: PASSWORD })).id;
  const records = await domainDnsRecords(t.db, CLI_ACTOR, 'example.com', {
    mailHostname: 'mx.kontor.test',
    imapsPort: 993,
    submissionPort: 587,
    smtpsPort: 465,
    pop3sPort: 995,
  });
  const record = records.find((r) => r.type === 'TXT' && r.name.includes('._domainkey.'));
  assert.ok(record);
  dkimRecord = record;
  const port = await freePort();
  full = await startAiosmtpdPeer({ host: '127.0.0.1', port, eightBitMime: true, smtpUtf8: true });
  plain = await startAiosmtpdPeer({ host: '127.0.0.3', port, eightBitMime: false, smtpUtf8: false });
  maild = await startMaild({
    databaseUrl: t.url,
    dns: DNS,
    env: { REDIS_URL, MAILD_ROLES: 'smtp,workers', OUTBOUND_PORT: String(port), QUEUE_RETRY_BASE: '200ms', OUTBOUND_CONNECT_TIMEOUT: '2s' },
  });
});

after(async () => {
  await maild?.stop({ cleanup: true });
  await full?.stop();
  await plain?.stop();
  await t?.drop();
});

describe('outbound 8-bit and SMTPUTF8 (RFC 6152, RFC 6531)', () => {
  const text = 'Grüße aus Köln – 8-bit text, sent as it is.';

  it('sends 8-bit mail with BODY=8BITMIME to a hop that offers it, unchanged and DKIM-valid', async () => {
    await submitRaw(['bob@full.test'], message({ subject: 'eight-bit-full', to: 'bob@full.test', body: text }));
    const got = await full.waitFor((m) => m.content.includes('eight-bit-full'));
    assert.ok(got.mailOptions.includes('BODY=8BITMIME'), `MAIL FROM parameters: ${got.mailOptions}`);
    assert.ok(!got.mailOptions.includes('SMTPUTF8'), 'no SMTPUTF8 for an ASCII envelope and header');
    assert.ok(got.content.includes(Buffer.from(text, 'utf8')), 'the 8-bit body as written');
    await dkimpyVerifies(got.content);
  });

  it('converts to 7 bit before signing for a hop without 8BITMIME', async () => {
    await submitRaw(['bob@plain.test'], message({ subject: 'eight-bit-plain', to: 'bob@plain.test', body: text }));
    const got = await plain.waitFor((m) => m.content.includes('eight-bit-plain'));
    assert.ok(!got.mailOptions.includes('BODY=8BITMIME'), `MAIL FROM parameters: ${got.mailOptions}`);
    assert.equal(hasEightBit(got.content), false, 'only 7-bit octets');
    const received = got.content.toString('latin1');
    assert.match(received, /\r\nContent-Transfer-Encoding: quoted-printable\r\n/);
    assert.doesNotMatch(received, /Content-Transfer-Encoding: 8bit/);
    const body = received.slice(received.indexOf('\r\n\r\n') + 4).replace(/=\r\n/g, '');
    const decoded = Buffer.from(
      body.replace(/=([0-9A-F]{2})/g, (_, h: string) => String.fromCharCode(Number.parseInt(h, 16))),
      'latin1',
    );
    assert.equal(decoded.toString('utf8'), `${text}\r\n`);
    await dkimpyVerifies(got.content);
  });

  it('sends SMTPUTF8 for a UTF-8 header and a UTF-8 recipient when the hop offers it', async () => {
    await submitRaw(['jürgen@full.test'], message({ subject: 'utf8-header Grüße', to: 'Jürgen <jürgen@full.test>', body: 'Hallo Jürgen' }));
    const got = await full.waitFor((m) => m.content.includes('utf8-header'));
    assert.ok(got.mailOptions.includes('SMTPUTF8'), `MAIL FROM parameters: ${got.mailOptions}`);
    assert.ok(got.mailOptions.includes('BODY=8BITMIME'), `MAIL FROM parameters: ${got.mailOptions}`);
    assert.deepEqual(got.rcptTo, ['jürgen@full.test']);
    await dkimpyVerifies(got.content);
  });

  it('sends SMTPUTF8 for a UTF-8 header alone (ASCII envelope), which nodemailer by itself would not', async () => {
    await submitRaw(['bob@full.test'], message({ subject: 'header-only Grüße', to: 'Jürgen <bob@full.test>', body: 'Hallo' }));
    const got = await full.waitFor((m) => m.content.includes('header-only'));
    assert.ok(got.mailOptions.includes('SMTPUTF8'), `MAIL FROM parameters: ${got.mailOptions}`);
    await dkimpyVerifies(got.content);
  });

  it('bounces a message with a UTF-8 header for good when the hop lacks SMTPUTF8', async () => {
    await submitRaw(['carl@plain.test'], message({ subject: 'header-plain Grüße', to: 'carl@plain.test', body: 'Hallo' }));
    const dsn = await waitForBounce('carl@plain.test');
    assert.match(dsn, /Status: 5\.6\.9/);
    assert.match(dsn, /the message header uses non-ASCII characters/);
    assert.equal(plain.messages.filter((m) => m.content.includes('header-plain')).length, 0);
  });

  it('bounces a UTF-8 recipient for good when the hop lacks SMTPUTF8, and delivers the others', async () => {
    await submitRaw(['jürgen@plain.test', 'bob@plain.test'], message({ subject: 'utf8-rcpt-plain', to: 'bob@plain.test', body: 'Hello' }));
    const got = await plain.waitFor((m) => m.content.includes('utf8-rcpt-plain'));
    assert.deepEqual(got.rcptTo, ['bob@plain.test'], 'only the ASCII recipient reached the hop');
    assert.ok(!got.mailOptions.includes('SMTPUTF8'));
    await dkimpyVerifies(got.content);
    const dsn = await waitForBounce('jürgen@plain.test');
    assert.match(dsn, /cannot take internationalised email \(it does not offer SMTPUTF8, RFC 6531\)/);
    assert.match(dsn, /mx\.plain\.test/);
    assert.match(dsn, /Status: 5\.6\.7/);
    assert.match(dsn, /Action: failed/);
  });

  it('re-encodes lines over 998 octets so a strict peer takes the message, DKIM-valid', async () => {
    const long = `${'Lorem ipsum dolor sit amet, '.repeat(60)}Ende.`;
    assert.ok(long.length > 998);
    await submitRaw(['bob@full.test'], message({ subject: 'long-line', to: 'bob@full.test', body: `Grüße\r\n${long}` }));
    const got = await full.waitFor((m) => m.content.includes('long-line'));
    assert.ok(longestLine(got.content) <= 998, `longest line ${longestLine(got.content)}`);
    assert.match(got.content.toString('latin1'), /\r\nContent-Transfer-Encoding: quoted-printable\r\n/);
    await dkimpyVerifies(got.content);
  });
});

async function waitForBounce(recipient: string, timeoutMs = 15_000): Promise<string> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const folder = await t.db.folder.findFirstOrThrow({ where: { mailboxId: annaId, name: 'INBOX' } });
    for (const m of await t.db.message.findMany({ where: { folderId: folder.id, subject: 'Undelivered Mail Returned to Sender' } })) {
      const raw = readFileSync(path.join(maild.dataDir, 'blobs', m.blobHash.slice(0, 2), m.blobHash.slice(2, 4), m.blobHash), 'utf8');
      if (raw.includes(recipient)) return raw;
    }
    if (Date.now() > deadline) throw new Error(`no bounce for ${recipient}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}
