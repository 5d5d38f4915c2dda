/** Flags and MODSEQ, copy/move, expunge and the sweep: what happens to messages after delivery. */
import assert from 'node:assert/strict';
import { utimes } from 'node:fs/promises';
import { after, before, describe, it } from 'node:test';
import { QuotaExceededError } from './errors.ts';
import type { FolderInfo } from './folders.ts';
import { createHarness, type Harness, message, streamOf } from './test-harness.ts';

describe('messages after delivery', () => {
  let h: Harness;
  before(async () => {
    h = await createHarness();
  });
  after(async () => {
    await h.close();
  });

  async function fill(mailboxId: number, folder: string, count: number, tag: string) {
    for (let i = 1; i <= count; i++) await h.store.appendMessage(mailboxId, folder, streamOf(message(`${tag}-${i}`)));
    return h.store.getFolder(mailboxId, folder);
  }
  const flagsOf = async (folder: FolderInfo) => Object.fromEntries((await h.store.listMessages(folder.id, { structure: false })).map((m) => [m.uid, m.flags]));

  it('STORE add/remove/set: MODSEQ per change, HIGHESTMODSEQ, unseenCount, CHANGEDSINCE', async () => {
    const mailboxId = await h.mailbox('flags');
    const inbox = await fill(mailboxId, 'INBOX', 4, 'flags');
    assert.equal(inbox.highestModseq, 5n); // 1 + 4 appends
    assert.equal(inbox.unseenCount, 4);

    const added = await h.store.storeFlags(inbox.id, [1, 2, 3], { mode: 'add', flags: ['\\SEEN', '$Label1'] });
    assert.deepEqual(
      added.changed.map((c) => [c.uid, c.flags, c.modseq]),
      [
        [1, ['\\Seen', '$Label1'], 6n],
        [2, ['\\Seen', '$Label1'], 6n],
        [3, ['\\Seen', '$Label1'], 6n],
      ],
    );
    assert.equal(added.highestModseq, 6n);
    assert.equal((await h.store.getFolder(mailboxId, 'INBOX')).unseenCount, 1);

    // No change, no new MODSEQ.
    const noop = await h.store.storeFlags(inbox.id, [1], { mode: 'add', flags: ['\\Seen'] });
    assert.deepEqual(noop.changed, []);
    assert.deepEqual(
      noop.unchanged.map((u) => u.uid),
      [1],
    );
    assert.equal(noop.highestModseq, 6n);

    const removed = await h.store.storeFlags(inbox.id, [2], { mode: 'remove', flags: ['\\seen'] });
    assert.deepEqual(removed.changed, [{ uid: 2, flags: ['$Label1'], modseq: 7n }]);
    const set = await h.store.storeFlags(inbox.id, [4], { mode: 'set', flags: ['\\Flagged', '\\Deleted'] });
    assert.deepEqual(set.changed, [{ uid: 4, flags: ['\\Flagged', '\\Deleted'], modseq: 8n }]);
    const folder = await h.store.getFolder(mailboxId, 'INBOX');
    assert.equal(folder.highestModseq, 8n);
    assert.equal(folder.unseenCount, 2); // 2 and 4
    assert.deepEqual(await flagsOf(folder), { 1: ['\\Seen', '$Label1'], 2: ['$Label1'], 3: ['\\Seen', '$Label1'], 4: ['\\Flagged', '\\Deleted'] });

    const changes = await h.store.changesSince(inbox.id, 6n);
    assert.equal(changes.highestModseq, 8n);
    assert.deepEqual(
      changes.changed.map((c) => [c.uid, c.modseq]),
      [
        [2, 7n],
        [4, 8n],
      ],
    );
    assert.deepEqual(changes.vanished, []);
  });

  it('UNCHANGEDSINCE: messages changed after it fail and stay untouched', async () => {
    const mailboxId = await h.mailbox('condstore');
    const inbox = await fill(mailboxId, 'INBOX', 3, 'cond'); // modseqs 2, 3, 4
    await h.store.storeFlags(inbox.id, [2], { mode: 'add', flags: ['$Seen-by-other'] }); // uid 2 → modseq 5
    const result = await h.store.storeFlags(inbox.id, [1, 2, 3], { mode: 'add', flags: ['\\Answered'], unchangedSince: 4n });
    assert.deepEqual(result.failed, [2]);
    assert.deepEqual(
      result.changed.map((c) => [c.uid, c.modseq]),
      [
        [1, 6n],
        [3, 6n],
      ],
    );
    assert.deepEqual((await flagsOf(inbox))[2], ['$Seen-by-other']);
    const zero = await h.store.storeFlags(inbox.id, [1], { mode: 'add', flags: ['\\Draft'], unchangedSince: 0n });
    assert.deepEqual(zero.failed, [1], 'UNCHANGEDSINCE 0 always fails');
  });

  it('COPY: mapping in source UID order, COPYUID data, blob refCount, quota', async () => {
    const mailboxId = await h.mailbox('copy');
    const inbox = await fill(mailboxId, 'INBOX', 5, 'copy');
    const archive = await h.store.getFolder(mailboxId, 'Archive');
    await h.store.storeFlags(inbox.id, [4], { mode: 'add', flags: ['\\Seen', '$Keep'] });
    const result = await h.store.copyMessages(inbox.id, [5, 2, 4, 99], archive.id);
    assert.equal(result.uidValidity, archive.uidValidity);
    assert.deepEqual(result.mapping, [
      [2, 1],
      [4, 2],
      [5, 3],
    ]);
    const copied = await h.store.listMessages(archive.id);
    assert.deepEqual(
      copied.map((m) => [m.uid, m.envelope?.subject, m.flags]),
      [
        [1, 'Message copy-2', []],
        [2, 'Message copy-4', ['\\Seen', '$Keep']],
        [3, 'Message copy-5', []],
      ],
    );
    const source = await h.store.listMessages(inbox.id, { uids: [2] });
    assert.equal(copied[0]!.blobHash, source[0]!.blobHash);
    assert.equal((await h.testDb.db.blob.findUniqueOrThrow({ where: { sha256: source[0]!.blobHash } })).refCount, 2);
    const after = await h.store.getFolder(mailboxId, 'Archive');
    assert.deepEqual([after.messageCount, after.unseenCount, after.uidNext], [3, 2, 4]);
    const mailbox = await h.testDb.db.mailbox.findUniqueOrThrow({ where: { id: mailboxId } });
    assert.equal(mailbox.messageCount, 8);
    assert.equal(mailbox.usedBytes, BigInt((copied.reduce((sum, m) => sum + m.size, 0) * 8) / 3));
    assert.deepEqual(await h.store.copyMessages(inbox.id, [42], archive.id), { uidValidity: archive.uidValidity, mapping: [] });
  });

  it('COPY is refused as a whole when the quota cannot take it', async () => {
    const size = Buffer.byteLength(message('q-1', 30_000));
    const mailboxId = await h.mailbox('copyquota', String(size * 3 + 10));
    for (let i = 1; i <= 2; i++) await h.store.appendMessage(mailboxId, 'INBOX', streamOf(message(`q-${i}`, 30_000)));
    const inbox = await h.store.getFolder(mailboxId, 'INBOX');
    const trash = await h.store.getFolder(mailboxId, 'Trash');
    await assert.rejects(h.store.copyMessages(inbox.id, [1, 2], trash.id), QuotaExceededError);
    assert.equal((await h.store.getFolder(mailboxId, 'Trash')).messageCount, 0);
    // MOVE within the mailbox needs no room.
    const moved = await h.store.moveMessages(inbox.id, [1, 2], trash.id);
    assert.deepEqual(moved.mapping, [
      [1, 1],
      [2, 2],
    ]);
  });

  it('MOVE: new UIDs in the target, source expunged with VANISHED data, counts and blobs unchanged', async () => {
    const mailboxId = await h.mailbox('move');
    const inbox = await fill(mailboxId, 'INBOX', 4, 'move');
    const junk = await h.store.getFolder(mailboxId, 'Junk');
    const before = await h.testDb.db.mailbox.findUniqueOrThrow({ where: { id: mailboxId } });
    const hashes = (await h.store.listMessages(inbox.id, { structure: false })).map((m) => m.blobHash);
    const result = await h.store.moveMessages(inbox.id, [3, 1], junk.id);
    assert.equal(result.uidValidity, junk.uidValidity);
    assert.deepEqual(result.mapping, [
      [1, 1],
      [3, 2],
    ]);
    assert.deepEqual(
      (await h.store.listMessages(inbox.id, { structure: false })).map((m) => m.uid),
      [2, 4],
    );
    const moved = await h.store.listMessages(junk.id);
    assert.deepEqual(
      moved.map((m) => [m.uid, m.envelope?.subject]),
      [
        [1, 'Message move-1'],
        [2, 'Message move-3'],
      ],
    );
    const src = await h.store.getFolder(mailboxId, 'INBOX');
    assert.equal(src.messageCount, 2);
    assert.equal(src.unseenCount, 2);
    assert.equal(result.expungeModseq, src.highestModseq);
    const changes = await h.store.changesSince(inbox.id, inbox.highestModseq);
    assert.deepEqual(changes.vanished, [1, 3]);
    const after = await h.testDb.db.mailbox.findUniqueOrThrow({ where: { id: mailboxId } });
    assert.deepEqual([after.usedBytes, after.messageCount], [before.usedBytes, before.messageCount]);
    const refs = await h.testDb.db.blob.findMany({ where: { sha256: { in: hashes } }, select: { refCount: true } });
    assert.ok(refs.every((r) => r.refCount === 1));
  });

  it('EXPUNGE removes only \\Deleted messages, records them for QRESYNC, releases quota and blobs', async () => {
    const mailboxId = await h.mailbox('expunge');
    const inbox = await fill(mailboxId, 'INBOX', 4, 'expunge');
    await h.store.storeFlags(inbox.id, [1, 3, 4], { mode: 'add', flags: ['\\Deleted'] });
    const beforeExpunge = await h.store.getFolder(mailboxId, 'INBOX');
    const limited = await h.store.expunge(inbox.id, { uids: [3, 2] }); // UID EXPUNGE 2:3 — 2 is not \Deleted
    assert.deepEqual(limited.uids, [3]);
    assert.equal(limited.modseq, beforeExpunge.highestModseq + 1n);
    const rest = await h.store.expunge(inbox.id);
    assert.deepEqual(rest.uids, [1, 4]);
    assert.deepEqual(await h.store.expunge(inbox.id), { uids: [], modseq: null });
    const changes = await h.store.changesSince(inbox.id, beforeExpunge.highestModseq);
    assert.deepEqual(changes.vanished, [1, 3, 4]);
    const folder = await h.store.getFolder(mailboxId, 'INBOX');
    assert.deepEqual([folder.messageCount, folder.unseenCount], [1, 1]);
    const remaining = await h.store.listMessages(inbox.id, { structure: false });
    const mailbox = await h.testDb.db.mailbox.findUniqueOrThrow({ where: { id: mailboxId } });
    assert.deepEqual([mailbox.messageCount, mailbox.usedBytes], [1, BigInt(remaining[0]!.size)]);
  });

  it('removeMessages takes exactly the given UIDs whatever their flags, with expunge bookkeeping', async () => {
    const mailboxId = await h.mailbox('remove');
    const inbox = await fill(mailboxId, 'INBOX', 3, 'remove');
    const result = await h.store.removeMessages(inbox.id, [1, 3]);
    assert.deepEqual(result.uids, [1, 3]);
    assert.deepEqual(Object.keys(await flagsOf(inbox)), ['2']);
    const after = await h.store.getFolder(mailboxId, 'INBOX');
    assert.equal(after.messageCount, 1);
    assert.deepEqual((await h.store.changesSince(inbox.id, inbox.highestModseq)).vanished, [1, 3]);
    assert.deepEqual((await h.store.removeMessages(inbox.id, [])).uids, []);
  });

  it('mixed concurrent operations on one mailbox neither deadlock nor lose count', async () => {
    const mailboxId = await h.mailbox('storm', '0');
    const inbox = await fill(mailboxId, 'INBOX', 6, 'storm');
    const archive = await h.store.getFolder(mailboxId, 'Archive');
    const trash = await h.store.getFolder(mailboxId, 'Trash');
    await h.store.storeFlags(inbox.id, [1, 2], { mode: 'add', flags: ['\\Deleted'] });
    const shared = await h.store.storeBlob(streamOf(message('storm-shared')));
    await Promise.all([
      ...Array.from({ length: 4 }, (_, i) => h.store.appendMessage(mailboxId, 'INBOX', streamOf(message(`storm-new-${i}`)))),
      h.store.deliver(shared, [{ mailboxId }, { mailboxId, folder: 'Archive' }, { mailboxId, folder: 'Trash' }]),
      h.store.copyMessages(inbox.id, [3, 4], archive.id),
      h.store.moveMessages(inbox.id, [5], trash.id),
      h.store.storeFlags(inbox.id, [6], { mode: 'add', flags: ['\\Seen'] }),
      h.store.expunge(inbox.id),
      h.store.copyMessages(archive.id, [1, 2, 3], trash.id),
    ]);
    const folders = await h.store.listFolders(mailboxId);
    let messages = 0;
    let bytes = 0;
    for (const folder of folders) {
      const listed = await h.store.listMessages(folder.id, { structure: false });
      assert.equal(folder.messageCount, listed.length, folder.name);
      assert.equal(folder.unseenCount, listed.filter((m) => !m.flags.includes('\\Seen')).length, folder.name);
      assert.equal(new Set(listed.map((m) => m.uid)).size, listed.length);
      assert.ok(listed.every((m) => m.uid < folder.uidNext && m.modseq <= folder.highestModseq));
      messages += listed.length;
      bytes += listed.reduce((sum, m) => sum + m.size, 0);
    }
    const mailbox = await h.testDb.db.mailbox.findUniqueOrThrow({ where: { id: mailboxId } });
    assert.deepEqual([mailbox.messageCount, mailbox.usedBytes], [messages, BigInt(bytes)]);
    const refs = await h.testDb.db.$queryRaw<Array<{ ok: boolean }>>`
      SELECT bool_and(b."refCount" = c.n) AS ok FROM "Blob" b
      JOIN (SELECT "blobHash", count(*)::int AS n FROM "Message" GROUP BY "blobHash") c ON c."blobHash" = b.sha256`;
    assert.equal(refs[0]?.ok, true, 'every refCount equals the number of messages using the blob');
  });

  it('expunge then sweep: the blob goes only when its refCount reaches 0 (row and file)', async () => {
    const a = await h.mailbox('sweep-a');
    const b = await h.mailbox('sweep-b');
    const stored = await h.store.storeBlob(streamOf(message('sweep')));
    const [da, db] = await h.store.deliver(stored, [{ mailboxId: a }, { mailboxId: b }]);
    const blobRow = () => h.testDb.db.blob.findUnique({ where: { sha256: stored.sha256 } });

    await h.store.storeFlags(da!.folderId, [da!.uid], { mode: 'add', flags: ['\\Deleted'] });
    await h.store.expunge(da!.folderId);
    assert.equal((await blobRow())?.refCount, 1);
    let swept = await h.store.sweepBlobs({ olderThanMs: 0 });
    assert.equal(await h.store.blobs.exists(stored.sha256), true, 'still referenced by b');
    assert.equal((await blobRow())?.refCount, 1);

    await h.store.storeFlags(db!.folderId, [db!.uid], { mode: 'add', flags: ['\\Deleted'] });
    await h.store.expunge(db!.folderId);
    assert.equal((await blobRow())?.refCount, 0);
    // Unreferenced but recent: kept by a sweep that only takes what is an hour old.
    swept = await h.store.sweepBlobs();
    assert.equal(swept.rows, 0);
    assert.equal(await h.store.blobs.exists(stored.sha256), true);
    // Age the file too (a fresh mtime means a writer may be about to reuse it).
    const old = new Date(Date.now() - 2 * 3600_000);
    await utimes(h.store.blobs.pathOf(stored.sha256), old, old);
    await h.testDb.db.$executeRaw`UPDATE "Blob" SET "updatedAt" = ${old} WHERE sha256 = ${stored.sha256}`;
    swept = await h.store.sweepBlobs();
    assert.ok(swept.rows >= 1);
    assert.equal(await blobRow(), null);
    assert.equal(await h.store.blobs.exists(stored.sha256), false);
  });

  it('sweep removes blob files nobody committed, and never a referenced one', async () => {
    const mailboxId = await h.mailbox('orphans');
    const orphan = await h.store.storeBlob(streamOf(message('orphan')));
    const kept = await h.store.storeBlob(streamOf(message('kept')));
    await h.store.deliver(kept, [{ mailboxId }]);
    // A referenced row whose count was wrongly zeroed is still protected by the foreign key.
    await h.testDb.db.$executeRaw`UPDATE "Blob" SET "refCount" = 0, "updatedAt" = now() - interval '2 hours' WHERE sha256 = ${kept.sha256}`;
    const old = new Date(Date.now() - 2 * 3600_000);
    for (const s of [orphan, kept]) await utimes(h.store.blobs.pathOf(s.sha256), old, old);
    const swept = await h.store.sweepBlobs();
    assert.ok(swept.files >= 1);
    assert.equal(await h.store.blobs.exists(orphan.sha256), false);
    assert.equal(await h.store.blobs.exists(kept.sha256), true);
    assert.ok(await h.testDb.db.blob.findUnique({ where: { sha256: kept.sha256 } }));
  });
});
