// SEARCH BODY/TEXT, SORT and THREAD from the database (the search text,
// sort-key columns and References written at delivery) must answer exactly
// as the server does from the blobs: the same commands over the same folder,
// through a storage that uses the stored data and one that hides it (every
// message read from its blob, sorted and threaded in JavaScript). Then the
// same again with some rows made to look stored before the columns existed.
// Real PostgreSQL, Redis and sockets.
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { after, before, describe, it } from 'node:test';
import { createLogger } from '@kontor/core';
import { CLI_ACTOR, createDomain, createMailbox } from '@kontor/db';
import { createTestDatabase, type TestDatabase } from '@kontor/db/testing';
import { createImapServer, type ImapStorage } from '@kontor/imap-server';
import { ImapTestClient } from '@kontor/imap-server/testing';
import { MailStore } from '@kontor/mailstore';
import { Redis } from 'ioredis';
import { createImapAuthenticator } from './auth.ts';
import { createRecentMarks } from './recent.ts';
import { createImapStorage } from './storage.ts';

const PASSWORD = 'correct horse battery';
let t: TestDatabase;
let redis: Redis;
let store: MailStore;
let dataDir: string;
const servers: net.Server[] = [];
let fromDb: ImapTestClient;
let fromBlobs: ImapTestClient;
let folderId: number;

function mail(headers: string[], body: string[]): string {
  return [...headers, '', ...body, ''].join('\r\n');
}

const D1 = 'Date: Mon, 2 Nov 2026 10:00:00 +0100';
const CORPUS = [
  mail(['From: Zoe <zoe@example.org>', 'To: bob@example.org', 'Subject: Hello world', D1, 'Message-ID: <a@x>'], ['plain ASCII body, word invoice']),
  mail(
    ['From: adam@example.org', 'To: Team: carl@x.org, dora@x.org;', 'Subject: Re: Hello world', D1, 'Message-ID: <b@x>', 'References: <a@x>'],
    ['same date as the first'],
  ),
  mail(
    [
      'From: =?utf-8?B?w5xsbGEgR3LDvMOfZQ==?= <ulla@example.org>',
      'To: =?iso-8859-1?Q?J=F6rg?= <jorg@example.org>',
      'Subject: =?utf-8?Q?=C3=9Cber_alles?=',
      'Message-ID: <c@x>',
      'In-Reply-To: <b@x>',
    ],
    ['no Date header at all'],
  ),
  mail(
    ['To: nobody@example.org', 'Subject: [list] Fwd: hello WORLD (fwd)', 'Date: Sun, 1 Nov 2026 08:00:00 -0800', 'Cc: Cecil <cecil@example.org>'],
    ['no From header'],
  ),
  mail(
    [
      'From: Latin <latin@example.org>',
      'Subject: Latin-1 quoted-printable',
      'Date: Tue, 3 Nov 2026 09:00:00 +0000',
      'Content-Type: text/plain; charset=iso-8859-1',
      'Content-Transfer-Encoding: quoted-printable',
      'References: <zz@x> <a@x>',
    ],
    ['Gr=FC=DFe aus K=F6ln, die Zusammen=', 'arbeit l=E4uft. Rechnung 4711'],
  ),
  mail(
    [
      'From: b64@example.org',
      'Subject: base64 UTF-8',
      'Date: Tue, 3 Nov 2026 09:00:00 +0000',
      'Content-Type: text/plain; charset=utf-8',
      'Content-Transfer-Encoding: base64',
    ],
    [Buffer.from('Überweisung für März erledigt, Straße 12').toString('base64')],
  ),
  mail(
    [
      'From: html@example.org',
      'Subject: HTML only',
      'Date: Wed, 4 Nov 2026 09:00:00 +0000',
      'Content-Type: text/html; charset=utf-8',
      'Message-ID: <h@x>',
      'References: <c@x>',
    ],
    ['<html><head><style>.invoice{}</style></head><body><p>Angebot &amp; Lieferschein</p><div>Caf&eacute; Nr. 5</div></body></html>'],
  ),
  mail(
    [
      'From: "[Bracket] Name" <brack@example.org>',
      'Subject: re: RE: [other] hello world',
      'Date: Wed, 4 Nov 2026 09:00:00 +0000',
      'MIME-Version: 1.0',
      'Content-Type: multipart/alternative; boundary=b',
    ],
    ['--b', 'Content-Type: text/plain', '', 'alternative plain invoice', '--b', 'Content-Type: text/html', '', '<p>alternative <b>html</b></p>', '--b--'],
  ),
  mail(['From: small@example.org', 'Subject: ', 'Date: Thu, 5 Nov 2026 09:00:00 +0000'], ['empty subject']),
  // JavaScript folds these two to ASCII letters, PostgreSQL does not.
  mail(['From: fold@example.org', 'Subject: folding', 'Content-Type: text/plain; charset=utf-8'], ['D\u0130YARBAKIR und \u212a elvin, 100% off_now']),
];

async function serve(storage: ImapStorage): Promise<ImapTestClient> {
  const imap = createImapServer({ storage, auth: createImapAuthenticator(t.db), allowPlaintextLoopback: true });
  const server = net.createServer((socket) => imap.handle(socket, { secure: false }));
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const client = await ImapTestClient.connect({ port: (server.address() as net.AddressInfo).port });
  await client.greeting();
  assert.equal((await client.command(`LOGIN info@keys.test "${PASSWORD}"`)).status, 'OK');
  assert.equal((await client.command('SELECT INBOX')).status, 'OK');
  return client;
}

/** The storage with what delivery stored hidden: the server reads blobs and sorts itself. */
function blobsOnly(storage: ImapStorage): ImapStorage {
  return {
    ...storage,
    searchCandidates: undefined,
    sortMessages: undefined,
    async listMessages(id, options) {
      const records = await storage.listMessages(id, { ...options, include: { ...options?.include, text: false } });
      for (const record of records) if (record.headers) record.headers.references = null;
      return records;
    },
  };
}

before(async () => {
  t = await createTestDatabase();
  redis = new Redis(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379');
  dataDir = await mkdtemp(path.join(os.tmpdir(), 'kontor-keys-'));
  store = new MailStore({ db: t.db, dataDir, redis, log: createLogger('keys-test', 'silent') });
  const domain = await createDomain(t.db, CLI_ACTOR, { name: 'keys.test' });
  const mailbox = await createMailbox(t.db, CLI_ACTOR, { domainId: domain.id, localPart: 'info', password: PASSWORD, quota: '0' });
  // Twice over, with arrival dates and sizes mixed, so equal keys tie by UID.
  for (let round = 0; round < 2; round++) {
    for (const [i, raw] of CORPUS.entries()) {
      const arrival = new Date(Date.UTC(2026, 10, 10, (i * 7 + round * 3) % 24));
      await store.appendMessage(mailbox.id, 'INBOX', Readable.from([round ? raw.replace('\r\n\r\n', `\r\nX-Round: ${round}\r\n\r\n`) : raw]), [], arrival);
    }
  }
  folderId = (await store.findFolder(mailbox.id, 'INBOX'))!.id;
  const storage = createImapStorage({ store, recent: createRecentMarks(redis, `keys-test-${t.name}`) });
  fromDb = await serve(storage);
  fromBlobs = await serve(blobsOnly(storage));
});

after(async () => {
  await fromDb?.logout();
  await fromBlobs?.logout();
  for (const server of servers) server.close();
  await store?.close();
  await redis?.quit();
  await t?.drop();
  await rm(dataDir, { recursive: true, force: true });
});

const KEYS = ['ARRIVAL', 'DATE', 'FROM', 'TO', 'CC', 'SUBJECT', 'SIZE', 'DISPLAYFROM', 'DISPLAYTO'];
const COMMANDS = [
  ...KEYS.flatMap((key) => [`UID SORT (${key}) UTF-8 ALL`, `UID SORT (REVERSE ${key}) UTF-8 ALL`]),
  'UID SORT (SUBJECT REVERSE DATE) UTF-8 ALL',
  'UID SORT (FROM SIZE) UTF-8 NOT SUBJECT html',
  'SORT (REVERSE ARRIVAL) UTF-8 UID 3:12',
  'UID THREAD REFERENCES UTF-8 ALL',
  'UID THREAD ORDEREDSUBJECT UTF-8 ALL',
  'THREAD REFERENCES UTF-8 NOT FROM zoe',
  'UID SEARCH BODY invoice',
  'UID SEARCH BODY "Zusammenarbeit"',
  'UID SEARCH BODY "köln"',
  'UID SEARCH BODY "grüße aus"',
  'UID SEARCH BODY "STRASSE"',
  'UID SEARCH BODY "straße 12"',
  'UID SEARCH BODY "märz"',
  'UID SEARCH BODY "Lieferschein"',
  'UID SEARCH BODY "angebot & lief"',
  'UID SEARCH BODY "Nr. 5"',
  'UID SEARCH BODY "style"',
  'UID SEARCH BODY "alternative"',
  'UID SEARCH BODY "4711"',
  'UID SEARCH BODY ","',
  'UID SEARCH BODY "nothing like this"',
  'UID SEARCH TEXT "ulla grüße"',
  'UID SEARCH TEXT "x-round"',
  'UID SEARCH TEXT "über alles"',
  'UID SEARCH TEXT invoice',
  'UID SEARCH OR FROM latin OR TO latin OR SUBJECT latin BODY latin',
  'UID SEARCH NOT BODY invoice',
  'UID SEARCH HEADER references "a@x"',
  'UID SEARCH BODY yarbakir',
  'UID SEARCH BODY diy',
  'UID SEARCH BODY "k elvin"',
  'UID SEARCH TEXT "k elvin"',
  'UID SEARCH BODY "100%"',
  'UID SEARCH BODY "f_n"',
  'UID SEARCH OR BODY invoice SUBJECT folding',
  'UID SEARCH BODY invoice NOT FROM zoe',
];

async function sameAnswers(): Promise<void> {
  const sizes = new Set<string>();
  for (const command of COMMANDS) {
    const db = await fromDb.command(command);
    const blobs = await fromBlobs.command(command);
    assert.equal(db.status, 'OK', `${command}: ${db.tagged}`);
    assert.deepEqual(db.untagged, blobs.untagged, command);
    sizes.add(db.untagged.join(' ').replace(/^\* (SORT|THREAD|SEARCH)/, ''));
  }
  assert.ok(sizes.size > 20, 'the commands give many different answers');
}

describe('SEARCH BODY/TEXT, SORT and THREAD from the database', () => {
  it('answer exactly as the server does from the blobs', async () => {
    await sameAnswers();
    // Not vacuous: the charset, soft-break and HTML cases find their message.
    for (const needle of ['Zusammenarbeit', 'köln', 'straße 12', 'Lieferschein', 'Nr. 5']) {
      assert.match((await fromDb.command(`UID SEARCH BODY "${needle}"`)).untagged[0]!, /^\* SEARCH \d+ \d+$/, needle);
    }
    assert.equal((await fromDb.command('UID SEARCH BODY "style"')).untagged[0], '* SEARCH', 'an HTML style block is not text');
    // The one difference, on purpose (docs/imap.md): with the index, text matches where a word starts.
    assert.match((await fromBlobs.command('UID SEARCH BODY ledigt')).untagged[0]!, /^\* SEARCH \d+ \d+$/, 'in "erledigt"');
    assert.equal((await fromDb.command('UID SEARCH BODY ledigt')).untagged[0], '* SEARCH');
  });

  it('fall back to the blobs for rows stored before the columns and the text, and the backfill restores both', async () => {
    const stored = async () => ({
      keys: await t.db.$queryRaw<unknown[]>`
        SELECT uid, "sortSubject", "sortFrom", "sortTo", "sortCc", "sortDisplayFrom", "sortDisplayTo", "referencesHdr" FROM "Message" ORDER BY uid`,
      texts: await t.db.$queryRaw<unknown[]>`SELECT "blobHash", header, body, words::text FROM "MessageText" ORDER BY "blobHash"`,
    });
    const original = await stored();
    // The migration leaves older rows NULL and their blobs without text.
    await t.db.$executeRaw`
      UPDATE "Message" SET "sortSubject" = NULL, "sortFrom" = NULL, "sortTo" = NULL, "sortCc" = NULL, "sortDisplayFrom" = NULL,
        "sortDisplayTo" = NULL, "referencesHdr" = NULL
      WHERE "folderId" = ${folderId}::int AND uid % 3 = 0`;
    await t.db
      .$executeRaw`DELETE FROM "MessageText" WHERE "blobHash" IN (SELECT "blobHash" FROM "Message" WHERE "folderId" = ${folderId}::int AND uid % 2 = 0)`;
    await sameAnswers();

    // Stopped at once it does nothing; run through, it writes what delivery would have.
    assert.deepEqual(await store.backfillSearchData({ stopped: () => true }), { messages: 0, blobs: 0 });
    const done = await store.backfillSearchData({ batch: 4, stopped: () => false });
    assert.deepEqual(done, { messages: 6, blobs: 10 });
    assert.deepEqual(await stored(), original);
    await sameAnswers();
  });
});
