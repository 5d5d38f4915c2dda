import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { message, startTestServer, type TestServer, USER } from '../testing/harness.ts';

describe('IDLE', () => {
  let server: TestServer;
  before(async () => {
    server = await startTestServer();
    server.storage.deliver(USER, 'INBOX', message('old'));
  });
  after(() => server.close());

  it('pushes new mail, flag changes and expunges as they happen, until DONE', async () => {
    const client = await server.selectInbox();
    client.write('i IDLE\r\n');
    await client.waitFor(/^\+ idling/);

    server.storage.deliver(USER, 'INBOX', message('new'));
    await client.waitFor(/^\* 2 EXISTS$/, 1000);
    await client.waitFor(/^\* \d+ RECENT$/, 1000);

    const other = await server.selectInbox();
    await other.command('STORE 1 +FLAGS (\\Flagged)');
    await client.waitFor(/^\* 1 FETCH \(UID 1 FLAGS \(\\Flagged \\Recent\)\)$/, 1000);
    await other.command('STORE 1 +FLAGS.SILENT (\\Deleted)');
    await other.command('EXPUNGE');
    await client.waitFor(/^\* 1 EXPUNGE$/, 1000);

    client.write('DONE\r\n');
    assert.match((await client.result('i')).tagged, /^i OK IDLE terminated/);
    await client.logout();
    await other.logout();
  });

  it('works without a selected mailbox and rejects anything but DONE', async () => {
    const client = await server.login();
    client.write('i IDLE\r\n');
    await client.waitFor(/^\+ idling/);
    client.write('NOOP\r\n');
    assert.match((await client.result('i')).tagged, /^i BAD Expected DONE/);
    assert.equal((await client.command('NOOP')).status, 'OK');
    await client.logout();
  });
});
