/**
 * The accepting side of every mail listener (SMTP, submission, IMAP, POP3). It works out who the
 * client is and whether it is on TLS before a session starts: a PROXY
 * header first when the peer is a trusted proxy (PROXY_PROTOCOL_TRUSTED),
 * then the TLS handshake on an implicit-TLS port. A proxy that terminated
 * TLS itself says so in its version 2 header, and the session counts as
 * secure; that is how idle sessions stay small (docs/scaling.md).
 */
import net from 'node:net';
import type tls from 'node:tls';
import { type Logger, type SniCallback, secureServerSocket } from '@kontor/core';
import { readProxyHeader } from '@kontor/core/proxy-protocol';

export interface AcceptedClient {
  socket: net.Socket;
  /** TLS to us, or to a trusted proxy that says so. */
  secure: boolean;
  /** The client's address: the PROXY header's source, else the peer's. */
  address: string;
  port: number;
}

export interface ClientListenerOptions {
  name: string;
  log: Logger;
  isTrustedProxy: (address: string | undefined) => boolean;
  /** Set on an implicit-TLS port: the handshake comes first, with the context this returns then (it changes when the certificate is renewed). */
  implicitTls?: () => tls.SecureContext;
  /** With implicitTls: picks a certificate by the name the client asks for (SNI). */
  sniCallback?: SniCallback;
  /** As tls.Server's default. */
  handshakeTimeoutMs?: number;
  proxyHeaderTimeoutMs?: number;
  onClient(client: AcceptedClient): void;
}

export function createClientListener(options: ClientListenerOptions): net.Server {
  return net.createServer((socket) => void accept(socket, options));
}

/**
 * The pair every reading protocol has: a plain port (STARTTLS/STLS inside)
 * named `name`, and an implicit-TLS port named `${name}s`, one handler behind both.
 */
export function createClientListenerPair(
  options: Pick<ClientListenerOptions, 'name' | 'log' | 'isTrustedProxy' | 'onClient'> & { secureContext: () => tls.SecureContext; sniCallback?: SniCallback },
): { plain: net.Server; implicit: net.Server } {
  const { secureContext, sniCallback, ...common } = options;
  return {
    plain: createClientListener(common),
    implicit: createClientListener({
      ...common,
      name: `${options.name}s`,
      implicitTls: secureContext,
      ...(sniCallback ? { sniCallback } : {}),
    }),
  };
}

async function accept(socket: net.Socket, options: ClientListenerOptions): Promise<void> {
  const { log, name } = options;
  // Until a session owns the socket, a reset must not become an uncaught error.
  const onEarlyError = (error: Error) => log.debug({ err: error, listener: name }, 'connection failed before its session started');
  socket.on('error', onEarlyError);
  const peer = socket.remoteAddress ?? '';
  let client: AcceptedClient = { socket, secure: false, address: peer, port: socket.remotePort ?? 0 };

  if (options.isTrustedProxy(peer)) {
    try {
      const header = await readProxyHeader(socket, { timeoutMs: options.proxyHeaderTimeoutMs ?? 5000 });
      client = { ...client, secure: header.tls, ...(header.source ? { address: header.source.address, port: header.source.port } : {}) };
    } catch (error) {
      log.warn({ err: error, listener: name, proxy: peer }, 'trusted proxy sent no valid PROXY header; connection closed');
      socket.destroy();
      return;
    }
  }

  if (options.implicitTls) {
    const secured = await handshake(socket, options.implicitTls(), options.sniCallback, options.handshakeTimeoutMs ?? 120_000).catch((error: Error) => {
      log.debug({ err: error, listener: name, client: client.address }, 'TLS handshake failed');
      return null;
    });
    if (!secured) return;
    client = { ...client, socket: secured, secure: true };
  }
  if (client.socket.destroyed) return;
  socket.removeListener('error', onEarlyError);
  options.onClient(client);
}

/** Server side of a TLS handshake over an accepted socket, bytes already read after a PROXY header included. */
function handshake(socket: net.Socket, secureContext: tls.SecureContext, sniCallback: SniCallback | undefined, timeoutMs: number): Promise<tls.TLSSocket> {
  return new Promise((resolve, reject) => {
    const secured = secureServerSocket(socket, secureContext, sniCallback);
    const fail = (error: Error) => {
      clearTimeout(timer);
      secured.destroy();
      socket.destroy();
      reject(error);
    };
    const onClose = () => fail(new Error('connection closed during the TLS handshake'));
    const timer = setTimeout(() => fail(new Error('TLS handshake timed out')), timeoutMs);
    secured.once('error', fail);
    secured.once('close', onClose);
    secured.once('secure', () => {
      clearTimeout(timer);
      secured.removeListener('error', fail);
      secured.removeListener('close', onClose);
      resolve(secured);
    });
  });
}
