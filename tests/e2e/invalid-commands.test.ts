// A client that sends only garbage is dropped: IMAP after 10 BAD answers
// in a row (`* BYE`), POP3 after 10 -ERR in a row. Real clients that make
// an occasional mistake between good commands are not.
import assert from 'node:assert/strict';
import net from 'node:net';
import { after, before, describe, it } from 'node:test';
import { type ImapEnvironment, startImapEnvironment } from './lib/imap-env.ts';

let env: ImapEnvironment;

before(async () => {
  env = await startImapEnvironment([{ localPart: 'info' }]);
});
after(() => env.stop());

/** A line-at-a-time raw session: send a line, collect what comes back until `done` says the reply is complete. */
class RawSession {
  private buffer = '';
  private waiter: (() => void) | undefined;
  closed = false;
  readonly lines: string[] = [];

  private constructor(private readonly socket: net.Socket) {
    socket.setEncoding('latin1');
    socket.on('data', (chunk: string) => {
      this.buffer += chunk;
      let end = this.buffer.indexOf('\r\n');
      while (end >= 0) {
        this.lines.push(this.buffer.slice(0, end));
        this.buffer = this.buffer.slice(end + 2);
        end = this.buffer.indexOf('\r\n');
      }
      this.waiter?.();
    });
    socket.on('close', () => {
      this.closed = true;
      this.waiter?.();
    });
    socket.on('error', () => {});
  }

  static open(port: number): Promise<RawSession> {
    return new Promise((resolve, reject) => {
      const socket = net.connect(port, '127.0.0.1', () => resolve(new RawSession(socket)));
      socket.once('error', reject);
    });
  }

  /** Waits until `count` lines have arrived in all, or the server closed (hang guard: 10 s). */
  async waitForLines(count: number): Promise<void> {
    const deadline = Date.now() + 10_000;
    while (this.lines.length < count && !this.closed) {
      if (Date.now() > deadline) throw new Error(`no reply; got ${JSON.stringify(this.lines)}`);
      await new Promise<void>((resolve) => {
        this.waiter = resolve;
        setTimeout(resolve, 200);
      });
    }
  }

  /** Sends a line and waits for one more reply line. */
  async exchange(line: string): Promise<void> {
    const before = this.lines.length;
    this.socket.write(`${line}\r\n`);
    await this.waitForLines(before + 1);
  }

  /** Waits for the server to close the connection (hang guard: 10 s). */
  async waitForClose(): Promise<void> {
    await this.waitForLines(Number.POSITIVE_INFINITY).catch(() => {});
    assert.ok(this.closed, `connection still open after ${JSON.stringify(this.lines.slice(-3))}`);
  }

  close(): void {
    this.socket.destroy();
  }
}

describe('IMAP drops a client that sends only invalid commands', () => {
  it('answers BAD ten times, then * BYE Too many invalid commands and closes', async () => {
    const session = await RawSession.open(env.maild.ports.imap);
    await session.waitForLines(1);
    assert.match(session.lines[0]!, /^\* OK /);
    for (let i = 0; i < 30 && !session.closed; i++) await session.exchange(i % 2 ? `x${i} FROBNICATE` : 'GET / HTTP/1.0');
    await session.waitForClose();
    const bad = session.lines.filter((l) => / BAD /.test(l));
    assert.equal(bad.length, 10, JSON.stringify(session.lines));
    assert.equal(session.lines.at(-1), '* BYE Too many invalid commands');
  });

  it('keeps a client whose mistakes are interleaved with valid commands', async () => {
    const session = await RawSession.open(env.maild.ports.imap);
    await session.waitForLines(1);
    for (let round = 0; round < 3; round++) {
      for (let i = 0; i < 9; i++) await session.exchange(`b${round}.${i} FROBNICATE`);
      await session.exchange(`n${round} NOOP`);
    }
    assert.equal(session.closed, false);
    assert.match(session.lines.at(-1)!, /^n2 OK /);
    session.close();
  });
});

describe('POP3 drops a client that sends only invalid commands', () => {
  it('answers -ERR nine times, then -ERR Too many invalid commands and closes', async () => {
    const session = await RawSession.open(env.maild.ports.pop3);
    await session.waitForLines(1);
    assert.match(session.lines[0]!, /^\+OK /);
    for (let i = 0; i < 30 && !session.closed; i++) await session.exchange(`FROBNICATE ${i}`);
    await session.waitForClose();
    const errors = session.lines.filter((l) => l.startsWith('-ERR'));
    assert.equal(errors.length, 10, JSON.stringify(session.lines));
    assert.match(session.lines.at(-1)!, /^-ERR Too many invalid commands/);
  });

  it('keeps a client whose mistakes are interleaved with valid commands', async () => {
    const session = await RawSession.open(env.maild.ports.pop3);
    await session.waitForLines(1);
    for (let round = 0; round < 3; round++) {
      for (let i = 0; i < 9; i++) await session.exchange('FROBNICATE');
      await session.exchange('CAPA');
      while (session.lines.filter((l) => l === '.').length <= round) await session.waitForLines(session.lines.length + 1);
    }
    assert.equal(session.closed, false);
    session.close();
  });
});
