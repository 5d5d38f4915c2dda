import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startTestServer, type TestServer, USER } from '../testing/harness.ts';

describe('SUBSCRIBE / UNSUBSCRIBE', () => {
  let server: TestServer;
  before(async () => {
    server = await startTestServer();
  });
  after(() => server.close());

  it('changes what LSUB and LIST (SUBSCRIBED) show', async () => {
    const client = await server.login();
    assert.equal((await client.command('UNSUBSCRIBE Junk')).status, 'OK');
    assert.deepEqual((await client.command('LSUB "" J*')).untagged, []);
    assert.equal((await client.command('SUBSCRIBE Junk')).status, 'OK');
    assert.deepEqual((await client.command('LSUB "" J*')).untagged, ['* LSUB () "/" Junk']);
    assert.match((await client.command('SUBSCRIBE Nope')).tagged, /NO \[NONEXISTENT\]/);
    assert.ok(server.storage.subscriptions.get(server.storage.user(USER).id)?.has('Junk'));
    await client.logout();
  });

  it('keeps a subscription when its mailbox is deleted, and CREATE does not subscribe (RFC 3501 §6.3.6)', async () => {
    const client = await server.login();
    assert.equal((await client.command('CREATE Reports/2026')).status, 'OK');
    assert.deepEqual((await client.command('LSUB "" Reports*')).untagged, [], 'CREATE leaves subscribing to the client');
    assert.equal((await client.command('SUBSCRIBE Reports/2026')).status, 'OK');
    assert.equal((await client.command('DELETE Reports/2026')).status, 'OK');
    assert.deepEqual((await client.command('LSUB "" Reports/*')).untagged, ['* LSUB () "/" Reports/2026']);
    assert.deepEqual((await client.command('LIST (SUBSCRIBED) "" Reports/*')).untagged, [
      '* LIST (\\NonExistent \\HasNoChildren \\Subscribed) "/" Reports/2026',
    ]);
    assert.equal((await client.command('UNSUBSCRIBE Reports/2026')).status, 'OK');
    assert.deepEqual((await client.command('LSUB "" Reports/*')).untagged, []);
    await client.logout();
  });
});
