// Forwarding per mailbox end to end: mail from outside arrives at the MX
// over SMTP for a mailbox with forwarding; local targets get it in their
// INBOX (read back over IMAP with imapflow), external ones through the
// outbound queue to a fake remote MX with an SRS envelope sender, and the
// mailbox keeps its copy only when asked. Mutual forwards deliver once.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createSrs } from '@kontor/core';
import { CLI_ACTOR, createDomain, createMailbox, setForwarding } from '@kontor/db';
import { createTestDatabase, type TestDatabase } from '@kontor/db/testing';
import { ImapFlow } from 'imapflow';
import nodemailer from 'nodemailer';
import { type FakeMx, startFakeMx } from './lib/fake-mx.ts';
import { type MaildProcess, startMaild } from './lib/maild.ts';

const PASSWORD = 'correct horse battery';
const SRS_SECRET = 'forwarding test srs secret';
const DAY = 86_400_000;
process.env.DKIM_ENCRYPTION_KEY ??= 'kontor test dkim key';

let t: TestDatabase;
let maild: MaildProcess;
let mx: FakeMx;
const mailbox: Record<string, number> = {};

/** Mail from alice@sender.test to the MX, as another server sends it. */
async function receive(to: string, subject: string) {
  const transport = nodemailer.createTransport({ host: '127.0.0.1', port: maild.ports.smtp, name: 'mail.sender.test', tls: { rejectUnauthorized: false } });
  try {
    await transport.sendMail({
      envelope: { from: 'alice@sender.test', to: [to] },
      from: 'Alice <alice@sender.test>',
      to,
      subject,
      text: 'Please pass this on.\n',
      messageId: `<${subject.replace(/\W+/g, '-')}@sender.test>`,
    });
  } finally {
    transport.close();
  }
}

/** The subjects in a mailbox's INBOX, read over IMAP as a mail app does. */
async function inboxSubjects(localPart: string): Promise<string[]> {
  const client = new ImapFlow({
    host: '127.0.0.1',
    port: maild.ports.imaps,
    secure: true,
    tls: { rejectUnauthorized: false },
    auth: { user: `${localPart}@example.com`, pass: PASSWORD },
    logger: false,
  });
  await client.connect();
  try {
    await client.mailboxOpen('INBOX', { readOnly: true });
    const subjects: string[] = [];
    if (client.mailbox && client.mailbox.exists > 0) {
      for await (const message of client.fetch('1:*', { envelope: true })) subjects.push(message.envelope?.subject ?? '');
    }
    return subjects.sort();
  } finally {
    await client.logout();
  }
}

/** Every stored copy of a subject, in any mailbox (a delivery has committed when the MX answers 250). */
async function storedCopies(subject: string): Promise<Array<{ mailboxId: number }>> {
  const rows = await t.db.message.findMany({ where: { subject }, select: { folder: { select: { mailboxId: true, name: true } } } });
  return rows.map((r) => ({ mailboxId: r.folder.mailboxId }));
}

before(async () => {
  t = await createTestDatabase();
  mx = await startFakeMx();
  const domain = await createDomain(t.db, CLI_ACTOR, { name: 'example.com' });
  for (const name of ['anna', 'ben', 'carl', 'dora', 'emil']) {
    mailbox[name] = (await createMailbox(t.db, CLI_ACTOR, { domainId: domain.id, localPart: name, password: PASSWORD })).id;
  }
  // anna: to ben here and a partner outside, keeping her copy.
  await setForwarding(t.db, CLI_ACTOR, mailbox.anna!, { forwardTo: 'ben@example.com\nPartner@remote.test', keepCopy: true });
  // carl: everything to the outside, nothing kept; his autoresponder says so.
  await setForwarding(t.db, CLI_ACTOR, mailbox.carl!, { forwardTo: 'carl.private@remote.test', keepCopy: false });
  await t.db.autoresponder.create({
    data: {
      mailboxId: mailbox.carl!,
      subject: 'Carl is away',
      body: 'Your message was passed on.',
      enabled: true,
      startsAt: new Date(Date.now() - DAY),
      endsAt: new Date(Date.now() + DAY),
    },
  });
  // dora ↔ emil forward to each other, both keeping copies.
  await setForwarding(t.db, CLI_ACTOR, mailbox.dora!, { forwardTo: 'emil@example.com' });
  await setForwarding(t.db, CLI_ACTOR, mailbox.emil!, { forwardTo: 'dora@example.com' });
  maild = await startMaild({
    databaseUrl: t.url,
    dns: {
      'MX:remote.test': [{ exchange: 'mx.remote.test', priority: 10 }],
      'A:mx.remote.test': ['127.0.0.1'],
      'MX:sender.test': [{ exchange: 'mx.remote.test', priority: 10 }],
      'A:mx.sender.test': ['127.0.0.1'],
    },
    env: {
      MAILD_ROLES: 'smtp,imap,workers',
      SMTP_CONNECTIONS_PER_MINUTE: '0',
      OUTBOUND_PORT: String(mx.port),
      QUEUE_RETRY_BASE: '200ms',
      SRS_SECRET,
    },
  });
});

after(async () => {
  await maild?.stop({ cleanup: true });
  await mx?.close();
  await t?.drop();
});

describe('forwarding per mailbox', () => {
  it('keep a copy: the mailbox, the local target (IMAP) and the outside partner (SRS envelope sender) each get it once', async () => {
    await receive('anna@example.com', 'Offer for anna');
    const outside = await mx.waitFor((m) => m.raw.includes('Subject: Offer for anna'));
    assert.deepEqual(outside.rcptTo, ['Partner@remote.test']);
    assert.match(outside.mailFrom, /^SRS0=[^=]{4}=[A-Z2-7]{2}=sender\.test=alice@example\.com$/);
    assert.deepEqual(createSrs(SRS_SECRET).reverse(outside.mailFrom), { ok: true, address: 'alice@sender.test' });
    assert.match(outside.raw, /\r\nFrom: Alice <alice@sender\.test>\r\n/, 'the message itself is unchanged');
    assert.deepEqual(await inboxSubjects('anna'), ['Offer for anna']);
    assert.deepEqual(await inboxSubjects('ben'), ['Offer for anna']);
    assert.equal((await storedCopies('Offer for anna')).length, 2);
    const row = await t.db.deliveryLog.findFirstOrThrow({ where: { rcptTo: 'anna@example.com', direction: 'INBOUND' } });
    assert.equal(row.status, 'accepted');
    assert.equal(row.mailboxId, mailbox.anna);
    assert.deepEqual((row.verdicts as { forwarded?: unknown }).forwarded, [
      { from: 'anna@example.com', to: ['ben@example.com', 'Partner@remote.test'], keepCopy: true },
    ]);
  });

  it('no copy: only the outside address gets it (SRS), logged as forwarded; the autoresponder still answers', async () => {
    await receive('carl@example.com', 'Question for carl');
    const outside = await mx.waitFor((m) => m.raw.includes('Subject: Question for carl'));
    assert.deepEqual(outside.rcptTo, ['carl.private@remote.test']);
    assert.match(outside.mailFrom, /^SRS0=.+=sender\.test=alice@example\.com$/);
    const reply = await mx.waitFor((m) => m.rcptTo.includes('alice@sender.test'));
    assert.equal(reply.mailFrom, '');
    assert.match(reply.raw, /\r\nSubject: Carl is away \(Re: Question for carl\)\r\n/);
    assert.deepEqual(await inboxSubjects('carl'), [], 'nothing stays in carl');
    assert.equal((await storedCopies('Question for carl')).length, 0);
    const row = await t.db.deliveryLog.findFirstOrThrow({ where: { rcptTo: 'carl@example.com', direction: 'INBOUND' } });
    assert.equal(row.status, 'forwarded');
    assert.equal(row.mailboxId, mailbox.carl);
    // The outbound leg is in the log too, under the same queue id.
    const deadline = Date.now() + 10_000;
    let outbound = null;
    while (!outbound && Date.now() < deadline) {
      outbound = await t.db.deliveryLog.findFirst({
        where: { queueId: row.queueId, direction: 'OUTBOUND', rcptTo: 'carl.private@remote.test', status: 'delivered' },
      });
      if (!outbound) await new Promise((r) => setTimeout(r, 100));
    }
    assert.ok(outbound, 'the forward is logged as delivered to the remote MX');
  });

  it('two mailboxes forwarding to each other: one copy each, no ping-pong', async () => {
    await receive('dora@example.com', 'Round and round');
    assert.deepEqual(await inboxSubjects('dora'), ['Round and round']);
    assert.deepEqual(await inboxSubjects('emil'), ['Round and round']);
    // Give a second round the time it would need, then count again.
    await new Promise((r) => setTimeout(r, 1500));
    assert.deepEqual((await storedCopies('Round and round')).map((c) => c.mailboxId).sort(), [mailbox.dora, mailbox.emil].sort());
    assert.equal(mx.messages.filter((m) => m.raw.includes('Round and round')).length, 0, 'nothing left the server');
    assert.equal(await t.db.deliveryLog.count({ where: { messageId: { contains: 'Round-and-round' } } }), 1);
  });

  it('switched off, mail stays in the mailbox again', async () => {
    await setForwarding(t.db, CLI_ACTOR, mailbox.carl!, { enabled: false });
    await receive('carl@example.com', 'After the holiday');
    assert.deepEqual(await inboxSubjects('carl'), ['After the holiday']);
    await new Promise((r) => setTimeout(r, 1000));
    assert.equal(mx.messages.filter((m) => m.raw.includes('Subject: After the holiday')).length, 0);
  });
});
