// Receiving mail end to end: maild as its own process, real PostgreSQL,
// driven by clients nobody here wrote (Python smtplib, swaks, nodemailer).
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { generateKeyPairSync } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { promisify } from 'node:util';
import { CLI_ACTOR, createAlias, createDomain, createMailbox } from '@kontor/db';
import { createTestDatabase, type TestDatabase } from '@kontor/db/testing';
import { type Job, Queue } from 'bullmq';
import { Redis } from 'ioredis';
import nodemailer from 'nodemailer';
import { signDkim } from '../../apps/maild/src/outbound/dkim-sign.ts';
import { type MaildProcess, startMaild } from './lib/maild.ts';
import { rawSession } from './lib/smtp-session.ts';

const run = promisify(execFile);
const PASSWORD = 'correct horse battery';
const PYTHON = '/usr/bin/python3';

const dkimKeys = generateKeyPairSync('rsa', { modulusLength: 2048 });
const dkimPublic = dkimKeys.publicKey.export({ type: 'spki', format: 'der' }).toString('base64');
const dkimPrivate = dkimKeys.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();

/** The outside world's DNS as the daemon sees it. */
const DNS = {
  'TXT:sender.test': [['v=spf1 ip4:127.0.0.1 -all']],
  'TXT:sel._domainkey.sender.test': [[`v=DKIM1; k=rsa; p=${dkimPublic}`]],
  'TXT:_dmarc.sender.test': [['v=DMARC1; p=reject']],
  'TXT:spf-fail.test': [['v=spf1 ip4:192.0.2.1 -all']],
  'TXT:strict.test': [['v=spf1 ip4:192.0.2.1 -all']],
  'TXT:_dmarc.strict.test': [['v=DMARC1; p=reject']],
};

let t: TestDatabase;
let maild: MaildProcess;
const mailbox: Record<string, number> = {};

async function messagesOf(name: string) {
  return t.db.message.findMany({ where: { mailboxId: mailbox[name] }, orderBy: { id: 'asc' } });
}

function blobText(sha256: string): string {
  return readFileSync(path.join(maild.dataDir, 'blobs', sha256.slice(0, 2), sha256.slice(2, 4), sha256), 'utf8');
}

function message(subject: string, { from = 'alice@sender.test', to = 'info@example.com', body = 'Hello from the test.\r\n', extra = '' } = {}) {
  return `From: Alice <${from}>\r\nTo: ${to}\r\nSubject: ${subject}\r\nDate: ${new Date().toUTCString()}\r\nMessage-ID: <${subject.replace(/\W/g, '')}.${Date.now()}@sender.test>\r\n${extra}\r\n${body}`;
}

before(async () => {
  t = await createTestDatabase();
  const example = await createDomain(t.db, CLI_ACTOR, { name: 'example.com' });
  const shop = await createDomain(t.db, CLI_ACTOR, { name: 'shop.example' });
  for (const [name, quota] of [
    ['info', '10M'],
    ['anna', '10M'],
    ['ben', '10M'],
    ['tiny', '2K'],
  ] as const) {
    mailbox[name] = (await createMailbox(t.db, CLI_ACTOR, { domainId: example.id, localPart: name, password: PASSWORD, quota })).id;
  }
  await createAlias(t.db, CLI_ACTOR, { domainId: example.id, localPart: 'team', destinations: 'anna@example.com, ben@example.com' });
  await createAlias(t.db, CLI_ACTOR, { domainId: example.id, localPart: 'partner', destinations: 'someone@remote.test' });
  await createAlias(t.db, CLI_ACTOR, { domainId: shop.id, localPart: '*', destinations: 'info@example.com' });
  maild = await startMaild({ databaseUrl: t.url, dns: DNS, env: { MAX_MESSAGE_SIZE: '200K', MAILD_ROLES: 'smtp' } });
});

after(async () => {
  await maild?.stop({ cleanup: true });
  await t?.drop();
});

describe('inbound SMTP with Python smtplib', () => {
  it('delivers to a local mailbox over STARTTLS, with trace and authentication headers', async () => {
    const script = `
import smtplib, ssl, sys
ctx = ssl.create_default_context(); ctx.check_hostname = False; ctx.verify_mode = ssl.CERT_NONE
s = smtplib.SMTP('127.0.0.1', ${maild.ports.smtp}, local_hostname='client.sender.test')
s.ehlo(); assert s.has_extn('starttls'), 'no STARTTLS'
for ext in ('pipelining', '8bitmime', 'smtputf8', 'size', 'enhancedstatuscodes'):
    assert s.has_extn(ext), 'missing ' + ext
s.starttls(context=ctx); s.ehlo()
r = s.sendmail('alice@sender.test', ['info@example.com'], sys.stdin.read().encode())
print('refused', r)
s.quit()`;
    const child = execFile(PYTHON, ['-c', script]);
    child.stdin!.end(message('smtplib-starttls'));
    const [code, out] = await new Promise<[number | null, string]>((resolve) => {
      let text = '';
      child.stdout!.on('data', (d) => (text += d));
      child.stderr!.on('data', (d) => (text += d));
      child.on('exit', (c) => resolve([c, text]));
    });
    assert.equal(code, 0, out);
    const [stored] = (await messagesOf('info')).filter((m) => m.subject === 'smtplib-starttls');
    assert.ok(stored, 'message stored in INBOX');
    const text = blobText(stored.blobHash);
    assert.match(text, /^Received: from client\.sender\.test \(\[127\.0\.0\.1\]\)\r\n\tby mx\.kontor\.test \(Kontor\) with ESMTPS/);
    assert.match(text, /Authentication-Results: mx\.kontor\.test;/);
    assert.match(text, /spf=pass/);
    const inbox = await t.db.folder.findFirstOrThrow({ where: { mailboxId: mailbox.info, name: 'INBOX' } });
    assert.equal(stored.folderId, inbox.id);
    const mb = await t.db.mailbox.findUniqueOrThrow({ where: { id: mailbox.info } });
    assert.equal(mb.messageCount >= 1, true);
    assert.equal(mb.usedBytes >= BigInt(stored.size), true);
    const log = await t.db.deliveryLog.findFirst({ where: { rcptTo: 'info@example.com', status: 'accepted' } });
    assert.ok(log, 'delivery log row');
  });

  it('refuses a declared SIZE over quota with 452 at RCPT', async () => {
    const script = `
import smtplib
s = smtplib.SMTP('127.0.0.1', ${maild.ports.smtp})
s.ehlo('client.sender.test')
s.mail('alice@sender.test', ['SIZE=5000'])
print(s.rcpt('tiny@example.com'))
s.quit()`;
    const { stdout } = await run(PYTHON, ['-c', script]);
    assert.match(stdout, /\(452, b'4\.2\.2 /);
  });
});

describe('inbound SMTP with swaks', () => {
  const swaks = (args: string[]) =>
    run('swaks', ['--server', '127.0.0.1', '--port', String(maild.ports.smtp), '--helo', 'client.sender.test', '--from', 'alice@sender.test', ...args]).then(
      (r) => ({ code: 0, out: r.stdout + r.stderr }),
      (e: { code: number; stdout: string; stderr: string }) => ({ code: e.code, out: e.stdout + e.stderr }),
    );

  it('delivers without TLS and with STARTTLS', async () => {
    const plain = await swaks(['--to', 'info@example.com', '--header', 'Subject: swaks-plain']);
    assert.equal(plain.code, 0, plain.out);
    const tls = await swaks(['--to', 'info@example.com', '-tls', '--header', 'Subject: swaks-tls']);
    assert.equal(tls.code, 0, tls.out);
    assert.match(tls.out, /250 2\.6\.0 Message accepted/);
    const subjects = (await messagesOf('info')).map((m) => m.subject);
    assert.ok(subjects.includes('swaks-plain') && subjects.includes('swaks-tls'), subjects.join());
  });

  it('expands an alias to each mailbox once, and a catch-all to its target', async () => {
    const r = await swaks(['--to', 'team@example.com,anna@example.com', '--header', 'Subject: to-team']);
    assert.equal(r.code, 0, r.out);
    assert.equal((await messagesOf('anna')).filter((m) => m.subject === 'to-team').length, 1);
    assert.equal((await messagesOf('ben')).filter((m) => m.subject === 'to-team').length, 1);
    const c = await swaks(['--to', 'anything@shop.example', '--header', 'Subject: catch-all']);
    assert.equal(c.code, 0, c.out);
    assert.equal((await messagesOf('info')).filter((m) => m.subject === 'catch-all').length, 1);
  });

  it('stores one blob for a message to several mailboxes', async () => {
    const r = await swaks(['--to', 'info@example.com,anna@example.com,ben@example.com', '--header', 'Subject: shared-blob']);
    assert.equal(r.code, 0, r.out);
    const copies = await t.db.message.findMany({ where: { subject: 'shared-blob' } });
    assert.equal(copies.length, 3);
    assert.equal(new Set(copies.map((c) => c.blobHash)).size, 1);
    const blob = await t.db.blob.findUniqueOrThrow({ where: { sha256: copies[0]!.blobHash } });
    assert.equal(blob.refCount, 3);
  });

  it('queues a copy for an alias that forwards outside, holding the blob', async () => {
    const r = await swaks(['--to', 'partner@example.com', '--header', 'Subject: forwarded']);
    assert.equal(r.code, 0, r.out);
    const queueId = /Message accepted as (\w+)/.exec(r.out)?.[1];
    assert.ok(queueId, r.out);
    const redis = new Redis('redis://127.0.0.1:6379');
    try {
      const queue = new Queue('kontor-outbound', { connection: redis, prefix: maild.redisPrefix });
      // The forward is an outbox row of the delivery; the relay adds it as `outbox-<row id>` right after the commit.
      let job: Job | undefined;
      for (const deadline = Date.now() + 10_000; !job && Date.now() < deadline; await new Promise((r) => setTimeout(r, 50))) {
        job = (await queue.getJobs(['waiting', 'delayed', 'active', 'prioritized'])).find((j) => j.data.queueId === queueId);
      }
      assert.match(String(job?.id), /^outbox-\d+$/);
      assert.deepEqual(job?.data.recipients, ['someone@remote.test']);
      const blob = await t.db.blob.findUniqueOrThrow({ where: { sha256: job!.data.blobSha256 } });
      assert.equal(blob.refCount, 1, 'the job holds the blob');
      await job!.remove();
      await queue.close();
    } finally {
      redis.disconnect();
    }
    const log = await t.db.deliveryLog.findFirst({ where: { rcptTo: 'partner@example.com', status: 'forwarded' } });
    assert.ok(log);
  });

  it('refuses unknown users (550 5.1.1) and relaying (550 5.7.1)', async () => {
    const unknown = await swaks(['--to', 'nobody@example.com', '--quit-after', 'RCPT']);
    assert.match(unknown.out, /550 5\.1\.1 No such user here/);
    const relay = await swaks(['--to', 'victim@gmail.com', '--quit-after', 'RCPT']);
    assert.match(relay.out, /550 5\.7\.1 Relay access denied/);
    const refused = await t.db.deliveryLog.findFirst({ where: { rcptTo: 'victim@gmail.com', status: 'rejected' } });
    assert.ok(refused);
  });

  it('refuses an oversized message with 552 while streaming', async () => {
    const file = path.join(maild.dataDir, 'too-big.eml');
    writeFileSync(file, message('too-big', { body: `${'x'.repeat(998)}\r\n`.repeat(300) }));
    const r = await swaks(['--to', 'info@example.com', '--data', file]);
    assert.match(r.out, /552 5\.3\.4/);
    assert.equal((await messagesOf('info')).filter((m) => m.subject === 'too-big').length, 0);
  });

  it('answers 452 when the message does not fit the quota, storing nothing', async () => {
    const r = await swaks(['--to', 'tiny@example.com', '--header', 'Subject: over-quota', '--body', 'y'.repeat(4000)]);
    assert.match(r.out, /452 4\.2\.2/);
    assert.equal((await messagesOf('tiny')).length, 0);
  });

  it('accepts a pipelined transaction', async () => {
    const r = await swaks(['--to', 'info@example.com', '--pipeline', '--header', 'Subject: pipelined']);
    assert.equal(r.code, 0, r.out);
    assert.match(r.out, /PIPELINING/);
  });
});

describe('inbound SMTP with nodemailer', () => {
  it('delivers over STARTTLS', async () => {
    const transport = nodemailer.createTransport({
      host: '127.0.0.1',
      port: maild.ports.smtp,
      secure: false,
      requireTLS: true,
      tls: { rejectUnauthorized: false },
      name: 'client.sender.test',
    });
    const info = await transport.sendMail({ from: 'alice@sender.test', to: 'ben@example.com', subject: 'nodemailer', text: 'Hi Ben' });
    assert.deepEqual(info.accepted, ['ben@example.com']);
    assert.equal((await messagesOf('ben')).filter((m) => m.subject === 'nodemailer').length, 1);
  });
});

describe('malformed input', () => {
  it('answers garbage, over-long lines and bad addresses with 5xx and keeps the session', async () => {
    const replies = await rawSession(maild.ports.smtp, [
      'EHLO client.sender.test\r\n',
      'GARBAGE COMMAND\r\n',
      `${'X'.repeat(2048)}\r\n`,
      'MAIL FROM:<not an address>\r\n',
      `MAIL FROM:<${'a'.repeat(2000)}@sender.test>\r\n`,
      'MAIL FROM:<alice@sender.test>\r\n',
      'RCPT TO:<@@@>\r\n',
      'RCPT TO:<info@example.com>\r\n',
      'NOOP\r\n',
      'QUIT\r\n',
    ]);
    assert.match(replies[0]!, /^250 /);
    assert.match(replies[1]!, /^5\d\d /);
    assert.match(replies[2]!, /^5\d\d /);
    assert.match(replies[3]!, /^5\d\d /);
    assert.match(replies[4]!, /^5\d\d 5\.1\.7 /);
    assert.match(replies[5]!, /^250 /);
    assert.match(replies[6]!, /^5\d\d /);
    assert.match(replies[7]!, /^250 /);
    assert.match(replies[8]!, /^250 /);
    assert.match(replies[9]!, /^221 /);
  });

  it('answers pipelined commands in order, then takes the message', async () => {
    const replies = await rawSession(maild.ports.smtp, [
      'EHLO client.sender.test\r\n',
      { send: 'MAIL FROM:<alice@sender.test>\r\nRCPT TO:<info@example.com>\r\nRCPT TO:<nobody@example.com>\r\nDATA\r\n', replies: 4 },
      `${message('raw-pipelined')}\r\n.\r\n`,
      { send: 'MAIL FROM:<alice@sender.test>\r\nRCPT TO:<anna@example.com>\r\nDATA\r\n', replies: 3 },
      `${message('raw-pipelined-2', { to: 'anna@example.com' })}\r\n.\r\n`,
      'QUIT\r\n',
    ]);
    assert.deepEqual(
      replies.map((r) => r.slice(0, 3)),
      ['250', '250', '250', '550', '354', '250', '250', '250', '354', '250', '221'],
    );
    assert.equal((await messagesOf('info')).filter((m) => m.subject === 'raw-pipelined').length, 1);
    assert.equal((await messagesOf('anna')).filter((m) => m.subject === 'raw-pipelined-2').length, 1);
  });
});

describe('SPF, DKIM and DMARC', () => {
  async function sendRaw(raw: string, from: string, to = 'info@example.com') {
    const transport = nodemailer.createTransport({
      host: '127.0.0.1',
      port: maild.ports.smtp,
      secure: false,
      tls: { rejectUnauthorized: false },
      name: 'client.sender.test',
    });
    return transport.sendMail({ envelope: { from, to: [to] }, raw });
  }
  async function storedBySubject(subject: string) {
    const m = await t.db.message.findFirst({ where: { subject } });
    assert.ok(m, `message ${subject} stored`);
    return { message: m, text: blobText(m.blobHash) };
  }

  it('passes DKIM, SPF and DMARC for a correctly signed message from an allowed IP', async () => {
    const raw = message('dkim-good');
    const { signatures } = await signDkim(raw, { signatureData: [{ signingDomain: 'sender.test', selector: 'sel', privateKey: dkimPrivate }] });
    await sendRaw(signatures + raw, 'alice@sender.test');
    const { text } = await storedBySubject('dkim-good');
    assert.match(text, /dkim=pass/);
    assert.match(text, /spf=pass/);
    assert.match(text, /dmarc=pass/);
  });

  it('fails DKIM when the body was altered after signing (SPF still passes, DMARC passes on SPF)', async () => {
    const raw = message('dkim-altered');
    const { signatures } = await signDkim(raw, { signatureData: [{ signingDomain: 'sender.test', selector: 'sel', privateKey: dkimPrivate }] });
    await sendRaw(signatures + raw.replace('Hello from the test.', 'Hello from the forger.'), 'alice@sender.test');
    const { text } = await storedBySubject('dkim-altered');
    assert.match(text, /dkim=fail/);
  });

  it('fails SPF for a client IP the domain does not allow', async () => {
    await sendRaw(message('spf-fail', { from: 'bob@spf-fail.test' }), 'bob@spf-fail.test');
    const { text } = await storedBySubject('spf-fail');
    assert.match(text, /spf=fail/);
  });

  it('rejects a message failing DMARC from a p=reject domain with 550 5.7.1', async () => {
    await assert.rejects(sendRaw(message('dmarc-reject', { from: 'ceo@strict.test' }), 'ceo@strict.test'), /550 5\.7\.1/);
    assert.equal(await t.db.message.count({ where: { subject: 'dmarc-reject' } }), 0);
  });

  it('files it under Junk instead when the policy in config says quarantine', async () => {
    const quarantining = await startMaild({ databaseUrl: t.url, dns: DNS, env: { DMARC_REJECT_ACTION: 'quarantine', MAILD_ROLES: 'smtp' } });
    try {
      const transport = nodemailer.createTransport({
        host: '127.0.0.1',
        port: quarantining.ports.smtp,
        secure: false,
        tls: { rejectUnauthorized: false },
        name: 'client.sender.test',
      });
      await transport.sendMail({
        envelope: { from: 'ceo@strict.test', to: ['info@example.com'] },
        raw: message('dmarc-quarantine', { from: 'ceo@strict.test' }),
      });
      const stored = await t.db.message.findFirstOrThrow({ where: { subject: 'dmarc-quarantine' }, include: { folder: true } });
      assert.equal(stored.folder.name, 'Junk');
    } finally {
      await quarantining.stop({ cleanup: true });
    }
  });
});
