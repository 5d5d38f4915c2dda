import assert from 'node:assert/strict';
import { after, beforeEach, describe, it } from 'node:test';
import { message, startTestServer, type TestServer, USER } from '../testing/harness.ts';
import { MemoryStorage } from '../testing/memory-storage.ts';

describe('COPY and MOVE', () => {
  let server: TestServer;
  beforeEach(async () => {
    await server?.close();
    server = await startTestServer();
    for (const subject of ['a', 'b', 'c']) server.storage.deliver(USER, 'INBOX', message(subject), { flags: ['\\Seen'] });
  });
  after(() => server.close());

  it('COPY answers [COPYUID] and keeps the flags; a missing target answers [TRYCREATE]', async () => {
    const client = await server.selectInbox();
    const archive = server.storage.folderByName(USER, 'Archive');
    assert.equal((await client.command('COPY 2:3 Archive')).tagged.replace(/^\S+ /, ''), `OK [COPYUID ${archive.uidValidity} 2:3 1:2] COPY completed`);
    assert.deepEqual(
      [...archive.messages.values()].map((m) => m.flags),
      [['\\Seen'], ['\\Seen']],
    );
    assert.match((await client.command('UID COPY 1 Nowhere')).tagged, /NO \[TRYCREATE\]/);
    assert.match((await client.command('UID COPY 99 Archive')).tagged, /OK COPY completed \(nothing to copy\)/);
    await client.logout();
  });

  it('COPY into the selected mailbox reports the new messages', async () => {
    const client = await server.selectInbox();
    const result = await client.command('COPY 1 INBOX');
    assert.ok(result.untagged.includes('* 4 EXISTS'), JSON.stringify(result.untagged));
    await client.logout();
  });

  it('MOVE answers * OK [COPYUID], then EXPUNGE, then OK (RFC 6851)', async () => {
    const client = await server.selectInbox();
    const archive = server.storage.folderByName(USER, 'Archive');
    const result = await client.command('UID MOVE 1,3 Archive');
    assert.deepEqual(result.untagged, [`* OK [COPYUID ${archive.uidValidity} 1,3 1:2] Moved`, '* 3 EXPUNGE', '* 1 EXPUNGE']);
    assert.equal(result.status, 'OK');
    assert.deepEqual([...server.storage.folderByName(USER, 'INBOX').messages.keys()], [2]);
    assert.match((await client.command('MOVE 1 Nowhere')).tagged, /NO \[TRYCREATE\]/);
    await client.logout();
  });

  it('refuses COPY over quota with [OVERQUOTA]', async () => {
    const own = await startTestServer({ storage: new MemoryStorage() });
    own.storage.addUser(USER, 'secret', { quota: 400 });
    own.storage.deliver(USER, 'INBOX', message('big', { body: 'x'.repeat(250) }));
    const client = await own.selectInbox();
    assert.match((await client.command('COPY 1 Archive')).tagged, /NO \[OVERQUOTA\]/);
    await own.close();
  });
});
