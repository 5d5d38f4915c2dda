import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { message, startTestServer, type TestServer, USER } from '../testing/harness.ts';

describe('SORT', () => {
  let server: TestServer;
  before(async () => {
    server = await startTestServer();
    const deliver = (subject: string, from: string, date: string, body = 'x\r\n') =>
      server.storage.deliver(USER, 'INBOX', message(subject, { from, date, body }), { internalDate: new Date(date) });
    deliver('Re: Zebra', 'Zoe <zoe@example.org>', 'Wed, 3 Jan 2024 10:00:00 +0000', 'a much longer body\r\n');
    deliver('apple', 'Adam <adam@example.org>', 'Mon, 1 Jan 2024 10:00:00 +0000');
    deliver('[list] Mango', 'Bob <bob@example.org>', 'Tue, 2 Jan 2024 10:00:00 +0000');
  });
  after(() => server.close());

  it('sorts by base subject, date, sender and size, with REVERSE and search criteria', async () => {
    const client = await server.selectInbox();
    assert.deepEqual((await client.command('SORT (SUBJECT) UTF-8 ALL')).untagged, ['* SORT 2 3 1']);
    assert.deepEqual((await client.command('SORT (DATE) UTF-8 ALL')).untagged, ['* SORT 2 3 1']);
    assert.deepEqual((await client.command('SORT (REVERSE ARRIVAL) UTF-8 ALL')).untagged, ['* SORT 1 3 2']);
    assert.deepEqual((await client.command('SORT (FROM) UTF-8 ALL')).untagged, ['* SORT 2 3 1']);
    assert.deepEqual((await client.command('SORT (DISPLAYFROM) UTF-8 ALL')).untagged, ['* SORT 2 3 1']);
    assert.deepEqual((await client.command('SORT (REVERSE SIZE) UTF-8 ALL')).untagged, ['* SORT 1 3 2']);
    assert.deepEqual((await client.command('UID SORT (SUBJECT) UTF-8 NOT FROM adam')).untagged, ['* SORT 3 1']);
    assert.match((await client.command('SORT (SUBJECT) KOI8-R ALL')).tagged, /NO \[BADCHARSET/);
    await client.logout();
  });
});
