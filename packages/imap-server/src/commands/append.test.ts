import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { message, startTestServer, type TestServer, USER } from '../testing/harness.ts';
import { MemoryStorage } from '../testing/memory-storage.ts';

describe('APPEND', () => {
  let server: TestServer;
  before(async () => {
    server = await startTestServer();
  });
  after(() => server.close());

  it('appends with flags and date (synchronising literal), answering [APPENDUID]', async () => {
    const client = await server.login();
    const body = message('appended');
    client.write(`x APPEND Drafts (\\Draft \\Seen) "17-Jul-1996 02:44:25 -0700" {${Buffer.byteLength(body)}}\r\n`);
    await client.waitFor(/^\+ /);
    client.write(`${body}\r\n`);
    const drafts = server.storage.folderByName(USER, 'Drafts');
    assert.equal((await client.result('x')).tagged, `x OK [APPENDUID ${drafts.uidValidity} 1] APPEND completed`);
    const stored = drafts.messages.get(1)!;
    assert.deepEqual(stored.flags, ['\\Draft', '\\Seen']);
    assert.equal(stored.internalDate.toISOString(), '1996-07-17T09:44:25.000Z');
    assert.equal(server.storage.blobs.get(stored.contentId)!.toString(), body);
    await client.logout();
  });

  it('MULTIAPPEND with LITERAL+ appends all; the selected mailbox sees EXISTS at once', async () => {
    const client = await server.selectInbox();
    const a = message('first');
    const b = message('second');
    client.write(`m APPEND INBOX {${Buffer.byteLength(a)}+}\r\n${a} (\\Flagged) {${Buffer.byteLength(b)}+}\r\n${b}\r\n`);
    const result = await client.result('m');
    const inbox = server.storage.folderByName(USER, 'INBOX');
    assert.equal(result.tagged, `m OK [APPENDUID ${inbox.uidValidity} 1:2] APPEND completed`);
    assert.ok(result.untagged.includes('* 2 EXISTS'), JSON.stringify(result.untagged));
    await client.logout();
  });

  it('answers [TRYCREATE] for a missing mailbox and [OVERQUOTA] when full (and appends nothing)', async () => {
    const storage = new MemoryStorage();
    storage.addUser(USER, 'secret', { quota: 600 });
    const own = await startTestServer({ storage });
    const client = await own.login();
    const small = message('small');
    assert.match((await client.command(`APPEND Nope {${small.length}+}\r\n${small}`)).tagged, /NO \[TRYCREATE\]/);
    const big = message('big', { body: 'b'.repeat(500) });
    const result = await client.command(`APPEND INBOX {${small.length}+}\r\n${small} {${big.length}+}\r\n${big}`);
    assert.match(result.tagged, /NO \[OVERQUOTA\]/);
    assert.equal(storage.folderByName(USER, 'INBOX').messages.size, 0);
    await own.close();
  });

  it('refuses a bad date and a missing literal', async () => {
    const client = await server.login();
    assert.match((await client.command('APPEND INBOX "31-Feb-2020 00:00:00 +0000" {1+}\r\nx')).tagged, /BAD APPEND: Invalid date-time/);
    assert.match((await client.command('APPEND INBOX (\\Seen)')).tagged, /BAD APPEND: Missing message literal/);
    await client.logout();
  });
});
