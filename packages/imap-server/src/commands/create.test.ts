import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startTestServer, type TestServer, USER } from '../testing/harness.ts';

describe('CREATE', () => {
  let server: TestServer;
  before(async () => {
    server = await startTestServer();
  });
  after(() => server.close());

  it('creates mailboxes, superior names included, and drops a trailing delimiter', async () => {
    const client = await server.login();
    assert.equal((await client.command('CREATE Lists/kontor/dev')).status, 'OK');
    assert.equal((await client.command('CREATE Family/')).status, 'OK');
    assert.equal((await client.command('CREATE "&ZeVnLIqe-"')).status, 'OK');
    const names = (await server.storage.listMailboxes(server.storage.user(USER))).map((m) => m.name);
    for (const name of ['Lists', 'Lists/kontor', 'Lists/kontor/dev', 'Family', '日本語']) assert.ok(names.includes(name), name);
    await client.logout();
  });

  it('refuses existing names and bad ones', async () => {
    const client = await server.login();
    assert.match((await client.command('CREATE inbox')).tagged, /NO \[ALREADYEXISTS\]/);
    assert.match((await client.command('CREATE Sent')).tagged, /NO \[ALREADYEXISTS\]/);
    assert.match((await client.command('CREATE "a//b"')).tagged, /NO \[CANNOT\]/);
    assert.match((await client.command('CREATE "&Jjo"')).tagged, /NO \[CANNOT\] CREATE: Invalid mailbox name: not valid modified UTF-7/);
    await client.logout();
  });

  it('CREATE-SPECIAL-USE: USE (\\Archive); unsupported uses answer [USEATTR]', async () => {
    const client = await server.login();
    assert.equal((await client.command('CREATE Old (USE (\\Archive))')).status, 'OK');
    const created = (await server.storage.listMailboxes(server.storage.user(USER))).find((m) => m.name === 'Old');
    assert.equal(created?.specialUse, '\\Archive');
    assert.match((await client.command('CREATE Imp (USE (\\Important))')).tagged, /NO \[USEATTR\]/);
    assert.match((await client.command('CREATE Two (USE (\\Sent \\Trash))')).tagged, /NO \[USEATTR\]/);
    assert.match((await client.command('CREATE Bad (USE (\\Frob))')).tagged, /BAD CREATE: Unknown special-use attribute/);
    await client.logout();
  });
});
