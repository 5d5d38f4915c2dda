import assert from 'node:assert/strict';
import { readdir } from 'node:fs/promises';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { ChangeEvent } from './change-events.ts';
import { BlobMissingError, FolderNotFoundError, MailboxNotFoundError, QuotaExceededError } from './errors.ts';
import { createHarness, type Harness, message, readAll, streamOf } from './test-harness.ts';

describe('delivery', () => {
  let h: Harness;
  before(async () => {
    h = await createHarness();
  });
  after(async () => {
    await h.close();
  });

  const mailboxRow = (id: number) => h.testDb.db.mailbox.findUniqueOrThrow({ where: { id }, select: { usedBytes: true, messageCount: true } });

  it('storeBlob writes the blob and parses it in one pass; appendMessage files it with APPENDUID data', async () => {
    const mailboxId = await h.mailbox('append');
    const text = message('append', 5000);
    const stored = await h.store.storeBlob(streamOf(text, 17));
    assert.equal(stored.size, Buffer.byteLength(text));
    assert.equal(stored.structure.envelope.subject, 'Message append');
    assert.equal((await readAll(h.store.openMessage(stored.sha256))).toString(), text);

    const sent = await h.store.getFolder(mailboxId, 'Sent');
    const appended = await h.store.appendMessage(mailboxId, 'Sent', streamOf(text), ['\\seen', '$Forwarded', '\\Recent'], new Date('2024-10-01T12:00:00Z'));
    assert.deepEqual(
      { folderId: appended.folderId, uid: appended.uid, uidValidity: appended.uidValidity },
      { folderId: sent.id, uid: 1, uidValidity: sent.uidValidity },
    );
    const [row] = await h.store.listMessages(sent.id);
    assert.deepEqual(row?.flags, ['\\Seen', '$Forwarded']);
    assert.equal(row?.internalDate.toISOString(), '2024-10-01T12:00:00.000Z');
    assert.equal(row?.size, Buffer.byteLength(text));
    assert.equal(row?.envelope?.subject, 'Message append');
    assert.equal(row?.bodyStructure?.type, 'text');
    const db = await h.testDb.db.message.findFirstOrThrow({ where: { folderId: sent.id } });
    assert.equal(db.subject, 'Message append');
    assert.equal(db.fromAddress, 'Alice Example <alice@example.com>');
    assert.equal(db.messageIdHdr, '<mappend@example.com>');
    assert.equal(db.sentDate?.toISOString(), '2024-10-01T10:00:00.000Z');
    const folder = await h.store.getFolder(mailboxId, 'sent'.replace('s', 'S'));
    assert.equal(folder.uidNext, 2);
    assert.equal(folder.unseenCount, 0, '\\Seen on append is not unseen');

    // Partial reads: [start, end) with end exclusive, e.g. a part's body.
    const body = stored.structure.body;
    assert.equal((await readAll(h.store.openMessage(stored.sha256, { start: body.bodyStart, end: body.end }))).toString(), text.slice(body.bodyStart));
    assert.equal((await readAll(h.store.openMessage(stored.sha256, { start: 0, end: 4 }))).toString(), 'From');
    assert.equal((await readAll(h.store.openMessage(stored.sha256, { start: 10, end: 10 }))).length, 0);
  });

  it('gives strictly increasing, unique UIDs under 20 concurrent appends to one folder', async () => {
    const mailboxId = await h.mailbox('concurrent', '0');
    const inbox = await h.store.getFolder(mailboxId, 'INBOX');
    const results = await Promise.all(Array.from({ length: 20 }, (_, i) => h.store.appendMessage(mailboxId, 'inbox', streamOf(message(`c${i}`)))));
    const uids = results.map((r) => r.uid).sort((a, b) => a - b);
    assert.deepEqual(
      uids,
      Array.from({ length: 20 }, (_, i) => i + 1),
    );
    assert.equal(new Set(results.map((r) => r.modseq)).size, 20, 'every append has its own MODSEQ');
    const listed = await h.store.listMessages(inbox.id, { structure: false });
    assert.deepEqual(
      listed.map((m) => m.uid),
      uids,
    );
    // Commit order = UID order = MODSEQ order.
    for (let i = 1; i < listed.length; i++) assert.ok(listed[i]!.modseq > listed[i - 1]!.modseq);
    const after = await h.store.getFolder(mailboxId, 'INBOX');
    assert.equal(after.uidNext, 21);
    assert.equal(after.messageCount, 20);
    assert.equal(after.unseenCount, 20);
    assert.equal((await mailboxRow(mailboxId)).messageCount, 20);
  });

  it('quota race: two concurrent appends with room for one → exactly one wins', async () => {
    const text = message('race', 600 * 1024); // ~600 KiB each, quota 1M
    const size = Buffer.byteLength(text);
    const mailboxId = await h.mailbox('race', '1M');
    assert.equal((await h.store.checkQuota(mailboxId, size)).allowed, true);
    const [a, b] = await Promise.all([h.store.storeBlob(streamOf(`${text}a`)), h.store.storeBlob(streamOf(`${text}b`))]);
    const outcomes = await Promise.allSettled([h.store.deliver(a, [{ mailboxId }]), h.store.deliver(b, [{ mailboxId }])]);
    assert.equal(outcomes.filter((o) => o.status === 'fulfilled').length, 1);
    const rejected = outcomes.find((o) => o.status === 'rejected') as PromiseRejectedResult;
    assert.ok(rejected.reason instanceof QuotaExceededError);
    assert.equal(rejected.reason.mailboxId, mailboxId);
    assert.equal(rejected.reason.code, 'quota_exceeded');
    const row = await mailboxRow(mailboxId);
    assert.equal(row.usedBytes, BigInt(size + 1));
    assert.equal(row.messageCount, 1);
    const state = await h.store.checkQuota(mailboxId, size);
    assert.deepEqual(state, { allowed: false, usedBytes: BigInt(size + 1), quotaBytes: 1024n * 1024n });
    const inbox = await h.store.getFolder(mailboxId, 'INBOX');
    assert.equal(inbox.messageCount, 1);
    assert.equal(inbox.uidNext, 2, 'the losing append allocated no UID');
  });

  it('one message for 3 mailboxes: one blob file, Blob.refCount 3', async () => {
    const ids = [await h.mailbox('shared1'), await h.mailbox('shared2'), await h.mailbox('shared3')];
    const text = message('shared');
    const stored = await h.store.storeBlob(streamOf(text));
    const again = await h.store.storeBlob(streamOf(text, 3)); // same content, written again: kept once
    assert.equal(again.sha256, stored.sha256);
    const delivered = await h.store.deliver(
      stored,
      ids.map((mailboxId) => ({ mailboxId })),
    );
    assert.deepEqual(
      delivered.map((d) => d.mailboxId),
      ids,
    );
    assert.deepEqual(
      delivered.map((d) => d.uid),
      [1, 1, 1],
    );
    const blob = await h.testDb.db.blob.findUniqueOrThrow({ where: { sha256: stored.sha256 } });
    assert.equal(blob.refCount, 3);
    assert.equal(blob.size, BigInt(stored.size));
    const dir = path.dirname(h.store.blobs.pathOf(stored.sha256));
    assert.deepEqual(await readdir(dir), [stored.sha256]);
    assert.equal(
      path.relative(h.dataDir, h.store.blobs.pathOf(stored.sha256)),
      path.join('blobs', stored.sha256.slice(0, 2), stored.sha256.slice(2, 4), stored.sha256),
    );
    assert.deepEqual(await readdir(path.join(h.dataDir, 'blobs', 'tmp')), [], 'no temp files left');
    for (const id of ids) assert.equal((await mailboxRow(id)).usedBytes, BigInt(stored.size));
  });

  it('two targets, the second over quota: nothing is stored for either', async () => {
    const roomy = await h.mailbox('roomy', '10M');
    const tiny = await h.mailbox('tiny', '100');
    const stored = await h.store.storeBlob(streamOf(message('atomic', 500)));
    await assert.rejects(h.store.deliver(stored, [{ mailboxId: roomy }, { mailboxId: tiny }]), (error: unknown) => {
      assert.ok(error instanceof QuotaExceededError);
      assert.equal(error.mailboxId, tiny);
      return true;
    });
    for (const id of [roomy, tiny]) {
      assert.deepEqual(await mailboxRow(id), { usedBytes: 0n, messageCount: 0 });
      const inbox = await h.store.getFolder(id, 'INBOX');
      assert.equal(inbox.messageCount, 0);
      assert.equal(inbox.uidNext, 1);
      assert.equal(inbox.highestModseq, 1n);
    }
    assert.equal(await h.testDb.db.message.count({ where: { mailboxId: { in: [roomy, tiny] } } }), 0);
    assert.equal(await h.testDb.db.blob.count({ where: { sha256: stored.sha256 } }), 0);
  });

  it('a blob written but its transaction rolled back leaves no row (only a file for the sweep)', async () => {
    const mailboxId = await h.mailbox('rollback');
    const stored = await h.store.storeBlob(streamOf(message('rollback')));
    await assert.rejects(h.store.deliver(stored, [{ mailboxId, folder: 'No Such Folder' }]), FolderNotFoundError);
    await assert.rejects(h.store.deliver(stored, [{ mailboxId: 999_999 }]), MailboxNotFoundError);
    assert.equal(await h.testDb.db.blob.count({ where: { sha256: stored.sha256 } }), 0);
    assert.equal(await h.store.blobs.exists(stored.sha256), true);
    assert.deepEqual(await mailboxRow(mailboxId), { usedBytes: 0n, messageCount: 0 });
  });

  it('refuses to commit a row whose blob file is gone', async () => {
    const mailboxId = await h.mailbox('vanished');
    const stored = await h.store.storeBlob(streamOf(message('vanished')));
    await h.store.blobs.remove(stored.sha256);
    await assert.rejects(h.store.deliver(stored, [{ mailboxId }]), BlobMissingError);
    assert.equal(await h.testDb.db.blob.count({ where: { sha256: stored.sha256 } }), 0);
    assert.equal((await h.store.getFolder(mailboxId, 'INBOX')).messageCount, 0);
  });

  it('stores messages with NUL and 8-bit junk in their headers', async () => {
    const mailboxId = await h.mailbox('junk');
    const text = 'Subject: =?utf-8?q?a=00b?= \u0000c\r\nFrom: =?utf-8?q?=00?= <x@y>\r\nContent-Type: text/plain; name="a\u0000b"\r\n\r\n\u0000\xff\r\n';
    const result = await h.store.appendMessage(mailboxId, 'INBOX', streamOf(Buffer.from(text, 'latin1')));
    const row = await h.testDb.db.message.findFirstOrThrow({ where: { folderId: result.folderId } });
    assert.equal(row.subject, 'ab c');
    assert.equal(row.fromAddress, 'x@y');
  });

  it('publishes an exists event after the commit', async () => {
    const mailboxId = await h.mailbox('events');
    const inbox = await h.store.getFolder(mailboxId, 'INBOX');
    const received: ChangeEvent[] = [];
    let wake: () => void = () => {};
    const arrived = new Promise<void>((resolve) => (wake = resolve));
    const unsubscribe = await h.store.subscribeMailbox(mailboxId, (event) => {
      received.push(event);
      wake();
    });
    const result = await h.store.appendMessage(mailboxId, 'INBOX', streamOf(message('event')));
    await Promise.race([arrived, new Promise((_, reject) => setTimeout(() => reject(new Error('no event within 2 s')), 2000))]);
    assert.deepEqual(received, [{ mailboxId, folderId: inbox.id, kind: 'exists', uids: [result.uid], modseq: result.modseq }]);
    await unsubscribe();
  });
});
