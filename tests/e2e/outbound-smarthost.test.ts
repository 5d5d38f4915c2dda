// The smarthost path: with RELAY_HOST set, every remote message goes to the
// relay (STARTTLS, AUTH), still DKIM-signed with the sender domain's key.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { CLI_ACTOR, createDomain, createMailbox, domainDnsRecords } from '@kontor/db';
import { createTestDatabase, type TestDatabase } from '@kontor/db/testing';
import { Redis } from 'ioredis';
import { dkimVerify } from 'mailauth';
import nodemailer from 'nodemailer';
import { type FakeMx, startFakeMx } from './lib/fake-mx.ts';
import { type MaildProcess, startMaild, suiteRedisUrl } from './lib/maild.ts';

const PASSWORD = 'correct horse battery';
process.env.DKIM_ENCRYPTION_KEY ??= 'kontor test dkim key';

const REDIS_URL = suiteRedisUrl(12);

let t: TestDatabase;
let maild: MaildProcess;
let relay: FakeMx;

before(async () => {
  const redis = new Redis(REDIS_URL);
  await redis.flushdb();
  redis.disconnect();
  t = await createTestDatabase();
  relay = await startFakeMx({
    auth: { user: 'relay-user', pass: 'relay secret' },
    onRcpt: (rcpt) => (rcpt.startsWith('refused@') ? { code: 554, message: '5.7.1 Relay refuses this recipient' } : undefined),
  });
  const domain = await createDomain(t.db, CLI_ACTOR, { name: 'example.com' });
  await createMailbox(t.db, CLI_ACTOR, { domainId: domain.id, localPart: 'anna', password: PASSWORD });
  // No MX records at all: only the relay can deliver.
  maild = await startMaild({
    databaseUrl: t.url,
    dns: {},
    env: {
      REDIS_URL,
      MAILD_ROLES: 'smtp,workers',
      RELAY_HOST: `127.0.0.1:${relay.port}`,
      RELAY_USER: 'relay-user',
      RELAY_PASSWORD: 'relay secret',
      RELAY_TLS_VERIFY: 'false',
      QUEUE_RETRY_BASE: '200ms',
    },
  });
});

after(async () => {
  await maild?.stop({ cleanup: true });
  await relay?.close();
  await t?.drop();
});

describe('smarthost', () => {
  it('sends every remote message through the relay with STARTTLS and AUTH, DKIM-signed', async () => {
    const transport = nodemailer.createTransport({
      host: '127.0.0.1',
      port: maild.ports.smtps,
      secure: true,
      tls: { rejectUnauthorized: false },
      auth: { user: 'anna@example.com', pass: PASSWORD },
    });
    await transport.sendMail({
      from: 'anna@example.com',
      to: ['bob@anywhere.test', 'carol@elsewhere.test', 'refused@anywhere.test'],
      subject: 'via-relay',
      text: 'Through the smarthost.\n',
    });
    transport.close();
    const first = await relay.waitFor((m) => m.raw.includes('Subject: via-relay') && m.rcptTo.includes('bob@anywhere.test'));
    const second = await relay.waitFor((m) => m.raw.includes('Subject: via-relay') && m.rcptTo.includes('carol@elsewhere.test'));
    for (const received of [first, second]) {
      assert.equal(received.user, 'relay-user', 'authenticated at the relay');
      assert.equal(received.secure, true, 'over TLS');
      assert.equal(received.mailFrom, 'anna@example.com');
    }
    const records = await domainDnsRecords(t.db, CLI_ACTOR, 'example.com', {
      mailHostname: 'mx.kontor.test',
      imapsPort: 993,
      submissionPort: 587,
      smtpsPort: 465,
      pop3sPort: 995,
    });
    const dkim = records.find((r) => r.name === 'kontor._domainkey.example.com')!;
    const verified = await dkimVerify(Buffer.from(first.raw), {
      resolver: async (name: string) => {
        if (name === dkim.name) return [[dkim.value]];
        throw Object.assign(new Error('not found'), { code: 'ENOTFOUND' });
      },
    });
    assert.equal(verified.results[0]?.status.result, 'pass');
    assert.equal(verified.results[0]?.signingDomain, 'example.com');

    // What the relay refuses for good comes back as a bounce.
    const mailbox = await t.db.mailbox.findFirstOrThrow({ where: { localPart: 'anna' } });
    const deadline = Date.now() + 10_000;
    let bounce: Awaited<ReturnType<typeof t.db.message.findFirst>> = null;
    while (!bounce && Date.now() < deadline) {
      bounce = await t.db.message.findFirst({ where: { mailboxId: mailbox.id, subject: 'Undelivered Mail Returned to Sender' } });
      if (!bounce) await new Promise((r) => setTimeout(r, 100));
    }
    assert.ok(bounce, 'bounce for the refused recipient');
    const log = await t.db.deliveryLog.findFirst({ where: { rcptTo: 'bob@anywhere.test', status: 'delivered' } });
    assert.match(log?.remoteHost ?? '', /^127\.0\.0\.1$/);
  });
});
