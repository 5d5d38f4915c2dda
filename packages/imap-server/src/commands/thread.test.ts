import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startTestServer, type TestServer, USER } from '../testing/harness.ts';

function mail(subject: string, id: string, date: string, refs = ''): string {
  return `From: a@example.org\r\nTo: b@example.org\r\nSubject: ${subject}\r\nDate: ${date}\r\nMessage-ID: <${id}@x>\r\n${refs ? `References: ${refs}\r\nIn-Reply-To: ${refs.split(' ').pop()}\r\n` : ''}\r\nbody\r\n`;
}

describe('THREAD', () => {
  let server: TestServer;
  before(async () => {
    server = await startTestServer();
    const d = (day: number) => `${day} Jan 2024 10:00:00 +0000`;
    const deliver = (raw: string) => server.storage.deliver(USER, 'INBOX', raw);
    deliver(mail('Plans', 'p1', d(1))); // 1
    deliver(mail('Lunch', 'l1', d(2))); // 2
    deliver(mail('Re: Plans', 'p2', d(3), '<p1@x>')); // 3
    deliver(mail('Re: Plans', 'p3', d(4), '<p1@x> <p2@x>')); // 4
    deliver(mail('Re: Plans', 'p4', d(5), '<p1@x>')); // 5
    deliver(mail('Re: Lunch', 'l2', d(6))); // 6: no references, joins by subject
    deliver(mail('Orphan', 'o2', d(7), '<missing@x>')); // 7: parent not here
  });
  after(() => server.close());

  it('REFERENCES links replies by References and gathers by subject', async () => {
    const client = await server.selectInbox();
    assert.deepEqual((await client.command('THREAD REFERENCES UTF-8 ALL')).untagged, ['* THREAD (1 (3 4)(5))(2 6)(7)']);
    assert.deepEqual((await client.command('UID THREAD REFERENCES UTF-8 SUBJECT lunch')).untagged, ['* THREAD (2 6)']);
    assert.deepEqual((await client.command('THREAD REFERENCES UTF-8 SUBJECT nothing')).untagged, ['* THREAD']);
    await client.logout();
  });

  it('ORDEREDSUBJECT groups by base subject in date order', async () => {
    const client = await server.selectInbox();
    assert.deepEqual((await client.command('THREAD ORDEREDSUBJECT UTF-8 ALL')).untagged, ['* THREAD (1 (3)(4)(5))(2 6)(7)']);
    await client.logout();
  });
});
