// Autoresponders (RFC 3834) end to end: mail arrives at the MX, the
// autoreply job answers through the outbound queue to a fake remote MX.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { CLI_ACTOR, createAlias, createDomain, createMailbox } from '@kontor/db';
import { createTestDatabase, type TestDatabase } from '@kontor/db/testing';
import { Redis } from 'ioredis';
import nodemailer from 'nodemailer';
import { type FakeMx, type ReceivedMessage, startFakeMx } from './lib/fake-mx.ts';
import { type MaildProcess, startMaild, suiteRedisUrl } from './lib/maild.ts';

const PASSWORD = 'correct horse battery';
process.env.DKIM_ENCRYPTION_KEY ??= 'kontor test dkim key';
const DAY = 86_400_000;

const REDIS_URL = suiteRedisUrl(9);

let t: TestDatabase;
let maild: MaildProcess;
let mx: FakeMx;
const mailbox: Record<string, number> = {};

/** Mail from outside to the MX. */
async function receive(options: {
  from: string;
  to: string;
  subject: string;
  headers?: Record<string, string>;
  messageId?: string;
  /** The To: and Cc: fields when they differ from the envelope (a Bcc copy). */
  toHeader?: string;
  cc?: string;
}) {
  const transport = nodemailer.createTransport({ host: '127.0.0.1', port: maild.ports.smtp, name: 'mail.remote.test', tls: { rejectUnauthorized: false } });
  try {
    await transport.sendMail({
      envelope: { from: options.from, to: [options.to] },
      from: options.from || 'MAILER-DAEMON@remote.test',
      to: options.toHeader ?? options.to,
      cc: options.cc,
      subject: options.subject,
      text: 'Are you there?\n',
      headers: options.headers,
      messageId: options.messageId,
    });
  } finally {
    transport.close();
  }
}

async function waitForLog(pattern: RegExp, timeoutMs = 10_000) {
  const deadline = Date.now() + timeoutMs;
  while (!pattern.test(maild.output())) {
    if (Date.now() > deadline) throw new Error(`no log line matching ${pattern}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

const repliesTo = (rcpt: string) => mx.messages.filter((m) => m.rcptTo.includes(rcpt));

before(async () => {
  const redis = new Redis(REDIS_URL);
  await redis.flushdb();
  redis.disconnect();
  t = await createTestDatabase();
  mx = await startFakeMx();
  const domain = await createDomain(t.db, CLI_ACTOR, { name: 'example.com' });
  for (const name of ['anna', 'ben', 'colleague']) {
    mailbox[name] = (await createMailbox(t.db, CLI_ACTOR, { domainId: domain.id, localPart: name, password: PASSWORD })).id;
  }
  await t.db.mailbox.update({ where: { id: mailbox.anna! }, data: { displayName: 'Anna Berg' } });
  await createAlias(t.db, CLI_ACTOR, { domainId: domain.id, localPart: 'sales', destinations: 'anna@example.com' });
  const now = Date.now();
  await t.db.autoresponder.create({
    data: {
      mailboxId: mailbox.anna!,
      subject: 'Out of office',
      body: 'I am away until Monday.\nAnna',
      enabled: true,
      intervalDays: 4,
      startsAt: new Date(now - DAY),
      endsAt: new Date(now + DAY),
    },
  });
  // Ben's holiday starts tomorrow: no replies yet.
  await t.db.autoresponder.create({ data: { mailboxId: mailbox.ben!, subject: 'On holiday', body: 'Away.', enabled: true, startsAt: new Date(now + DAY) } });
  maild = await startMaild({
    databaseUrl: t.url,
    dns: { 'MX:remote.test': [{ exchange: 'mx.remote.test', priority: 10 }], 'A:mx.remote.test': ['127.0.0.1'] },
    env: { REDIS_URL, MAILD_ROLES: 'smtp,workers', OUTBOUND_PORT: String(mx.port), QUEUE_RETRY_BASE: '200ms' },
  });
});

after(async () => {
  await maild?.stop({ cleanup: true });
  await mx?.close();
  await t?.drop();
});

describe('autoresponder', () => {
  let reply: ReceivedMessage;

  it('answers a person once, with RFC 3834 headers, the null sender and a DKIM signature', async () => {
    await receive({
      from: 'bob@remote.test',
      to: 'anna@example.com',
      subject: 'Meeting on Friday',
      messageId: '<meeting-1@remote.test>',
      headers: { References: '<thread-0@remote.test>' },
    });
    reply = await mx.waitFor((m) => m.rcptTo.includes('bob@remote.test'));
    assert.equal(reply.mailFrom, '', 'envelope sender <>');
    assert.match(reply.raw, /\r\nFrom: "Anna Berg" <anna@example\.com>\r\n/);
    assert.match(reply.raw, /\r\nTo: <bob@remote\.test>\r\n/);
    assert.match(reply.raw, /\r\nSubject: Out of office \(Re: Meeting on Friday\)\r\n/);
    assert.match(reply.raw, /\r\nAuto-Submitted: auto-replied\r\n/);
    assert.match(reply.raw, /\r\nIn-Reply-To: <meeting-1@remote\.test>\r\n/);
    assert.match(reply.raw, /\r\nReferences: <thread-0@remote\.test> <meeting-1@remote\.test>\r\n/);
    assert.match(reply.raw, /^DKIM-Signature: v=1; a=rsa-sha256; c=relaxed\/relaxed; d=example\.com;/);
    const body = reply.raw.slice(reply.raw.indexOf('\r\n\r\n') + 4);
    assert.equal(Buffer.from(body, 'base64').toString(), 'I am away until Monday.\r\nAnna');
    // The original is in the INBOX as usual.
    const folder = await t.db.folder.findFirstOrThrow({ where: { mailboxId: mailbox.anna, name: 'INBOX' } });
    assert.equal(await t.db.message.count({ where: { folderId: folder.id, subject: 'Meeting on Friday' } }), 1);
  });

  it('does not answer the same sender twice within the interval, nor lists, bounces, machines or a mailbox out of its dates', async () => {
    await receive({ from: 'bob@remote.test', to: 'anna@example.com', subject: 'Meeting, again' });
    await receive({
      from: 'news@remote.test',
      to: 'anna@example.com',
      subject: 'Newsletter',
      headers: { Precedence: 'list', 'List-Id': '<news.remote.test>' },
    });
    await receive({ from: 'bulk@remote.test', to: 'anna@example.com', subject: 'Bulk', headers: { Precedence: 'bulk' } });
    await receive({ from: 'robot@remote.test', to: 'anna@example.com', subject: 'Automatic', headers: { 'Auto-Submitted': 'auto-generated' } });
    await receive({ from: '', to: 'anna@example.com', subject: 'Delivery failure' });
    await receive({ from: 'noreply@remote.test', to: 'anna@example.com', subject: 'Your invoice' });
    await receive({ from: 'dave@remote.test', to: 'ben@example.com', subject: 'For Ben' });
    // A later message that does get an answer: once it is out, the ones before have been decided.
    await receive({ from: 'marker@remote.test', to: 'anna@example.com', subject: 'Marker' });
    await mx.waitFor((m) => m.rcptTo.includes('marker@remote.test'));
    await new Promise((r) => setTimeout(r, 1000));
    assert.equal(repliesTo('bob@remote.test').length, 1, 'bob is answered once per interval');
    for (const rcpt of ['news@remote.test', 'bulk@remote.test', 'robot@remote.test', 'noreply@remote.test', 'dave@remote.test']) {
      assert.equal(repliesTo(rcpt).length, 0, `no reply to ${rcpt}`);
    }
    assert.equal(mx.messages.filter((m) => m.raw.includes('Delivery failure')).length, 0);
    assert.equal(mx.messages.length, 2, mx.messages.map((m) => m.rcptTo.join(',')).join(' | '));
    const log = maild.output();
    assert.match(log, /"reason":"Precedence: list"/);
    assert.match(log, /no autoreply: answered within the interval/);
  });

  it('answers again after the interval', async () => {
    const autoresponder = await t.db.autoresponder.findUniqueOrThrow({ where: { mailboxId: mailbox.anna } });
    await t.db.autoresponderReply.updateMany({
      where: { autoresponderId: autoresponder.id, sender: 'bob@remote.test' },
      data: { repliedAt: new Date(Date.now() - 5 * DAY) },
    });
    await receive({ from: 'bob@remote.test', to: 'anna@example.com', subject: 'Back yet?' });
    await mx.waitFor((m) => m.rcptTo.includes('bob@remote.test') && m.raw.includes('(Re: Back yet?)'));
    assert.equal(repliesTo('bob@remote.test').length, 2);
  });

  it('does not answer a Bcc copy, but answers when an alias of the mailbox is in Cc (RFC 5230 §4.5)', async () => {
    // Envelope to anna, To:/Cc: name others: anna got a blind copy.
    await receive({ from: 'erin@remote.test', to: 'anna@example.com', toHeader: 'team@remote.test', cc: 'boss@remote.test', subject: 'Blind copy' });
    await receive({ from: 'frank@remote.test', to: 'anna@example.com', toHeader: 'team@remote.test', cc: 'Sales <SALES@example.com>', subject: 'Offer' });
    const answered = await mx.waitFor((m) => m.rcptTo.includes('frank@remote.test'));
    assert.match(answered.raw, /\(Re: Offer\)/);
    // Both were queued before; the alias one is answered, so the Bcc one has been decided.
    await waitForLog(/"sender":"erin@remote\.test","reason":"mailbox not named in To or Cc \(a Bcc copy\)"/);
    assert.equal(repliesTo('erin@remote.test').length, 0, 'no reply to a Bcc copy');
  });

  it('answers a colleague in this server directly into their INBOX', async () => {
    const transport = nodemailer.createTransport({
      host: '127.0.0.1',
      port: maild.ports.submission,
      requireTLS: true,
      tls: { rejectUnauthorized: false },
      auth: { user: 'colleague@example.com', pass: PASSWORD },
    });
    await transport.sendMail({ from: 'colleague@example.com', to: 'anna@example.com', subject: 'Lunch?', text: 'Lunch?\n' });
    transport.close();
    const folder = await t.db.folder.findFirstOrThrow({ where: { mailboxId: mailbox.colleague, name: 'INBOX' } });
    const deadline = Date.now() + 10_000;
    let found = null;
    while (!found && Date.now() < deadline) {
      found = await t.db.message.findFirst({ where: { folderId: folder.id, subject: 'Out of office (Re: Lunch?)' } });
      if (!found) await new Promise((r) => setTimeout(r, 100));
    }
    assert.ok(found, 'autoreply in the colleague INBOX');
  });
});
