import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startTestServer, type TestServer, USER } from '../testing/harness.ts';
import { htmlToText, PREVIEW_LENGTH, previewText } from './preview.ts';

const ALTERNATIVE = [
  'From: Bob <bob@example.org>',
  'Subject: newsletter',
  'MIME-Version: 1.0',
  'Content-Type: multipart/mixed; boundary="m"',
  '',
  '--m',
  'Content-Type: multipart/alternative; boundary="a"',
  '',
  '--a',
  'Content-Type: text/html; charset=utf-8',
  '',
  '<html><head><style>p { color: red }</style></head><body><p>HTML &amp; more</p></body></html>',
  '--a',
  'Content-Type: text/plain; charset=utf-8',
  'Content-Transfer-Encoding: base64',
  '',
  Buffer.from('Hallo   Welt,\r\n\r\ndie Übersicht folgt.\r\n').toString('base64'),
  '--a--',
  '--m',
  'Content-Type: text/plain; name="notes.txt"',
  'Content-Disposition: attachment; filename="notes.txt"',
  '',
  'attached notes',
  '--m--',
  '',
].join('\r\n');

const HTML_ONLY = [
  'From: Bob <bob@example.org>',
  'Subject: html only',
  'Content-Type: text/html; charset=iso-8859-1',
  'Content-Transfer-Encoding: quoted-printable',
  '',
  '<!-- hidden --><script>alert(1)</script><div>Caf=E9 &lt;ouvert&gt;&nbsp;today&#33;</div>',
  '',
].join('\r\n');

describe('PREVIEW (RFC 8970)', () => {
  let server: TestServer;
  before(async () => {
    server = await startTestServer();
    server.storage.deliver(USER, 'INBOX', ALTERNATIVE);
    server.storage.deliver(USER, 'INBOX', HTML_ONLY);
    server.storage.deliver(USER, 'INBOX', `Subject: long\r\n\r\n${'word '.repeat(100)}\r\n`);
    server.storage.deliver(USER, 'INBOX', 'Subject: no text\r\nContent-Type: image/png\r\nContent-Transfer-Encoding: base64\r\n\r\niVBORw0K\r\n');
  });
  after(() => server.close());

  it('gives the first text part (plain preferred in alternative), decoded, one line', async () => {
    const client = await server.login();
    await client.command('ENABLE UTF8=ACCEPT');
    await client.command('SELECT INBOX');
    const result = await client.command('FETCH 1:2 (PREVIEW)');
    assert.deepEqual(result.untagged, ['* 1 FETCH (PREVIEW "Hallo Welt, die Übersicht folgt.")', '* 2 FETCH (PREVIEW "Café <ouvert> today!")']);
    const lazy = await client.command('UID FETCH 4 (UID PREVIEW (LAZY))');
    assert.deepEqual(lazy.untagged, ['* 4 FETCH (UID 4 PREVIEW "")']);
    const long = await client.command('FETCH 3 PREVIEW (LAZY)');
    const text = /PREVIEW "([^"]*)"/.exec(long.untagged[0]!)![1]!;
    assert.ok(text.length <= PREVIEW_LENGTH && text.startsWith('word word'), text);
    // PREVIEW does not set \Seen.
    assert.deepEqual((await client.command('FETCH 1 FLAGS')).untagged, ['* 1 FETCH (FLAGS (\\Recent))']);
    await client.logout();
  });

  it('reduces HTML to its text and cuts at 256 characters, never inside a character', () => {
    assert.equal(htmlToText('<p>a</p><p>b&eacute;</p>').replace(/\s+/g, ' ').trim(), 'a b&eacute;');
    const long = previewText(`${'😀'.repeat(300)}`);
    assert.equal(Array.from(long).length, 256);
    assert.ok(!/[\uD800-\uDBFF]$/.test(long));
  });
});
