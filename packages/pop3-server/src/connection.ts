/**
 * One client connection: the I/O around a Pop3Session. It reads lines
 * (pipelined commands are taken one at a time, in order), dispatches them,
 * writes replies (message bodies streamed with backpressure and
 * byte-stuffed), upgrades to TLS on STLS, and ends the session on QUIT,
 * disconnect, an over-long line or the idle timer. Whatever way it ends,
 * the maildrop lock is released and nothing is deleted unless QUIT ran.
 */
import { once } from 'node:events';
import type net from 'node:net';
import type { Readable } from 'node:stream';
import type tls from 'node:tls';
import { type SniCallback, secureServerSocket } from '@kontor/core';
import type { CommandContext, ServerServices } from './commands/context.ts';
import type { Dispatcher } from './protocol/dispatcher.ts';
import { DotStuffer, stuffBody } from './protocol/dot-stuffing.ts';
import { LineBuffer } from './protocol/line-buffer.ts';
import { parseCommandLine } from './protocol/parser.ts';
import { encodeChallenge, encodeStatus, err, ok, type Reply, TERMINATOR } from './protocol/replies.ts';
import { TopFilter } from './protocol/top-filter.ts';
import { Pop3Session } from './session.ts';
import type { Pop3User } from './storage.ts';

/** Unread input above this pauses the socket until commands catch up (a pipelining client can't make us buffer more). */
const INPUT_HIGH_WATER = 64 * 1024;
/** After QUIT or an error reply: how long the client gets to read it before the socket is destroyed. */
const END_GRACE_MS = 5_000;
/**
 * A client whose last this many commands all failed is not speaking POP3
 * (a scanner, a script gone wrong): its last reply says so and the
 * connection closes, as Dovecot does. A +OK resets the count.
 */
export const MAX_CONSECUTIVE_ERRORS = 10;

export interface ConnectionSettings {
  idleTimeoutMs: number;
  maxLineLength: number;
  maxSaslLineLength: number;
  /** For STLS; undefined: STLS is not offered. */
  secureContext: (() => tls.SecureContext) | undefined;
  /** Picks a certificate by the name the client asks for (SNI). */
  sniCallback?: SniCallback | undefined;
  allowPlaintextAuthFromLoopback: boolean;
}

export class Pop3Connection<U extends Pop3User> {
  readonly session: Pop3Session<U>;
  private transport: net.Socket;
  private readonly input = new LineBuffer();
  private wake: (() => void) | undefined;
  private idleTimer: NodeJS.Timeout | undefined;
  private finished = false;
  private waitingForCommand = false;
  private shuttingDown = false;
  private consecutiveErrors = 0;
  private readonly closed: Promise<void>;
  private markClosed!: () => void;
  private readonly log: ServerServices<U>['log'];

  constructor(
    socket: net.Socket,
    client: { secure: boolean; address: string; port: number },
    private readonly services: ServerServices<U>,
    private readonly dispatcher: Dispatcher<CommandContext<U>>,
    private readonly settings: ConnectionSettings,
  ) {
    this.transport = socket;
    this.session = new Pop3Session<U>(
      { address: client.address, secure: client.secure },
      { tlsAvailable: settings.secureContext !== undefined, allowPlaintextAuthFromLoopback: settings.allowPlaintextAuthFromLoopback },
    );
    this.log = services.log.child({ ip: client.address, port: client.port });
    this.closed = new Promise((resolve) => (this.markClosed = resolve));
  }

  /** Serves the connection; resolves when it is over (and the lock released). */
  async run(): Promise<void> {
    this.attach(this.transport);
    this.touch();
    try {
      await this.write(encodeStatus(ok(`${this.services.hostname} Kontor POP3 server ready`)));
      while (!this.finished) {
        const line = await this.readLine(this.settings.maxLineLength);
        if (line === null) break;
        const reply = await this.dispatcher.dispatch(parseCommandLine(line), this.context());
        if (this.finished) break;
        if (reply.then === 'starttls') {
          await this.startTls(reply);
          continue;
        }
        this.consecutiveErrors = reply.ok ? 0 : this.consecutiveErrors + 1;
        if (this.consecutiveErrors >= MAX_CONSECUTIVE_ERRORS) {
          this.log.info({ user: this.session.user?.username }, 'pop3 client dropped after too many failed commands');
          await this.write(encodeStatus(err('Too many invalid commands; closing')));
          this.end();
          break;
        }
        await this.send(reply);
        if (reply.then === 'close') this.end();
        else if (this.shuttingDown) await this.refuseForShutdown();
      }
    } catch (error) {
      this.log.error({ err: error }, 'pop3 connection failed');
      this.transport.destroy();
    }
    await this.closed;
    await this.session.releaseLock();
  }

  /** Server shutdown: an idle session is told and closed now, a busy one after its command. */
  shutdown(): void {
    this.shuttingDown = true;
    if (this.waitingForCommand) void this.refuseForShutdown();
  }

  destroy(): void {
    this.transport.destroy();
  }

  private async refuseForShutdown(): Promise<void> {
    if (this.finished) return;
    await this.write(encodeStatus(err('Server shutting down; try again later', 'SYS/TEMP')));
    this.end();
  }

  private context(): CommandContext<U> {
    return { session: this.session, server: this.services, exchange: (challenge) => this.exchange(challenge) };
  }

  // ------------------------------------------------------------ input

  private readonly onData = (chunk: Buffer) => {
    this.input.push(chunk);
    this.touch();
    if (this.input.size > INPUT_HIGH_WATER) this.transport.pause();
    this.wake?.();
  };

  private readonly onClose = () => {
    this.finished = true;
    this.session.closed = true;
    clearTimeout(this.idleTimer);
    void this.session.releaseLock();
    this.wake?.();
    this.markClosed();
  };

  private readonly onError = (error: Error) => {
    this.log.debug({ err: error }, 'pop3 socket error');
  };

  private attach(socket: net.Socket): void {
    socket.on('data', this.onData);
    socket.on('close', this.onClose);
    socket.on('error', this.onError);
  }

  /** The next line within `limit` octets; null when the connection ended (an over-long line ends it, after `-ERR`). */
  private async readLine(limit: number): Promise<Buffer | null> {
    for (;;) {
      if (this.finished) return null;
      const taken = this.input.take(limit);
      if (this.transport.isPaused() && this.input.size <= INPUT_HIGH_WATER) this.transport.resume();
      if (taken?.kind === 'line') return taken.bytes;
      if (taken?.kind === 'too-long') {
        await this.write(encodeStatus(err(`Line too long: at most ${limit} octets; closing`)));
        this.end();
        return null;
      }
      this.waitingForCommand = limit === this.settings.maxLineLength;
      if (this.waitingForCommand && this.shuttingDown) {
        await this.refuseForShutdown();
        return null;
      }
      await new Promise<void>((resolve) => (this.wake = resolve));
      this.wake = undefined;
      this.waitingForCommand = false;
    }
  }

  private async exchange(challenge: string): Promise<string | null> {
    await this.write(encodeChallenge(challenge));
    const line = await this.readLine(this.settings.maxSaslLineLength);
    return line === null ? null : line.toString('latin1');
  }

  /** RFC 1939 §3 autologout: the session ends without UPDATE and without a reply. */
  private touch(): void {
    clearTimeout(this.idleTimer);
    if (this.finished) return;
    this.idleTimer = setTimeout(() => {
      this.log.info({ user: this.session.user?.username }, 'pop3 idle timeout');
      this.transport.destroy();
    }, this.settings.idleTimeoutMs);
    this.idleTimer.unref();
  }

  // ------------------------------------------------------------ output

  private async write(data: Buffer): Promise<void> {
    if (this.finished || data.length === 0) return;
    if (!this.transport.write(data)) {
      await Promise.race([once(this.transport, 'drain').catch(() => {}), this.closed]);
    }
    this.touch();
  }

  private async send(reply: Reply): Promise<void> {
    const body = reply.body;
    if (!body) return this.write(encodeStatus(reply));
    if (body.kind === 'lines') {
      const text = Buffer.from(body.lines.map((line) => `${line}\r\n`).join(''), 'utf8');
      return this.write(Buffer.concat([encodeStatus(reply), stuffBody(text), TERMINATOR]));
    }

    // A stored message: nothing is sent until its first octets are in hand,
    // so a message that cannot be read gets -ERR instead of a broken body.
    let stream: Readable | undefined;
    let chunks: AsyncIterator<unknown> | undefined;
    let next: IteratorResult<unknown>;
    try {
      stream = await body.open();
      chunks = stream[Symbol.asyncIterator]();
      next = await chunks.next();
    } catch (error) {
      this.log.warn({ err: error }, 'pop3 message unreadable');
      stream?.destroy();
      return this.write(encodeStatus(err(body.failure, 'SYS/TEMP')));
    }
    // One chunk is held back, so the status line goes out with the first
    // chunk and the terminator with the last: a small message is one write
    // (no Nagle / delayed-ACK stall between the pieces of a reply), and a
    // read failure before the second chunk can still be answered with -ERR.
    let held: Buffer[] = [encodeStatus(reply)];
    let statusSent = false;
    const stuffer = new DotStuffer();
    const top = body.topLines === undefined ? undefined : new TopFilter(body.topLines);
    try {
      while (!next.done && !this.finished) {
        const chunk = Buffer.isBuffer(next.value) ? next.value : Buffer.from(next.value as Uint8Array);
        const out = stuffer.push(top ? top.push(chunk) : chunk);
        if (out.length > 0) {
          if (held.length > (statusSent ? 0 : 1)) {
            await this.write(Buffer.concat(held));
            held = [];
            statusSent = true;
          }
          held.push(out);
        }
        if (top?.done) break;
        next = await chunks.next();
      }
    } catch (error) {
      if (!statusSent) {
        this.log.warn({ err: error }, 'pop3 message unreadable');
        return this.write(encodeStatus(err(body.failure, 'SYS/TEMP')));
      }
      // The +OK and part of the body are out: the only honest thing left is
      // to drop the connection, so the client can't take it for the message.
      this.log.error({ err: error }, 'pop3 message read failed mid-reply');
      this.transport.destroy();
      return;
    } finally {
      await chunks.return?.().catch(() => {});
      stream.destroy();
    }
    await this.write(Buffer.concat([...held, stuffer.end(), TERMINATOR]));
  }

  private end(): void {
    if (this.finished) return;
    this.finished = true;
    this.session.closed = true;
    clearTimeout(this.idleTimer);
    void this.session.releaseLock();
    this.transport.end();
    setTimeout(() => this.transport.destroy(), END_GRACE_MS).unref();
  }

  // ------------------------------------------------------------ STLS

  /**
   * RFC 2595 §4: reply +OK, then the TLS handshake on the same socket.
   * Anything the client pipelined behind STLS is dropped unread: commands
   * sent in the clear must not run inside TLS (CVE-2011-0411 class).
   */
  private async startTls(reply: Reply): Promise<void> {
    const raw = this.transport;
    const secureContext = this.settings.secureContext;
    if (!secureContext) return this.send(err('STLS is not available on this server'));
    // All synchronous from here to the TLSSocket: no 'data' event can slip in between.
    raw.removeListener('data', this.onData);
    const dropped = this.input.clear();
    if (dropped) this.log.info({ dropped }, 'pop3 dropped input pipelined after STLS');
    raw.write(encodeStatus(reply));

    raw.removeListener('close', this.onClose);
    raw.removeListener('error', this.onError);
    const secure = secureServerSocket(raw, secureContext(), this.settings.sniCallback);
    this.transport = secure;
    this.attach(secure);
    const outcome = await Promise.race([once(secure, 'secure').then(() => 'secure' as const), this.closed.then(() => 'closed' as const)]).catch(
      () => 'failed' as const,
    );
    if (outcome !== 'secure') {
      this.log.info('pop3 TLS handshake failed');
      secure.destroy();
      return;
    }
    this.session.client.secure = true;
    this.touch();
  }
}
