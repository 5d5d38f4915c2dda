import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { message, startTestServer, type TestServer, USER } from '../testing/harness.ts';

const NESTED = [
  'From: Bob <bob@example.org>',
  'To: alice@example.test',
  'Subject: nested',
  'Date: Mon, 7 Feb 1994 21:52:25 -0800',
  'Message-ID: <nested@example.org>',
  'MIME-Version: 1.0',
  'Content-Type: multipart/mixed; boundary="outer"',
  '',
  'preamble',
  '--outer',
  'Content-Type: text/plain; charset=utf-8',
  '',
  'First part.',
  '--outer',
  'Content-Type: message/rfc822',
  '',
  'From: Carol <carol@example.net>',
  'Subject: inner',
  'Content-Type: text/plain',
  '',
  'Inner body.',
  '--outer--',
  '',
].join('\r\n');

describe('FETCH', () => {
  let server: TestServer;
  before(async () => {
    server = await startTestServer();
    server.storage.deliver(USER, 'INBOX', message('plain'), { internalDate: new Date('2024-03-01T10:20:30Z') });
    server.storage.deliver(USER, 'INBOX', NESTED);
  });
  after(() => server.close());

  it('sends FLAGS, UID, INTERNALDATE, RFC822.SIZE and ENVELOPE', async () => {
    const client = await server.selectInbox();
    const size = server.storage.blobs.get('blob-1')!.length;
    const result = await client.command('FETCH 1 (FLAGS UID INTERNALDATE RFC822.SIZE ENVELOPE)');
    assert.equal(
      result.untagged[0],
      `* 1 FETCH (FLAGS (\\Recent) UID 1 INTERNALDATE "01-Mar-2024 10:20:30 +0000" RFC822.SIZE ${size} ` +
        'ENVELOPE ("Mon, 7 Feb 1994 21:52:25 -0800" "plain" (("Bob Sender" NIL "bob" "example.org")) (("Bob Sender" NIL "bob" "example.org")) ' +
        '(("Bob Sender" NIL "bob" "example.org")) (("Alice" NIL "alice" "example.test")) NIL NIL NIL "<plain@example.org>"))',
    );
    assert.equal(result.status, 'OK');
    await client.logout();
  });

  it('describes a nested multipart in BODYSTRUCTURE and BODY', async () => {
    const client = await server.selectInbox();
    const result = await client.command('FETCH 2 (BODYSTRUCTURE BODY)');
    assert.equal(
      result.untagged[0],
      '* 2 FETCH (BODYSTRUCTURE (("text" "plain" ("charset" "utf-8") NIL NIL "7BIT" 11 1)' +
        '("message" "rfc822" NIL NIL NIL "7BIT" 88 (NIL "inner" (("Carol" NIL "carol" "example.net")) (("Carol" NIL "carol" "example.net")) ' +
        '(("Carol" NIL "carol" "example.net")) NIL NIL NIL NIL NIL) ("text" "plain" ("charset" "us-ascii") NIL NIL "7BIT" 11 1) 5) "mixed" ("boundary" "outer")) ' +
        'BODY (("text" "plain" ("charset" "utf-8") NIL NIL "7BIT" 11 1)("message" "rfc822" NIL NIL NIL "7BIT" 88 (NIL "inner" ' +
        '(("Carol" NIL "carol" "example.net")) (("Carol" NIL "carol" "example.net")) (("Carol" NIL "carol" "example.net")) NIL NIL NIL NIL NIL) ' +
        '("text" "plain" ("charset" "us-ascii") NIL NIL "7BIT" 11 1) 5) "mixed"))',
    );
    await client.logout();
  });

  it('streams body sections: numbered parts, nested HEADER/TEXT, MIME, partial ranges', async () => {
    const client = await server.selectInbox();
    const result = await client.command(
      'FETCH 2 (BODY.PEEK[1] BODY.PEEK[2.HEADER] BODY.PEEK[2.TEXT] BODY.PEEK[2.1] BODY.PEEK[1.MIME] BODY.PEEK[TEXT]<0.8> BODY.PEEK[3] BODY.PEEK[1.HEADER])',
    );
    const line = result.untagged[0]!;
    assert.ok(line.includes('BODY[1] {11}\r\nFirst part.'), line);
    assert.ok(line.includes('BODY[2.HEADER] {77}\r\nFrom: Carol <carol@example.net>\r\nSubject: inner\r\nContent-Type: text/plain\r\n\r\n'), line);
    assert.ok(line.includes('BODY[2.TEXT] {11}\r\nInner body.'), line);
    assert.ok(line.includes('BODY[2.1] {11}\r\nInner body.'), line);
    assert.ok(line.includes('BODY[1.MIME] {43}\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n'), line);
    assert.ok(line.includes('BODY[TEXT]<0> {8}\r\npreamble'), line);
    assert.ok(line.includes('BODY[3] ""'), line);
    assert.ok(line.includes('BODY[1.HEADER] ""'), line);
    await client.logout();
  });

  it('filters header fields (HEADER.FIELDS, .NOT) and serves RFC822.HEADER', async () => {
    const client = await server.selectInbox();
    const result = await client.command(
      'FETCH 1 (BODY.PEEK[HEADER.FIELDS (subject FROM)] BODY.PEEK[HEADER.FIELDS.NOT (Date From To Message-ID)] RFC822.HEADER)',
    );
    const line = result.untagged[0]!;
    assert.ok(line.includes('BODY[HEADER.FIELDS (subject FROM)] {54}\r\nFrom: Bob Sender <bob@example.org>\r\nSubject: plain\r\n\r\n'), line);
    assert.ok(line.includes('BODY[HEADER.FIELDS.NOT (Date From To Message-ID)] {18}\r\nSubject: plain\r\n\r\n'), line);
    assert.match(line, /RFC822\.HEADER \{\d+\}\r\nDate: Mon/);
    await client.logout();
  });

  it('sets \\Seen on a non-PEEK body fetch and says so in FLAGS; PEEK does not', async () => {
    const own = await startTestServer();
    own.storage.deliver(USER, 'INBOX', message('seen'));
    const client = await own.selectInbox();
    const peek = await client.command('FETCH 1 (BODY.PEEK[])');
    assert.doesNotMatch(peek.untagged[0]!, /FLAGS/);
    const read = await client.command('FETCH 1 BODY[]');
    assert.match(read.untagged[0]!, /^\* 1 FETCH \(BODY\[\] \{\d+\}\r\nDate: .*FLAGS \(\\Seen \\Recent\)\)$/s);
    // Already seen: no FLAGS added, and the own change is not echoed by NOOP.
    assert.doesNotMatch((await client.command('FETCH 1 RFC822')).untagged[0]!, /FLAGS/);
    assert.deepEqual((await client.command('NOOP')).untagged, []);
    await own.close();
  });

  it('RFC822 and RFC822.TEXT, UID FETCH adds UID, CHANGEDSINCE filters and adds MODSEQ', async () => {
    const client = await server.selectInbox();
    const uid = await client.command('UID FETCH 2 (RFC822.TEXT)');
    assert.match(uid.untagged[0]!, /^\* 2 FETCH \(RFC822\.TEXT \{\d+\}\r\npreamble\r\n--outer.* UID 2 FLAGS \(\\Seen[^)]*\)\)$/s);
    const modseq = server.storage.folderByName(USER, 'INBOX').messages.get(2)!.modseq;
    const changed = await client.command(`FETCH 1:* (FLAGS) (CHANGEDSINCE ${modseq - 1n})`);
    assert.match(changed.untagged[0]!, /^\* OK \[HIGHESTMODSEQ \d+\]/);
    assert.equal(changed.untagged.length, 2);
    assert.match(changed.untagged[1]!, /^\* 2 FETCH \(FLAGS \(.*\) MODSEQ \(\d+\)\)$/);
    await client.logout();
  });

  it('QRESYNC UID FETCH (CHANGEDSINCE n VANISHED) reports expunged UIDs first', async () => {
    const own = await startTestServer();
    for (const subject of ['a', 'b', 'c']) own.storage.deliver(USER, 'INBOX', message(subject));
    const modseq = own.storage.folderByName(USER, 'INBOX').highestModseq;
    const client = await own.login();
    await client.command('ENABLE QRESYNC');
    await client.command('SELECT INBOX');
    await client.command('STORE 2 +FLAGS.SILENT (\\Deleted)');
    await client.command('EXPUNGE');
    await client.command('STORE 2 +FLAGS.SILENT (\\Seen)');
    const result = await client.command(`UID FETCH 1:* (FLAGS) (CHANGEDSINCE ${modseq} VANISHED)`);
    assert.equal(result.untagged[0], '* VANISHED (EARLIER) 2');
    assert.match(result.untagged[1]!, /^\* 2 FETCH \(FLAGS \(\\Seen \\Recent\) UID 3 MODSEQ \(\d+\)\)$/);
    assert.equal(result.untagged.length, 2);
    await own.close();
  });

  it('streams a large message intact', async () => {
    const own = await startTestServer();
    const body = Array.from({ length: 40_000 }, (_, i) => `line ${i} ${'x'.repeat(40)}`).join('\r\n');
    own.storage.deliver(USER, 'INBOX', message('large', { body: `${body}\r\n` }));
    const size = own.storage.blobs.get('blob-1')!.length;
    const client = await own.selectInbox();
    const result = await client.command('FETCH 1 BODY.PEEK[]');
    assert.ok(size > 1_900_000);
    assert.equal(result.untagged[0], `* 1 FETCH (BODY[] {${size}}\r\n${own.storage.blobs.get('blob-1')!.toString()})`);
    await own.close();
  });

  it('FETCH MODSEQ enables CONDSTORE in a selected mailbox and says OK [HIGHESTMODSEQ] first (RFC 7162 §3.1)', async () => {
    const client = await server.selectInbox();
    const highest = server.storage.folderByName(USER, 'INBOX').highestModseq;
    const result = await client.command('FETCH 1 (UID MODSEQ)');
    assert.equal(result.untagged[0], `* OK [HIGHESTMODSEQ ${highest}] CONDSTORE enabled`);
    assert.match(result.untagged[1]!, /^\* 1 FETCH \(UID 1 MODSEQ \(\d+\)\)$/);
    // Once only: the next CONDSTORE-enabling command does not repeat it.
    assert.equal((await client.command('FETCH 1 (MODSEQ)')).untagged.length, 1);
    await client.logout();
  });

  it('refuses sequence numbers past the end; an empty $ and unknown UIDs are just absent', async () => {
    const client = await server.selectInbox();
    assert.match((await client.command('FETCH 5 FLAGS')).tagged, /BAD Invalid message sequence number: 5/);
    assert.deepEqual((await client.command('FETCH $ FLAGS')).untagged, []);
    const none = await client.command('UID FETCH 50:60 FLAGS');
    assert.equal(none.status, 'OK');
    assert.deepEqual(none.untagged, []);
    assert.equal((await client.command('FETCH 1:* FAST')).untagged.length, 2);
    await client.logout();
  });
});
