// Outbound delivery end to end: submission → queue → worker → a fake remote
// MX (tests/e2e/lib/fake-mx.ts) that DNS maps remote.test to. DKIM checked
// with mailauth and with dkimpy; retries, bounces (RFC 3464), expiry, the
// smarthost, a worker killed mid-delivery, and forwarding with SRS.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { generateKeyPairSync } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { createSrs, localPartOf, OUTBOUND_QUEUE, wakeOutboundJob } from '@kontor/core';
import { CLI_ACTOR, cancelOutboundRecipients, createAlias, createDomain, createMailbox, domainDnsRecords } from '@kontor/db';
import { createTestDatabase, type TestDatabase } from '@kontor/db/testing';
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { dkimVerify } from 'mailauth';
import nodemailer from 'nodemailer';
import { signDkim } from '../../apps/maild/src/outbound/dkim-sign.ts';
import { type FakeMx, type FakeReply, startFakeMx } from './lib/fake-mx.ts';
import { type MaildProcess, startMaild, suiteRedisUrl } from './lib/maild.ts';
import { rawSession } from './lib/smtp-session.ts';

const PASSWORD = 'correct horse battery';
const PYTHON = '/usr/bin/python3';
const SRS_SECRET = 'outbound test srs secret';
process.env.DKIM_ENCRYPTION_KEY ??= 'kontor test dkim key';

const REDIS_URL = suiteRedisUrl(11);

/** The signing key of the outside sender whose mail is forwarded. */
const senderKeys = generateKeyPairSync('rsa', { modulusLength: 2048 });
const senderPublic = senderKeys.publicKey.export({ type: 'spki', format: 'der' }).toString('base64');
const senderPrivate = senderKeys.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();

const DNS = {
  'MX:remote.test': [{ exchange: 'mx.remote.test', priority: 10 }],
  'A:mx.remote.test': ['127.0.0.1'],
  'MX:sender.test': [{ exchange: 'mx.remote.test', priority: 10 }],
  'TXT:sender.test': [['v=spf1 ip4:127.0.0.1 -all']],
  'TXT:sel._domainkey.sender.test': [[`v=DKIM1; k=rsa; p=${senderPublic}`]],
  // Nothing listens on 127.0.0.2: the host is down.
  'MX:down.test': [{ exchange: 'mx.down.test', priority: 10 }],
  'A:mx.down.test': ['127.0.0.2'],
  // MTA-STS: both publish a policy id; the policies themselves are in maild's Redis cache (see before()).
  'MX:sts.test': [{ exchange: 'mx.remote.test', priority: 10 }],
  'TXT:_mta-sts.sts.test': [['v=STSv1; id=t1']],
  'MX:sts-nomatch.test': [{ exchange: 'mx.remote.test', priority: 10 }],
  'TXT:_mta-sts.sts-nomatch.test': [['v=STSv1; id=t1']],
};

let t: TestDatabase;
let maild: MaildProcess;
let mx: FakeMx;
let redis: Redis;
let queue: Queue;
const mailbox: Record<string, number> = {};
/** The slow-cancel test: per subject, called with the function that answers the held DATA. */
const slowAttempts = new Map<string, (answer: (reply: FakeReply | undefined) => void) => void>();
/** Released by the crash test. */
let releaseHeld: (() => void) | undefined;
let heldSeen: (() => void) | undefined;

async function inbox(name: string) {
  const folder = await t.db.folder.findFirstOrThrow({ where: { mailboxId: mailbox[name], name: 'INBOX' } });
  return t.db.message.findMany({ where: { folderId: folder.id }, orderBy: { id: 'asc' } });
}

function blobText(sha256: string): string {
  return readFileSync(path.join(maild.dataDir, 'blobs', sha256.slice(0, 2), sha256.slice(2, 4), sha256), 'utf8');
}

async function waitFor<T>(what: string, probe: () => Promise<T | undefined | null | false>, timeoutMs = 15_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

function submit(options: { from?: string; to: string[]; subject: string; text?: string; port?: number }) {
  const transport = nodemailer.createTransport({
    host: '127.0.0.1',
    port: options.port ?? maild.ports.submission,
    secure: false,
    requireTLS: true,
    tls: { rejectUnauthorized: false },
    auth: { user: 'anna@example.com', pass: PASSWORD },
  });
  return transport
    .sendMail({
      from: options.from ?? 'Anna <anna@example.com>',
      to: options.to,
      subject: options.subject,
      text: options.text ?? 'Hello from the outbound test.\n',
      html: '<p>Hello from the <b>outbound</b> test.</p>',
    })
    .finally(() => transport.close());
}

/** The DKIM public key the domain publishes, as `kontor domain dns` prints it. */
async function publishedDkim(domain: string): Promise<{ name: string; value: string }> {
  const records = await domainDnsRecords(t.db, CLI_ACTOR, domain, {
    mailHostname: 'mx.kontor.test',
    imapsPort: 993,
    submissionPort: 587,
    smtpsPort: 465,
    pop3sPort: 995,
  });
  const record = records.find((r) => r.type === 'TXT' && r.name.includes('._domainkey.'));
  assert.ok(record);
  return record;
}

before(async () => {
  redis = new Redis(REDIS_URL, { maxRetriesPerRequest: null });
  await redis.flushdb();
  // Policies as maild caches them after fetching https://mta-sts.DOMAIN/.well-known/mta-sts.txt.
  for (const [domain, mx] of [
    ['sts.test', 'mx.remote.test'],
    ['sts-nomatch.test', 'mx.elsewhere.test'],
  ] as const) {
    await redis.set(`kontor:mta-sts:${domain}`, JSON.stringify({ id: 't1', mode: 'enforce', mx: [mx], maxAge: 86400 }), 'EX', 86400);
  }
  queue = new Queue(OUTBOUND_QUEUE, { connection: redis, prefix: 'kontor' });
  t = await createTestDatabase();
  mx = await startFakeMx({
    onRcpt(rcpt, attempt) {
      const local = localPartOf(rcpt);
      if (local === 'hard') return { code: 550, message: '5.1.1 <hard@remote.test>: Recipient address rejected: User unknown' };
      if (local === 'soft-twice' && attempt <= 2) return { code: 451, message: '4.3.0 Try again later' };
      if (local === 'soft-once' && attempt <= 1) return { code: 451, message: '4.7.1 Greylisted' };
      return undefined;
    },
    holdData(message) {
      const slow = /Subject: (slow-\w+)/.exec(message.raw)?.[1];
      if (slow) return new Promise<FakeReply | undefined>((resolve) => slowAttempts.get(slow)?.(resolve));
      if (!message.raw.includes('Subject: crash-test')) return undefined;
      heldSeen?.();
      return new Promise<undefined>((resolve) => (releaseHeld = () => resolve(undefined)));
    },
  });
  const domain = await createDomain(t.db, CLI_ACTOR, { name: 'example.com' });
  for (const name of ['anna', 'ben']) {
    mailbox[name] = (await createMailbox(t.db, CLI_ACTOR, { domainId: domain.id, localPart: name, password: PASSWORD, quota: '20M' })).id;
  }
  await createAlias(t.db, CLI_ACTOR, { domainId: domain.id, localPart: 'partner', destinations: 'someone@remote.test' });
  maild = await startMaild({
    databaseUrl: t.url,
    dns: DNS,
    env: {
      REDIS_URL,
      REDIS_PREFIX: 'kontor',
      MAILD_ROLES: 'smtp,workers',
      OUTBOUND_PORT: String(mx.port),
      QUEUE_RETRY_BASE: '200ms',
      QUEUE_LIFETIME: '4s',
      QUEUE_LOCK_TIMEOUT: '1s',
      OUTBOUND_CONNECT_TIMEOUT: '2s',
      SRS_SECRET,
    },
  });
});

after(async () => {
  releaseHeld?.();
  await maild?.stop({ cleanup: true });
  await mx?.close();
  await queue?.close();
  redis?.disconnect();
  await t?.drop();
});

describe('delivery to a remote MX', () => {
  it('delivers, DKIM-signed: verified by mailauth and by dkimpy against the published key', async () => {
    await submit({ to: ['bob@remote.test'], subject: 'dkim-check' });
    const received = await mx.waitFor((m) => m.raw.includes('Subject: dkim-check'));
    assert.equal(received.mailFrom, 'anna@example.com');
    assert.deepEqual(received.rcptTo, ['bob@remote.test']);
    assert.equal(received.secure, true, 'STARTTLS used when offered');
    assert.equal(received.helo, 'mx.kontor.test');
    const published = await publishedDkim('example.com');
    assert.equal(published.name, 'kontor._domainkey.example.com');
    const signature = /^DKIM-Signature:.*(?:\r\n[ \t].*)*/m.exec(received.raw)?.[0] ?? '';
    const signed =
      /\bh=([^;]+);/
        .exec(signature.replace(/\r\n[ \t]/g, ''))?.[1]
        ?.split(':')
        .map((h) => h.trim().toLowerCase()) ?? [];
    for (const field of ['from', 'to', 'subject', 'date', 'message-id', 'mime-version', 'content-type'])
      assert.ok(signed.includes(field), `h= covers ${field}: ${signed}`);

    const verified = await dkimVerify(Buffer.from(received.raw), {
      resolver: async (name: string, type: string) => {
        if (type === 'TXT' && name === published.name) return [[published.value]];
        throw Object.assign(new Error('not found'), { code: 'ENOTFOUND' });
      },
    });
    const result = verified.results[0];
    assert.equal(result?.status.result, 'pass');
    assert.equal(result?.signingDomain, 'example.com');

    const script = `
import dkim, sys
record = sys.argv[1].encode()
def dnsfunc(name, timeout=5):
    name = name.decode() if isinstance(name, bytes) else name
    return record if name.rstrip('.') == '${published.name}' else None
print('dkimpy', dkim.verify(sys.stdin.buffer.read(), dnsfunc=dnsfunc))`;
    const child = spawn(PYTHON, ['-c', script, published.value]);
    child.stdin.end(received.raw);
    let out = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (out += d));
    await new Promise((resolve) => child.on('exit', resolve));
    assert.match(out, /dkimpy True/, out);

    const blob = await waitFor('the job to let go of the blob', async () => {
      const log = await t.db.deliveryLog.findFirst({ where: { rcptTo: 'bob@remote.test', status: 'delivered' } });
      return log && (await t.db.blob.findFirst({ where: { refCount: 0 } }));
    });
    assert.equal(blob.refCount, 0, 'the finished job released its blob reference');
  });

  it('retries 451 with backoff: delivered on the third attempt, each attempt logged', async () => {
    await submit({ to: ['soft-twice@remote.test'], subject: 'retry-check' });
    const received = await mx.waitFor((m) => m.raw.includes('Subject: retry-check'), 10_000);
    assert.deepEqual(received.rcptTo, ['soft-twice@remote.test']);
    assert.equal(mx.rcptAttempts.get('soft-twice@remote.test'), 3);
    const rows = await waitFor('three log rows', async () => {
      const r = await t.db.deliveryLog.findMany({
        where: { rcptTo: 'soft-twice@remote.test', direction: 'OUTBOUND', status: { not: 'queued' } },
        orderBy: { id: 'asc' },
      });
      return r.length === 3 && r;
    });
    assert.deepEqual(
      rows.map((r) => r.status),
      ['deferred', 'deferred', 'delivered'],
    );
    assert.match(rows[0]!.remoteResponse, /451 4\.3\.0 Try again later/);
    assert.match(rows[0]!.remoteHost, /mx\.remote\.test\[127\.0\.0\.1\]/);
  });

  it('handles per-recipient results: accepted once, deferred retried, refused bounced with an RFC 3464 report', async () => {
    await submit({ to: ['ok@remote.test', 'soft-once@remote.test', 'hard@remote.test'], subject: 'mixed-check' });
    await mx.waitFor((m) => m.raw.includes('Subject: mixed-check') && m.rcptTo.includes('soft-once@remote.test'), 10_000);
    const copies = mx.messages.filter((m) => m.raw.includes('Subject: mixed-check'));
    assert.deepEqual(
      copies.map((m) => m.rcptTo),
      [['ok@remote.test'], ['soft-once@remote.test']],
      'each recipient got exactly one copy',
    );

    const bounce = await waitFor('the bounce in the sender INBOX', async () =>
      (await inbox('anna')).find((m) => m.subject === 'Undelivered Mail Returned to Sender'),
    );
    const dsn = blobText(bounce.blobHash);
    assert.match(dsn, /^From: Mail Delivery System <MAILER-DAEMON@mx\.kontor\.test>\r\n/m);
    assert.match(dsn, /\r\nAuto-Submitted: auto-replied\r\n/);
    const boundary = /Content-Type: multipart\/report; report-type=delivery-status; boundary="([^"]+)"/.exec(dsn)?.[1];
    assert.ok(boundary, 'multipart/report with report-type=delivery-status');
    const parts = dsn.split(`--${boundary}`).slice(1, -1);
    assert.equal(parts.length, 3);
    assert.match(parts[0]!, /Content-Type: text\/plain/);
    assert.match(parts[0]!, /<hard@remote\.test>: host mx\.remote\.test\[127\.0\.0\.1\] said: 550 5\.1\.1/);
    assert.match(parts[1]!, /^\r\nContent-Type: message\/delivery-status\r\n/);
    const fields = (name: string) => [...parts[1]!.matchAll(new RegExp(`^${name}: (.*)$`, 'gm'))].map((m) => m[1]!.trim());
    assert.deepEqual(fields('Reporting-MTA'), ['dns; mx.kontor.test']);
    assert.deepEqual(fields('Final-Recipient'), ['rfc822; hard@remote.test'], 'only the refused recipient');
    assert.deepEqual(fields('Action'), ['failed']);
    assert.deepEqual(fields('Status'), ['5.1.1']);
    assert.match(fields('Diagnostic-Code')[0] ?? '', /^smtp; 550 5\.1\.1 <hard@remote\.test>: Recipient address rejected/);
    assert.match(parts[2]!, /^\r\nContent-Type: text\/rfc822-headers\r\n/);
    assert.match(parts[2]!, /\r\nSubject: mixed-check\r\n/, 'original headers attached');
    assert.equal(await t.db.deliveryLog.count({ where: { rcptTo: 'hard@remote.test', status: 'bounced' } }), 1);
  });

  it('bounces after the queue lifetime when the remote host stays down', async () => {
    const started = Date.now();
    await submit({ to: ['someone@down.test'], subject: 'down-check' });
    const bounce = await waitFor(
      'the expiry bounce',
      async () => (await inbox('anna')).find((m) => m.subject === 'Undelivered Mail Returned to Sender' && blobText(m.blobHash).includes('someone@down.test')),
      20_000,
    );
    assert.ok(Date.now() - started >= 3500, 'not before the lifetime (4 s)');
    const dsn = blobText(bounce.blobHash);
    assert.match(dsn, /Final-Recipient: rfc822; someone@down\.test/);
    assert.match(dsn, /Action: failed/);
    assert.match(dsn, /gave up after \d+ attempts/);
    const deferred = await t.db.deliveryLog.count({ where: { rcptTo: 'someone@down.test', status: 'deferred' } });
    assert.ok(deferred >= 3, `retried before giving up (${deferred} deferrals)`);
  });

  it('never bounces a bounce: a null-sender message that fails is dropped', async () => {
    const queueId = 'nullsender0000001';
    const stored = await waitFor('a blob', async () => t.db.blob.findFirst({ orderBy: { createdAt: 'desc' } }));
    await t.db.blob.update({ where: { sha256: stored.sha256 }, data: { refCount: { increment: 1 } } });
    await queue.add(
      'deliver',
      { queueId, blobSha256: stored.sha256, size: Number(stored.size), mailFrom: '', recipients: ['hard@remote.test'], kind: 'bounce', createdAt: Date.now() },
      { jobId: `out-${queueId}` },
    );
    const before = (await inbox('anna')).length;
    await waitFor('the job to finish', async () => (await queue.getJob(`out-${queueId}`))?.finishedOn);
    await new Promise((r) => setTimeout(r, 300));
    assert.equal((await inbox('anna')).length, before, 'no DSN for the null sender');
    await maild.waitForLog(/undeliverable message with the null sender: no bounce/);
  });

  it('cancels from the panel: bounced to the sender, or silently', async () => {
    await submit({ to: ['x@down.test'], subject: 'cancel-bounce' });
    await submit({ to: ['y@down.test'], subject: 'cancel-silent' });
    const jobOf = async (rcpt: string) =>
      (await queue.getJobs(['delayed', 'waiting', 'active'])).find((j) => (j.data as { recipients: string[] }).recipients.includes(rcpt));
    for (const [rcpt, cancel] of [
      ['x@down.test', 'bounce'],
      ['y@down.test', 'silent'],
    ] as const) {
      const job = await waitFor(`the delayed job for ${rcpt}`, async () => {
        const j = await jobOf(rcpt);
        return j && (await j.getState()) === 'delayed' && j;
      });
      // What the panel's action does: the conditional cancel (audited) in PostgreSQL, then wake the job.
      await cancelOutboundRecipients(t.db, CLI_ACTOR, String(job.id), cancel);
      await wakeOutboundJob(queue, String(job.id));
    }
    await waitFor('the cancel bounce', async () => (await inbox('anna')).find((m) => blobText(m.blobHash).includes('Final-Recipient: rfc822; x@down.test')));
    await waitFor('the silent cancel to finish', async () => await t.db.deliveryLog.findFirst({ where: { rcptTo: 'y@down.test', status: 'deleted' } }));
    assert.equal((await inbox('anna')).filter((m) => blobText(m.blobHash).includes('Final-Recipient: rfc822; y@down.test')).length, 0);
  });
});

describe('a cancel while an attempt is in flight to a slow MX', () => {
  /** Submits, waits until the fake MX holds the DATA reply, cancels as the panel does, then lets the MX answer. */
  async function cancelDuringAttempt(subject: string, rcpt: string, answer: FakeReply | undefined) {
    const held = new Promise<(reply: FakeReply | undefined) => void>((resolve) => slowAttempts.set(subject, resolve));
    await submit({ to: [rcpt], subject });
    const release = await held;
    const job = await waitFor('the active job', async () =>
      (await queue.getJobs(['active'])).find((j) => (j.data as { recipients: string[] }).recipients.includes(rcpt)),
    );
    const jobId = String(job.id);
    const cancel = await cancelOutboundRecipients(t.db, CLI_ACTOR, jobId, 'bounce');
    await wakeOutboundJob(queue, jobId);
    release(answer);
    await waitFor('the job to finish', async () => (await queue.getJob(jobId))?.finishedOn);
    const row = await t.db.outboundRecipient.findUniqueOrThrow({ where: { jobId_recipient: { jobId, recipient: rcpt } } });
    const audit = await t.db.auditLog.findFirstOrThrow({ where: { targetId: jobId } });
    return { cancel, row, audit };
  }

  it('a deferral is turned into the cancel: bounced to the sender, never tried again', async () => {
    const rcpt = 'slowdefer@remote.test';
    const { cancel, row, audit } = await cancelDuringAttempt('slow-defer', rcpt, { code: 451, message: '4.3.0 Slow and then busy' });
    assert.deepEqual(cancel, { queueId: cancel.queueId, recipients: [], requested: [rcpt] }, 'requested, not applied, while the attempt runs');
    assert.equal(audit.action, 'queue.bounce');
    assert.equal(row.state, 'cancelled', 'the cancel is not lost');
    assert.equal(mx.rcptAttempts.get(rcpt), 1, 'not tried again');
    await waitFor('the cancel bounce', async () => (await inbox('anna')).find((m) => blobText(m.blobHash).includes(`Final-Recipient: rfc822; ${rcpt}`)));
    assert.equal(mx.messages.filter((m) => m.raw.includes('Subject: slow-defer')).length, 0);
  });

  it('a delivery wins over the cancel: delivered once, no bounce, nothing re-sent', async () => {
    const rcpt = 'slowok@remote.test';
    const { cancel, row } = await cancelDuringAttempt('slow-deliver', rcpt, undefined);
    assert.deepEqual(cancel.requested, [rcpt]);
    assert.equal(row.state, 'delivered');
    assert.equal(mx.rcptAttempts.get(rcpt), 1, 'one attempt');
    assert.equal(mx.messages.filter((m) => m.raw.includes('Subject: slow-deliver')).length, 1, 'one copy');
    assert.equal(await t.db.deliveryLog.count({ where: { rcptTo: rcpt, status: { in: ['bounced', 'deleted'] } } }), 0);
    assert.equal((await inbox('anna')).filter((m) => blobText(m.blobHash).includes(`Final-Recipient: rfc822; ${rcpt}`)).length, 0, 'no DSN');
  });
});

describe('MTA-STS', () => {
  it('enforces a policy: only the MX hosts it names, only with a verified certificate', async () => {
    await submit({ to: ['a@sts.test'], subject: 'sts-enforce' });
    await submit({ to: ['b@sts-nomatch.test'], subject: 'sts-nomatch' });
    const tls = await waitFor('the TLS deferral', async () => t.db.deliveryLog.findFirst({ where: { rcptTo: 'a@sts.test', status: 'deferred' } }));
    assert.match(tls.remoteResponse, /certificate/i, 'the self-signed certificate of the fake MX is refused');
    const nomatch = await waitFor('the policy deferral', async () =>
      t.db.deliveryLog.findFirst({ where: { rcptTo: 'b@sts-nomatch.test', status: 'deferred' } }),
    );
    assert.match(nomatch.remoteResponse, /^4\.7\.5 No MX host of sts-nomatch\.test matches its MTA-STS policy/);
    assert.equal(mx.messages.filter((m) => /Subject: sts-/.test(m.raw)).length, 0);
  });
});

describe('a worker killed mid-delivery', () => {
  it('retries the job after a restart; each recipient receives the message exactly once', async () => {
    const seen = new Promise<void>((resolve) => (heldSeen = resolve));
    await submit({ to: ['first@remote.test', 'second@remote.test'], subject: 'crash-test' });
    await seen; // the fake MX holds the DATA reply: the worker is in the middle of the delivery
    await maild.kill();
    // Release only once the fake MX has seen the dead client's connection close, so it drops
    // the message (no 250 was given) instead of racing the close.
    for (const deadline = Date.now() + 10_000; mx.openConnections() > 0 && Date.now() < deadline; ) await new Promise((r) => setTimeout(r, 20));
    releaseHeld?.();
    assert.equal(mx.messages.filter((m) => m.raw.includes('Subject: crash-test')).length, 0);
    maild = await startMaild({
      databaseUrl: t.url,
      dataDir: maild.dataDir,
      ports: maild.ports,
      dns: DNS,
      env: {
        REDIS_URL,
        REDIS_PREFIX: 'kontor',
        MAILD_ROLES: 'smtp,workers',
        OUTBOUND_PORT: String(mx.port),
        QUEUE_RETRY_BASE: '200ms',
        QUEUE_LIFETIME: '60s',
        QUEUE_LOCK_TIMEOUT: '1s',
        SRS_SECRET,
      },
    });
    heldSeen = undefined;
    // The second delivery is held too; let it through this time.
    const released = setInterval(() => releaseHeld?.(), 50);
    try {
      await mx.waitFor((m) => m.raw.includes('Subject: crash-test'), 20_000);
      await new Promise((r) => setTimeout(r, 1500));
    } finally {
      clearInterval(released);
    }
    const copies = mx.messages.filter((m) => m.raw.includes('Subject: crash-test'));
    const perRecipient = copies.flatMap((m) => m.rcptTo).sort();
    assert.deepEqual(perRecipient, ['first@remote.test', 'second@remote.test'], 'exactly once per recipient');
    await maild.waitForLog(/outbound job stalled|outbound job finished/);
  });
});

describe('forwarding with SRS', () => {
  it('forwards with an SRS envelope sender, headers and the original DKIM signature intact', async () => {
    const raw = `From: Alice <alice@sender.test>\r\nTo: partner@example.com\r\nSubject: srs-check\r\nDate: ${new Date().toUTCString()}\r\nMessage-ID: <srs-check@sender.test>\r\n\r\nPlease forward me.\r\n`;
    const { signatures } = await signDkim(raw, {
      canonicalization: 'relaxed/relaxed',
      signatureData: [{ signingDomain: 'sender.test', selector: 'sel', privateKey: senderPrivate }],
    });
    assert.match(signatures, /^DKIM-Signature: /);
    const transport = nodemailer.createTransport({ host: '127.0.0.1', port: maild.ports.smtp, name: 'mail.sender.test', tls: { rejectUnauthorized: false } });
    await transport.sendMail({ envelope: { from: 'alice@sender.test', to: ['partner@example.com'] }, raw: signatures + raw });
    transport.close();
    const received = await mx.waitFor((m) => m.raw.includes('Subject: srs-check'));
    assert.deepEqual(received.rcptTo, ['someone@remote.test']);
    assert.match(received.mailFrom, /^SRS0=[^=]{4}=[A-Z2-7]{2}=sender\.test=alice@example\.com$/);
    assert.deepEqual(createSrs(SRS_SECRET).reverse(received.mailFrom), { ok: true, address: 'alice@sender.test' });
    assert.ok(received.raw.includes(signatures), 'the original DKIM-Signature is passed on unchanged');
    const verified = await dkimVerify(Buffer.from(received.raw), {
      resolver: async (name: string) => {
        if (name === 'sel._domainkey.sender.test') return [[`v=DKIM1; k=rsa; p=${senderPublic}`]];
        throw Object.assign(new Error('not found'), { code: 'ENOTFOUND' });
      },
    });
    assert.equal(verified.results.find((r) => r.signingDomain === 'sender.test')?.status.result, 'pass', JSON.stringify(verified.results));
  });

  it('accepts a bounce to an SRS address and sends it back to the original sender', async () => {
    const srsAddress = createSrs(SRS_SECRET).forward('alice@sender.test', 'example.com');
    const replies = await rawSession(maild.ports.smtp, [
      ...['EHLO mx.remote.test', 'MAIL FROM:<>', `RCPT TO:<${srsAddress}>`, 'RCPT TO:<SRS0=AAAA=AA=sender.test=alice@example.com>', 'DATA'].map(
        (c) => `${c}\r\n`,
      ),
      'From: MAILER-DAEMON@mx.remote.test\r\nTo: alice@sender.test\r\nSubject: srs-bounce\r\n\r\nUndeliverable.\r\n.\r\nQUIT\r\n',
    ]);
    assert.match(replies[2] ?? '', /^250/, `SRS recipient accepted: ${replies.join(' | ')}`);
    assert.match(replies[3] ?? '', /^550 5\.1\.1/, 'a forged SRS address is refused');
    const received = await mx.waitFor((m) => m.raw.includes('Subject: srs-bounce'));
    assert.equal(received.mailFrom, '');
    assert.deepEqual(received.rcptTo, ['alice@sender.test']);
  });
});
