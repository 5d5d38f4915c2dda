/**
 * One client connection: socket ⇄ parser ⇄ dispatcher, the greeting,
 * STARTTLS, timeouts and shutdown.
 *
 * The loop pulls parser events; while a command runs, the socket is
 * paused (input waits in the kernel), so pipelined commands run one after
 * the other and a client cannot make us buffer without bound. Commands
 * that talk with the client mid-way (AUTHENTICATE, IDLE) read raw lines
 * through the session's `io`.
 */
import type { Socket } from 'node:net';
import type { SecureContext, TLSSocket } from 'node:tls';
import { type SniCallback, secureServerSocket } from '@kontor/core';
import { type Dispatcher, literalRejection } from '../protocol/dispatcher.ts';
import { encodeContinuation, encodeStatus, encodeTagged } from '../protocol/encoder.ts';
import { CommandParser, type LineEvent, type ParserOptions } from '../protocol/parser.ts';
import type { ParsedCommand } from '../protocol/values.ts';
import { requestsSave } from '../search/saved-result.ts';
import { describeCommandArgs } from './command-log.ts';
import type { ImapLogger } from './logger.ts';
import { ConnectionClosedError, Output } from './output.ts';
import { type ClientInfo, Session, type SessionIo, type SessionOptions } from './session.ts';
import { afterCommand } from './updates.ts';

export interface ConnectionOptions extends SessionOptions {
  dispatcher: Dispatcher<Session>;
  secureContext?: () => SecureContext;
  /** Picks a certificate by the name the client asks for (SNI); unset: always secureContext's. */
  sniCallback?: SniCallback;
  /** Autologout after this long without traffic once authenticated (RFC 3501 §5.4: at least 30 minutes). */
  idleTimeoutMs: number;
  /** The same before authentication. */
  preAuthTimeoutMs: number;
  parser?: ParserOptions;
}

/**
 * A client whose last this many commands were all BAD is not speaking
 * IMAP (a port scanner, a confused script): it gets `* BYE` (Dovecot
 * closes after a handful too). Any command that is not BAD resets the count.
 */
export const MAX_CONSECUTIVE_BAD_COMMANDS = 10;

export class Connection implements SessionIo {
  readonly session: Session;
  private socket: Socket | TLSSocket;
  private readonly parser: CommandParser;
  private readonly output: Output;
  private readonly log: ImapLogger;
  private waiter: (() => void) | null = null;
  private closed = false;
  private shuttingDown = false;
  private busy = false;
  private saidBye = false;
  private consecutiveBad = 0;
  private readonly finished: Promise<void>;
  private resolveFinished!: () => void;

  constructor(
    socket: Socket | TLSSocket,
    private readonly options: ConnectionOptions,
    client: ClientInfo,
  ) {
    this.socket = socket;
    this.log = options.log;
    this.finished = new Promise((resolve) => (this.resolveFinished = resolve));
    this.session = new Session(options, this, client);
    this.parser = new CommandParser({
      ...options.parser,
      checkLiteral: ({ command }) => literalRejection(command, this.session),
    });
    this.output = new Output(socket, (error) => this.log.error({ err: error, client: this.session.client.address }, 'IMAP literal stream failed'));
    this.attach(socket);
  }

  /** Resolves when the connection is over. */
  get done(): Promise<void> {
    return this.finished;
  }

  start(greeting: Buffer): void {
    // Queued here rather than passed to run(): a suspended async frame keeps
    // its arguments, and an idle session's frame lives for hours (the
    // greeting would pin a whole 8 KiB Buffer pool slab per session).
    void this.output.write(greeting);
    void this.run();
  }

  /** Server shutdown: `* BYE` now if between commands, else after the current one. */
  shutdown(): void {
    if (this.closed) return;
    this.shuttingDown = true;
    this.wake();
    if (!this.busy) void this.bye('Server shutting down');
  }

  /** Last resort after shutdown's grace period. */
  destroy(): void {
    this.socket.destroy();
  }

  // ---------------------------------------------------------------- SessionIo

  get ending(): boolean {
    return this.closed || this.shuttingDown;
  }

  send(pieces: Parameters<Output['write']>[0]): Promise<void> {
    return this.output.write(pieces);
  }

  flush(): Promise<void> {
    return this.output.flush();
  }

  takeLine(): LineEvent | null {
    return this.parser.nextLine();
  }

  async readLine(): Promise<LineEvent | null> {
    for (;;) {
      const event = this.parser.nextLine();
      if (event) return event;
      if (this.ending) return null;
      await this.waitForInput();
    }
  }

  waitForInput(): Promise<void> {
    if (this.ending) return Promise.resolve();
    return new Promise((resolve) => {
      this.waiter = resolve;
      this.socket.resume();
    });
  }

  wake(): void {
    const waiter = this.waiter;
    this.waiter = null;
    waiter?.();
  }

  // ---------------------------------------------------------------- socket

  private attach(socket: Socket | TLSSocket): void {
    socket.on('data', this.onData);
    socket.on('error', this.onError);
    socket.on('close', this.onClose);
    socket.on('timeout', this.onTimeout);
    socket.setTimeout(this.options.preAuthTimeoutMs);
    socket.setNoDelay(true);
  }

  private detach(socket: Socket | TLSSocket): void {
    socket.removeListener('data', this.onData);
    socket.removeListener('error', this.onError);
    socket.removeListener('close', this.onClose);
    socket.removeListener('timeout', this.onTimeout);
  }

  private readonly onData = (chunk: Buffer): void => {
    this.parser.push(chunk);
    if (this.busy) this.socket.pause();
    this.wake();
  };

  private readonly onError = (error: NodeJS.ErrnoException): void => {
    this.log.debug({ err: error, client: this.session.client.address }, 'IMAP socket error');
  };

  private readonly onClose = (): void => {
    if (this.closed) return;
    this.closed = true;
    this.session.close();
    this.wake();
    this.resolveFinished();
  };

  private readonly onTimeout = (): void => {
    // Mid-response (a client that stopped reading) there is no clean place for BYE.
    if (this.busy && !this.session.idling) {
      this.socket.destroy();
      return;
    }
    void this.bye('Autologout: idle for too long');
  };

  private async bye(text: string): Promise<void> {
    if (this.closed || this.saidBye) return;
    this.saidBye = true;
    try {
      this.output.discard();
      await this.output.write(encodeStatus('BYE', text));
      await this.output.flush();
    } catch {
      // gone already
    }
    this.end();
  }

  private end(): void {
    if (this.closed) return;
    this.socket.end();
    // A peer that does not read must not hold the socket open.
    setTimeout(() => this.socket.destroy(), 2000).unref();
  }

  // ---------------------------------------------------------------- the loop

  private async run(): Promise<void> {
    try {
      await this.output.flush();
      while (!this.closed) {
        if (this.shuttingDown) return await this.bye('Server shutting down');
        const event = this.parser.next();
        if (!event) {
          await this.waitForInput();
          continue;
        }
        switch (event.kind) {
          case 'continue':
            await this.output.write(encodeContinuation());
            await this.output.flush();
            break;
          case 'bad':
            await this.output.write(
              event.tag === undefined
                ? encodeStatus('BAD', event.message, event.code)
                : encodeTagged(event.tag, { status: 'BAD', text: event.message, ...(event.code ? { code: event.code } : {}) }),
            );
            await this.output.flush();
            if (this.countBad(true)) return await this.bye('Too many invalid commands');
            break;
          case 'bye':
            return await this.bye(event.message);
          case 'command':
            await this.execute(event.command);
            if (this.saidBye) return;
            break;
        }
      }
    } catch (error) {
      if (!(error instanceof ConnectionClosedError)) this.log.error({ err: error, client: this.session.client.address }, 'IMAP connection failed');
      this.socket.destroy();
    }
  }

  private async execute(command: ParsedCommand): Promise<void> {
    this.busy = true;
    try {
      const started = Date.now();
      const mailbox = this.session.selected?.name;
      const result = await this.options.dispatcher.dispatch(command, this.session);
      if (this.closed) return;
      // RFC 5182 §2.1: a failed SEARCH ... RETURN (SAVE) leaves $ empty, even one refused before it ran.
      if (result.completion.status !== 'OK' && this.session.selected && requestsSave(command)) this.session.selected.savedResult = [];
      if (result.command) {
        try {
          await afterCommand(this.session, result.command);
        } catch (error) {
          if (error instanceof ConnectionClosedError) throw error;
          this.log.error({ err: error, client: this.session.client.address, command: result.command }, 'IMAP mailbox update failed');
        }
      }
      await this.output.write(encodeTagged(result.tag, result.completion));
      await this.output.flush();
      this.log.debug(
        {
          client: this.session.client.address,
          user: this.session.user?.username,
          command: result.command ?? command.command,
          args: describeCommandArgs(command),
          ...(mailbox !== undefined ? { mailbox } : {}),
          status: result.completion.status,
          ms: Date.now() - started,
        },
        'IMAP command',
      );
      if (this.countBad(result.completion.status === 'BAD')) return await this.bye('Too many invalid commands');
      if (this.session.startTlsRequested) await this.upgrade();
      if (this.session.state === 'logout') return this.end();
      if (this.session.state !== 'not-authenticated') this.socket.setTimeout(this.options.idleTimeoutMs);
    } finally {
      this.busy = false;
    }
  }

  /** Counts a BAD answer (or resets on any other); true when the client should be dropped. */
  private countBad(bad: boolean): boolean {
    this.consecutiveBad = bad ? this.consecutiveBad + 1 : 0;
    if (this.consecutiveBad < MAX_CONSECUTIVE_BAD_COMMANDS) return false;
    this.log.info({ client: this.session.client.address, user: this.session.user?.username }, 'IMAP client dropped after too many invalid commands');
    return true;
  }

  /** STARTTLS: drop what was pipelined in plaintext, then TLS on the same socket. */
  private async upgrade(): Promise<void> {
    this.session.startTlsRequested = false;
    this.parser.takeBuffered();
    const raw = this.socket as Socket;
    this.detach(raw);
    const secured = secureServerSocket(raw, this.options.secureContext!(), this.options.sniCallback);
    this.socket = secured;
    this.output.socket = secured;
    this.attach(secured);
    await new Promise<void>((resolve) => {
      const done = () => {
        secured.removeListener('secure', onSecure);
        secured.removeListener('close', done);
        resolve();
      };
      const onSecure = () => {
        this.session.client.secure = true;
        done();
      };
      secured.once('secure', onSecure);
      secured.once('close', done);
    });
  }
}
