/**
 * The IMAP server: give it sockets (plain for STARTTLS, or already-TLS for
 * implicit TLS) and it runs sessions on them against the storage and
 * authenticator it was built with. It does not listen itself: apps/maild
 * owns the ports.
 *
 *   const imap = createImapServer({ storage, auth, tls: { key, cert }, hostname });
 *   net.createServer((socket) => imap.handle(socket, { secure: false }));
 *   tls.createServer({ key, cert }, (socket) => imap.handle(socket, { secure: true }));
 *   await imap.close(); // `* BYE` to every session
 */
import type { Socket } from 'node:net';
import type { SecureContext, TLSSocket } from 'node:tls';
import { createPolicySecureContext, type SniCallback } from '@kontor/core';
import { commandHandlers } from '../commands/index.ts';
import { Dispatcher } from '../protocol/dispatcher.ts';
import { encodeStatus } from '../protocol/encoder.ts';
import type { ParserOptions } from '../protocol/parser.ts';
import type { ImapAuthenticator, ImapStorage, LoginThrottle } from '../storage.ts';
import { Connection, type ConnectionOptions } from './connection.ts';
import { type ImapLogger, silentLogger } from './logger.ts';
import { ConnectionClosedError } from './output.ts';
import type { Session } from './session.ts';

export interface ImapServerOptions {
  storage: ImapStorage;
  auth: ImapAuthenticator;
  throttle?: LoginThrottle;
  /** Certificate for STARTTLS (implicit TLS is the caller's socket). */
  tls?: { key: string | Buffer; cert: string | Buffer };
  /** Instead of `tls`: the context for each STARTTLS handshake, asked anew each time (a renewed certificate). */
  secureContext?: () => SecureContext;
  /** With secureContext: picks a certificate by the name the client asks for (SNI). */
  sniCallback?: SniCallback;
  /** The server's name (greeting). */
  hostname?: string;
  /** Accept LOGIN/AUTHENTICATE without TLS from 127.0.0.0/8 and ::1. */
  allowPlaintextLoopback?: boolean;
  log?: ImapLogger;
  /** Default 30 minutes (RFC 3501 §5.4). */
  idleTimeoutMs?: number;
  /** Before login; default 5 minutes. */
  preAuthTimeoutMs?: number;
  parser?: ParserOptions;
}

export interface ImapServer {
  /** Runs a session on the socket; `secure` when it is TLS already (implicit TLS). */
  handle(socket: Socket | TLSSocket, client: ClientIdentity): void;
  /** Open connections. */
  readonly connections: number;
  /** Ends every session with `* BYE` (after its current command) and waits for them. */
  close(options?: { timeoutMs?: number }): Promise<void>;
}

/**
 * How the connection reached us: `secure` when it is on TLS (ours, or a
 * trusted proxy's); `address`/`port` when a proxy named the real client
 * (else the socket's peer).
 */
export interface ClientIdentity {
  secure: boolean;
  address?: string;
  port?: number;
}

export function createImapServer(options: ImapServerOptions): ImapServer {
  const log = options.log ?? silentLogger;
  const hostname = options.hostname ?? 'localhost';
  const dispatcher = new Dispatcher<Session>(commandHandlers, (error, command) => {
    // A client that hung up mid-response is not a server error.
    if (error instanceof ConnectionClosedError) return;
    log.error({ err: error, command: command.command }, 'IMAP command failed');
  });
  const fixedContext = options.tls ? createPolicySecureContext(options.tls) : undefined;
  const secureContext = options.secureContext ?? (fixedContext ? () => fixedContext : undefined);
  const connections = new Set<Connection>();
  let closing = false;
  // One options object for every connection (an idle session should cost little).
  const shared: ConnectionOptions = {
    storage: options.storage,
    auth: options.auth,
    ...(options.throttle ? { throttle: options.throttle } : {}),
    log,
    hostname,
    tlsAvailable: secureContext !== undefined,
    allowPlaintextLoopback: options.allowPlaintextLoopback ?? false,
    dispatcher,
    ...(secureContext ? { secureContext } : {}),
    ...(options.sniCallback ? { sniCallback: options.sniCallback } : {}),
    idleTimeoutMs: options.idleTimeoutMs ?? 30 * 60_000,
    preAuthTimeoutMs: options.preAuthTimeoutMs ?? 5 * 60_000,
    ...(options.parser ? { parser: options.parser } : {}),
  };

  return {
    handle(socket, client) {
      if (closing) {
        socket.end(encodeStatus('BYE', 'Server shutting down'));
        return;
      }
      const connection = new Connection(socket, shared, {
        secure: client.secure,
        address: client.address ?? socket.remoteAddress ?? '',
        port: client.port ?? socket.remotePort ?? 0,
      });
      connections.add(connection);
      void connection.done.then(() => connections.delete(connection));
      const capabilities = connection.session.capabilities();
      connection.start(encodeStatus('OK', `${hostname} Kontor IMAP ready`, { code: 'CAPABILITY', capabilities }));
    },
    get connections() {
      return connections.size;
    },
    async close({ timeoutMs = 5000 } = {}) {
      closing = true;
      const all = [...connections];
      for (const connection of all) connection.shutdown();
      const timer = new Promise<void>((resolve) => setTimeout(resolve, timeoutMs).unref());
      await Promise.race([Promise.all(all.map((c) => c.done)), timer]);
      for (const connection of connections) connection.destroy();
    },
  };
}
