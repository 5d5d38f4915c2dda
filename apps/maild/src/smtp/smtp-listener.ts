/**
 * Puts an SMTPServer (MX or submission) behind the shared client
 * listener, so SMTP ports accept PROXY headers from trusted proxies like
 * IMAP and POP3 do, and the client's address from the header is the one
 * SPF, the connection limits, the Received header and the logs see.
 *
 * smtp-server reads only version 1 headers, from exact addresses; it also
 * has `connect(socket, options)`, the step after its own accept, which is
 * what this feeds (the session's remote address is `options.remoteAddress`).
 */
import type net from 'node:net';
import type { Logger } from '@kontor/core';
import type { SMTPServer } from 'smtp-server';
import { createClientListener } from '../client-listener.ts';
import { listen } from '../listen.ts';
import type { Listener } from '../role-context.ts';
import type { TlsSource } from '../tls/tls-source.ts';

declare module 'smtp-server' {
  interface SMTPServer {
    connect(socket: net.Socket, options: { remoteAddress?: string }): void;
  }
}

export interface SmtpListenerOptions {
  name: string;
  port: number;
  host: string;
  log: Logger;
  isTrustedProxy: (address: string | undefined) => boolean;
  /** Implicit TLS (465): the handshake is done here; the server must be created with `secure: true`. */
  implicitTls?: TlsSource;
}

export async function listenSmtp(server: SMTPServer, options: SmtpListenerOptions): Promise<Listener> {
  const front = createClientListener({
    name: options.name,
    log: options.log,
    isTrustedProxy: options.isTrustedProxy,
    ...(options.implicitTls ? { implicitTls: options.implicitTls.secureContext, sniCallback: options.implicitTls.sniCallback } : {}),
    onClient: ({ socket, address }) => server.connect(socket, { remoteAddress: address }),
  });
  const listener = await listen(options.name, front, options.port, options.host);
  return {
    ...listener,
    // The front stops accepting; smtp-server ends its sessions (after closeTimeout).
    close: async () => {
      await Promise.all([listener.close(), new Promise<void>((resolve) => server.close(() => resolve()))]);
    },
  };
}
