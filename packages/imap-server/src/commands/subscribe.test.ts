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
    assert.equal(server.storage.folderByName(USER, 'Junk').subscribed, true);
    await client.logout();
  });
});
