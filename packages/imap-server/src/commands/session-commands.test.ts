// CAPABILITY, NOOP, CHECK, ID, NAMESPACE, ENABLE: the small commands, one test each.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { message, startTestServer, type TestServer, USER } from '../testing/harness.ts';

describe('small commands', () => {
  let server: TestServer;
  before(async () => {
    server = await startTestServer();
  });
  after(() => server.close());

  it('CAPABILITY lists the extensions (and the login methods before login only)', async () => {
    const client = await server.connect();
    const before = (await client.command('CAPABILITY')).untagged[0]!;
    for (const cap of [
      'IMAP4rev1',
      'LITERAL+',
      'SASL-IR',
      'IDLE',
      'UIDPLUS',
      'MOVE',
      'CONDSTORE',
      'QRESYNC',
      'ESEARCH',
      'SPECIAL-USE',
      'LIST-STATUS',
      'QUOTA',
      'STARTTLS',
      'AUTH=PLAIN',
    ]) {
      assert.ok(before.split(' ').includes(cap), cap);
    }
    await client.command(`LOGIN ${USER} secret`);
    const afterLogin = (await client.command('CAPABILITY')).untagged[0]!;
    assert.doesNotMatch(afterLogin, /STARTTLS|AUTH=/);
    await client.logout();
  });

  it('NOOP and CHECK report new mail in the selected mailbox', async () => {
    const client = await server.selectInbox();
    assert.deepEqual((await client.command('NOOP')).untagged, []);
    server.storage.deliver(USER, 'INBOX', message('x'));
    assert.deepEqual((await client.command('NOOP')).untagged, ['* 1 EXISTS', '* 1 RECENT']);
    server.storage.deliver(USER, 'INBOX', message('y'));
    assert.deepEqual((await client.command('CHECK')).untagged, ['* 2 EXISTS', '* 2 RECENT']);
    await client.logout();
  });

  it('ID answers with the server name in any state', async () => {
    const client = await server.connect();
    assert.deepEqual((await client.command('ID ("name" "test" "version" "1")')).untagged, ['* ID ("name" "Kontor" "vendor" "Kontor")']);
    assert.equal((await client.command('ID NIL')).status, 'OK');
    client.close();
  });

  it('NAMESPACE has one personal namespace', async () => {
    const client = await server.login();
    assert.deepEqual((await client.command('NAMESPACE')).untagged, ['* NAMESPACE (("" "/")) NIL NIL']);
    await client.logout();
  });

  it('ENABLE turns on CONDSTORE, QRESYNC, UTF8=ACCEPT and ignores the rest', async () => {
    const client = await server.login();
    assert.deepEqual((await client.command('ENABLE QRESYNC X-UNKNOWN')).untagged, ['* ENABLED QRESYNC CONDSTORE']);
    assert.deepEqual((await client.command('ENABLE CONDSTORE')).untagged, ['* ENABLED']);
    assert.deepEqual((await client.command('ENABLE UTF8=ACCEPT')).untagged, ['* ENABLED UTF8=ACCEPT']);
    await client.logout();
  });
});
