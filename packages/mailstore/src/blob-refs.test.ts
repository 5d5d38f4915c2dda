import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { CLI_ACTOR, createDomain, createMailbox, deleteDomain, deleteMailbox } from '@kontor/db';
import { releaseBlobsOf } from './blob-refs.ts';
import { createHarness, type Harness, message, streamOf } from './test-harness.ts';

describe('blob references when mailboxes and domains are deleted', () => {
  let h: Harness;
  before(async () => {
    h = await createHarness();
  });
  after(async () => {
    await h.close();
  });

  const refCount = async (sha256: string) => (await h.testDb.db.blob.findUniqueOrThrow({ where: { sha256 } })).refCount;

  it('releases exactly the references of the deleted mailbox, then of the deleted domain, and nothing of others', async () => {
    const kept = await h.mailbox('kept');
    const text = message('shared');
    const shared = await h.store.storeBlob(streamOf(text));
    const other = await createDomain(h.testDb.db, CLI_ACTOR, { name: 'leaving.example' });
    const a = (await createMailbox(h.testDb.db, CLI_ACTOR, { domainId: other.id, localPart: 'a', password: 'correct horse battery' }))!.id;
    const b = (await createMailbox(h.testDb.db, CLI_ACTOR, { domainId: other.id, localPart: 'b', password: 'correct horse battery' }))!.id;
    // One body, five references: twice in a, twice in b, once in the mailbox that stays.
    for (const mailboxId of [a, a, b, b, kept]) await h.store.appendMessage(mailboxId, 'INBOX', streamOf(text), [], new Date());
    assert.equal(await refCount(shared.sha256), 5);

    await deleteMailbox(h.testDb.db, CLI_ACTOR, a, { releaseBlobs: releaseBlobsOf });
    assert.equal(await refCount(shared.sha256), 3);
    await deleteDomain(h.testDb.db, CLI_ACTOR, other.id, { confirm: true, releaseBlobs: releaseBlobsOf });
    assert.equal(await refCount(shared.sha256), 1, 'the mailbox of the other domain still holds its copy');
  });

  it('counts down in the same transaction: a refused deletion releases nothing', async () => {
    const mailboxId = await h.mailbox('refused');
    const text = message('refused');
    const stored = await h.store.storeBlob(streamOf(text));
    await h.store.appendMessage(mailboxId, 'INBOX', streamOf(text), [], new Date());
    const failing = async (tx: Parameters<typeof releaseBlobsOf>[0], scope: Parameters<typeof releaseBlobsOf>[1]) => {
      await releaseBlobsOf(tx, scope);
      throw new Error('fails after releasing');
    };
    await assert.rejects(deleteMailbox(h.testDb.db, CLI_ACTOR, mailboxId, { releaseBlobs: failing }), /fails after releasing/);
    assert.equal(await refCount(stored.sha256), 1);
    assert.equal(await h.testDb.db.mailbox.count({ where: { id: mailboxId } }), 1);
  });
});
