import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { FolderExistsError, FolderNotFoundError, FolderOperationNotAllowedError, InvalidFolderNameError } from './errors.ts';
import { createHarness, type Harness, message, streamOf } from './test-harness.ts';

describe('folders', () => {
  let h: Harness;
  before(async () => {
    h = await createHarness();
  });
  after(async () => {
    await h.close();
  });

  const names = async (mailboxId: number) => (await h.store.listFolders(mailboxId)).map((f) => f.name);

  it('lists the default folders, INBOX first; INBOX is case-insensitive', async () => {
    const mailboxId = await h.mailbox('defaults');
    assert.deepEqual(await names(mailboxId), ['INBOX', 'Archive', 'Drafts', 'Junk', 'Sent', 'Trash']);
    const folders = await h.store.listFolders(mailboxId);
    assert.equal(folders.find((f) => f.name === 'Sent')?.specialUse, '\\Sent');
    assert.equal((await h.store.getFolder(mailboxId, 'iNbOx')).name, 'INBOX');
    await assert.rejects(h.store.getFolder(mailboxId, 'sent'), FolderNotFoundError, 'other names are case-sensitive');
    assert.equal(await h.store.findFolder(mailboxId, 'Nope'), null);
  });

  it('CREATE: superior names made, fresh UIDVALIDITY, special use, conflicts and bad names', async () => {
    const mailboxId = await h.mailbox('create');
    const created = await h.store.createFolder(mailboxId, 'Projects/2024/Q1', { specialUse: '\\flagged' });
    assert.equal(created.specialUse, '\\Flagged');
    assert.deepEqual(await names(mailboxId), ['INBOX', 'Archive', 'Drafts', 'Junk', 'Projects', 'Projects/2024', 'Projects/2024/Q1', 'Sent', 'Trash']);
    await assert.rejects(h.store.createFolder(mailboxId, 'Projects/2024'), FolderExistsError);
    await assert.rejects(h.store.createFolder(mailboxId, 'inbox'), FolderExistsError);
    const child = await h.store.createFolder(mailboxId, 'inbox/Lists');
    assert.equal(child.name, 'INBOX/Lists');
    for (const bad of ['', 'a//b', '/lead', 'trail/', 'wild*', 'per%cent', 'ctl\u0007']) {
      await assert.rejects(h.store.createFolder(mailboxId, bad), InvalidFolderNameError, JSON.stringify(bad));
    }
    await assert.rejects(h.store.createFolder(mailboxId, 'X', { specialUse: '\\Bogus' }), InvalidFolderNameError);

    // Deleted and created again: a new UIDVALIDITY, never an old one.
    const first = await h.store.createFolder(mailboxId, 'Again');
    await h.store.deleteFolder(mailboxId, 'Again');
    const second = await h.store.createFolder(mailboxId, 'Again');
    assert.ok(second.uidValidity > first.uidValidity);
    assert.equal(second.uidNext, 1);
  });

  it('RENAME takes the children along and keeps UIDVALIDITY and messages', async () => {
    const mailboxId = await h.mailbox('rename');
    await h.store.createFolder(mailboxId, 'Work/Clients/ACME');
    await h.store.appendMessage(mailboxId, 'Work/Clients', streamOf(message('rename')));
    const before = await h.store.getFolder(mailboxId, 'Work/Clients');
    const renamed = await h.store.renameFolder(mailboxId, 'Work', 'Old/Work');
    assert.equal(renamed.name, 'Old/Work');
    assert.deepEqual(
      (await names(mailboxId)).filter((n) => n.startsWith('Old') || n.startsWith('Work')),
      ['Old', 'Old/Work', 'Old/Work/Clients', 'Old/Work/Clients/ACME'],
    );
    const moved = await h.store.getFolder(mailboxId, 'Old/Work/Clients');
    assert.equal(moved.id, before.id);
    assert.equal(moved.uidValidity, before.uidValidity);
    assert.equal((await h.store.listMessages(moved.id)).length, 1);

    // Names are Unicode; characters outside the BMP count once in SQL, twice in JS.
    await h.store.createFolder(mailboxId, '📁 Ablage/Ünter');
    await h.store.renameFolder(mailboxId, '📁 Ablage', '🗄️ Archiv');
    assert.ok((await names(mailboxId)).includes('🗄️ Archiv/Ünter'));

    await assert.rejects(h.store.renameFolder(mailboxId, 'Nope', 'Other'), FolderNotFoundError);
    await assert.rejects(h.store.renameFolder(mailboxId, 'Old/Work', 'Sent'), FolderExistsError);
    await assert.rejects(h.store.renameFolder(mailboxId, 'Old', 'Old/Below'), InvalidFolderNameError);
    await assert.rejects(h.store.renameFolder(mailboxId, 'Sent', 'INBOX'), FolderExistsError);
  });

  it('RENAME INBOX moves its messages to a new folder and leaves INBOX empty, children untouched', async () => {
    const mailboxId = await h.mailbox('renameinbox');
    await h.store.createFolder(mailboxId, 'INBOX/Child');
    for (let i = 1; i <= 3; i++) await h.store.appendMessage(mailboxId, 'INBOX', streamOf(message(`inbox-${i}`)), i === 1 ? ['\\Seen'] : []);
    const inbox = await h.store.getFolder(mailboxId, 'INBOX');
    const saved = await h.store.renameFolder(mailboxId, 'inbox', 'Saved/Old Inbox');
    assert.equal(saved.name, 'Saved/Old Inbox');
    assert.notEqual(saved.uidValidity, inbox.uidValidity);
    assert.deepEqual([saved.messageCount, saved.unseenCount, saved.uidNext], [3, 2, 4]);
    assert.deepEqual(
      (await h.store.listMessages(saved.id)).map((m) => [m.uid, m.envelope?.subject]),
      [
        [1, 'Message inbox-1'],
        [2, 'Message inbox-2'],
        [3, 'Message inbox-3'],
      ],
    );
    const empty = await h.store.getFolder(mailboxId, 'INBOX');
    assert.equal(empty.id, inbox.id);
    assert.equal(empty.uidValidity, inbox.uidValidity);
    assert.deepEqual([empty.messageCount, empty.unseenCount, empty.uidNext], [0, 0, 4], 'UIDs are never reused');
    assert.deepEqual((await h.store.changesSince(inbox.id, inbox.highestModseq)).vanished, [1, 2, 3]);
    assert.ok((await names(mailboxId)).includes('INBOX/Child'));
    // New mail still arrives in INBOX, with the next UID.
    const next = await h.store.appendMessage(mailboxId, 'INBOX', streamOf(message('inbox-4')));
    assert.equal(next.uid, 4);
    const mailbox = await h.testDb.db.mailbox.findUniqueOrThrow({ where: { id: mailboxId } });
    assert.equal(mailbox.messageCount, 4);
  });

  it('DELETE expunges messages and releases quota and blobs; INBOX refuses; children stay', async () => {
    const mailboxId = await h.mailbox('delete');
    await h.store.createFolder(mailboxId, 'Old/Sub');
    const stored = await h.store.storeBlob(streamOf(message('delete')));
    await h.store.deliver(stored, [{ mailboxId, folder: 'Old' }, { mailboxId, folder: 'Old' }, { mailboxId }]);
    await h.store.deleteFolder(mailboxId, 'Old');
    assert.ok(!(await names(mailboxId)).includes('Old'));
    assert.ok((await names(mailboxId)).includes('Old/Sub'));
    const mailbox = await h.testDb.db.mailbox.findUniqueOrThrow({ where: { id: mailboxId } });
    assert.deepEqual([mailbox.messageCount, mailbox.usedBytes], [1, BigInt(stored.size)]);
    assert.equal((await h.testDb.db.blob.findUniqueOrThrow({ where: { sha256: stored.sha256 } })).refCount, 1);
    await assert.rejects(h.store.deleteFolder(mailboxId, 'inbox'), FolderOperationNotAllowedError);
    await assert.rejects(h.store.deleteFolder(mailboxId, 'Old'), FolderNotFoundError);
  });

  it('racing CREATEs of one name: one wins, the others get FolderExistsError', async () => {
    const mailboxId = await h.mailbox('race');
    const outcomes = await Promise.allSettled(Array.from({ length: 5 }, () => h.store.createFolder(mailboxId, 'Race/Same')));
    assert.equal(outcomes.filter((o) => o.status === 'fulfilled').length, 1);
    for (const o of outcomes) if (o.status === 'rejected') assert.ok(o.reason instanceof FolderExistsError, String(o.reason));
  });

  it('SUBSCRIBE / UNSUBSCRIBE keep names, apart from the folders (RFC 3501 §6.3.6)', async () => {
    const mailboxId = await h.mailbox('subscribe');
    const defaults = await h.store.listSubscriptions(mailboxId);
    assert.ok(defaults.includes('INBOX') && defaults.includes('Junk'), 'the standard folders start subscribed');
    await h.store.setSubscribed(mailboxId, 'Junk', false);
    assert.ok(!(await h.store.listSubscriptions(mailboxId)).includes('Junk'));
    await h.store.setSubscribed(mailboxId, 'Junk', true);
    await assert.rejects(h.store.setSubscribed(mailboxId, 'Nope', true), FolderNotFoundError);

    // CREATE does not subscribe; DELETE does not unsubscribe; RENAME takes the name along.
    await h.store.createFolder(mailboxId, 'Projects/Alpha');
    assert.ok(!(await h.store.listSubscriptions(mailboxId)).includes('Projects/Alpha'));
    await h.store.setSubscribed(mailboxId, 'Projects/Alpha', true);
    await h.store.renameFolder(mailboxId, 'Projects', 'Work');
    assert.ok((await h.store.listSubscriptions(mailboxId)).includes('Work/Alpha'));
    await h.store.deleteFolder(mailboxId, 'Work/Alpha');
    assert.ok((await h.store.listSubscriptions(mailboxId)).includes('Work/Alpha'), 'the subscription outlives its folder');
    await h.store.setSubscribed(mailboxId, 'Work/Alpha', false);
    assert.ok(!(await h.store.listSubscriptions(mailboxId)).includes('Work/Alpha'), 'a name without a folder can be unsubscribed');
  });
});
