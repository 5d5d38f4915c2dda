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
 *
 * An outage is an error the page can show, never a hang: every request
 * waits at most WEBMAIL_IMAP_TIMEOUT (connecting included) and then drops
 * the connection, and a request whose connection broke underneath it
 * fails with TemporarilyUnavailableError.
 */

export interface ImapLogin {
  /** The MailboxSession id: one connection per session. */
  sessionId: string;
  /** The mailbox signed in: an admin's password reset or disabling it closes its connections (closeImapSessionsOfMailbox). */
  mailboxId: number;
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
  mailboxId: number;
  ready: Promise<ImapFlow>;
  lastUsed: number;
  busy: number;
  events: EventEmitter;
  /** The folder to sit in while idle: the one the user last opened. */
  watched: string;
  /** Until connect and login finish, imapflow's `usable` is false: requests arriving meanwhile wait for this one. */
  connecting: boolean;
}

const log = createLogger('webmail-imap');

declare global {
  var kontorImapPool: Map<string, PooledConnection> | undefined;
  var kontorImapSweeper: NodeJS.Timeout | undefined;
}

function pool(): Map<string, PooledConnection> {
  globalThis.kontorImapPool ??= new Map();
  if (!globalThis.kontorImapSweeper) {
    // Often enough that a connection closes within a quarter of the timeout after it ran out.
    const every = Math.min(30_000, Math.max(250, loadConfig().WEBMAIL_IDLE_TIMEOUT / 4));
    globalThis.kontorImapSweeper = setInterval(sweepIdle, every);
    globalThis.kontorImapSweeper.unref();
  }
  return globalThis.kontorImapPool;
}

function imapEndpoint() {
  const config = loadConfig();
  const host = config.WEBMAIL_IMAP_HOST;
  return { host, port: config.WEBMAIL_IMAP_PORT ?? config.IMAP_PORT, loopback: isLoopback(host) || host === 'localhost', servername: config.MAIL_HOSTNAME };
}

/** An open tab's live stream listens to the connection. */
const listening = (entry: PooledConnection) => entry.events.listenerCount('change') > 0;

/** Closes connections unused for WEBMAIL_IDLE_TIMEOUT, unless a page still listens to them. */
function sweepIdle(): void {
  const { WEBMAIL_IDLE_TIMEOUT } = loadConfig();
  const now = Date.now();
  for (const [sessionId, entry] of pool()) {
    if (entry.busy === 0 && !listening(entry) && now - entry.lastUsed > WEBMAIL_IDLE_TIMEOUT) closeImapSession(sessionId);
  }
}

/**
 * At the bound, closes the least recently used connection no request is
 * using, preferring one no open tab listens to. A live stream (`forStream`)
 * never closes another tab's stream: two tabs would take turns closing each
 * other, each reconnect evicting the other, for as long as both stay open.
 */
function makeRoom(forStream: boolean): void {
  const connections = pool();
  if (connections.size < loadConfig().WEBMAIL_MAX_CONNECTIONS) return;
  // Sorted by (someone listens, last used): the first free one goes.
  const rank = (entry: PooledConnection) => [Number(listening(entry)), entry.lastUsed] as const;
  let victim: [string, PooledConnection] | undefined;
  for (const candidate of connections) {
    const [, entry] = candidate;
    if (entry.busy > 0 || (forStream && listening(entry))) continue;
    if (!victim) victim = candidate;
    else {
      const [a, b] = [rank(entry), rank(victim[1])];
      if (a[0] < b[0] || (a[0] === b[0] && a[1] < b[1])) victim = candidate;
    }
  }
  if (!victim) throw new TemporarilyUnavailableError('webmail (too many users at once)');
  closeImapSession(victim[0]);
}

function connect(login: ImapLogin, forStream: boolean): PooledConnection {
  makeRoom(forStream);
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
    // IDLE again a second after the last command, not imapflow's 15 s: new mail and other clients' changes
    // reach the open page at once (the DONE before the next command is one local round trip).
    autoIdleDelay: 1_000,
  });
  const events = new EventEmitter();
  events.setMaxListeners(50);
  const entry: PooledConnection = {
    client,
    mailboxId: login.mailboxId,
    ready: Promise.resolve(client),
    lastUsed: Date.now(),
    busy: 0,
    events,
    watched: 'INBOX',
    connecting: true,
  };
  entry.ready = client
    .connect()
    .then(async () => {
      await client.mailboxOpen(entry.watched).catch(() => undefined);
      return client;
    })
    .finally(() => {
      entry.connecting = false;
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

/** Takes the connection out of the pool and closes it now (no LOGOUT: the server may be the problem). */
function drop(sessionId: string, entry: PooledConnection): void {
  if (pool().get(sessionId) === entry) pool().delete(sessionId);
  entry.events.emit('change', { type: 'closed' } satisfies MailboxChange);
  entry.client.close();
}

async function usable(login: ImapLogin, forStream = false): Promise<PooledConnection> {
  const existing = pool().get(login.sessionId);
  let entry = existing;
  if (!existing || (!existing.connecting && !existing.client.usable)) {
    // A connection that stopped being usable without a close event is closed here, not left open beside its successor.
    if (existing) drop(login.sessionId, existing);
    entry = connect(login, forStream);
  }
  try {
    await entry!.ready;
  } catch (error) {
    if (pool().get(login.sessionId) === entry) pool().delete(login.sessionId);
    log.warn({ err: error, address: login.address }, 'webmail could not reach IMAP');
    throw new TemporarilyUnavailableError('mail server', { cause: error });
  }
  return entry!;
}

/**
 * `running` within `timeoutMs`; past it the session's connection is
 * dropped, which fails whatever it still waits for, and the caller gets
 * TemporarilyUnavailableError. So does a caller whose connection broke
 * underneath it (maild restarted): imapflow's errors then ("Connection not
 * available", EPIPE, ETIMEOUT) are an outage, not a bug.
 */
async function inTime<T>(login: ImapLogin, timeoutMs: number, running: Promise<T>): Promise<T> {
  const timedOut = new TemporarilyUnavailableError('mail server (no answer in time)');
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(timedOut), timeoutMs);
  });
  // Settles after the deadline when the deadline won: nobody awaits it then.
  running.catch(() => undefined);
  try {
    return await Promise.race([running, deadline]);
  } catch (error) {
    const entry = pool().get(login.sessionId);
    if (error === timedOut) {
      log.warn({ address: login.address, timeoutMs }, 'webmail IMAP request timed out; connection dropped');
      if (entry) drop(login.sessionId, entry);
      throw error;
    }
    if (!(error instanceof TemporarilyUnavailableError) && !entry?.client.usable) {
      throw new TemporarilyUnavailableError('mail server (connection lost)', { cause: error });
    }
    throw error;
  } finally {
    clearTimeout(timer);
  }
}

/**
 * Selects the watched folder again after work in another one, so IDLE (and
 * the open tab's live stream) is back on the folder the user looks at. Not
 * awaited: the request that moved away has its answer already.
 */
function returnToWatched(entry: PooledConnection): void {
  const selected = entry.client.mailbox && typeof entry.client.mailbox === 'object' ? entry.client.mailbox.path : null;
  if (selected === entry.watched || !entry.client.usable) return;
  entry.client
    .getMailboxLock(entry.watched)
    .then((lock) => lock.release())
    .catch((error: unknown) => log.warn({ err: error, folder: entry.watched }, 'webmail could not select the watched folder again'));
}

/**
 * Runs `work` on the user's connection. With `folder`, the folder is
 * selected and locked for the work (imapflow queues other requests for the
 * connection behind it) and becomes the one watched while idle, unless
 * `watch: false` (work beside the folder the user has open, such as
 * compose's drafts and address book): then the watched one is selected
 * again afterwards.
 *
 * The whole of it (connecting, waiting for the lock, the work) may take
 * `timeoutMs`: WEBMAIL_IMAP_TIMEOUT unless given. Pass more for work known
 * to be long, such as a body search of a huge folder.
 */
export async function withImap<T>(
  login: ImapLogin,
  folder: string | null,
  work: (client: ImapFlow) => Promise<T>,
  options: { timeoutMs?: number; watch?: boolean } = {},
): Promise<T> {
  const watch = options.watch ?? true;
  const run = async () => {
    const entry = await usable(login);
    entry.busy += 1;
    entry.lastUsed = Date.now();
    try {
      if (!folder) return await work(entry.client);
      const lock = await entry.client.getMailboxLock(folder);
      try {
        if (watch) entry.watched = folder;
        return await work(entry.client);
      } finally {
        lock.release();
        if (!watch) returnToWatched(entry);
      }
    } finally {
      entry.busy -= 1;
      entry.lastUsed = Date.now();
    }
  };
  return inTime(login, options.timeoutMs ?? loadConfig().WEBMAIL_IMAP_TIMEOUT, run());
}

/** Listens to changes in the watched folder of the user's connection (opening it if needed); returns the unsubscribe. */
export async function watchMailbox(login: ImapLogin, listener: (change: MailboxChange) => void): Promise<() => void> {
  const entry = await inTime(login, loadConfig().WEBMAIL_IMAP_TIMEOUT, usable(login, true));
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
  // Open streams end now, whether or not the server answers the LOGOUT.
  entry.events.emit('change', { type: 'closed' } satisfies MailboxChange);
  const closing = setTimeout(() => entry.client.close(), 5000);
  closing.unref();
  entry.client
    .logout()
    .catch(() => entry.client.close())
    .finally(() => clearTimeout(closing));
}

/**
 * Ends every connection of the mailbox in this web process, and with them
 * their tabs' live streams: its password was reset or it was disabled, and
 * a connection logged in with the old session's credential would otherwise
 * stay open until the next session check.
 */
export function closeImapSessionsOfMailbox(mailboxId: number): void {
  for (const [sessionId, entry] of pool()) if (entry.mailboxId === mailboxId) closeImapSession(sessionId);
}

/** For the benchmark and the health page: how many users have a connection now. */
export function imapPoolSize(): number {
  return pool().size;
}
