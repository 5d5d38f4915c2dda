/**
 * What the POP3 server needs from the rest of the system: types only.
 * apps/maild implements them with packages/mailstore, packages/db and
 * Redis; the tests implement them in memory (test-support.ts). Nothing in
 * this package knows of Prisma, the mail store or Redis.
 */
import type { Readable } from 'node:stream';

/** The connection's peer, as auth and limits see it. */
export interface ClientInfo {
  /** Remote IP address. */
  address: string;
  /** TLS is on (POP3S, or after STLS). */
  secure: boolean;
}

/** A logged-in user; implementations extend it with their own ids. */
export interface Pop3User {
  /** The address the user logged in as (for logs). */
  username: string;
}

export interface Pop3Authenticator<U extends Pop3User> {
  /** USER/PASS and AUTH PLAIN/LOGIN. null: wrong credentials (or a disabled account). */
  authenticate(username: string, password: string, client: ClientInfo): Promise<U | null>;
}

/** One message of the maildrop, as fixed at login. */
export interface MaildropMessage {
  /** UIDL (RFC 1939 §7): 1-70 characters 0x21-0x7E, stable across sessions. */
  readonly uniqueId: string;
  /** Octets as stored (CRLF line ends); what LIST and STAT report. */
  readonly size: number;
}

/** The user's INBOX as a list fixed at login: message n is `messages[n - 1]`. */
export interface Maildrop {
  readonly messages: readonly MaildropMessage[];
  /** The stored message, streamed (RETR, TOP). */
  open(index: number): Readable | Promise<Readable>;
  /**
   * UPDATE state: removes these messages from the mailbox, the way IMAP
   * EXPUNGE does (so IMAP clients see them go). Messages already gone are
   * skipped. Resolves with how many were removed.
   */
  remove(indexes: readonly number[]): Promise<number>;
}

export interface Pop3Storage<U extends Pop3User> {
  /** Opens the maildrop (INBOX) after login. Throw MaildropUnavailableError for a permanent problem. */
  openMaildrop(user: U): Promise<Maildrop>;
}

/** The exclusive-access lock on a maildrop (RFC 1939 §8), held while the session lives. */
export interface MaildropLock {
  /** True once the lock could not be kept (its lease ran out); deletions are then refused at QUIT. */
  readonly lost: boolean;
  release(): Promise<void>;
}

export interface MaildropLocks<U extends Pop3User> {
  /** The lock, or null when another session holds it (`-ERR [IN-USE]`). */
  acquire(user: U): Promise<MaildropLock | null>;
}

/** Failed-login counting and delays (shape of @kontor/core's LoginLimiter). */
export interface LoginGuard {
  check(ip: string, account: string): Promise<{ allowed: boolean; retryAfterMs: number }>;
  recordFailure(ip: string, account: string): Promise<{ delayMs: number }>;
  recordSuccess(ip: string, account: string): Promise<void>;
}

/** RFC 2449 LOGIN-DELAY: the least time between two logins of a user. */
export interface LoginDelay<U extends Pop3User> {
  readonly seconds: number;
  /** Records a login now; false when the previous one is less than `seconds` ago. */
  claim(user: U): Promise<boolean>;
}

/** A permanent reason the maildrop cannot be opened (`-ERR [SYS/PERM]`). */
export class MaildropUnavailableError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'MaildropUnavailableError';
  }
}
