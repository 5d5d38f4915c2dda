import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { message, startTestServer, type TestServer, USER } from '../testing/harness.ts';

describe('DELETE', () => {
  let server: TestServer;
  before(async () => {
    server = await startTestServer();
    await server.storage.createMailbox(server.storage.user(USER), 'Old/Child');
    server.storage.deliver(USER, 'Old', message('x'));
  });
  after(() => server.close());

  it('deletes a mailbox with its messages and keeps its children', async () => {
    const client = await server.login();
    assert.equal((await client.command('DELETE Old')).status, 'OK');
    const names = (await server.storage.listMailboxes(server.storage.user(USER))).map((m) => m.name);
    assert.ok(!names.includes('Old'));
    assert.ok(names.includes('Old/Child'));
    assert.deepEqual((await client.command('LIST "" Old')).untagged, ['* LIST (\\Noselect \\HasChildren) "/" Old']);
    await client.logout();
  });

  it('refuses INBOX and unknown names', async () => {
    const client = await server.login();
    assert.match((await client.command('DELETE INBOX')).tagged, /NO \[CANNOT\] INBOX cannot be deleted/);
    assert.match((await client.command('DELETE Nope')).tagged, /NO \[NONEXISTENT\]/);
    await client.logout();
  });

  it('ends the session of another client that had the mailbox selected', async () => {
    await server.storage.createMailbox(server.storage.user(USER), 'Doomed');
    const other = await server.login();
    await other.command('SELECT Doomed');
    const client = await server.login();
    await client.command('DELETE Doomed');
    await new Promise((r) => setTimeout(r, 20));
    const noop = await other.command('NOOP');
    assert.deepEqual(noop.untagged, ['* BYE The selected mailbox was deleted']);
    await client.logout();
  });
});
