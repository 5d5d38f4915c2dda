// TRANSACTION and UPDATE states over real sockets, against the in-memory
// storage: every command, multi-line bodies, byte-stuffing, TOP, UIDL,
// deletion only at QUIT.
import assert from 'node:assert/strict';
import { after, afterEach, before, beforeEach, describe, it } from 'node:test';
import { eventually, type FakeMailbox, message, startTestServer, TestClient, type TestServer } from '../test-support.ts';

const DOTTED = ['From: a@example.test', 'Subject: dots', '', '.starts with a dot', '.', '..two dots', 'ends with a dot.', ''].join('\r\n');
const BIG_BODY = Array.from({ length: 2000 }, (_, i) => `line ${i} ${'x'.repeat(60)}`);

let ts: TestServer;
let mailbox: FakeMailbox;
const clients: TestClient[] = [];
const sizes: number[] = [];

async function session(): Promise<TestClient> {
  const client = await TestClient.connect(ts.tlsPort, { tls: true });
  clients.push(client);
  await client.line();
  assert.match(await client.login('anna@example.test', 'pw'), /^\+OK anna@example.test has \d+ messages? \(\d+ octets\)$/);
  return client;
}

/** Undoes byte-stuffing as a client does. */
const unstuff = (lines: string[]) => lines.map((line) => (line.startsWith('.') ? line.slice(1) : line));

before(async () => {
  ts = await startTestServer();
});

beforeEach(() => {
  mailbox = ts.directory.add('anna@example.test', 'pw');
  mailbox.add(message('one'));
  mailbox.add(DOTTED);
  mailbox.add(message('big', BIG_BODY));
  sizes.splice(0, sizes.length, ...mailbox.messages.map((m) => m.content.length));
});

afterEach(async () => {
  for (const client of clients.splice(0)) client.destroy();
  await eventually(() => ts.locks.held.size === 0);
});

after(() => ts.close());

const total = () => sizes.reduce((a, b) => a + b, 0);

describe('STAT, LIST, UIDL (RFC 1939 §5, §7)', () => {
  it('STAT counts messages and octets as stored', async () => {
    const client = await session();
    assert.equal(await client.command('STAT'), `+OK 3 ${total()}`);
  });

  it('LIST: every message, or one', async () => {
    const client = await session();
    assert.equal(await client.command('LIST'), `+OK 3 messages (${total()} octets)`);
    assert.deepEqual(await client.body(), [`1 ${sizes[0]}`, `2 ${sizes[1]}`, `3 ${sizes[2]}`]);
    assert.equal(await client.command('LIST 2'), `+OK 2 ${sizes[1]}`);
  });

  it('UIDL: <uidvalidity>.<uid>, the same in the next session', async () => {
    const client = await session();
    assert.equal(await client.command('UIDL'), '+OK Unique-id listing follows');
    assert.deepEqual(await client.body(), ['1 1700000000.1', '2 1700000000.2', '3 1700000000.3']);
    assert.equal(await client.command('UIDL 3'), '+OK 3 1700000000.3');
    await client.command('DELE 1');
    await client.command('QUIT');
    await client.closed;
    const next = await session();
    assert.equal(await next.command('UIDL'), '+OK Unique-id listing follows');
    assert.deepEqual(await next.body(), ['1 1700000000.2', '2 1700000000.3'], 'numbers shift, unique ids do not');
  });

  it('an empty maildrop has empty listings', async () => {
    mailbox.messages = [];
    const client = await session();
    assert.equal(await client.command('STAT'), '+OK 0 0');
    assert.equal(await client.command('LIST'), '+OK 0 messages (0 octets)');
    assert.deepEqual(await client.body(), []);
    assert.equal(await client.command('UIDL'), '+OK Unique-id listing follows');
    assert.deepEqual(await client.body(), []);
    assert.equal(await client.command('RETR 1'), '-ERR RETR: No such message: 1 (the maildrop is empty)');
  });

  it('the list is fixed at login: a message arriving later waits for the next session', async () => {
    const client = await session();
    mailbox.add(message('late'));
    assert.equal(await client.command('STAT'), `+OK 3 ${total()}`);
    assert.equal(await client.command('LIST 4'), '-ERR LIST: No such message: 4 (messages are 1 to 3)');
    await client.command('QUIT');
    const next = await session();
    assert.match(await next.command('STAT'), /^\+OK 4 /);
  });
});

describe('RETR and TOP: multi-line bodies', () => {
  it('RETR byte-stuffs lines starting with "." and ends with CRLF . CRLF', async () => {
    const client = await session();
    assert.equal(await client.command('RETR 2'), `+OK ${sizes[1]} octets`);
    const raw = await client.rawBody();
    assert.equal(raw.toString(), 'From: a@example.test\r\nSubject: dots\r\n\r\n..starts with a dot\r\n..\r\n...two dots\r\nends with a dot.\r\n.\r\n');
    assert.equal(await client.command('NOOP'), '+OK');
  });

  it('RETR streams a large message intact', async () => {
    mailbox.chunkSize = 4096;
    const client = await session();
    assert.equal(await client.command('RETR 3'), `+OK ${sizes[2]} octets`);
    const lines = unstuff(await client.body());
    assert.equal(`${lines.join('\r\n')}\r\n`, mailbox.messages[2]!.content.toString());
  });

  it('RETR of a message without a final line end still ends the body on its own line', async () => {
    mailbox.add('Subject: x\r\n\r\nno line end');
    const client = await session();
    await client.command('RETR 4');
    assert.equal((await client.rawBody()).toString(), 'Subject: x\r\n\r\nno line end\r\n.\r\n');
  });

  it('TOP sends the header, the blank line and n body lines, stuffed, and stops reading there', async () => {
    const client = await session();
    assert.equal(await client.command('TOP 2 0'), '+OK Top of message follows');
    assert.deepEqual(await client.body(), ['From: a@example.test', 'Subject: dots', '']);
    assert.equal(await client.command('TOP 2 2'), '+OK Top of message follows');
    assert.deepEqual(await client.body(), ['From: a@example.test', 'Subject: dots', '', '..starts with a dot', '..']);
    assert.equal(await client.command('TOP 1 100'), '+OK Top of message follows');
    assert.deepEqual(await client.body(), ['From: a@example.test', 'To: b@example.test', 'Subject: one', '', 'Hello.']);
    mailbox.octetsRead = 0;
    assert.equal(await client.command('TOP 3 1'), '+OK Top of message follows');
    assert.deepEqual((await client.body()).slice(-2), ['', BIG_BODY[0]]);
    assert.ok(mailbox.octetsRead < 200, `read ${mailbox.octetsRead} of ${sizes[2]} octets`);
  });

  it('an unreadable message gets -ERR [SYS/TEMP] and the session goes on', async () => {
    const client = await session();
    mailbox.failOpen = 'throw';
    assert.equal(await client.command('RETR 1'), '-ERR [SYS/TEMP] Message 1 cannot be read now');
    mailbox.failOpen = 'stream';
    assert.equal(await client.command('TOP 1 0'), '-ERR [SYS/TEMP] Message 1 cannot be read now');
    mailbox.failOpen = undefined;
    assert.equal(await client.command('RETR 1'), `+OK ${sizes[0]} octets`);
    await client.body();
  });

  it('a read failing before any body octet is out still gets -ERR; after, the connection is dropped', async () => {
    const client = await session();
    mailbox.failOpen = 'mid-stream';
    mailbox.failAfterChunks = 1;
    assert.equal(await client.command('RETR 1'), '-ERR [SYS/TEMP] Message 1 cannot be read now');
    mailbox.failAfterChunks = 3;
    assert.equal(await client.command('RETR 1'), `+OK ${sizes[0]} octets`);
    await client.closed;
    await assert.rejects(client.line(), /connection closed; pending "From: a"/, 'part of the body, no terminator');
  });
});

describe('DELE, RSET, QUIT and the UPDATE state', () => {
  it('DELE marks; STAT, LIST and UIDL leave the message out; its number is refused', async () => {
    const client = await session();
    assert.equal(await client.command('DELE 1'), '+OK Message 1 deleted');
    assert.equal(await client.command('STAT'), `+OK 2 ${sizes[1]! + sizes[2]!}`);
    assert.equal(await client.command('LIST'), `+OK 2 messages (${sizes[1]! + sizes[2]!} octets)`);
    assert.deepEqual(await client.body(), [`2 ${sizes[1]}`, `3 ${sizes[2]}`]);
    assert.equal(await client.command('UIDL'), '+OK Unique-id listing follows');
    assert.deepEqual(await client.body(), ['2 1700000000.2', '3 1700000000.3']);
    for (const command of ['DELE 1', 'RETR 1', 'LIST 1', 'UIDL 1', 'TOP 1 0']) {
      assert.equal(await client.command(command), `-ERR ${command.split(' ')[0]}: Message 1 is already deleted`);
    }
    assert.equal(mailbox.messages.length, 3, 'nothing removed before QUIT');
  });

  it('RSET unmarks everything', async () => {
    const client = await session();
    await client.command('DELE 1');
    await client.command('DELE 3');
    assert.equal(await client.command('RSET'), `+OK Maildrop has 3 messages (${total()} octets)`);
    assert.equal(await client.command('LIST 1'), `+OK 1 ${sizes[0]}`);
    assert.equal(await client.command('QUIT'), '+OK pop.test POP3 server signing off (3 messages left)');
    assert.deepEqual(mailbox.removals, []);
  });

  it('QUIT removes the marked messages, releases the lock and closes', async () => {
    const client = await session();
    await client.command('DELE 1');
    await client.command('DELE 3');
    assert.equal(await client.command('QUIT'), '+OK pop.test POP3 server signing off (2 deleted, 1 left)');
    await client.closed;
    assert.deepEqual(mailbox.removals, [[1, 3]]);
    assert.deepEqual(
      mailbox.messages.map((m) => m.uid),
      [2],
    );
    assert.equal(ts.locks.held.size, 0, 'released before the reply');
  });

  it('a dropped connection removes nothing', async () => {
    const client = await session();
    await client.command('DELE 1');
    await client.command('DELE 2');
    client.destroy();
    await client.closed;
    const next = await session();
    assert.equal(await next.command('STAT'), `+OK 3 ${total()}`);
    assert.deepEqual(mailbox.removals, []);
  });

  it('QUIT says so when the store fails, and when the lock was lost; nothing is claimed deleted', async () => {
    const client = await session();
    await client.command('DELE 1');
    mailbox.failRemove = true;
    assert.equal(await client.command('QUIT'), '-ERR [SYS/TEMP] Some deleted messages were not removed; try again later');
    await client.closed;
    mailbox.failRemove = false;

    const next = await session();
    await next.command('DELE 1');
    ts.locks.held.get(mailbox)!.lost = true;
    assert.equal(await next.command('QUIT'), '-ERR [SYS/TEMP] The maildrop lock was lost; no messages were deleted');
    assert.deepEqual(mailbox.removals, []);
  });

  it('NOOP answers +OK', async () => {
    const client = await session();
    assert.equal(await client.command('NOOP'), '+OK');
  });

  it('bad input in TRANSACTION: -ERR with the reason, and the session goes on', async () => {
    const client = await session();
    const cases: Array<[string, string]> = [
      ['FETCH 1', '-ERR Unknown command: FETCH'],
      ['USER anna@example.test', '-ERR USER is only valid before login'],
      ['PASS pw', '-ERR PASS is only valid before login'],
      ['RETR', '-ERR RETR: Missing message number'],
      ['RETR x', '-ERR RETR: Invalid message number: x is not a number'],
      ['RETR 4', '-ERR RETR: No such message: 4 (messages are 1 to 3)'],
      ['RETR 0', '-ERR RETR: No such message: 0 (messages are 1 to 3)'],
      ['DELE', '-ERR DELE: Missing message number'],
      ['DELE 9', '-ERR DELE: No such message: 9 (messages are 1 to 3)'],
      ['TOP 1', '-ERR TOP: Missing line count'],
      ['TOP 1 -1', '-ERR TOP: Invalid line count: -1 is not a number'],
      ['LIST a', '-ERR LIST: Invalid message number: a is not a number'],
      ['UIDL 7', '-ERR UIDL: No such message: 7 (messages are 1 to 3)'],
      ['STAT 1', '-ERR STAT: STAT takes no arguments'],
      ['', '-ERR Empty command line'],
    ];
    for (const [i, [command, reply]] of cases.entries()) {
      assert.equal(await client.command(command), reply, command);
      // Ten failures in a row end the session (connection.ts): a good command between resets the count.
      if (i % 9 === 8) assert.equal(await client.command('NOOP'), '+OK');
    }
    assert.equal(await client.command('STAT'), `+OK 3 ${total()}`);
  });
});
