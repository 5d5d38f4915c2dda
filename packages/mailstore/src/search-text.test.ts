/** The search text and sort keys written at delivery: stored once per blob, shared by copies, gone with the blob. */
import assert from 'node:assert/strict';
import { utimes } from 'node:fs/promises';
import { after, before, describe, it } from 'node:test';
import { createHarness, type Harness, streamOf } from './test-harness.ts';

const raw = [
  'From: =?utf-8?Q?J=C3=B6rg?= <Joerg@Example.org>',
  'To: Team: a@x.org, b@x.org;',
  'Subject: [kontor] Re: Fwd: Rechnung (fwd)',
  'References: <a@x>\r\n <b@x>',
  'Content-Type: text/plain; charset=iso-8859-1',
  'Content-Transfer-Encoding: quoted-printable',
  '',
  'Gr=FC=DFe, die Rech=',
  'nung 4711 ist bezahlt.',
  '',
].join('\r\n');

describe('search text and sort keys', () => {
  let h: Harness;
  before(async () => {
    h = await createHarness();
  });
  after(async () => {
    await h.close();
  });

  const textRows = (sha256: string) =>
    h.testDb.db.$queryRaw<Array<{ header: string; body: string; words: string | null }>>`
      SELECT header, body, words::text AS words FROM "MessageText" WHERE "blobHash" = ${sha256}`;

  it('are written with the delivery, decoded, once per blob; COPY carries the keys; the sweep takes the text with the blob', async () => {
    const a = await h.mailbox('keys-a');
    const b = await h.mailbox('keys-b');
    const stored = await h.store.storeBlob(streamOf(raw, 7));
    assert.equal(stored.text?.body, 'Grüße, die Rechnung 4711 ist bezahlt.\r\n');
    const [da] = await h.store.deliver(stored, [{ mailboxId: a }, { mailboxId: b }]);
    const [row] = await textRows(stored.sha256);
    assert.ok(row);
    assert.match(row.header, /^from: Jörg <Joerg@Example\.org>$/m);
    assert.match(row.header, /^references: <a@x> <b@x>$/m);
    assert.match(row.words!, /'rechnung':\d/);
    assert.match(row.words!, /'grüße':\d/);

    const keys = await h.testDb.db.message.findMany({
      where: { blobHash: stored.sha256 },
      select: { sortSubject: true, sortFrom: true, sortTo: true, sortCc: true, sortDisplayFrom: true, sortDisplayTo: true, referencesHdr: true },
    });
    assert.equal(keys.length, 2);
    assert.deepEqual(keys[0], {
      sortSubject: 'RECHNUNG',
      sortFrom: 'JOERG',
      sortTo: 'TEAM',
      sortCc: '',
      sortDisplayFrom: 'JöRG',
      sortDisplayTo: 'TEAM',
      referencesHdr: '<a@x> <b@x>',
    });

    const archive = await h.store.createFolder(a, 'Archive-keys');
    await h.store.copyMessages(da!.folderId, [da!.uid], archive.id);
    const copied = await h.testDb.db.message.findFirstOrThrow({ where: { folderId: archive.id }, select: { sortSubject: true, referencesHdr: true } });
    assert.deepEqual(copied, { sortSubject: 'RECHNUNG', referencesHdr: '<a@x> <b@x>' });
    assert.equal((await textRows(stored.sha256)).length, 1, 'one text row however many messages share the blob');

    for (const folderId of [da!.folderId, archive.id]) {
      const uids = (await h.store.listMessages(folderId, { structure: false })).map((m) => m.uid);
      await h.store.storeFlags(folderId, uids, { mode: 'add', flags: ['\\Deleted'] });
      await h.store.expunge(folderId);
    }
    const other = (await h.testDb.db.message.findFirstOrThrow({ where: { blobHash: stored.sha256 }, select: { folderId: true } })).folderId;
    await h.store.storeFlags(
      other,
      (await h.store.listMessages(other, { structure: false })).map((m) => m.uid),
      { mode: 'add', flags: ['\\Deleted'] },
    );
    await h.store.expunge(other);
    const old = new Date(Date.now() - 2 * 3600_000);
    await utimes(h.store.blobs.pathOf(stored.sha256), old, old);
    await h.testDb.db.$executeRaw`UPDATE "Blob" SET "updatedAt" = ${old} WHERE sha256 = ${stored.sha256}`;
    await h.store.sweepBlobs();
    assert.equal((await textRows(stored.sha256)).length, 0);
  });

  it('a text too long to index whole is kept without words (every search checks it)', async () => {
    const mailboxId = await h.mailbox('keys-long');
    // 40,000 different words: more than the vector may hold.
    const words = Array.from({ length: 40000 }, (_, i) => `w${i.toString(36)}x`).join(' ');
    const stored = await h.store.storeBlob(streamOf(`Subject: long\r\n\r\n${words}\r\n`));
    await h.store.deliver(stored, [{ mailboxId }]);
    const [row] = await textRows(stored.sha256);
    assert.equal(row?.words, null);
    assert.ok(row?.body.startsWith('w0x w1x'));
  });
});
