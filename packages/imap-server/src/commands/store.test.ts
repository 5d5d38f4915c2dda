import assert from 'node:assert/strict';
import { after, beforeEach, describe, it } from 'node:test';
import { message, startTestServer, type TestServer, USER } from '../testing/harness.ts';

describe('STORE', () => {
  let server: TestServer;
  beforeEach(async () => {
    await server?.close();
    server = await startTestServer();
    for (const subject of ['a', 'b', 'c']) server.storage.deliver(USER, 'INBOX', message(subject));
    // A first session takes \Recent, so the answers below do not carry it.
    await (await server.selectInbox()).logout();
  });
  after(() => server.close());

  it('adds, removes and replaces flags and answers with FETCH FLAGS', async () => {
    const client = await server.login();
    await client.command('SELECT INBOX');
    assert.deepEqual((await client.command('STORE 1:2 +FLAGS (\\Seen \\Flagged)')).untagged, [
      '* 1 FETCH (FLAGS (\\Seen \\Flagged))',
      '* 2 FETCH (FLAGS (\\Seen \\Flagged))',
    ]);
    assert.deepEqual((await client.command('STORE 2 -FLAGS \\Flagged')).untagged, ['* 2 FETCH (FLAGS (\\Seen))']);
    // (after the announcement of the new keyword)
    assert.deepEqual((await client.command('UID STORE 3 FLAGS (\\Draft $Label1)')).untagged.slice(2), ['* 3 FETCH (FLAGS (\\Draft $Label1) UID 3)']);
    assert.deepEqual((await client.command('STORE 1 +FLAGS.SILENT (\\Answered)')).untagged, []);
    assert.deepEqual([...server.storage.folderByName(USER, 'INBOX').messages.get(1)!.flags], ['\\Seen', '\\Flagged', '\\Answered']);
    assert.match((await client.command('STORE 1 +FLAGS (\\Recent)')).tagged, /BAD STORE: Flag \\Recent cannot be set/);
    assert.match((await client.command('STORE 9 +FLAGS (\\Seen)')).tagged, /BAD Invalid message sequence number: 9/);
    await client.logout();
  });

  it('takes NIL in a flag list as the keyword atom NIL (RFC 3501 flag-keyword = atom)', async () => {
    const client = await server.login();
    await client.command('SELECT INBOX');
    const result = await client.command('STORE 1 +FLAGS (NIL)');
    assert.equal(result.status, 'OK', result.tagged);
    assert.ok(result.untagged.includes('* 1 FETCH (FLAGS (NIL))'), JSON.stringify(result.untagged));
    assert.equal((await client.command('STORE 2 +FLAGS NIL')).status, 'OK');
    assert.deepEqual([...server.storage.folderByName(USER, 'INBOX').messages.get(2)!.flags], ['NIL']);
    await client.logout();
  });

  it('announces a new keyword with FLAGS and PERMANENTFLAGS before a FETCH shows it (RFC 3501 §7.2.6)', async () => {
    const one = await server.selectInbox();
    const two = await server.selectInbox();
    const stored = await one.command('STORE 1 +FLAGS ($Fresh)');
    assert.deepEqual(stored.untagged, [
      '* FLAGS (\\Answered \\Flagged \\Deleted \\Seen \\Draft $Fresh)',
      '* OK [PERMANENTFLAGS (\\Answered \\Flagged \\Deleted \\Seen \\Draft $Fresh \\*)] Flags permitted',
      '* 1 FETCH (FLAGS ($Fresh))',
    ]);
    // Announced once: the next STORE of the same keyword only answers FETCH.
    assert.deepEqual((await one.command('STORE 2 +FLAGS ($fresh)')).untagged, ['* 2 FETCH (FLAGS ($fresh))']);
    await new Promise((r) => setTimeout(r, 20));
    const seen = await two.command('NOOP');
    assert.deepEqual(seen.untagged.slice(0, 2), [
      '* FLAGS (\\Answered \\Flagged \\Deleted \\Seen \\Draft $Fresh)',
      '* OK [PERMANENTFLAGS (\\Answered \\Flagged \\Deleted \\Seen \\Draft $Fresh \\*)] Flags permitted',
    ]);
    // A keyword an APPEND brings in is announced before the FETCH that shows it.
    const appended = await one.command('APPEND INBOX ($Appended) {14+}\r\nSubject: x\r\n\r\n');
    const fetched = await one.command('FETCH 4 FLAGS');
    assert.deepEqual(
      [...appended.untagged, ...fetched.untagged].filter((l) => !/EXISTS|RECENT/.test(l)),
      [
        '* FLAGS (\\Answered \\Flagged \\Deleted \\Seen \\Draft $Appended $Fresh)',
        '* OK [PERMANENTFLAGS (\\Answered \\Flagged \\Deleted \\Seen \\Draft $Appended $Fresh \\*)] Flags permitted',
        '* 4 FETCH (FLAGS ($Appended \\Recent))',
      ],
    );
    await one.logout();
    await two.logout();
  });

  it('UNCHANGEDSINCE: changes only unmodified messages and names the others in [MODIFIED]', async () => {
    const client = await server.login();
    await client.command('SELECT INBOX (CONDSTORE)');
    const inbox = server.storage.folderByName(USER, 'INBOX');
    const before = inbox.highestModseq;
    await client.command('STORE 2 +FLAGS.SILENT (\\Seen)');
    const result = await client.command(`STORE 1:3 (UNCHANGEDSINCE ${before}) +FLAGS (\\Flagged)`);
    assert.match(result.tagged, /OK \[MODIFIED 2\] Conditional STORE failed/);
    assert.equal(result.untagged.length, 2);
    assert.match(result.untagged[0]!, /^\* 1 FETCH \(FLAGS \(\\Flagged\) UID 1 MODSEQ \(\d+\)\)$/);
    await client.logout();
  });

  it('reports a change made by another session at the next command, not its own twice', async () => {
    const one = await server.selectInbox();
    const two = await server.selectInbox();
    await one.command('STORE 2 +FLAGS (\\Flagged)');
    await new Promise((r) => setTimeout(r, 20));
    const seen = await two.command('NOOP');
    assert.deepEqual(seen.untagged, ['* 2 FETCH (UID 2 FLAGS (\\Flagged))']);
    assert.deepEqual((await one.command('NOOP')).untagged, []);
    await one.logout();
    await two.logout();
  });
});
