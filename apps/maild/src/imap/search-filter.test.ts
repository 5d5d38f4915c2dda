// SEARCH's first cut in SQL must never change an answer: the same criteria
// over the same folder, through an IMAP server whose storage cuts in SQL
// and one whose storage does not (the server checks every message itself),
// must give the same UIDs. Real PostgreSQL, Redis and sockets.
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
import { searchKeyToFilter } from './search-filter.ts';
import { createImapStorage } from './storage.ts';

const PASSWORD = 'correct horse battery';
let t: TestDatabase;
let redis: Redis;
let store: MailStore;
let dataDir: string;
const servers: net.Server[] = [];
let withCut: ImapTestClient;
let withoutCut: ImapTestClient;

function message(n: number, options: { date?: string; pad?: number; subject?: string } = {}): string {
  return [
    `From: Sender ${n} <sender${n % 3}@example.org>`,
    'To: Info <info@search.test>',
    `Subject: ${options.subject ?? `Message ${n}`}`,
    ...(options.date ? [`Date: ${options.date}`] : []),
    '',
    `Body of message ${n}`,
    'x'.repeat(options.pad ?? 0),
    '',
  ].join('\r\n');
}

async function serve(storage: ImapStorage): Promise<ImapTestClient> {
  const imap = createImapServer({ storage, auth: createImapAuthenticator(t.db), allowPlaintextLoopback: true });
  const server = net.createServer((socket) => imap.handle(socket, { secure: false }));
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const client = await ImapTestClient.connect({ port: (server.address() as net.AddressInfo).port });
  await client.greeting();
  assert.equal((await client.command(`LOGIN info@search.test "${PASSWORD}"`)).status, 'OK');
  assert.equal((await client.command('SELECT INBOX')).status, 'OK');
  return client;
}

before(async () => {
  t = await createTestDatabase();
  redis = new Redis(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379');
  dataDir = await mkdtemp(path.join(os.tmpdir(), 'kontor-search-'));
  store = new MailStore({ db: t.db, dataDir, redis, log: createLogger('search-test', 'silent') });
  const domain = await createDomain(t.db, CLI_ACTOR, { name: 'search.test' });
  const mailbox = await createMailbox(t.db, CLI_ACTOR, { domainId: domain.id, localPart: 'info', password: PASSWORD, quota: '0' });

  // 40 messages: internal dates a day apart across a month boundary, sizes
  // growing, a third without a Date: header, flags and keywords in mixed case.
  const flagSets = [[], ['\\Seen'], ['\\Seen', '\\Flagged'], ['\\Deleted'], ['$Label1'], ['\\Answered', '$label1'], ['\\Draft']];
  for (let n = 1; n <= 40; n++) {
    const internalDate = new Date(Date.UTC(2026, 9, 10 + n, n % 2 === 0 ? 23 : 0, 30));
    const date = n % 3 === 0 ? undefined : `Mon, ${(n % 28) + 1} Sep 2026 12:00:00 +0000`;
    await store.appendMessage(
      mailbox.id,
      'INBOX',
      Readable.from([message(n, { pad: n * 97, ...(date ? { date } : {}) })]),
      flagSets[n % flagSets.length],
      internalDate,
    );
  }
  // Case folding that differs between JavaScript and PostgreSQL, and LIKE's own characters.
  const odd = ['\u212a only', 'D\u0130YARBAKIR', '100% off_now', 'back\\slash', 'Straße'];
  for (const [i, subject] of odd.entries()) {
    await store.appendMessage(mailbox.id, 'INBOX', Readable.from([message(100 + i, { subject })]), [], new Date(Date.UTC(2026, 10, 20)));
  }
  // Near midnight in their own zones: the day written is 1 Dec, the UTC day 30 Nov or 2 Dec; a group in To:.
  const nearMidnight = [
    ['Near midnight east', 'Tue, 1 Dec 2026 00:30:00 +0200'],
    ['Near midnight west', 'Tue, 1 Dec 2026 23:30:00 -0500'],
    ['Far east', 'Tue, 1 Dec 2026 00:10:00 +9959'],
  ];
  for (const [subject, date] of nearMidnight) {
    const raw = message(200, { subject: subject!, date: date! }).replace('To: Info <info@search.test>', 'To: Night Shift: info@search.test;');
    await store.appendMessage(mailbox.id, 'INBOX', Readable.from([raw]), [], new Date(Date.UTC(2026, 10, 21)));
  }
  // Gaps in the UIDs.
  const inbox = (await store.findFolder(mailbox.id, 'INBOX'))!;
  await store.removeMessages(inbox.id, [5, 6, 17]);

  // Each server keeps its own \Recent marks, so both sessions see every message as recent.
  const storage = (name: string) => createImapStorage({ store, recent: createRecentMarks(redis, `search-test-${t.name}-${name}`) });
  const cutting = storage('cut');
  assert.ok(cutting.searchCandidates, 'the maild storage cuts searches in SQL');
  withCut = await serve(cutting);
  withoutCut = await serve({ ...storage('plain'), searchCandidates: undefined });
});

after(async () => {
  await withCut?.logout();
  await withoutCut?.logout();
  for (const server of servers) server.close();
  await store?.close();
  await redis?.quit();
  await t?.drop();
  await rm(dataDir, { recursive: true, force: true });
});

const CRITERIA = [
  'ALL',
  'UNSEEN',
  'SEEN',
  'FLAGGED UNSEEN',
  'DELETED',
  'UNDELETED',
  'ANSWERED',
  'UNANSWERED',
  'DRAFT',
  'KEYWORD $label1',
  'KEYWORD $LABEL1',
  'UNKEYWORD $Label1',
  'NEW',
  'OLD',
  'RECENT',
  'UID 3:12',
  'UID 30:*',
  'UID *',
  'UID 12:4,20,35:33',
  '1:5',
  '2,4:*',
  'LARGER 2000',
  'SMALLER 1000',
  'LARGER 1000 SMALLER 3000',
  'BEFORE 1-Nov-2026',
  'ON 25-Oct-2026',
  'SINCE 25-Oct-2026',
  'SENTBEFORE 10-Sep-2026',
  'SENTON 5-Sep-2026',
  'SENTSINCE 20-Sep-2026',
  'NOT SENTON 5-Sep-2026',
  'NOT SENTSINCE 20-Sep-2026',
  'MODSEQ 5',
  'OR SEEN FLAGGED',
  'OR SEEN NOT LARGER 2000',
  'NOT OR DELETED DRAFT',
  'OR (UID 1:10 SEEN) (SINCE 1-Nov-2026 UNSEEN)',
  'OR SUBJECT "message 1" FLAGGED',
  'FROM sender1 SEEN',
  'NOT FROM sender1',
  'SUBJECT "Message 2" LARGER 1500',
  'BODY "message 3"',
  'TEXT "sender2" NOT DELETED',
  'HEADER Date "Sep 2026" UNSEEN',
  'NOT HEADER Date ""',
  'OR 1:3 UID 38:*',
  'NOT RECENT SEEN',
  'OLDER 1',
  'YOUNGER 1',
  'NOT NOT SEEN',
  'SUBJECT "k only"',
  'SUBJECT "K ONLY"',
  'SUBJECT di',
  'SUBJECT diy',
  'SUBJECT "100%"',
  'SUBJECT "%"',
  'SUBJECT "_"',
  'SUBJECT "f_n"',
  'SUBJECT "\\\\"',
  'SUBJECT STRASSE',
  'OR SUBJECT "k only" FROM sender2',
  'NOT SUBJECT "k only"',
  'TO info FROM SENDER1',
  'CC nobody',
  'SENTON 1-Dec-2026',
  'SENTON 30-Nov-2026',
  'SENTON 2-Dec-2026',
  'SENTBEFORE 1-Dec-2026',
  'SENTBEFORE 2-Dec-2026',
  'SENTSINCE 1-Dec-2026',
  'SENTSINCE 2-Dec-2026',
  'NOT SENTBEFORE 2-Dec-2026',
  'TO "night shift"',
  'HEADER Cc ""',
  'HEADER To ""',
  'BODY "body of message 1"',
  'TEXT "k only"',
  'TEXT di',
  'OR BODY "message 2" SUBJECT "k only"',
  'BODY "message 3" LARGER 1000',
  // One ASCII word: decided by the body's own vector, or on the text where a body is too long to index (the x padding).
  'BODY message',
  'BODY MESSAGE',
  'BODY mess',
  'BODY xxxx',
  'BODY sender1',
  'NOT BODY body',
  'OR BODY body FLAGGED',
  'OR FROM sender2 OR SUBJECT nothing BODY message',
];

describe('SEARCH with a first cut in SQL', () => {
  it('answers every criterion exactly as the server alone does', async () => {
    const sizes = new Set<number>();
    for (const criteria of CRITERIA) {
      const sql = await withCut.command(`UID SEARCH ${criteria}`);
      const plain = await withoutCut.command(`UID SEARCH ${criteria}`);
      assert.equal(sql.status, 'OK', `${criteria}: ${sql.tagged}`);
      assert.deepEqual(sql.untagged, plain.untagged, criteria);
      sizes.add(sql.untagged[0]!.split(' ').length - 2);
    }
    // Not a comparison of empty answers: the criteria pick many different subsets.
    assert.ok(sizes.size >= 20, `only ${sizes.size} different result sizes`);
    // The folding JavaScript does and PostgreSQL does not: the Kelvin sign is a k, İ holds an i.
    assert.match((await withCut.command('UID SEARCH SUBJECT "k only"')).untagged[0]!, /^\* SEARCH \d+$/);
    assert.match((await withCut.command('UID SEARCH SUBJECT di')).untagged[0]!, /^\* SEARCH \d+$/);
    assert.equal((await withCut.command('UID SEARCH SUBJECT diy')).untagged[0], '* SEARCH');
  });

  it('SENT* take the day written in Date: (RFC 3501 §6.4.4), with the cut and without; TO finds a group name', async () => {
    const uids = async (client: ImapTestClient, criteria: string) => (await client.command(`UID SEARCH ${criteria}`)).untagged[0]!;
    const midnight = await uids(withoutCut, 'SUBJECT "near midnight"');
    const all = await uids(withoutCut, 'OR SUBJECT "near midnight" SUBJECT "far east"');
    assert.match(midnight, /^\* SEARCH \d+ \d+$/);
    assert.match(all, /^\* SEARCH \d+ \d+ \d+$/);
    for (const client of [withCut, withoutCut]) {
      assert.equal(await uids(client, 'SENTON 1-Dec-2026'), all);
      assert.equal(await uids(client, 'SENTON 30-Nov-2026'), '* SEARCH');
      assert.equal(await uids(client, 'SENTON 2-Dec-2026'), '* SEARCH');
      assert.equal(await uids(client, 'SENTSINCE 2-Dec-2026'), '* SEARCH');
      assert.equal(await uids(client, 'SENTSINCE 1-Dec-2026'), all);
      assert.equal(await uids(client, 'TO "night shift"'), all);
    }
  });

  it('gives sequence numbers and ESEARCH results the same way', async () => {
    for (const command of [
      'SEARCH UNSEEN',
      'SEARCH RETURN (MIN MAX COUNT ALL) SINCE 1-Nov-2026',
      'UID SEARCH RETURN (COUNT) NOT DELETED',
      'SEARCH MODSEQ 1 FLAGGED',
    ]) {
      const sql = await withCut.command(command);
      const plain = await withoutCut.command(command);
      assert.deepEqual(
        sql.untagged.map((line) => line.replace(/TAG "a\d+"/, 'TAG')),
        plain.untagged.map((line) => line.replace(/TAG "a\d+"/, 'TAG')),
        command,
      );
    }
  });
});

describe('searchKeyToFilter', () => {
  const context = { maxUid: 50, now: new Date(Date.UTC(2026, 10, 28)) };
  it('is exact for metadata keys and gives way on text, sequence numbers and \\Recent', () => {
    assert.equal(searchKeyToFilter({ type: 'flag', flag: '\\Seen', set: false }, context).exact, true);
    assert.equal(searchKeyToFilter({ type: 'flag', flag: '\\Recent', set: true }, context).exact, false);
    assert.deepEqual(searchKeyToFilter({ type: 'header', field: 'subject', value: 'x' }, context), {
      filter: { kind: 'contains', column: 'subject', text: 'x' },
      exact: false,
    });
    assert.deepEqual(searchKeyToFilter({ type: 'header', field: 'subject', value: 'größe' }, context), { filter: { kind: 'all' }, exact: false });
    assert.deepEqual(searchKeyToFilter({ type: 'header', field: 'x-spam', value: 'yes' }, context), { filter: { kind: 'all' }, exact: false });
    assert.deepEqual(searchKeyToFilter({ type: 'not', key: { type: 'body', value: 'x' } }, context), { filter: { kind: 'all' }, exact: false });
    assert.deepEqual(searchKeyToFilter({ type: 'uid', set: { kind: 'ranges', ranges: [{ start: '*', end: 40 }] } }, context).filter, {
      kind: 'uids',
      ranges: [[40, 50]],
    });
    const mixed = searchKeyToFilter(
      {
        type: 'and',
        keys: [
          { type: 'size', op: 'larger', size: 10 },
          { type: 'text', value: 'x' },
        ],
      },
      context,
    );
    assert.equal(mixed.exact, false);
    assert.deepEqual(mixed.filter, {
      kind: 'and',
      filters: [
        { kind: 'size', op: 'larger', size: 10 },
        { kind: 'words', words: ['x'] },
      ],
    });
    // Nothing to look up in the index: no cut.
    assert.deepEqual(searchKeyToFilter({ type: 'body', value: '@ -' }, context), { filter: { kind: 'all' }, exact: false });
  });
});
