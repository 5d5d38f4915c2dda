/**
 * Kontor's embedded PostgreSQL: PGlite (PostgreSQL compiled to WASM) with its
 * data under `DATA_DIR/pglite`, served over the PostgreSQL wire protocol on a
 * loopback TCP port so that every process of an installation (web, maild, the
 * `kontor` command, the migration runner) can use it with plain `pg`.
 *
 * PGlite is one single-user backend, so this server multiplexes any number of
 * client connections over it. It does not use @electric-sql/pglite-socket's
 * multiplexer: that one interleaves connections message by message, so when a
 * Parse/Bind/Execute sequence arrives in more than one TCP chunk another
 * connection's Parse can replace the unnamed statement in between (seen as
 * "bind message supplies 2 parameters, but prepared statement "" requires 1").
 * Here a connection owns the backend from its first message until the backend
 * answers ReadyForQuery with status Idle: a whole Parse…Sync sequence, a
 * simple query, or a whole transaction (BEGIN…COMMIT) runs without any other
 * connection's messages in between. The others wait their turn, in order.
 *
 * What connections still share (one backend): session settings (SET),
 * named prepared statements, advisory locks, LISTEN/NOTIFY. Kontor uses none
 * of these across processes (Prisma uses unnamed statements).
 *
 * Clients authenticate with a random password (cleartext over loopback) that
 * only the URL file, readable by the owner alone, carries.
 */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { embeddedUrlFile } from './embedded.ts';

export interface EmbeddedDatabaseOptions {
  /** Kontor's DATA_DIR: the database lives in `DATA_DIR/pglite`, its URL goes to `DATA_DIR/run/embedded-db.url`. */
  dataDir: string;
  /** TCP port on 127.0.0.1; 0 picks a free one. When the port is taken a free one is used (unless strictPort). */
  port?: number;
  strictPort?: boolean;
  host?: string;
  /** Write the URL file other processes read (default true); it is removed by stop(). */
  writeUrlFile?: boolean;
  /** A connection that keeps the database (open transaction) this long without sending anything is closed. */
  idleInTransactionTimeoutMs?: number;
  log?: (line: string) => void;
}

export interface EmbeddedDatabase {
  url: string;
  port: number;
  /** Stops accepting connections, rolls back open transactions, closes PGlite (flushing its data) and removes the URL file. */
  stop(): Promise<void>;
  /** Connections open now and connections waiting for their turn. */
  stats(): { connections: number; waiting: number };
}

const SSL_REQUEST = 80877103;
const GSSENC_REQUEST = 80877104;
const CANCEL_REQUEST = 80877102;
const PROTOCOL_3 = 196608;
const TYPE_READY_FOR_QUERY = 0x5a; // 'Z'
const STATUS_IDLE = 0x49; // 'I'
const SYNC = Buffer.from([0x53, 0, 0, 0, 4]);
const MAX_STARTUP_LENGTH = 10_000;
const MAX_MESSAGE_LENGTH = 1 << 30;
/** Written into the PGlite directory once it has been created completely. */
const INITIALIZED_MARKER = '.kontor-initialized';

export function embeddedPidFile(dataDir: string): string {
  return path.join(dataDir, 'run', 'embedded-db.pid');
}

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** FIFO lock: who may talk to the one PGlite backend. */
class BackendLock {
  private held = false;
  private readonly waiters: Array<() => void> = [];

  get waiting(): number {
    return this.waiters.length;
  }

  acquire(): Promise<void> {
    if (!this.held) {
      this.held = true;
      return Promise.resolve();
    }
    return new Promise((resolve) => this.waiters.push(resolve));
  }

  release(): void {
    const next = this.waiters.shift();
    if (next) next();
    else this.held = false;
  }
}

/** Follows the backend's message framing to know the last message sent and, for ReadyForQuery, its status. */
class BackendTracker {
  private readonly header = Buffer.alloc(5);
  private headerLength = 0;
  private remaining = 0;
  private type = 0;
  private status = 0;
  private atBodyStart = false;
  lastType = 0;
  lastStatus = 0;

  reset(): void {
    this.lastType = 0;
    this.lastStatus = 0;
  }

  feed(data: Uint8Array): void {
    let i = 0;
    while (i < data.length) {
      if (this.remaining > 0) {
        if (this.atBodyStart && this.type === TYPE_READY_FOR_QUERY) this.status = data[i]!;
        this.atBodyStart = false;
        const take = Math.min(this.remaining, data.length - i);
        this.remaining -= take;
        i += take;
        if (this.remaining === 0) this.complete();
        continue;
      }
      this.header[this.headerLength++] = data[i++]!;
      if (this.headerLength === 5) {
        this.headerLength = 0;
        this.type = this.header[0]!;
        this.remaining = this.header.readInt32BE(1) - 4;
        this.status = 0;
        this.atBodyStart = true;
        if (this.remaining <= 0) {
          this.remaining = 0;
          this.complete();
        }
      }
    }
  }

  private complete(): void {
    this.lastType = this.type;
    this.lastStatus = this.type === TYPE_READY_FOR_QUERY ? this.status : 0;
  }
}

function errorResponse(code: string, message: string, severity = 'FATAL'): Buffer {
  const fields = Buffer.concat([Buffer.from(`S${severity}\0V${severity}\0C${code}\0M${message}\0`, 'utf8'), Buffer.from([0])]);
  const head = Buffer.alloc(5);
  head[0] = 0x45; // 'E'
  head.writeInt32BE(fields.length + 4, 1);
  return Buffer.concat([head, fields]);
}

function digest(value: string | Buffer): Buffer {
  return createHash('sha256').update(value).digest();
}

type Inbound = { kind: 'startup'; data: Buffer } | { kind: 'message'; type: number; data: Buffer };

class ClosedError extends Error {}

class Session {
  private buffer: Buffer = Buffer.alloc(0);
  private untyped = true;
  private readonly inbox: Inbound[] = [];
  private startup: Buffer | null = null;
  private authenticated = false;
  private processing = false;
  private holdsLock = false;
  private closed = false;
  private cleaned = false;
  private idleTimer: NodeJS.Timeout | undefined;
  private readonly tracker = new BackendTracker();
  readonly done: Promise<void>;
  private resolveDone!: () => void;

  constructor(
    private readonly server: Multiplexer,
    private readonly socket: net.Socket,
  ) {
    this.done = new Promise((resolve) => (this.resolveDone = resolve));
    socket.setNoDelay(true);
    socket.on('data', (chunk) => this.onData(chunk));
    socket.on('error', () => this.onClose());
    socket.on('close', () => this.onClose());
  }

  destroy(): void {
    this.socket.destroy();
    this.onClose();
  }

  private write(data: Uint8Array): void {
    if (!this.socket.destroyed && this.socket.writable) this.socket.write(data);
  }

  private fail(code: string, message: string): void {
    this.write(errorResponse(code, message));
    this.socket.end();
    this.onClose();
  }

  private onData(chunk: Buffer): void {
    if (this.closed) return;
    this.clearIdleTimer();
    this.buffer = this.buffer.length ? Buffer.concat([this.buffer, chunk]) : chunk;
    while (!this.closed) {
      if (this.untyped) {
        if (this.buffer.length < 8) break;
        const length = this.buffer.readInt32BE(0);
        if (length < 8 || length > MAX_STARTUP_LENGTH) return this.fail('08P01', 'invalid startup packet');
        if (this.buffer.length < length) break;
        const code = this.buffer.readInt32BE(4);
        const data = this.buffer.subarray(0, length);
        this.buffer = this.buffer.subarray(length);
        if (code === SSL_REQUEST || code === GSSENC_REQUEST) {
          this.write(Buffer.from('N'));
        } else if (code === CANCEL_REQUEST) {
          // There is no separate backend to signal; the request is dropped, as the protocol allows.
          this.socket.end();
          this.onClose();
          return;
        } else if (code === PROTOCOL_3) {
          this.untyped = false;
          this.inbox.push({ kind: 'startup', data: Buffer.from(data) });
        } else {
          return this.fail('08P01', `unsupported frontend protocol ${code >>> 16}.${code & 0xffff}`);
        }
      } else {
        if (this.buffer.length < 5) break;
        const length = this.buffer.readInt32BE(1);
        if (length < 4 || length > MAX_MESSAGE_LENGTH) return this.fail('08P01', 'invalid message length');
        if (this.buffer.length < length + 1) break;
        const data = this.buffer.subarray(0, length + 1);
        this.buffer = this.buffer.subarray(length + 1);
        this.inbox.push({ kind: 'message', type: data[0]!, data: Buffer.from(data) });
      }
    }
    void this.pump();
  }

  private async pump(): Promise<void> {
    if (this.processing) return;
    this.processing = true;
    try {
      while (this.inbox.length && !this.closed) {
        const next = this.inbox.shift()!;
        if (next.kind === 'startup') {
          this.startup = next.data;
          // AuthenticationCleartextPassword
          this.write(Buffer.from([0x52, 0, 0, 0, 8, 0, 0, 0, 3]));
          continue;
        }
        if (!this.authenticated) {
          if (next.type !== 0x70 /* 'p' */ || !this.startup) return this.fail('08P01', 'expected a password message');
          const given = next.data.subarray(5, next.data.length - 1);
          if (!timingSafeEqual(digest(given), this.server.passwordDigest)) {
            return this.fail('28P01', 'password authentication failed for the embedded database');
          }
          this.authenticated = true;
          await this.execute(this.startup);
          continue;
        }
        if (next.type === 0x58 /* 'X' Terminate */) {
          this.socket.end();
          this.onClose();
          break;
        }
        // Everything that already arrived goes to the backend in one call.
        const batch = [next.data];
        while (this.inbox.length && this.inbox[0]!.kind === 'message' && (this.inbox[0] as { type: number }).type !== 0x58) {
          batch.push(this.inbox.shift()!.data);
        }
        await this.execute(batch.length === 1 ? batch[0]! : Buffer.concat(batch));
      }
    } catch (error) {
      if (!(error instanceof ClosedError)) {
        this.server.log?.(`embedded database: connection failed: ${(error as Error).message}`);
        this.socket.destroy();
        this.onClose();
      }
    } finally {
      this.processing = false;
      if (this.closed) void this.cleanup();
      else if (this.holdsLock) this.startIdleTimer();
    }
  }

  /** Runs messages on the backend, owning it until it is idle outside a transaction again. */
  private async execute(message: Buffer): Promise<void> {
    if (!this.holdsLock) {
      await this.server.lock.acquire();
      this.holdsLock = true;
      if (this.closed) throw new ClosedError();
    }
    this.tracker.reset();
    const db = this.server.db;
    await db.runExclusive(() =>
      db.execProtocolRawStream(message, {
        onRawData: (data: Uint8Array) => {
          this.tracker.feed(data);
          this.write(Buffer.from(data));
        },
      }),
    );
    if (this.tracker.lastType === TYPE_READY_FOR_QUERY && this.tracker.lastStatus === STATUS_IDLE && !db.isInTransaction()) {
      this.holdsLock = false;
      this.server.lock.release();
    }
  }

  private startIdleTimer(): void {
    const ms = this.server.idleInTransactionTimeoutMs;
    if (!ms) return;
    this.clearIdleTimer();
    this.idleTimer = setTimeout(() => {
      this.server.log?.(`embedded database: closing a connection idle in a transaction for ${ms} ms`);
      this.write(errorResponse('25P03', 'terminating connection due to idle-in-transaction timeout'));
      this.destroy();
    }, ms);
    this.idleTimer.unref();
  }

  private clearIdleTimer(): void {
    if (this.idleTimer) clearTimeout(this.idleTimer);
    this.idleTimer = undefined;
  }

  private onClose(): void {
    if (this.closed) return;
    this.closed = true;
    this.clearIdleTimer();
    this.inbox.length = 0;
    if (!this.processing) void this.cleanup();
  }

  /** Leaves the backend as a new connection would find it: no half-sent sequence, no open transaction. */
  private async cleanup(): Promise<void> {
    if (this.cleaned) return;
    this.cleaned = true;
    try {
      if (this.holdsLock) {
        const db = this.server.db;
        const discard = { onRawData: () => {} };
        try {
          await db.runExclusive(() => db.execProtocolRawStream(SYNC, discard));
          if (db.isInTransaction()) await db.runExclusive(() => db.execProtocolRawStream(simpleQuery('ROLLBACK'), discard));
        } catch (error) {
          this.server.log?.(`embedded database: cleaning up after a closed connection failed: ${(error as Error).message}`);
        }
        this.holdsLock = false;
        this.server.lock.release();
      }
    } finally {
      this.server.sessions.delete(this);
      this.resolveDone();
    }
  }
}

function simpleQuery(sql: string): Buffer {
  const body = Buffer.from(`${sql}\0`, 'utf8');
  const head = Buffer.alloc(5);
  head[0] = 0x51; // 'Q'
  head.writeInt32BE(body.length + 4, 1);
  return Buffer.concat([head, body]);
}

class Multiplexer {
  readonly lock = new BackendLock();
  readonly sessions = new Set<Session>();
  readonly passwordDigest: Buffer;

  constructor(
    readonly db: PGlite,
    password: string,
    readonly idleInTransactionTimeoutMs: number,
    readonly log?: (line: string) => void,
  ) {
    this.passwordDigest = digest(password);
  }

  accept(socket: net.Socket): void {
    this.sessions.add(new Session(this, socket));
  }

  async closeAll(): Promise<void> {
    const sessions = [...this.sessions];
    for (const session of sessions) session.destroy();
    await Promise.all(sessions.map((session) => session.done));
  }
}

function listen(server: net.Server, port: number, host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const onError = (error: Error) => {
      server.off('listening', onListening);
      reject(error);
    };
    const onListening = () => {
      server.off('error', onError);
      resolve((server.address() as net.AddressInfo).port);
    };
    server.once('error', onError);
    server.once('listening', onListening);
    server.listen(port, host);
  });
}

/**
 * Opens (creating on first use, which takes several seconds) the PGlite
 * database under `dataDir/pglite` and serves it on `host:port`.
 */
export async function startEmbeddedDatabase(options: EmbeddedDatabaseOptions): Promise<EmbeddedDatabase> {
  const { dataDir, host = '127.0.0.1', strictPort = false, writeUrlFile = true, idleInTransactionTimeoutMs = 60_000, log } = options;
  const runDir = path.join(dataDir, 'run');
  const pgliteDir = path.join(dataDir, 'pglite');
  mkdirSync(runDir, { recursive: true, mode: 0o700 });

  // Two PGlite instances on one data directory would corrupt it.
  const pidFile = embeddedPidFile(dataDir);
  try {
    const pid = Number(readFileSync(pidFile, 'utf8').trim());
    if (pid && pid !== process.pid && processAlive(pid)) {
      throw new Error(`The embedded database in ${pgliteDir} is already open in process ${pid} (another npm start with this DATA_DIR?)`);
    }
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  writeFileSync(pidFile, `${process.pid}\n`, { mode: 0o600 });

  // Creating a database takes seconds; one interrupted half-way is set aside and made again.
  const marker = path.join(pgliteDir, INITIALIZED_MARKER);
  if (existsSync(pgliteDir) && !existsSync(marker) && readdirSync(pgliteDir).length > 0) {
    const aside = `${pgliteDir}.incomplete-${Date.now()}`;
    renameSync(pgliteDir, aside);
    log?.(`the embedded database in ${pgliteDir} was never completely created (an interrupted first start); moved it to ${aside} and starting over`);
  }
  mkdirSync(pgliteDir, { recursive: true, mode: 0o700 });

  let db: PGlite | undefined;
  const server = net.createServer();
  try {
    db = await PGlite.create({ dataDir: pgliteDir });
    if (!existsSync(marker)) writeFileSync(marker, `created ${new Date().toISOString()}\n`);
    const password = randomBytes(18).toString('base64url');
    const mux = new Multiplexer(db, password, idleInTransactionTimeoutMs, log);
    server.on('connection', (socket) => mux.accept(socket));

    let port: number;
    try {
      port = await listen(server, options.port ?? 0, host);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EADDRINUSE' || strictPort) throw error;
      log?.(`port ${options.port} is in use; the embedded database takes a free port instead`);
      port = await listen(server, 0, host);
    }

    server.on('error', (error) => log?.(`embedded database: server error: ${error.message}`));

    const url = `postgresql://postgres:${password}@${host}:${port}/postgres`;
    const urlFile = embeddedUrlFile(dataDir);
    if (writeUrlFile) writeFileSync(urlFile, `${url}\n`, { mode: 0o600 });

    let stopping: Promise<void> | undefined;
    const opened = db;
    const stop = () =>
      (stopping ??= (async () => {
        if (writeUrlFile) rmSync(urlFile, { force: true });
        await new Promise<void>((resolve) => {
          server.close(() => resolve());
          void mux.closeAll();
        });
        await mux.closeAll();
        // Wait for the backend to be free, then close PGlite (a clean shutdown checkpoint).
        await mux.lock.acquire();
        await opened.close();
        rmSync(pidFile, { force: true });
      })());

    return { url, port, stop, stats: () => ({ connections: mux.sessions.size, waiting: mux.lock.waiting }) };
  } catch (error) {
    server.close();
    await db?.close().catch(() => {});
    rmSync(pidFile, { force: true });
    throw error;
  }
}
