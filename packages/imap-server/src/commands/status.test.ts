import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { message, startTestServer, type TestServer, USER } from '../testing/harness.ts';

describe('STATUS', () => {
  let server: TestServer;
  before(async () => {
    server = await startTestServer();
    server.storage.deliver(USER, 'INBOX', message('a'), { flags: ['\\Seen'] });
    server.storage.deliver(USER, 'INBOX', message('b'), { flags: ['\\Deleted'] });
  });
  after(() => server.close());

  it('answers every item', async () => {
    const client = await server.login();
    const inbox = server.storage.folderByName(USER, 'INBOX');
    const size = [...inbox.messages.values()].reduce((sum, m) => sum + m.size, 0);
    const result = await client.command('STATUS INBOX (MESSAGES RECENT UIDNEXT UIDVALIDITY UNSEEN HIGHESTMODSEQ SIZE DELETED)');
    assert.deepEqual(result.untagged, [
      `* STATUS INBOX (MESSAGES 2 RECENT 2 UIDNEXT 3 UIDVALIDITY ${inbox.uidValidity} UNSEEN 1 HIGHESTMODSEQ ${inbox.highestModseq} SIZE ${size} DELETED 1)`,
    ]);
    await client.command('SELECT INBOX');
    assert.match((await client.command('STATUS INBOX (RECENT)')).untagged[0]!, /RECENT 0/);
    assert.match((await client.command('STATUS Nope (MESSAGES)')).tagged, /NO \[NONEXISTENT\]/);
    assert.match((await client.command('STATUS INBOX (FROB)')).tagged, /BAD STATUS: Unknown STATUS item: FROB/);
    await client.logout();
  });
});
