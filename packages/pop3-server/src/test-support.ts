/**
 * For this package's tests only: an in-memory maildrop, auth, lock and
 * login guard behind the storage interface, a server on 127.0.0.1, and a
 * line-level POP3 client that shows the exact bytes the server sends.
 */
import { readFileSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { Readable } from 'node:stream';
import tls from 'node:tls';
import { fileURLToPath } from 'node:url';
import type { Pop3ServerOptions } from './options.ts';
import { Pop3Server } from './server.ts';
import type { ClientInfo, LoginGuard, Maildrop, MaildropLock, Pop3User } from './storage.ts';
import { MaildropUnavailableError } from './storage.ts';

const FIXTURES = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../fixtures');
export const TEST_TLS = {
  key: readFileSync(path.join(FIXTURES, 'localhost-key.pem')),
  cert: readFileSync(path.join(FIXTURES, 'localhost-cert.pem')),
};

export interface FakeUser extends Pop3User {
  mailbox: FakeMailbox;
}

export class FakeMailbox {
  uidValidity = 1700000000;
  private nextUid = 1;
  messages: Array<{ uid: number; content: Buffer }> = [];
  /** Every remove() call, as UID lists. */
  removals: number[][] = [];
  /** Set to make open() / remove() / openMaildrop() fail; 'mid-stream' fails after `failAfterChunks` chunks. */
  failOpen: 'throw' | 'stream' | 'mid-stream' | undefined;
  failAfterChunks = 1;
  failRemove = false;
  failMaildrop: 'temp' | 'perm' | undefined;
  /** Chunk size of open() streams, to exercise chunk boundaries. */
  chunkSize = 7;
  /** Octets read through open() streams, to prove TOP stops early. */
  octetsRead = 0;

  add(content: string | Buffer): number {
    const uid = this.nextUid++;
    this.messages.push({ uid, content: Buffer.isBuffer(content) ? content : Buffer.from(content) });
    return uid;
  }

  maildrop(): Maildrop {
    if (this.failMaildrop === 'perm') throw new MaildropUnavailableError('This mailbox has no INBOX');
    if (this.failMaildrop === 'temp') throw new Error('database unavailable');
    const snapshot = [...this.messages];
    return {
      messages: snapshot.map((m) => ({ uniqueId: `${this.uidValidity}.${m.uid}`, size: m.content.length })),
      open: (index) => {
        const message = snapshot[index]!;
        if (this.failOpen === 'throw') throw new Error('blob store unavailable');
        const mailbox = this;
        const size = this.chunkSize;
        const fail = this.failOpen;
        const failAt = this.failAfterChunks * size;
        return Readable.from(
          (function* () {
            if (fail === 'stream') throw new Error('ENOENT: blob missing');
            for (let i = 0; i < message.content.length; i += size) {
              if (fail === 'mid-stream' && i >= failAt) throw new Error('EIO: disk failed');
              const chunk = message.content.subarray(i, i + size);
              mailbox.octetsRead += chunk.length;
              yield chunk;
            }
          })(),
          { objectMode: false },
        );
      },
      remove: async (indexes) => {
        if (this.failRemove) throw new Error('database unavailable');
        const uids = indexes.map((i) => snapshot[i]!.uid);
        this.removals.push(uids);
        const before = this.messages.length;
        this.messages = this.messages.filter((m) => !uids.includes(m.uid));
        return before - this.messages.length;
      },
    };
  }
}

export class FakeLocks {
  readonly held = new Map<FakeMailbox, { lost: boolean }>();
  releases = 0;

  async acquire(user: FakeUser): Promise<MaildropLock | null> {
    if (this.held.has(user.mailbox)) return null;
    const state = { lost: false };
    this.held.set(user.mailbox, state);
    return {
      get lost() {
        return state.lost;
      },
      release: async () => {
        if (this.held.get(user.mailbox) === state) {
          this.held.delete(user.mailbox);
          this.releases++;
        }
      },
    };
  }
}

export class FakeGuard implements LoginGuard {
  failures: string[] = [];
  successes: string[] = [];
  blockedMs = 0;
  delayMs = 0;

  async check(): Promise<{ allowed: boolean; retryAfterMs: number }> {
    return { allowed: this.blockedMs === 0, retryAfterMs: this.blockedMs };
  }

  async recordFailure(ip: string, account: string): Promise<{ delayMs: number }> {
    this.failures.push(`${account}@${ip}`);
    return { delayMs: this.delayMs };
  }

  async recordSuccess(ip: string, account: string): Promise<void> {
    this.successes.push(`${account}@${ip}`);
  }
}

export class FakeDirectory {
  readonly users = new Map<string, { password: string; mailbox: FakeMailbox }>();
  readonly logins: Array<{ username: string; client: ClientInfo }> = [];

  add(username: string, password: string, mailbox = new FakeMailbox()): FakeMailbox {
    this.users.set(username, { password, mailbox });
    return mailbox;
  }

  async authenticate(username: string, password: string, client: ClientInfo): Promise<FakeUser | null> {
    this.logins.push({ username, client: { ...client } });
    const entry = this.users.get(username);
    if (!entry || entry.password !== password) return null;
    return { username, mailbox: entry.mailbox };
  }
}

export interface TestServer {
  server: Pop3Server<FakeUser>;
  directory: FakeDirectory;
  locks: FakeLocks;
  guard: FakeGuard;
  /** Plain port (STLS offered). */
  port: number;
  /** Implicit TLS port. */
  tlsPort: number;
  close(): Promise<void>;
}

export async function startTestServer(options: Partial<Pop3ServerOptions<FakeUser>> = {}): Promise<TestServer> {
  const directory = new FakeDirectory();
  const locks = new FakeLocks();
  const guard = new FakeGuard();
  const server = new Pop3Server<FakeUser>({
    hostname: 'pop.test',
    auth: directory,
    storage: { openMaildrop: async (user) => user.mailbox.maildrop() },
    locks,
    loginGuard: guard,
    tls: TEST_TLS,
    ...options,
  });
  const plain = net.createServer((socket) => void server.handle(socket, { secure: false }));
  const implicit = tls.createServer(TEST_TLS, (socket) => void server.handle(socket, { secure: true }));
  const listen = (s: net.Server) => new Promise<number>((resolve) => s.listen(0, '127.0.0.1', () => resolve((s.address() as net.AddressInfo).port)));
  const [port, tlsPort] = await Promise.all([listen(plain), listen(implicit)]);
  return {
    server,
    directory,
    locks,
    guard,
    port,
    tlsPort,
    async close() {
      await server.closeAll(200);
      await Promise.all([plain, implicit].map((s) => new Promise((resolve) => s.close(resolve))));
    },
  };
}

/** A POP3 client that reads line by line and keeps the raw bytes, for exact assertions. */
export class TestClient {
  private buffer = Buffer.alloc(0);
  private waiting: (() => void) | undefined;
  private socket: net.Socket;
  ended = false;
  readonly closed: Promise<void>;
  private markClosed!: () => void;

  private constructor(
    socket: net.Socket,
    /** How long line() waits by default; a real daemon under load may want more. */
    private readonly timeoutMs: number,
  ) {
    this.socket = socket;
    // Resolved by listen()'s close handler, which follows the socket through STLS.
    this.closed = new Promise((resolve) => (this.markClosed = resolve));
    this.listen(socket);
  }

  static async connect(port: number, options: { tls?: boolean; timeoutMs?: number } = {}): Promise<TestClient> {
    const socket = options.tls ? tls.connect({ port, host: '127.0.0.1', rejectUnauthorized: false }) : net.connect({ port, host: '127.0.0.1' });
    await new Promise<void>((resolve, reject) => {
      socket.once(options.tls ? 'secureConnect' : 'connect', () => resolve());
      socket.once('error', reject);
    });
    return new TestClient(socket, options.timeoutMs ?? 3000);
  }

  private listen(socket: net.Socket): void {
    socket.on('data', (chunk: Buffer) => {
      this.buffer = Buffer.concat([this.buffer, chunk]);
      this.waiting?.();
    });
    socket.on('close', () => {
      this.ended = true;
      this.markClosed();
      this.waiting?.();
    });
    socket.on('error', () => {});
  }

  /** The next line without CRLF (latin1); throws when the connection closes first or after `timeoutMs`. */
  async line(timeoutMs = this.timeoutMs): Promise<string> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const index = this.buffer.indexOf('\r\n');
      if (index !== -1) {
        const line = this.buffer.subarray(0, index).toString('latin1');
        this.buffer = this.buffer.subarray(index + 2);
        return line;
      }
      if (this.ended) throw new Error(`connection closed; pending ${JSON.stringify(this.buffer.toString('latin1'))}`);
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`no line within ${timeoutMs} ms; pending ${JSON.stringify(this.buffer.toString('latin1'))}`);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, left);
        this.waiting = () => {
          clearTimeout(timer);
          resolve();
        };
      });
      this.waiting = undefined;
    }
  }

  /** Lines of a multi-line body as sent (still byte-stuffed), without the final ".". */
  async body(): Promise<string[]> {
    const lines: string[] = [];
    for (;;) {
      const line = await this.line();
      if (line === '.') return lines;
      lines.push(line);
    }
  }

  /** The raw octets of a multi-line body, up to and including `.CRLF`. */
  async rawBody(): Promise<Buffer> {
    const parts: Buffer[] = [];
    for (;;) {
      const line = await this.line();
      parts.push(Buffer.from(`${line}\r\n`, 'latin1'));
      if (line === '.') return Buffer.concat(parts);
    }
  }

  write(data: string | Buffer): void {
    this.socket.write(data);
  }

  /** Sends a command, returns its status line. */
  async command(line: string): Promise<string> {
    this.write(`${line}\r\n`);
    return this.line();
  }

  /** STLS and the handshake (certificate not checked); `pipelined` is sent in the same write as STLS. */
  async starttls(pipelined = ''): Promise<string> {
    this.write(`STLS\r\n${pipelined}`);
    const reply = await this.line();
    if (!reply.startsWith('+OK')) return reply;
    this.socket.removeAllListeners('data');
    this.socket.removeAllListeners('close');
    const secure = tls.connect({ socket: this.socket, rejectUnauthorized: false });
    await new Promise<void>((resolve, reject) => {
      secure.once('secureConnect', () => resolve());
      secure.once('error', reject);
    });
    this.socket = secure;
    this.listen(secure);
    return reply;
  }

  /** Greeting, then USER/PASS; returns the PASS reply. */
  async login(user: string, password: string): Promise<string> {
    const user_ = await this.command(`USER ${user}`);
    if (!user_.startsWith('+OK')) return user_;
    return this.command(`PASS ${password}`);
  }

  /** Stops reading (the server then sees backpressure), and starts again. */
  pause(): void {
    this.socket.pause();
  }

  resume(): void {
    this.socket.resume();
  }

  end(): void {
    this.socket.end();
  }

  destroy(): void {
    this.socket.destroy();
  }
}

/** A CRLF message. */
export function message(subject: string, body: string[] = ['Hello.']): string {
  return [`From: a@example.test`, `To: b@example.test`, `Subject: ${subject}`, '', ...body, ''].join('\r\n');
}

/** Waits until `condition` holds (the server side of a close runs after the client sees it). */
export async function eventually(condition: () => boolean, timeoutMs = 2000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`condition not met within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}
