import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { MessageFilter } from './message-filter.ts';
import { createHarness, type Harness, message, streamOf } from './test-harness.ts';

describe('filterMessages', () => {
  let h: Harness;
  let folderId: number;
  const uids = async (filter: MessageFilter) => (await h.store.filterMessages(folderId, filter)).map((m) => m.uid);

  before(async () => {
    h = await createHarness();
    const mailboxId = await h.mailbox('filter');
    folderId = (await h.store.findFolder(mailboxId, 'INBOX'))!.id;
    const add = (n: number, flags: string[], internalDate: Date, pad = 0) =>
      h.store.appendMessage(mailboxId, 'INBOX', streamOf(message(n, pad)), flags, internalDate);
    await add(1, ['\\Seen'], new Date('2026-10-31T23:59:59.000Z'));
    await add(2, ['$Work'], new Date('2026-11-01T00:00:00.000Z'), 5000);
    await add(3, [], new Date('2026-11-02T12:00:00.000Z'));
  });
  after(() => h.close());

  it('matches flags without regard to case, set or not set', async () => {
    assert.deepEqual(await uids({ kind: 'flag', flag: '\\seen', set: true }), [1]);
    assert.deepEqual(await uids({ kind: 'flag', flag: '$WORK', set: true }), [2]);
    assert.deepEqual(await uids({ kind: 'flag', flag: '\\Seen', set: false }), [2, 3]);
  });

  it('compares UTC calendar days, and sizes, UIDs and MODSEQs', async () => {
    assert.deepEqual(await uids({ kind: 'day', field: 'internal', op: 'before', day: '2026-11-01' }), [1]);
    assert.deepEqual(await uids({ kind: 'day', field: 'internal', op: 'on', day: '2026-11-01' }), [2]);
    assert.deepEqual(await uids({ kind: 'day', field: 'internal', op: 'since', day: '2026-11-01' }), [2, 3]);
    assert.deepEqual(await uids({ kind: 'size', op: 'larger', size: 1000 }), [2]);
    assert.deepEqual(
      await uids({
        kind: 'uids',
        ranges: [
          [3, 3],
          [1, 1],
        ],
      }),
      [1, 3],
    );
    assert.deepEqual(await uids({ kind: 'uids', ranges: [] }), []);
    const all = await h.store.filterMessages(folderId, { kind: 'all' });
    assert.deepEqual(await uids({ kind: 'modseq', atLeast: all[2]!.modseq }), [3]);
    assert.deepEqual(await uids({ kind: 'received', op: 'before', at: new Date('2026-11-01T00:00:00.000Z') }), [1, 2]);
  });

  it('finds ASCII text in the decoded header columns, without regard to case, LIKE characters taken literally', async () => {
    // The harness's subjects are "Message <n>".
    assert.deepEqual(await uids({ kind: 'contains', column: 'subject', text: 'MESSAGE 2' }), [2]);
    assert.deepEqual(await uids({ kind: 'contains', column: 'from', text: 'alice@' }), [1, 2, 3]);
    assert.deepEqual(await uids({ kind: 'contains', column: 'subject', text: '%' }), []);
    assert.deepEqual(await uids({ kind: 'contains', column: 'subject', text: 'm_ssage' }), []);
    await assert.rejects(h.store.filterMessages(folderId, { kind: 'contains', column: 'subject', text: 'größe' }), /ASCII/);
  });

  it('treats a missing sent date as matching nothing, and NOT of it as matching', async () => {
    // The harness's messages all carry Date: Tue, 1 Oct 2024.
    assert.deepEqual(await uids({ kind: 'day', field: 'sent', op: 'on', day: '2024-10-01' }), [1, 2, 3]);
    await h.testDb.db.message.updateMany({ where: { folderId, uid: 3n }, data: { sentDate: null } });
    assert.deepEqual(await uids({ kind: 'day', field: 'sent', op: 'on', day: '2024-10-01' }), [1, 2]);
    assert.deepEqual(await uids({ kind: 'not', filter: { kind: 'day', field: 'sent', op: 'on', day: '2024-10-01' } }), [3]);
    assert.deepEqual(
      await uids({
        kind: 'or',
        filters: [
          { kind: 'day', field: 'sent', op: 'since', day: '2030-01-01' },
          { kind: 'flag', flag: '$work', set: true },
        ],
      }),
      [2],
    );
    assert.deepEqual(await uids({ kind: 'and', filters: [] }), [1, 2, 3]);
  });
});
