import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { message, startTestServer, type TestServer, USER } from '../testing/harness.ts';
import { MemoryStorage } from '../testing/memory-storage.ts';

describe('GETQUOTAROOT / GETQUOTA', () => {
  let server: TestServer;
  before(async () => {
    const storage = new MemoryStorage();
    storage.addUser(USER, 'secret', { quota: 10 * 1024 * 1024 });
    server = await startTestServer({ storage });
    server.storage.deliver(USER, 'INBOX', message('a', { body: 'z'.repeat(3000) }));
  });
  after(() => server.close());

  it('reports STORAGE in KiB under the root ""', async () => {
    const client = await server.login();
    const used = Math.ceil((await server.storage.quota(server.storage.user(USER))).usedOctets / 1024);
    assert.deepEqual((await client.command('GETQUOTAROOT INBOX')).untagged, ['* QUOTAROOT INBOX ""', `* QUOTA "" (STORAGE ${used} 10240)`]);
    assert.deepEqual((await client.command('GETQUOTA ""')).untagged, [`* QUOTA "" (STORAGE ${used} 10240)`]);
    assert.match((await client.command('GETQUOTA other')).tagged, /NO \[NONEXISTENT\]/);
    assert.match((await client.command('GETQUOTAROOT Nope')).tagged, /NO \[NONEXISTENT\]/);
    await client.logout();
  });

  it('has no resources when unlimited', async () => {
    const own = await startTestServer();
    const client = await own.login();
    assert.deepEqual((await client.command('GETQUOTA ""')).untagged, ['* QUOTA "" ()']);
    await own.close();
  });
});
