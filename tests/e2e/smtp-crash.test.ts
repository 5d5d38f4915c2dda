// Crash safety: maild is SIGKILLed in the middle of a stream of messages;
// every message it acknowledged with 250 must be in the mailbox exactly once
// after a restart, and the store must be consistent (no orphan rows).
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { CLI_ACTOR, createDomain, createMailbox } from '@kontor/db';
import { createTestDatabase, type TestDatabase } from '@kontor/db/testing';
import nodemailer from 'nodemailer';
import { type MaildProcess, startMaild } from './lib/maild.ts';

const TOTAL = 200;

describe('crash during delivery', () => {
  let t: TestDatabase;
  let maild: MaildProcess;
  let mailboxId: number;

  before(async () => {
    t = await createTestDatabase();
    const domain = await createDomain(t.db, CLI_ACTOR, { name: 'example.com' });
    mailboxId = (await createMailbox(t.db, CLI_ACTOR, { domainId: domain.id, localPart: 'info', password: 'correct horse battery', quota: '100M' })).id;
    maild = await startMaild({ databaseUrl: t.url });
  });
  after(async () => {
    await maild?.stop({ cleanup: true });
    await t?.drop();
  });

  it('loses no acknowledged message and leaves no orphan', async () => {
    const acknowledged = new Set<string>();
    const transport = nodemailer.createTransport({
      host: '127.0.0.1',
      port: maild.ports.smtp,
      pool: true,
      maxConnections: 4,
      maxMessages: Infinity,
      name: 'client.test',
      tls: { rejectUnauthorized: false },
    });
    let killed = false;
    const sends = Array.from({ length: TOTAL }, (_, i) => {
      const id = `crash-${i}@client.test`;
      return transport
        .sendMail({
          from: 'sender@client.test',
          to: 'info@example.com',
          subject: `crash ${i}`,
          messageId: `<${id}>`,
          text: `message ${i}\n${'line of text\n'.repeat(200)}`,
        })
        .then(
          () => {
            acknowledged.add(`<${id}>`);
            if (acknowledged.size === 60 && !killed) {
              killed = true;
              void maild.kill();
            }
          },
          () => undefined,
        );
    });
    await Promise.all(sends);
    transport.close();
    assert.ok(killed, 'the daemon was killed mid-stream');
    assert.ok(acknowledged.size >= 60 && acknowledged.size < TOTAL, `acknowledged ${acknowledged.size}`);

    maild = await startMaild({ databaseUrl: t.url, dataDir: maild.dataDir, ports: maild.ports });

    const messages = await t.db.message.findMany({ where: { mailboxId } });
    const byId = new Map<string, number>();
    for (const m of messages) byId.set(m.messageIdHdr, (byId.get(m.messageIdHdr) ?? 0) + 1);
    for (const id of acknowledged) assert.equal(byId.get(id), 1, `${id} stored exactly once`);
    for (const [id, count] of byId) assert.equal(count, 1, `${id} stored once`);

    // Consistency of everything the delivery transaction touches.
    const mailbox = await t.db.mailbox.findUniqueOrThrow({ where: { id: mailboxId } });
    assert.equal(mailbox.messageCount, messages.length);
    assert.equal(mailbox.usedBytes, BigInt(messages.reduce((n, m) => n + m.size, 0)));
    const inbox = await t.db.folder.findFirstOrThrow({ where: { mailboxId, name: 'INBOX' } });
    assert.equal(inbox.messageCount, messages.length);
    const uids = messages.map((m) => Number(m.uid)).sort((a, b) => a - b);
    assert.equal(new Set(uids).size, uids.length, 'UIDs unique');
    assert.ok(Number(inbox.uidNext) > (uids.at(-1) ?? 0));
    for (const m of messages) {
      const blob = await t.db.blob.findUniqueOrThrow({ where: { sha256: m.blobHash } });
      assert.equal(blob.refCount, await t.db.message.count({ where: { blobHash: m.blobHash } }));
      assert.ok(existsSync(path.join(maild.dataDir, 'blobs', m.blobHash.slice(0, 2), m.blobHash.slice(2, 4), m.blobHash)), 'blob file exists');
    }

    // And the restarted daemon takes mail again.
    const again = nodemailer.createTransport({ host: '127.0.0.1', port: maild.ports.smtp, name: 'client.test', tls: { rejectUnauthorized: false } });
    await again.sendMail({ from: 'sender@client.test', to: 'info@example.com', subject: 'after restart', text: 'still here' });
    assert.equal(await t.db.message.count({ where: { mailboxId, subject: 'after restart' } }), 1);
  });
});
