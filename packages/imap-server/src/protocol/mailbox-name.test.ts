import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startTestServer, type TestServer } from '../testing/harness.ts';
import { decodeMailboxName, decodeModifiedUtf7, encodeMailboxName, encodeModifiedUtf7, normalizeMailboxName } from './mailbox-name.ts';

describe('modified UTF-7 (RFC 3501 §5.1.3)', () => {
  it('decodes the RFC example', () => {
    assert.equal(decodeModifiedUtf7('~peter/mail/&U,BTFw-/&ZeVnLIqe-'), '~peter/mail/台北/日本語');
  });

  it('encodes the RFC example', () => {
    assert.equal(encodeModifiedUtf7('~peter/mail/台北/日本語'), '~peter/mail/&U,BTFw-/&ZeVnLIqe-');
  });

  it('writes & as &- and leaves printable ASCII alone', () => {
    assert.equal(encodeModifiedUtf7('Tom & Jerry'), 'Tom &- Jerry');
    assert.equal(decodeModifiedUtf7('Tom &- Jerry'), 'Tom & Jerry');
    assert.equal(encodeModifiedUtf7('INBOX/Sent Items'), 'INBOX/Sent Items');
  });

  it('round-trips assorted names', () => {
    for (const name of ['Entwürfe', 'Папка/Входящие', 'Gelöschte Elemente', '📬 Post', 'a&b&c', 'x\u00e9y\u00e8', 'Отправленные & Черновики', '']) {
      const wire = encodeModifiedUtf7(name);
      assert.match(wire, /^[\x20-\x7e]*$/);
      assert.equal(decodeModifiedUtf7(wire), name, wire);
    }
  });

  it('rejects invalid forms', () => {
    for (const bad of ['&', '&U,BTFw', '&Jjo!-', 'caf\u00e9', '&AGE-', '&U,BTF-', '&2D0-']) {
      assert.equal(decodeModifiedUtf7(bad), undefined, bad);
    }
  });
});

describe('mailbox names on the wire', () => {
  it('treats INBOX case-insensitively', () => {
    assert.equal(normalizeMailboxName('inbox'), 'INBOX');
    assert.equal(normalizeMailboxName('InBox/Sub'), 'InBox/Sub');
  });

  it('uses UTF-8 as is under UTF8=ACCEPT', () => {
    assert.equal(decodeMailboxName('Entwürfe', true), 'Entwürfe');
    assert.equal(decodeMailboxName('Entwürfe', false), undefined);
    assert.equal(decodeMailboxName('Entw&APw-rfe', false), 'Entwürfe');
    assert.equal(encodeMailboxName('Entwürfe', true), 'Entwürfe');
    assert.equal(encodeMailboxName('Entwürfe', false), 'Entw&APw-rfe');
  });
});

describe('a well-formed but unusable mailbox name (RFC 3501 §6: BAD is for protocol errors)', () => {
  let server: TestServer;
  before(async () => {
    server = await startTestServer();
  });
  after(() => server.close());

  it('gets NO [CANNOT] from every command that names a mailbox', async () => {
    const client = await server.login();
    for (const name of ['"a&b"', '"&Jjo"', '"Tom & Jerry"', '"&AGEAYgBj-"']) {
      for (const command of [
        `SELECT ${name}`,
        `EXAMINE ${name}`,
        `CREATE ${name}`,
        `DELETE ${name}`,
        `RENAME ${name} Other`,
        `RENAME INBOX/x ${name}`,
        `LIST "" ${name}`,
        `LIST ${name} "%"`,
        `LSUB "" ${name}`,
        `STATUS ${name} (MESSAGES)`,
        `SUBSCRIBE ${name}`,
        `UNSUBSCRIBE ${name}`,
      ]) {
        const result = await client.command(command);
        assert.match(result.tagged, /^a\d+ NO \[CANNOT\] /, command);
      }
      const append = await client.command(`APPEND ${name} {5+}\r\nhello`);
      assert.match(append.tagged, /^a\d+ NO \[CANNOT\] /, `APPEND ${name}`);
    }
    // A syntax error is still BAD.
    assert.match((await client.command('SELECT')).tagged, /^a\d+ BAD /);
    // The session goes on.
    assert.equal((await client.command('NOOP')).status, 'OK');
    await client.logout();
  });
});
