import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startTestServer, type TestServer, USER } from '../testing/harness.ts';

/** The nesting depth the store opens (@kontor/mailstore MAX_MIME_DEPTH; docs/imap.md). */
const CAP = 100;

/** `levels` multiparts inside each other, a text at the bottom. */
function nested(levels: number, word: string): string {
  let inner = `Content-Type: text/plain\r\n\r\n${word} at the bottom\r\n`;
  for (let level = levels - 1; level >= 0; level--) {
    inner = `Content-Type: multipart/mixed; boundary="b${level}z"\r\n\r\n--b${level}z\r\n${inner}--b${level}z--\r\n`;
  }
  return `From: a@example.org\r\nSubject: deep ${levels}\r\nMIME-Version: 1.0\r\n${inner}`;
}

describe(`deeply nested MIME: opened ${CAP} levels deep, the rest one text part (BODYSTRUCTURE and SEARCH agree)`, () => {
  let server: TestServer;
  before(async () => {
    server = await startTestServer();
    server.storage.deliver(USER, 'INBOX', nested(CAP, 'needle'));
    server.storage.deliver(USER, 'INBOX', nested(CAP + 1, 'haystack'));
    server.storage.deliver(USER, 'INBOX', nested(CAP + 40, 'straw'));
  });
  after(() => server.close());

  it('SEARCH TEXT and BODY find the text at the bottom, at the cap and below it', async () => {
    const client = await server.selectInbox();
    assert.equal((await client.command('SEARCH TEXT needle')).untagged[0], '* SEARCH 1');
    assert.equal((await client.command('SEARCH BODY haystack')).untagged[0], '* SEARCH 2');
    assert.equal((await client.command('SEARCH TEXT straw')).untagged[0], '* SEARCH 3');
    await client.logout();
  });

  it('BODYSTRUCTURE: a text part at depth 100; deeper, the container there is one text/plain part that FETCH returns', async () => {
    const client = await server.selectInbox();
    const path = Array.from({ length: CAP }, () => 1).join('.');
    const structure = (await client.command('FETCH 1:2 BODYSTRUCTURE')).untagged;
    const innermost = (line: string) => /\(+("[^"]+" "[^"]+")/.exec(line.slice(line.lastIndexOf('(("')))?.[1];
    assert.equal(innermost(structure[0]!), '"text" "plain"');
    assert.equal((structure[0]!.match(/"mixed"/g) ?? []).length, CAP);
    assert.equal((structure[1]!.match(/"mixed"/g) ?? []).length, CAP);
    assert.equal(innermost(structure[1]!), '"text" "plain"');
    const bottom = (await client.command(`FETCH 2 BODY.PEEK[${path}]`)).untagged[0]!;
    assert.match(bottom, /--b100z\r\nContent-Type: text\/plain\r\n\r\nhaystack at the bottom\r\n--b100z--/);
    const atCap = (await client.command(`FETCH 1 BODY.PEEK[${path}]`)).untagged[0]!;
    assert.match(atCap, /\{20\}\r\nneedle at the bottom\)$/);
    await client.logout();
  });
});
