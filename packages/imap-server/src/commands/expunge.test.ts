import assert from 'node:assert/strict';
import { after, beforeEach, describe, it } from 'node:test';
import { message, startTestServer, type TestServer, USER } from '../testing/harness.ts';

describe('EXPUNGE, UID EXPUNGE, CLOSE, UNSELECT and the other session', () => {
  let server: TestServer;
  beforeEach(async () => {
    await server?.close();
    server = await startTestServer();
    for (const subject of ['a', 'b', 'c', 'd', 'e']) server.storage.deliver(USER, 'INBOX', message(subject));
  });
  after(() => server.close());

  it('expunges \\Deleted messages with sequence numbers as they shift (RFC 3501 §6.4.3)', async () => {
    const client = await server.selectInbox();
    await client.command('STORE 2,3,5 +FLAGS.SILENT (\\Deleted)');
    const result = await client.command('EXPUNGE');
    assert.deepEqual(result.untagged, ['* 5 EXPUNGE', '* 3 EXPUNGE', '* 2 EXPUNGE']);
    assert.equal((await client.command('FETCH 1:* UID')).untagged.join('|'), '* 1 FETCH (UID 1)|* 2 FETCH (UID 4)');
    await client.logout();
  });

  it('UID EXPUNGE removes only the named \\Deleted messages', async () => {
    const client = await server.selectInbox();
    await client.command('STORE 1:2 +FLAGS.SILENT (\\Deleted)');
    assert.deepEqual((await client.command('UID EXPUNGE 2:4')).untagged, ['* 2 EXPUNGE']);
    assert.ok(server.storage.folderByName(USER, 'INBOX').messages.has(1));
    await client.logout();
  });

  it('another session hears of the expunge only when allowed, with correct numbers', async () => {
    const one = await server.selectInbox();
    const two = await server.selectInbox();
    await one.command('STORE 2 +FLAGS.SILENT (\\Deleted)');
    await one.command('EXPUNGE');
    await new Promise((r) => setTimeout(r, 20));
    // FETCH, STORE and SEARCH must not shift numbers: message 5 is still number 5.
    const fetched = await two.command('FETCH 5 UID');
    assert.deepEqual(
      fetched.untagged.filter((l) => l.includes('EXPUNGE')),
      [],
    );
    assert.ok(fetched.untagged.includes('* 5 FETCH (UID 5)'));
    // The expunged message no longer matches anything, but the numbers have not moved.
    assert.deepEqual((await two.command('SEARCH ALL')).untagged, ['* SEARCH 1 3 4 5']);
    const noop = await two.command('NOOP');
    assert.ok(noop.untagged.includes('* 2 EXPUNGE'), JSON.stringify(noop.untagged));
    assert.deepEqual((await two.command('SEARCH ALL')).untagged, ['* SEARCH 1 2 3 4']);
    assert.ok((await two.command('FETCH 4 UID')).untagged.includes('* 4 FETCH (UID 5)'));
    await one.logout();
    await two.logout();
  });

  it('reports VANISHED instead of EXPUNGE once QRESYNC is enabled', async () => {
    const client = await server.login();
    await client.command('ENABLE QRESYNC');
    await client.command('SELECT INBOX');
    await client.command('STORE 1,2 +FLAGS.SILENT (\\Deleted)');
    assert.deepEqual(
      (await client.command('EXPUNGE')).untagged.filter((l) => !l.includes('FETCH')),
      ['* VANISHED 1:2'],
    );
    await client.logout();
  });

  it('CLOSE expunges silently, UNSELECT does not expunge', async () => {
    const client = await server.selectInbox();
    await client.command('STORE 1 +FLAGS.SILENT (\\Deleted)');
    assert.deepEqual((await client.command('UNSELECT')).untagged, []);
    assert.equal(server.storage.folderByName(USER, 'INBOX').messages.size, 5);
    await client.command('SELECT INBOX');
    const closed = await client.command('CLOSE');
    assert.deepEqual(closed.untagged, []);
    assert.equal(server.storage.folderByName(USER, 'INBOX').messages.size, 4);
    assert.match((await client.command('NOOP')).tagged, /OK/);
    assert.match((await client.command('FETCH 1 FLAGS')).tagged, /BAD FETCH needs a selected mailbox/);
    await client.logout();
  });
});
