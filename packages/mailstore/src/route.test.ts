// The router against a real database and Redis: what it files locally and
// what it hands to the outbound queue.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createLogger } from '@kontor/core';
import { MailRouter } from './route.ts';
import { createHarness, type Harness, message, streamOf } from './test-harness.ts';

let h: Harness;
let router: MailRouter;
let notified = 0;

before(async () => {
  h = await createHarness();
  router = new MailRouter({
    db: h.testDb.db,
    store: h.store,
    relay: {
      notify: () => {
        notified += 1;
      },
    },
    log: createLogger('route-test', 'silent'),
  });
});
after(async () => {
  await h?.close();
});

async function addressOf(mailboxId: number): Promise<string> {
  const mailbox = await h.testDb.db.mailbox.findUniqueOrThrow({ where: { id: mailboxId }, include: { domain: true } });
  return `${mailbox.localPart}@${mailbox.domain.name}`;
}

describe('MailRouter', () => {
  it('files a hosted recipient locally and queues a foreign one', async () => {
    const id = await h.mailbox('anna');
    const address = await addressOf(id);
    const stored = await h.store.storeBlob(streamOf(message(1)));
    const result = await router.route({ queueId: 'q1', stored, mailFrom: 'x@elsewhere.test', recipients: [address, 'bob@elsewhere.test'], kind: 'submission' });
    assert.deepEqual(
      result.local.map((l) => l.recipient),
      [address],
    );
    assert.deepEqual(result.remote, ['bob@elsewhere.test']);
  });

  it('with remoteOnly, sends even a hosted address out through the queue (the self-test probe)', async () => {
    const id = await h.mailbox('probe-target');
    const address = await addressOf(id);
    const before = notified;
    const stored = await h.store.storeBlob(streamOf(message(2)));
    const result = await router.route({ queueId: 'q2', stored, mailFrom: '', recipients: [address], kind: 'notice', remoteOnly: true });
    assert.deepEqual(result.local, []);
    assert.deepEqual(result.undeliverable, []);
    assert.deepEqual(result.remote, [address]);
    assert.ok(notified > before, 'the outbox relay is told of the outbound job');
    assert.equal(await h.testDb.db.message.count({ where: { mailboxId: id } }), 0);
  });
});
