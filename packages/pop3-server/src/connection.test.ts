// The connection around a session: pipelining, line limits, the idle
// timer, shutdown, and the lock on every way a session can end.
import assert from 'node:assert/strict';
import { after, afterEach, before, describe, it } from 'node:test';
import { eventually, message, startTestServer, TestClient, type TestServer } from './test-support.ts';

const clients: TestClient[] = [];
let ts: TestServer;

async function connect(server: TestServer, tls = true): Promise<TestClient> {
  const client = await TestClient.connect(tls ? server.tlsPort : server.port, { tls });
  clients.push(client);
  assert.equal(await client.line(), '+OK pop.test Kontor POP3 server ready');
  return client;
}

before(async () => {
  ts = await startTestServer();
  const anna = ts.directory.add('anna@example.test', 'pw');
  anna.add(message('one'));
  anna.add(['Subject: two', '', '.dot', ''].join('\r\n'));
});

afterEach(() => {
  for (const client of clients.splice(0)) client.destroy();
});

after(() => ts.close());

describe('PIPELINING (RFC 2449 §6.6)', () => {
  it('answers commands sent in one write, in order, multi-line bodies included', async () => {
    const client = await connect(ts);
    client.write('USER anna@example.test\r\nPASS pw\r\nSTAT\r\nLIST\r\nRETR 2\r\nUIDL 1\r\nTOP 1 0\r\nDELE 9\r\nNOOP\r\nRSET\r\nQUIT\r\n');
    assert.equal(await client.line(), '+OK Send PASS for anna@example.test');
    assert.match(await client.line(), /^\+OK anna@example.test has 2 messages/);
    assert.match(await client.line(), /^\+OK 2 \d+$/);
    assert.match(await client.line(), /^\+OK 2 messages/);
    assert.equal((await client.body()).length, 2);
    assert.match(await client.line(), /^\+OK \d+ octets$/);
    assert.deepEqual(await client.body(), ['Subject: two', '', '..dot']);
    assert.equal(await client.line(), '+OK 1 1700000000.1');
    assert.equal(await client.line(), '+OK Top of message follows');
    assert.deepEqual(await client.body(), ['From: a@example.test', 'To: b@example.test', 'Subject: one', '']);
    assert.equal(await client.line(), '-ERR DELE: No such message: 9 (messages are 1 to 2)');
    assert.equal(await client.line(), '+OK');
    assert.match(await client.line(), /^\+OK Maildrop has 2 messages/);
    assert.equal(await client.line(), '+OK pop.test POP3 server signing off (2 messages left)');
    await client.closed;
  });

  it('takes commands split across writes at any point', async () => {
    const client = await connect(ts);
    for (const piece of ['US', 'ER anna@exam', 'ple.test\r', '\nPA', 'SS pw\r\nST', 'AT\r\n']) {
      client.write(piece);
      await new Promise((r) => setTimeout(r, 5));
    }
    assert.equal(await client.line(), '+OK Send PASS for anna@example.test');
    assert.match(await client.line(), /^\+OK anna@example.test has 2/);
    assert.match(await client.line(), /^\+OK 2 \d+$/);
  });
});

describe('streaming', () => {
  it('reads a message no faster than the client takes it (backpressure, no buffering of the message)', async () => {
    const big = await startTestServer();
    try {
      const mailbox = big.directory.add('anna@example.test', 'pw');
      const lines = Array.from({ length: 400_000 }, (_, i) => `${i % 7 === 0 ? '.' : ''}line ${i} of a long message`);
      mailbox.add(message('big', lines));
      mailbox.chunkSize = 64 * 1024;
      const size = mailbox.messages[0]!.content.length;
      const client = await connect(big);
      assert.match(await client.login('anna@example.test', 'pw'), /^\+OK /);
      client.pause();
      client.write('RETR 1\r\n');
      await new Promise((r) => setTimeout(r, 300));
      assert.ok(mailbox.octetsRead < size / 2, `read ${mailbox.octetsRead} of ${size} octets while the client was not reading`);
      client.resume();
      assert.equal(await client.line(), `+OK ${size} octets`);
      const body = await client.body();
      assert.equal(body.length, lines.length + 4);
      assert.equal(body.filter((line) => line.startsWith('..line')).length, Math.ceil(lines.length / 7));
      assert.equal(mailbox.octetsRead, size);
    } finally {
      await big.close();
    }
  });
});

describe('line limits', () => {
  it('answers a command line over 1024 octets with -ERR and closes', async () => {
    const client = await connect(ts);
    assert.equal(await client.command(`NOOP ${'x'.repeat(1100)}`), '-ERR Line too long: at most 1024 octets; closing');
    await client.closed;
  });

  it('does not wait for the LF of a line that is already too long', async () => {
    const client = await connect(ts);
    client.write('x'.repeat(5000));
    assert.equal(await client.line(), '-ERR Line too long: at most 1024 octets; closing');
    await client.closed;
  });

  it("accepts up to 1024 octets (more than RFC 2449's 255) and lives on", async () => {
    const client = await connect(ts);
    assert.equal(await client.command(`USER ${'u'.repeat(1019)}`), `+OK Send PASS for ${'u'.repeat(1019)}`);
    assert.equal(await client.command(`XX${'y'.repeat(1000)}`), `-ERR Unknown command: XX${'Y'.repeat(38)}...`);
    client.write(Buffer.from([0x01, 0xff, 0x0d, 0x0a]));
    assert.equal(await client.line(), '-ERR Unknown command: ??');
  });

  it('allows SASL responses beyond the command limit (RFC 5034)', async () => {
    const client = await connect(ts);
    assert.equal(await client.command('AUTH PLAIN'), '+ ');
    const long = Buffer.from(`\0anna@example.test\0${'p'.repeat(3000)}`).toString('base64');
    assert.equal(await client.command(long), '-ERR [AUTH] Invalid user name or password');
  });

  it('releases the lock when a logged-in session is closed for a long line', async () => {
    const client = await connect(ts);
    assert.match(await client.login('anna@example.test', 'pw'), /^\+OK /);
    assert.equal(ts.locks.held.size, 1);
    assert.match(await client.command(`RETR ${'1'.repeat(2000)}`), /^-ERR Line too long/);
    await client.closed;
    await eventually(() => ts.locks.held.size === 0);
  });
});

describe('autologout and shutdown', () => {
  it('closes an idle session without a reply, removes nothing and frees the lock', async () => {
    const quick = await startTestServer({ idleTimeoutMs: 150 });
    try {
      const mailbox = quick.directory.add('anna@example.test', 'pw');
      mailbox.add(message('one'));
      const client = await connect(quick);
      assert.match(await client.login('anna@example.test', 'pw'), /^\+OK /);
      assert.equal(await client.command('DELE 1'), '+OK Message 1 deleted');
      const started = Date.now();
      await client.closed;
      assert.ok(Date.now() - started >= 100);
      await assert.rejects(client.line(100), /connection closed/);
      assert.equal(mailbox.messages.length, 1);
      assert.deepEqual(mailbox.removals, []);
      await eventually(() => quick.locks.held.size === 0);
    } finally {
      await quick.close();
    }
  });

  it('activity keeps a session alive past the idle time', async () => {
    const quick = await startTestServer({ idleTimeoutMs: 200 });
    try {
      quick.directory.add('anna@example.test', 'pw');
      const client = await connect(quick);
      assert.match(await client.login('anna@example.test', 'pw'), /^\+OK /);
      for (let i = 0; i < 5; i++) {
        await new Promise((r) => setTimeout(r, 100));
        assert.equal(await client.command('NOOP'), '+OK');
      }
    } finally {
      await quick.close();
    }
  });

  it('closeAll tells idle sessions and ends them, keeping their mail', async () => {
    const other = await startTestServer();
    const mailbox = other.directory.add('anna@example.test', 'pw');
    mailbox.add(message('one'));
    const client = await connect(other);
    assert.match(await client.login('anna@example.test', 'pw'), /^\+OK /);
    await client.command('DELE 1');
    const waiting = await connect(other, false);
    await other.close();
    assert.equal(await client.line(), '-ERR [SYS/TEMP] Server shutting down; try again later');
    assert.equal(await waiting.line(), '-ERR [SYS/TEMP] Server shutting down; try again later');
    await client.closed;
    assert.equal(mailbox.messages.length, 1);
    assert.equal(other.locks.held.size, 0);
    assert.equal(other.server.connectionCount, 0);
  });
});
