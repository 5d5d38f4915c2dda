import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { message, startTestServer, type TestServer, USER } from '../testing/harness.ts';

describe('RENAME', () => {
  let server: TestServer;
  before(async () => {
    server = await startTestServer();
    await server.storage.createMailbox(server.storage.user(USER), 'Work/2023');
    server.storage.deliver(USER, 'INBOX', message('one'));
    server.storage.deliver(USER, 'INBOX', message('two'));
  });
  after(() => server.close());

  const names = async () => (await server.storage.listMailboxes(server.storage.user(USER))).map((m) => m.name);

  it('renames a mailbox with its children', async () => {
    const client = await server.login();
    assert.equal((await client.command('RENAME Work Job')).status, 'OK');
    const now = await names();
    assert.ok(now.includes('Job') && now.includes('Job/2023') && !now.includes('Work'));
    assert.match((await client.command('RENAME Job Sent')).tagged, /NO \[ALREADYEXISTS\]/);
    assert.match((await client.command('RENAME Nope Other')).tagged, /NO \[NONEXISTENT\]/);
    await client.logout();
  });

  it('RENAME INBOX moves its messages and leaves INBOX empty (RFC 3501 §6.3.5)', async () => {
    const client = await server.selectInbox();
    const result = await client.command('RENAME INBOX Old-Inbox');
    assert.equal(result.status, 'OK');
    assert.deepEqual(result.untagged, ['* 2 EXPUNGE', '* 1 EXPUNGE']);
    assert.equal(server.storage.folderByName(USER, 'INBOX').messages.size, 0);
    assert.equal(server.storage.folderByName(USER, 'Old-Inbox').messages.size, 2);
    await client.logout();
  });
});
