import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startTestServer, type TestServer, USER } from '../testing/harness.ts';

describe('ENVELOPE (RFC 3501 §7.4.2)', () => {
  let server: TestServer;
  before(async () => {
    server = await startTestServer();
    server.storage.deliver(
      USER,
      'INBOX',
      [
        'From: Ann <ann@example.org>',
        'To: one@example.org',
        'Cc: c1@example.org',
        'To: Two <two@example.org>,',
        ' three@example.org',
        'Subject: repeated',
        'Cc: c2@example.org',
        'Subject: ignored',
        '',
        'body',
        '',
      ].join('\r\n'),
    );
  });
  after(() => server.close());

  it('repeated To: and Cc: lines: the addresses of every line; one-value fields keep the first', async () => {
    const client = await server.selectInbox();
    const result = await client.command('FETCH 1 ENVELOPE');
    assert.equal(result.status, 'OK');
    const line = result.untagged.find((l) => l.includes('ENVELOPE'))!;
    assert.ok(
      line.includes(
        '"repeated" (("Ann" NIL "ann" "example.org")) (("Ann" NIL "ann" "example.org")) (("Ann" NIL "ann" "example.org")) ' +
          '((NIL NIL "one" "example.org")("Two" NIL "two" "example.org")(NIL NIL "three" "example.org")) ' +
          '((NIL NIL "c1" "example.org")(NIL NIL "c2" "example.org")) NIL',
      ),
      line,
    );
    const search = await client.command('SEARCH TO three CC c2');
    assert.equal(search.untagged[0], '* SEARCH 1');
    await client.logout();
  });
});
