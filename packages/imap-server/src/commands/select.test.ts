import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { message, startTestServer, type TestServer, USER } from '../testing/harness.ts';

describe('SELECT / EXAMINE', () => {
  let server: TestServer;
  before(async () => {
    server = await startTestServer();
    server.storage.deliver(USER, 'INBOX', message('one'), { flags: ['\\Seen'] });
    server.storage.deliver(USER, 'INBOX', message('two'), { flags: ['$Forwarded'] });
    server.storage.deliver(USER, 'INBOX', message('three'), { flags: ['\\Seen'] });
  });
  after(() => server.close());

  it('reports FLAGS, EXISTS, RECENT, UNSEEN, UIDVALIDITY, UIDNEXT, HIGHESTMODSEQ, PERMANENTFLAGS', async () => {
    const client = await server.login();
    const inbox = server.storage.folderByName(USER, 'INBOX');
    const result = await client.command('SELECT INBOX');
    assert.deepEqual(result.untagged, [
      '* FLAGS (\\Answered \\Flagged \\Deleted \\Seen \\Draft $Forwarded)',
      '* OK [PERMANENTFLAGS (\\Answered \\Flagged \\Deleted \\Seen \\Draft $Forwarded \\*)] Flags permitted',
      '* 3 EXISTS',
      '* 3 RECENT',
      '* OK [UNSEEN 2] Message 2 is first unseen',
      `* OK [UIDVALIDITY ${inbox.uidValidity}] UIDs valid`,
      '* OK [UIDNEXT 4] Predicted next UID',
      `* OK [HIGHESTMODSEQ ${inbox.highestModseq}] Highest`,
    ]);
    assert.equal(result.tagged, `${result.tag} OK [READ-WRITE] SELECT completed`);
    // \Recent went to the first session: a second one sees none.
    const second = await server.login();
    assert.ok((await second.command('SELECT INBOX')).untagged.includes('* 0 RECENT'));
    await client.logout();
    await second.logout();
  });

  it('EXAMINE is read-only: no permanent flags, STORE and EXPUNGE refused', async () => {
    const client = await server.login();
    const result = await client.command('EXAMINE inbox');
    assert.ok(result.untagged.includes('* OK [PERMANENTFLAGS ()] No permanent flags permitted'));
    assert.match(result.tagged, /OK \[READ-ONLY\] EXAMINE completed/);
    assert.match((await client.command('STORE 1 +FLAGS (\\Deleted)')).tagged, /NO \[READ-ONLY\]/);
    assert.match((await client.command('EXPUNGE')).tagged, /NO \[READ-ONLY\]/);
    // A body fetch does not set \Seen in EXAMINE.
    const fetched = await client.command('FETCH 2 (BODY[TEXT] FLAGS)');
    assert.match(fetched.untagged[0]!, /FLAGS \(\$Forwarded\)/);
    await client.logout();
  });

  it('EXAMINE reports RECENT like SELECT without clearing it (RFC 3501 §6.3.2)', async () => {
    server.storage.deliver(USER, 'Drafts', message('draft one'));
    server.storage.deliver(USER, 'Drafts', message('draft two'));
    const client = await server.login();
    assert.ok((await client.command('EXAMINE Drafts')).untagged.includes('* 2 RECENT'));
    assert.match((await client.command('FETCH 1 FLAGS')).untagged[0]!, /FLAGS \(\\Recent\)/);
    assert.ok((await client.command('EXAMINE Drafts')).untagged.includes('* 2 RECENT'));
    // A new message while examining is recent too.
    server.storage.deliver(USER, 'Drafts', message('draft three'));
    assert.ok((await client.command('NOOP')).untagged.includes('* 3 RECENT'));
    assert.ok((await client.command('SELECT Drafts')).untagged.includes('* 3 RECENT'));
    assert.ok((await client.command('EXAMINE Drafts')).untagged.includes('* 0 RECENT'));
    await client.logout();
  });

  it('says [CLOSED] when another SELECT replaces the mailbox, NO [NONEXISTENT] for unknown names', async () => {
    const client = await server.login();
    await client.command('SELECT INBOX');
    const again = await client.command('SELECT Sent');
    assert.equal(again.untagged[0], '* OK [CLOSED] Previous mailbox closed');
    const missing = await client.command('SELECT Nope');
    assert.match(missing.tagged, /NO \[NONEXISTENT\] No mailbox named Nope/);
    // A failed SELECT leaves no mailbox selected.
    assert.match((await client.command('FETCH 1 FLAGS')).tagged, /BAD FETCH needs a selected mailbox/);
    await client.logout();
  });

  it("QRESYNC: VANISHED (EARLIER) and changed flags since the client's MODSEQ", async () => {
    const own = await startTestServer();
    for (const subject of ['a', 'b', 'c', 'd']) own.storage.deliver(USER, 'INBOX', message(subject));
    const inbox = own.storage.folderByName(USER, 'INBOX');
    const known = inbox.highestModseq;
    const writer = await own.selectInbox();
    await writer.command('STORE 2 +FLAGS (\\Deleted)');
    await writer.command('EXPUNGE');
    await writer.command('STORE 3 +FLAGS (\\Flagged)');

    const client = await own.login();
    assert.match((await client.command('SELECT INBOX (QRESYNC (1 1))')).tagged, /BAD SELECT: QRESYNC parameter requires ENABLE QRESYNC/);
    await client.command('ENABLE QRESYNC');
    const result = await client.command(`SELECT INBOX (QRESYNC (${inbox.uidValidity} ${known} 1:4))`);
    assert.ok(result.untagged.includes('* VANISHED (EARLIER) 2'), JSON.stringify(result.untagged));
    const fetch = result.untagged.find((l) => l.includes('FETCH'));
    assert.match(fetch!, /^\* 3 FETCH \(UID 4 FLAGS \(\\Flagged\) MODSEQ \(\d+\)\)$/);
    await own.close();
  });
});
