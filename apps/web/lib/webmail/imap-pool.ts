import 'server-only';
import { EventEmitter } from 'node:events';
import { createLogger, loadConfig, TemporarilyUnavailableError } from '@kontor/core';
import { isLoopback } from '@kontor/core/loopback';
import { ImapFlow } from 'imapflow';

/**
 * Webmail reaches maild over IMAP like any mail client. Each signed-in
 * user (each webmail session) has one connection, kept across requests:
 * while no request runs it sits in IDLE on the folder the user has open,
 * so new mail, flags and expunges made elsewhere (Thunderbird, a phone)
 * arrive as events for the page's live stream. A connection closes after
 * WEBMAIL_IDLE_TIMEOUT without use; at WEBMAIL_MAX_CONNECTIONS the least
 * recently used one is closed to make room.
 */

export interface ImapLogin {
  /** The MailboxSession id: one connection per session. */
  sessionId: string;
  address: string;
  /** webSessionCredential(): good only while the session is open. */
  credential: string;
}

/** What happened in the watched folder, for the page's live stream. */
export type MailboxChange =
  | { type: 'exists'; path: string; count: number }
  | { type: 'expunge'; path: string }
  | { type: 'flags'; path: string; uid?: number }
  | { type: 'closed' };

interface PooledConnection {
  client: ImapFlow;
  ready: Promise<ImapFlow>;
  lastUsed: number;
  busy: number;
  events: EventEmitter;
  /** The folder to sit in while idle: the one the user last opened. */
  watched: string;
}

const log = createLogger('webmail-imap');

declare global {
  var kontorImapPool: Map<string, PooledConnection> | undefined;
  var kontorImapSweeper: NodeJS.Timeout | undefined;
}

function pool(): Map<string, PooledConnection> {
  globalThis.kontorImapPool ??= new Map();
  if (!globalThis.kontorImapSweeper) {
    globalThis.kontorImapSweeper = setInterval(sweepIdle, 30_000);
    globalThis.kontorImapSweeper.unref();
  }
  return globalThis.kontorImapPool;
}

function imapEndpoint() {
  const config = loadConfig();
  const host = config.WEBMAIL_IMAP_HOST;
  return { host, port: config.WEBMAIL_IMAP_PORT ?? config.IMAP_PORT, loopback: isLoopback(host) || host === 'localhost', servername: config.MAIL_HOSTNAME };
}

/** Closes connections unused for WEBMAIL_IDLE_TIMEOUT, unless a page still listens to them. */
function sweepIdle(): void {
  const { WEBMAIL_IDLE_TIMEOUT } = loadConfig();
  const now = Date.now();
  for (const [sessionId, entry] of pool()) {
    const listening = entry.events.listenerCount('change') > 0;
    if (entry.busy === 0 && !listening && now - entry.lastUsed > WEBMAIL_IDLE_TIMEOUT) closeImapSession(sessionId);
  }
}

function makeRoom(): void {
  const connections = pool();
  if (connections.size < loadConfig().WEBMAIL_MAX_CONNECTIONS) return;
  let oldest: [string, PooledConnection] | undefined;
  for (const entry of connections) {
    if (entry[1].busy === 0 && (!oldest || entry[1].lastUsed < oldest[1].lastUsed)) oldest = entry;
  }
  if (!oldest) throw new TemporarilyUnavailableError('webmail (too many users at once)');
  closeImapSession(oldest[0]);
}

function connect(login: ImapLogin): PooledConnection {
  makeRoom();
  const endpoint = imapEndpoint();
  const client = new ImapFlow({
    host: endpoint.host,
    port: endpoint.port,
    secure: false,
    // STARTTLS always: maild refuses a password before TLS. On loopback the traffic stays on this machine,
    // so the certificate (often self-signed in development) is not checked; elsewhere it must be valid.
    tls: endpoint.loopback ? { rejectUnauthorized: false } : { servername: endpoint.servername },
    auth: { user: login.address, pass: login.credential },
    logger: false,
    clientInfo: { name: 'Kontor webmail' },
    // A request waits for the server at most this long: a hung maild gives the page an error, not a hang.
    connectionTimeout: 10_000,
    greetingTimeout: 10_000,
    socketTimeout: 5 * 60_000,
  });
  const events = new EventEmitter();
  events.setMaxListeners(50);
  const entry: PooledConnection = { client, ready: Promise.resolve(client), lastUsed: Date.now(), busy: 0, events, watched: 'INBOX' };
  entry.ready = client.connect().then(async () => {
    await client.mailboxOpen(entry.watched).catch(() => undefined);
    return client;
  });
  // Unhandled here, a failed connect would be an unhandled rejection while no request awaits it.
  entry.ready.catch(() => undefined);
  const path = () => (client.mailbox && typeof client.mailbox === 'object' ? client.mailbox.path : entry.watched);
  client.on('exists', (data: { path: string; count: number }) => events.emit('change', { type: 'exists', path: data.path, count: data.count }));
  client.on('expunge', (data: { path: string }) => events.emit('change', { type: 'expunge', path: data.path }));
  client.on('flags', (data: { path?: string; uid?: number }) => events.emit('change', { type: 'flags', path: data.path ?? path(), uid: data.uid }));
  client.on('error', (error: Error) => log.warn({ err: error, address: login.address }, 'webmail IMAP connection failed'));
  client.on('close', () => {
    if (pool().get(login.sessionId) === entry) pool().delete(login.sessionId);
    events.emit('change', { type: 'closed' } satisfies MailboxChange);
  });
  pool().set(login.sessionId, entry);
  return entry;
}

async function usable(login: ImapLogin): Promise<PooledConnection> {
  const existing = pool().get(login.sessionId);
  const entry = existing && existing.client.usable !== false ? existing : connect(login);
  try {
    await entry.ready;
  } catch (error) {
    pool().delete(login.sessionId);
    log.warn({ err: error, address: login.address }, 'webmail could not reach IMAP');
    throw new TemporarilyUnavailableError('mail server', { cause: error });
  }
  return entry;
}

/**
 * Runs `work` on the user's connection. With `folder`, the folder is
 * selected and locked for the work (imapflow queues other requests for the
 * connection behind it) and becomes the one watched while idle.
 */
export async function withImap<T>(login: ImapLogin, folder: string | null, work: (client: ImapFlow) => Promise<T>): Promise<T> {
  const entry = await usable(login);
  entry.busy += 1;
  entry.lastUsed = Date.now();
  try {
    if (!folder) return await work(entry.client);
    const lock = await entry.client.getMailboxLock(folder);
    try {
      entry.watched = folder;
      return await work(entry.client);
    } finally {
      lock.release();
    }
  } finally {
    entry.busy -= 1;
    entry.lastUsed = Date.now();
  }
}

/** Listens to changes in the watched folder of the user's connection (opening it if needed); returns the unsubscribe. */
export async function watchMailbox(login: ImapLogin, listener: (change: MailboxChange) => void): Promise<() => void> {
  const entry = await usable(login);
  entry.events.on('change', listener);
  entry.lastUsed = Date.now();
  return () => {
    entry.events.off('change', listener);
    entry.lastUsed = Date.now();
  };
}

/** Ends the session's connection (sign-out, or a session found ended). */
export function closeImapSession(sessionId: string): void {
  const entry = pool().get(sessionId);
  if (!entry) return;
  pool().delete(sessionId);
  entry.client.logout().catch(() => entry.client.close());
}

/** For the benchmark and the health page: how many users have a connection now. */
export function imapPoolSize(): number {
  return pool().size;
}
