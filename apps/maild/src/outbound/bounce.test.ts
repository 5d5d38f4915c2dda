// Bounces in the language of the sender's domain: a real database and mail
// store, the real router; a sender hosted here gets the DSN in its INBOX.
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { text } from 'node:stream/consumers';
import { after, before, describe, it } from 'node:test';
import { createLogger } from '@kontor/core';
import { CLI_ACTOR, createDomain, createMailbox, updateDomainLocale } from '@kontor/db';
import { createTestDatabase, type TestDatabase } from '@kontor/db/testing';
import { createMailStore, type MailStore } from '@kontor/mailstore';
import { Redis } from 'ioredis';
import { MAIL_TEXTS } from '../mail-texts.ts';
import { Bouncer } from './bounce.ts';
import { buildDsn } from './dsn.ts';
import { MailRouter } from './route.ts';

const log = createLogger('bounce-test', 'silent');
const PASSWORD = 'correct horse battery';
process.env.DKIM_ENCRYPTION_KEY ??= 'kontor test dkim key';

/** The text/plain part for people, quoted-printable decoded when it is. */
function humanPart(raw: string): string {
  const boundary = /boundary="([^"]+)"/.exec(raw)?.[1] ?? '';
  const part = raw.split(`--${boundary}`)[1] ?? '';
  const body = part.slice(part.indexOf('\r\n\r\n') + 4);
  if (!/\r\nContent-Transfer-Encoding: quoted-printable\r\n/.test(part)) return body;
  const bytes = body.replace(/=\r\n/g, '').replace(/=([0-9A-F]{2})/g, (_, hex: string) => String.fromCharCode(Number.parseInt(hex, 16)));
  return Buffer.from(bytes, 'latin1').toString('utf8');
}

describe('bounces', () => {
  let t: TestDatabase;
  let redis: Redis;
  let store: MailStore;
  let dataDir: string;
  let bouncer: Bouncer;
  const inbox: Record<string, number> = {};

  before(async () => {
    t = await createTestDatabase();
    redis = new Redis(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379', { maxRetriesPerRequest: null });
    dataDir = await mkdtemp(path.join(os.tmpdir(), 'kontor-bounce-'));
    store = createMailStore({ db: t.db, dataDir, redis, log, redisPrefix: `kontor-bounce-${process.pid}` });
    const german = await createDomain(t.db, CLI_ACTOR, { name: 'baeckerei.example' });
    await updateDomainLocale(t.db, CLI_ACTOR, german.id, { language: 'de' });
    const english = await createDomain(t.db, CLI_ACTOR, { name: 'bakery.example' });
    for (const [name, domainId] of [
      ['anna@baeckerei.example', german.id],
      ['bob@bakery.example', english.id],
    ] as const) {
      const mailbox = await createMailbox(t.db, CLI_ACTOR, { domainId, localPart: name.split('@')[0]!, password: PASSWORD });
      inbox[name] = (await t.db.folder.findFirstOrThrow({ where: { mailboxId: mailbox.id, name: 'INBOX' } })).id;
    }
    const router = new MailRouter({ db: t.db, store, relay: { notify() {} }, log });
    bouncer = new Bouncer({ db: t.db, store, router, hostname: 'mx.kontor.test', log });
  });
  after(async () => {
    await store?.close();
    redis?.disconnect();
    await t?.drop();
    if (dataDir) await rm(dataDir, { recursive: true, force: true });
  });

  async function bounceTo(sender: string): Promise<string> {
    const original = await store.storeBlob(Readable.from([Buffer.from(`From: <${sender}>\r\nSubject: Bestellung\r\n\r\nHallo\r\n`)]));
    await bouncer.bounce({ queueId: `Q${Date.now()}`, blobSha256: original.sha256, mailFrom: sender, arrivalDate: new Date() }, [
      { recipient: 'kunde@remote.example', response: '550 5.1.1 <kunde@remote.example>: unknown user', remoteHost: 'mx.remote.example' },
    ]);
    const message = await t.db.message.findFirstOrThrow({ where: { folderId: inbox[sender] }, orderBy: { id: 'desc' } });
    return text(store.openMessage(message.blobHash));
  }

  it('writes the bounce to a sender on a German domain in German', async () => {
    const raw = await bounceTo('anna@baeckerei.example');
    const de = MAIL_TEXTS.de.dsn;
    assert.match(raw, /\r\nSubject: Nachricht konnte nicht zugestellt werden\r\n/);
    assert.match(raw, /^From: Mail-Zustellsystem <MAILER-DAEMON@mx\.kontor\.test>\r\n/m);
    const human = humanPart(raw);
    assert.ok(human.includes(de.explanation), human);
    assert.ok(human.includes('Ihre Nachricht konnte an einen oder mehrere Empfänger nicht zugestellt werden.'), human);
    assert.ok(human.includes('<kunde@remote.example>: Server mx.remote.example antwortete: 550 5.1.1'), human);
    // The machine-readable part is the same in every language (RFC 3464).
    assert.match(raw, /\r\nFinal-Recipient: rfc822; kunde@remote\.example\r\nAction: failed\r\nStatus: 5\.1\.1\r\n/);
    assert.ok(!/[^\x00-\x7f]/.test(raw.slice(0, raw.indexOf('text/rfc822-headers'))), 'the German words travel as 7-bit');
  });

  it('writes it in English for a sender on an English domain, and for one not hosted here', async () => {
    const raw = await bounceTo('bob@bakery.example');
    assert.match(raw, /\r\nSubject: Undelivered Mail Returned to Sender\r\n/);
    assert.ok(humanPart(raw).includes(MAIL_TEXTS.en.dsn.explanation));
    const remote = buildDsn({
      reportingMta: 'mx.kontor.test',
      to: 'someone@remote.example',
      queueId: 'Q1',
      arrivalDate: new Date(),
      failed: [{ recipient: 'x@y.example', response: '550 no' }],
      originalHeaders: '',
    });
    assert.match(remote, /\r\nSubject: Undelivered Mail Returned to Sender\r\n/);
  });

  it('has every text in both languages', () => {
    for (const key of Object.keys(MAIL_TEXTS.en.dsn)) {
      assert.ok(key in MAIL_TEXTS.de.dsn, key);
    }
  });
});
