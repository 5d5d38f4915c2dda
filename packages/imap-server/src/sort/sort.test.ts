import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startTestServer, type TestServer, USER } from '../testing/harness.ts';

function mail(headers: Record<string, string>): string {
  const lines = Object.entries({ From: 'a@example.org', To: 'b@example.org', Subject: 'x', Date: 'Mon, 1 Jan 2024 10:00:00 +0000', ...headers }).map(
    ([name, value]) => `${name}: ${value}`,
  );
  return `${lines.join('\r\n')}\r\n\r\nbody\r\n`;
}

async function command(server: TestServer, text: string): Promise<string[]> {
  const client = await server.selectInbox();
  const result = await client.command(text);
  assert.equal(result.status, 'OK', result.tagged);
  await client.logout();
  return result.untagged;
}

describe('SORT collation: i;ascii-casemap (RFC 5256 §2.1, RFC 4790 §9.2)', () => {
  let server: TestServer;
  before(async () => {
    server = await startTestServer();
    for (const subject of ['[tag', 'zebra', 'Apple', '_under', 'Über', 'apple two', 'über']) {
      server.storage.deliver(USER, 'INBOX', mail({ Subject: subject }));
    }
  });
  after(() => server.close());

  it('upper-cases ASCII letters only and compares octets: [ and _ sort after Z, non-ASCII after them', async () => {
    // APPLE, APPLE TWO, ZEBRA, [TAG, _UNDER, then Über (C3 9C) before über (C3 BC): no case folding outside ASCII.
    assert.deepEqual(await command(server, 'SORT (SUBJECT) UTF-8 ALL'), ['* SORT 3 6 2 1 4 5 7']);
    assert.deepEqual(await command(server, 'SORT (REVERSE SUBJECT) UTF-8 ALL'), ['* SORT 7 5 4 1 2 6 3']);
  });
});

describe('SORT by address with groups (RFC 5256 §3, RFC 5957 §3)', () => {
  let server: TestServer;
  before(async () => {
    server = await startTestServer();
    const deliver = (to: string, cc: string) => server.storage.deliver(USER, 'INBOX', mail({ To: to, Cc: cc }));
    deliver('Zed <zed@example.org>', 'mike@example.org'); // 1
    deliver('Beta Team: ann@example.org, carl@example.org;', 'Hotel: yan@example.org;'); // 2
    deliver('carol@example.net', 'undisclosed-recipients:;'); // 3
    deliver('"" <dora@example.org>', 'Alpha Group: zoe@example.org;'); // 4
  });
  after(() => server.close());

  it('CC: the addr-mailbox of the first address structure, for a group its start marker (the group name)', async () => {
    // alpha group, hotel, mike, undisclosed-recipients
    assert.deepEqual(await command(server, 'SORT (CC) UTF-8 ALL'), ['* SORT 4 2 1 3']);
  });

  it('DISPLAYTO: the display name, else mailbox@host; a group sorts by its name', async () => {
    // BETA TEAM, CAROL@EXAMPLE.NET, DORA@EXAMPLE.ORG (empty name), ZED
    assert.deepEqual(await command(server, 'SORT (DISPLAYTO) UTF-8 ALL'), ['* SORT 2 3 4 1']);
    assert.deepEqual(await command(server, 'SORT (TO) UTF-8 ALL'), ['* SORT 2 3 4 1']);
  });
});

describe('THREAD ties (RFC 5256 §2.2: equal sent dates go by sequence number)', () => {
  let server: TestServer;
  before(async () => {
    server = await startTestServer();
    const same = 'Mon, 1 Jan 2024 10:00:00 +0000';
    const deliver = (headers: Record<string, string>) => server.storage.deliver(USER, 'INBOX', mail({ Date: same, ...headers }));
    deliver({ Subject: 'Solo', 'Message-ID': '<s1@x>' }); // 1
    deliver({ Subject: 'Lost one', 'Message-ID': '<l1@x>', References: '<missing@x>' }); // 2
    deliver({ Subject: 'Lost two', 'Message-ID': '<l2@x>', References: '<missing@x>' }); // 3
    deliver({ Subject: 'Re: Solo', 'Message-ID': '<s3@x>', References: '<s1@x>' }); // 4
    deliver({ Subject: 'Re: Solo', 'Message-ID': '<s2@x>', References: '<s1@x>', Date: 'Mon, 1 Jan 2024 09:00:00 +0000' }); // 5: earlier
    deliver({ Subject: 'Alone', 'Message-ID': '<a1@x>', Date: 'Mon, 1 Jan 2024 05:00:00 -0500' }); // 6: the same instant
  });
  after(() => server.close());

  it('REFERENCES: siblings by sent date, ties by sequence number; a dummy by its first child', async () => {
    // Roots at the same instant: 1, the dummy (its first child is 2), 6. Under 1: 5 (09:00) before 4.
    assert.deepEqual(await command(server, 'THREAD REFERENCES UTF-8 ALL'), ['* THREAD (1 (5)(4))((2)(3))(6)']);
  });

  it('ORDEREDSUBJECT: by sent date then sequence number, within threads and between them', async () => {
    // 5 is the earliest "Solo" and leads its thread; 1 and 4 tie and keep their order; 2, 3, 6 tie as roots.
    assert.deepEqual(await command(server, 'THREAD ORDEREDSUBJECT UTF-8 ALL'), ['* THREAD (5 (1)(4))(2)(3)(6)']);
  });
});
