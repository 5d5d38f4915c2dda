import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { message, startTestServer, type TestServer, USER } from '../testing/harness.ts';

describe('SEARCH evaluation (RFC 3501 §6.4.4)', () => {
  let server: TestServer;
  before(async () => {
    server = await startTestServer();
    const { storage } = server;
    // 1: 00:30 on 1 Dec as written, 30 Nov 22:30 in UTC.
    storage.deliver(USER, 'INBOX', message('early', { date: 'Tue, 1 Dec 2026 00:30:00 +0200' }));
    // 2: 23:30 on 1 Dec as written, 2 Dec 04:30 in UTC.
    storage.deliver(USER, 'INBOX', message('late', { date: 'Tue, 1 Dec 2026 23:30:00 -0500' }));
    // 3: a group in To: and Cc:, no X-Ticket; 4: X-Ticket present but empty; 5: X-Ticket with a value.
    storage.deliver(
      USER,
      'INBOX',
      message('group', {
        to: 'Release Team: ann@example.org, bo@example.org;',
        extra: 'Cc: Undisclosed recipients:;\r\n',
        date: 'Wed, 2 Dec 2026 12:00:00 +0000',
      }),
    );
    storage.deliver(USER, 'INBOX', message('empty ticket', { extra: 'X-Ticket:\r\n', date: 'Wed, 2 Dec 2026 12:00:00 +0000' }));
    storage.deliver(USER, 'INBOX', message('ticket', { extra: 'X-Ticket: T-1\r\n', date: 'Wed, 2 Dec 2026 12:00:00 +0000' }));
  });
  after(() => server.close());

  async function search(criteria: string): Promise<string> {
    const client = await server.selectInbox();
    const result = await client.command(`SEARCH ${criteria}`);
    assert.equal(result.status, 'OK', result.tagged);
    await client.logout();
    return result.untagged.find((line) => line.startsWith('* SEARCH'))!;
  }

  it('SENTON/SENTBEFORE/SENTSINCE take the day as written in Date:, time and zone disregarded', async () => {
    assert.equal(await search('SENTON 1-Dec-2026'), '* SEARCH 1 2');
    assert.equal(await search('SENTON 30-Nov-2026'), '* SEARCH');
    assert.equal(await search('SENTBEFORE 1-Dec-2026'), '* SEARCH');
    assert.equal(await search('SENTBEFORE 2-Dec-2026'), '* SEARCH 1 2');
    assert.equal(await search('SENTSINCE 2-Dec-2026'), '* SEARCH 3 4 5');
    assert.equal(await search('NOT SENTON 1-Dec-2026'), '* SEARCH 3 4 5');
  });

  it('HEADER field "" matches the messages that have the field, and only those', async () => {
    assert.equal(await search('HEADER X-Ticket ""'), '* SEARCH 4 5');
    assert.equal(await search('NOT HEADER X-Ticket ""'), '* SEARCH 1 2 3');
    assert.equal(await search('HEADER Cc ""'), '* SEARCH 3');
    assert.equal(await search('CC ""'), '* SEARCH 3');
    assert.equal(await search('HEADER X-Nowhere ""'), '* SEARCH');
  });

  it('TO and CC match the display name of a group', async () => {
    assert.equal(await search('TO "release team"'), '* SEARCH 3');
    assert.equal(await search('TO bo@example.org'), '* SEARCH 3');
    assert.equal(await search('CC undisclosed'), '* SEARCH 3');
  });
});
