import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { message, startTestServer, type TestServer, USER } from '../testing/harness.ts';

describe('ESORT (RFC 5267)', () => {
  let server: TestServer;
  before(async () => {
    server = await startTestServer();
    for (const [subject, date] of [
      ['c', 'Wed, 3 Jan 2024 10:00:00 +0000'],
      ['a', 'Mon, 1 Jan 2024 10:00:00 +0000'],
      ['b', 'Tue, 2 Jan 2024 10:00:00 +0000'],
      ['d', 'Thu, 4 Jan 2024 10:00:00 +0000'],
    ] as const) {
      server.storage.deliver(USER, 'INBOX', message(subject, { date }));
    }
  });
  after(() => server.close());

  it('answers SORT RETURN (...) with ESEARCH in sort order', async () => {
    const client = await server.selectInbox();
    const all = await client.command('SORT RETURN (MIN MAX COUNT ALL) (SUBJECT) UTF-8 ALL');
    assert.deepEqual(all.untagged, [`* ESEARCH (TAG "${all.tag}") MIN 2 MAX 4 COUNT 4 ALL 2:3,1,4`]);
    const uid = await client.command('UID SORT RETURN (COUNT) (REVERSE DATE) UTF-8 NOT SUBJECT a');
    assert.deepEqual(uid.untagged, [`* ESEARCH (TAG "${uid.tag}") UID COUNT 3`]);
    const plain = await client.command('SORT RETURN () (DATE) UTF-8 ALL');
    assert.deepEqual(plain.untagged, [`* ESEARCH (TAG "${plain.tag}") ALL 2:3,1,4`]);
    const none = await client.command('SORT RETURN (MIN ALL COUNT) (DATE) UTF-8 SUBJECT nothing');
    assert.deepEqual(none.untagged, [`* ESEARCH (TAG "${none.tag}") COUNT 0`]);
    assert.match((await client.command('SORT RETURN (SAVE) (DATE) UTF-8 ALL')).tagged, /BAD SORT: Unknown RETURN option: SAVE/);
    await client.logout();
  });
});
