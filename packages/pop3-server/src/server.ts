/**
 * Pop3Server: serves sockets handed to it by a listener (apps/maild owns
 * the listeners: plain with STLS, and implicit TLS). It knows its sessions,
 * so a shutdown can end them instead of waiting out their idle timers.
 */
import type net from 'node:net';
import type tls from 'node:tls';
import { createLogger, createPolicySecureContext } from '@kontor/core';
import type { CommandContext, ServerServices } from './commands/context.ts';
import { createHandlers } from './commands/index.ts';
import { type ConnectionSettings, Pop3Connection } from './connection.ts';
import { DEFAULTS, type Pop3ServerOptions } from './options.ts';
import { Dispatcher } from './protocol/dispatcher.ts';
import type { Pop3User } from './storage.ts';

export class Pop3Server<U extends Pop3User> {
  private readonly services: ServerServices<U>;
  private readonly dispatcher: Dispatcher<CommandContext<U>>;
  private readonly settings: ConnectionSettings;
  private readonly connections = new Map<Pop3Connection<U>, Promise<void>>();

  constructor(options: Pop3ServerOptions<U>) {
    const log = options.log ?? createLogger('pop3', 'silent');
    this.services = {
      hostname: options.hostname,
      implementation: options.implementation ?? DEFAULTS.implementation,
      auth: options.auth,
      storage: options.storage,
      locks: options.locks,
      log,
      sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
      ...(options.loginGuard ? { loginGuard: options.loginGuard } : {}),
      ...(options.loginDelay && options.loginDelay.seconds > 0 ? { loginDelay: options.loginDelay } : {}),
    };
    this.dispatcher = new Dispatcher(createHandlers<U>(), (error, command) => log.error({ err: error, command }, 'pop3 command failed'));
    this.settings = {
      idleTimeoutMs: options.idleTimeoutMs ?? DEFAULTS.idleTimeoutMs,
      maxLineLength: options.maxLineLength ?? DEFAULTS.maxLineLength,
      maxSaslLineLength: options.maxSaslLineLength ?? DEFAULTS.maxSaslLineLength,
      secureContext: options.secureContext ?? fixedContext(options.tls),
      sniCallback: options.sniCallback,
      allowPlaintextAuthFromLoopback: options.allowPlaintextAuthFromLoopback ?? false,
    };
  }

  /** Sessions being served now. */
  get connectionCount(): number {
    return this.connections.size;
  }

  /**
   * Serves one connection: `secure` for implicit TLS (POP3S), where the
   * socket is a TLSSocket already, or TLS a trusted proxy terminated; other
   * sockets are offered STLS. `address`/`port` name the client when a
   * proxy said who it is. Resolves when the session is over.
   */
  handle(socket: net.Socket, client: { secure: boolean; address?: string; port?: number }): Promise<void> {
    // Replies are written whole; don't let Nagle hold one back waiting for an ACK.
    socket.setNoDelay(true);
    const connection = new Pop3Connection<U>(
      socket,
      { secure: client.secure, address: client.address ?? socket.remoteAddress ?? '', port: client.port ?? socket.remotePort ?? 0 },
      this.services,
      this.dispatcher,
      this.settings,
    );
    const done = connection.run().finally(() => this.connections.delete(connection));
    this.connections.set(connection, done);
    return done;
  }

  /** Ends every session (server shutdown); sessions still busy after `graceMs` are cut. Nothing is deleted. */
  async closeAll(graceMs = 2_000): Promise<void> {
    const running = [...this.connections.entries()];
    for (const [connection] of running) connection.shutdown();
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<void>((resolve) => (timer = setTimeout(resolve, graceMs)));
    await Promise.race([Promise.all(running.map(([, done]) => done)), timeout]);
    clearTimeout(timer);
    for (const [connection] of this.connections) connection.destroy();
    await Promise.all(running.map(([, done]) => done));
  }
}

function fixedContext(pair: { key: Buffer | string; cert: Buffer | string } | undefined): (() => tls.SecureContext) | undefined {
  if (!pair) return undefined;
  const context = createPolicySecureContext(pair);
  return () => context;
}
