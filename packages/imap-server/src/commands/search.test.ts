import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { message, startTestServer, type TestServer, USER } from '../testing/harness.ts';

describe('SEARCH', () => {
  let server: TestServer;
  before(async () => {
    server = await startTestServer();
    const { storage } = server;
    storage.deliver(USER, 'INBOX', message('Quarterly report', { from: 'Carol <carol@example.net>', date: 'Tue, 1 Feb 2022 10:00:00 +0000' }), {
      flags: ['\\Seen'],
      internalDate: new Date('2022-02-01T10:00:00Z'),
    });
    storage.deliver(
      USER,
      'INBOX',
      message('Grüße aus Köln', {
        body: 'Die =C3=9Cbersicht folgt.\r\n',
        extra: 'Content-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: quoted-printable\r\nX-Ticket: T-4711\r\n',
      }),
      { flags: ['\\Flagged', '$Work'], internalDate: new Date('2023-05-10T08:00:00Z') },
    );
    storage.deliver(USER, 'INBOX', message('big one', { body: `${'y'.repeat(5000)}\r\n` }), {
      flags: ['\\Deleted'],
      internalDate: new Date('2024-01-01T00:00:00Z'),
    });
  });
  after(() => server.close());

  const cases: Array<[string, string]> = [
    ['ALL', '1 2 3'],
    ['SEEN', '1'],
    ['UNSEEN', '2 3'],
    ['FLAGGED', '2'],
    ['DELETED', '3'],
    ['UNDELETED', '1 2'],
    ['KEYWORD $Work', '2'],
    ['UNKEYWORD $work', '1 3'],
    ['FROM carol', '1'],
    ['FROM "EXAMPLE.ORG"', '2 3'],
    ['TO alice', '1 2 3'],
    ['SUBJECT report', '1'],
    ['CHARSET UTF-8 SUBJECT "grüße"', '2'],
    ['HEADER X-Ticket 4711', '2'],
    ['HEADER X-Ticket ""', '2'],
    ['CHARSET UTF-8 BODY "übersicht"', '2'],
    ['TEXT carol', '1'],
    ['TEXT "this is a test"', '1'],
    ['LARGER 1000', '3'],
    ['SMALLER 1000', '1 2'],
    ['BEFORE 1-Jan-2023', '1'],
    ['ON 10-May-2023', '2'],
    ['SINCE 10-May-2023', '2 3'],
    ['SENTBEFORE 2-Feb-2022', '1 2 3'],
    ['SENTBEFORE 1-Jan-2000', '2 3'],
    ['SENTON 1-Feb-2022', '1'],
    ['SENTSINCE 1-Jan-1995', '1'],
    ['OR SEEN FLAGGED', '1 2'],
    ['NOT SEEN', '2 3'],
    ['(SEEN) (UNFLAGGED)', '1'],
    ['2:3', '2 3'],
    ['UID 1,3', '1 3'],
    ['UID 2:*', '2 3'],
    ['1:* UNDELETED SUBJECT r', '1 2'],
    ['NEW', '2 3'],
    ['OLD', ''],
    ['RECENT', '1 2 3'],
  ];

  it('matches every search key', async () => {
    const client = await server.selectInbox();
    for (const [criteria, expected] of cases) {
      const result = await client.command(`SEARCH ${criteria}`);
      assert.equal(result.status, 'OK', `${criteria}: ${result.tagged}`);
      assert.deepEqual(result.untagged, [`* SEARCH${expected ? ` ${expected}` : ''}`], criteria);
    }
    await client.logout();
  });

  it('UID SEARCH answers UIDs; MODSEQ adds the highest MODSEQ', async () => {
    const client = await server.selectInbox();
    await client.command('STORE 1 +FLAGS.SILENT (\\Deleted)');
    await client.command('STORE 1 -FLAGS.SILENT (\\Deleted)');
    assert.deepEqual((await client.command('UID SEARCH SEEN')).untagged, ['* SEARCH 1']);
    const modseq = server.storage.folderByName(USER, 'INBOX').highestModseq;
    // The first MODSEQ search turns CONDSTORE on and says so (RFC 7162 §3.1).
    assert.deepEqual((await client.command(`SEARCH MODSEQ ${modseq}`)).untagged, [
      `* OK [HIGHESTMODSEQ ${modseq}] CONDSTORE enabled`,
      `* SEARCH 1 (MODSEQ ${modseq})`,
    ]);
    await client.logout();
  });

  it('ESEARCH: RETURN (MIN MAX COUNT ALL), and an empty result', async () => {
    const client = await server.selectInbox();
    const result = await client.command('UID SEARCH RETURN (MIN MAX COUNT ALL) UNSEEN');
    assert.deepEqual(result.untagged, [`* ESEARCH (TAG "${result.tag}") UID MIN 2 MAX 3 COUNT 2 ALL 2:3`]);
    const empty = await client.command('SEARCH RETURN (COUNT MIN) KEYWORD nothing');
    assert.deepEqual(empty.untagged, [`* ESEARCH (TAG "${empty.tag}") COUNT 0`]);
    const plain = await client.command('SEARCH RETURN () ALL');
    assert.deepEqual(plain.untagged, [`* ESEARCH (TAG "${plain.tag}") ALL 1:3`]);
    await client.logout();
  });

  it("ESEARCH: MIN or MAX alone with MODSEQ carries that message's MODSEQ (RFC 7162 §3.1.5)", async () => {
    const client = await server.login();
    const inbox = server.storage.folderByName(USER, 'INBOX');
    await client.command('ENABLE CONDSTORE');
    await client.command('SELECT INBOX');
    await client.command('STORE 3 +FLAGS.SILENT ($Later)');
    const modseqOf = (uid: number) => inbox.messages.get(uid)!.modseq;
    assert.ok(modseqOf(1) < modseqOf(3));
    const min = await client.command('UID SEARCH RETURN (MIN) MODSEQ 1');
    assert.deepEqual(min.untagged, [`* ESEARCH (TAG "${min.tag}") UID MIN 1 MODSEQ ${modseqOf(1)}`]);
    const max = await client.command('UID SEARCH RETURN (MAX) MODSEQ 1');
    assert.deepEqual(max.untagged, [`* ESEARCH (TAG "${max.tag}") UID MAX 3 MODSEQ ${modseqOf(3)}`]);
    const both = await client.command('UID SEARCH RETURN (MIN COUNT) MODSEQ 1');
    assert.deepEqual(both.untagged, [`* ESEARCH (TAG "${both.tag}") UID MIN 1 COUNT 3 MODSEQ ${inbox.highestModseq}`]);
    await client.logout();
  });

  it('SEARCHRES: RETURN (SAVE) keeps the result for $ in SEARCH, FETCH and STORE (RFC 5182)', async () => {
    const client = await server.selectInbox();
    assert.deepEqual((await client.command('SEARCH RETURN (SAVE) FLAGGED')).untagged, []);
    assert.deepEqual((await client.command('FETCH $ (UID)')).untagged, ['* 2 FETCH (UID 2)']);
    assert.deepEqual((await client.command('UID SEARCH UID $')).untagged, ['* SEARCH 2']);
    assert.deepEqual((await client.command('SEARCH OR $ SEEN')).untagged, ['* SEARCH 1 2']);
    // SAVE with other options answers those; with MIN and MAX alone it saves just those two.
    const both = await client.command('SEARCH RETURN (SAVE MIN MAX) ALL');
    assert.deepEqual(both.untagged, [`* ESEARCH (TAG "${both.tag}") MIN 1 MAX 3`]);
    assert.deepEqual((await client.command('SEARCH $')).untagged, ['* SEARCH 1 3']);
    const count = await client.command('UID SEARCH RETURN (COUNT SAVE) UNSEEN');
    assert.deepEqual(count.untagged, [`* ESEARCH (TAG "${count.tag}") UID COUNT 2`]);
    assert.deepEqual((await client.command('UID FETCH $ (FLAGS)')).untagged.length, 2);
    // A new SELECT starts with an empty result.
    await client.command('SELECT INBOX');
    assert.deepEqual((await client.command('SEARCH $')).untagged, ['* SEARCH']);
    await client.logout();
  });

  it('SEARCHRES: an expunged message leaves the saved result', async () => {
    for (const subject of ['x1', 'x2', 'x3']) server.storage.deliver(USER, 'Archive', message(subject));
    const client = await server.login();
    await client.command('SELECT Archive');
    await client.command('SEARCH RETURN (SAVE) ALL');
    await client.command('STORE 2 +FLAGS.SILENT (\\Deleted)');
    await client.command('EXPUNGE');
    assert.deepEqual((await client.command('UID SEARCH $')).untagged, ['* SEARCH 1 3']);
    await client.logout();
  });

  it('refuses unknown charsets and bad keys precisely', async () => {
    const client = await server.selectInbox();
    assert.match((await client.command('SEARCH CHARSET KOI8-R ALL')).tagged, /NO \[BADCHARSET \(UTF-8 US-ASCII\)\]/);
    assert.match((await client.command('SEARCH FROB')).tagged, /BAD SEARCH: Unknown search key: FROB/);
    assert.match((await client.command('SEARCH BEFORE 31-Feb-2020')).tagged, /BAD SEARCH: Invalid date/);
    await client.logout();
  });
});
