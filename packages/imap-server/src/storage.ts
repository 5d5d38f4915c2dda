/**
 * What the IMAP server needs from the rest of Kontor: authentication,
 * login throttling, and the message store. apps/maild implements these
 * with packages/db and packages/mailstore; the package's tests implement
 * them in memory (src/testing/memory-storage.ts).
 *
 * Conventions
 * - IMAP words: a *mailbox* is a folder (INBOX, Sent, Lists/kontor), a
 *   *user* is the account that logged in.
 * - Mailbox names are Unicode with `/` as the hierarchy delimiter; the wire
 *   encoding (modified UTF-7, UTF8=ACCEPT) is the protocol layer's job.
 *   `INBOX` is always written in upper case.
 * - UIDs ascend per mailbox; MODSEQ values are bigint. Sequence numbers
 *   are the session's business: storage never sees them.
 * - Failures a client should hear about are thrown as `StorageError` with
 *   an IMAP response code; anything else becomes `NO [SERVERBUG]`.
 */
import type { Readable } from 'node:stream';
import type { SearchKey } from './protocol/args/search.ts';
import type { SortCriterion } from './protocol/args/sort-thread.ts';
import type { StatusItem } from './protocol/args/status.ts';
import type { Envelope } from './protocol/envelope.ts';

// ------------------------------------------------------------------ auth

export interface ImapUser {
  /** The account's id (what `watch` and the store key on). */
  id: number;
  /** The address the user logged in with. */
  username: string;
}

export interface ClientAddress {
  /** Remote IP address. */
  address: string;
  /** TLS is on (implicit or after STARTTLS). */
  secure: boolean;
}

export interface ImapAuthenticator {
  /** LOGIN and AUTHENTICATE PLAIN/LOGIN. null: wrong credentials, unknown or disabled account. */
  authenticate(username: string, password: string, client: ClientAddress): Promise<ImapUser | null>;
}

/**
 * Brute-force protection (the shape of @kontor/core's LoginLimiter):
 * counted per IP and per account+IP, shared between processes.
 */
export interface LoginThrottle {
  check(ip: string, account: string): Promise<{ allowed: boolean; retryAfterMs: number }>;
  /** Returns how long to wait before answering the failure (grows with each one). */
  recordFailure(ip: string, account: string): Promise<{ delayMs: number }>;
  recordSuccess(ip: string, account: string): Promise<void>;
}

// ------------------------------------------------------------------ errors

export type StorageErrorCode = 'NONEXISTENT' | 'ALREADYEXISTS' | 'OVERQUOTA' | 'CANNOT' | 'NOPERM' | 'LIMIT' | 'INUSE' | 'USEATTR' | 'UNAVAILABLE' | 'TOOBIG';

/** A refusal the client is told about: `NO [code] message`. */
export class StorageError extends Error {
  constructor(
    readonly code: StorageErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'StorageError';
  }
}

// ------------------------------------------------------------------ mailboxes

export interface MailboxInfo {
  id: number;
  /** Full name, `/` between levels, INBOX in upper case. */
  name: string;
  /** RFC 6154 attribute (`\Sent`, `\Trash` ...), or null. */
  specialUse: string | null;
}

export interface MailboxStatus extends MailboxInfo {
  uidValidity: number;
  uidNext: number;
  highestModseq: bigint;
  messages: number;
  unseen: number;
  /** Filled when asked for (`include`), since they cost a query each. */
  recent?: number;
  /** Sum of RFC822.SIZE (STATUS SIZE, RFC 8438). */
  size?: number;
  /** Messages flagged \Deleted (STATUS DELETED, RFC 9051). */
  deleted?: number;
}

/** STATUS items that need work beyond the mailbox row. */
export type ExpensiveStatusItem = Extract<StatusItem, 'RECENT' | 'SIZE' | 'DELETED'>;

export interface QuotaUsage {
  usedOctets: number;
  /** null: unlimited. */
  limitOctets: number | null;
}

// ------------------------------------------------------------------ messages

/**
 * A MIME entity as the store describes it once, at delivery: its
 * Content-* fields and the octet offsets of its header and body in the
 * stored message (`headerStart ≤ bodyStart ≤ end`, end exclusive). This is
 * the shape of @kontor/mailstore's BodyPart. Containers are opened 100
 * levels deep (mailstore's MAX_MIME_DEPTH); one nested deeper is a
 * text/plain part holding the rest, so FETCH and SEARCH see the same text.
 */
export interface StoredPart {
  /** Lower-case media type and subtype. */
  type: string;
  subtype: string;
  /** Content-Type parameters, lower-case names, in header order. */
  params: Record<string, string>;
  id: string | null;
  description: string | null;
  /** Content-Transfer-Encoding, upper case; 7BIT when absent. */
  encoding: string;
  md5: string | null;
  disposition: { type: string; params: Record<string, string> } | null;
  language: string[] | null;
  location: string | null;
  headerStart: number;
  bodyStart: number;
  end: number;
  /** end - bodyStart. */
  size: number;
  lines: number;
  /** multipart/*: the parts (may be empty when the boundary never occurs). */
  children?: StoredPart[];
  /** message/rfc822: the message it holds. */
  message?: { envelope: Envelope; body: StoredPart };
}

/** Decoded header values for SEARCH and SORT (RFC 2047 words decoded). */
export interface SearchHeaders {
  subject: string;
  /** "Name <box@host>, other@host". */
  from: string;
  to: string;
  cc: string;
  bcc: string;
  messageId: string;
  inReplyTo: string;
  /** The Date: header, parsed; null when absent or unreadable. */
  sentDate: Date | null;
  /**
   * The calendar day written in the Date: header (`YYYY-MM-DD`), its time
   * and zone disregarded, for SENTBEFORE/SENTON/SENTSINCE (RFC 3501
   * §6.4.4); null exactly when sentDate is.
   */
  sentDay: string | null;
  /**
   * The References: field (unfolded, encoded-words decoded) for THREAD, ""
   * when absent; undefined or null when the storage does not keep it (the
   * server then reads the header).
   */
  references?: string | null;
}

/** The searchable text kept at delivery (@kontor/core mime-text rules). */
export interface StoredText {
  /** The top-level header fields, one `name: value` line each (headerFieldsText). */
  header: string;
  /** messageBodyText of the message. */
  body: string;
}

/** One message as a command sees it. */
export interface MessageRecord {
  uid: number;
  modseq: bigint;
  flags: string[];
  internalDate: Date;
  /** RFC822.SIZE, octets as stored (CRLF). */
  size: number;
  /** Handle for openContent (the blob). */
  contentId: string;
  /** With `include.structure`. */
  envelope?: Envelope;
  structure?: StoredPart;
  /** With `include.headers`. */
  headers?: SearchHeaders;
  /** With `include.text`, when the storage keeps it for this message (else the blob is read). */
  text?: StoredText;
}

export interface ListMessagesOptions {
  /** Only these UIDs (ascending or not); all when absent. */
  uids?: readonly number[];
  include?: {
    /** ENVELOPE and the MIME structure (FETCH, body search). */
    structure?: boolean;
    /** Decoded header columns (SEARCH FROM/SUBJECT ..., SORT). */
    headers?: boolean;
    /** The stored searchable text (SEARCH BODY/TEXT/HEADER), where kept. */
    text?: boolean;
  };
}

/** Everything that happened in a mailbox after a MODSEQ. */
export interface MailboxChanges {
  /** The mailbox's HIGHESTMODSEQ, read before the changes. */
  highestModseq: bigint;
  /** New messages and messages whose flags changed, ascending UID. */
  changed: Array<{ uid: number; modseq: bigint; flags: string[] }>;
  /** UIDs expunged (or moved away) after the MODSEQ, ascending. */
  vanished: number[];
}

export interface StoreFlagsResult {
  /** Messages whose flags changed: their new flags and MODSEQ. */
  changed: Array<{ uid: number; modseq: bigint; flags: string[] }>;
  /** Messages that already had the flags asked for. */
  unchanged: Array<{ uid: number; modseq: bigint; flags: string[] }>;
  /** UIDs left alone by UNCHANGEDSINCE (RFC 7162 [MODIFIED]). */
  failed: number[];
  highestModseq: bigint;
}

export interface CopyResult {
  /** UIDVALIDITY of the destination. */
  uidValidity: number;
  /** [source UID, destination UID], ascending by source UID. */
  mapping: Array<[number, number]>;
}

/** A change in one of the user's mailboxes (from any maild instance). */
export interface MailboxEvent {
  mailboxId: number;
}

export interface SearchCandidates {
  /** Ascending by UID; `sure`: certainly a match (the server does not check it). */
  messages: Array<{ uid: number; modseq: bigint; sure?: boolean }>;
  exact: boolean;
}

export interface ImapStorage {
  // ----- authenticated state
  listMailboxes(user: ImapUser): Promise<MailboxInfo[]>;
  /** NONEXISTENT when there is no such mailbox. */
  mailboxStatus(user: ImapUser, name: string, include?: readonly ExpensiveStatusItem[]): Promise<MailboxStatus>;
  /** CREATE (superior names made when missing); ALREADYEXISTS, CANNOT (bad name), USEATTR. */
  createMailbox(user: ImapUser, name: string, options?: { specialUse?: string }): Promise<MailboxInfo>;
  /** DELETE: the mailbox and its messages; children stay. INBOX: CANNOT. */
  deleteMailbox(user: ImapUser, name: string): Promise<void>;
  /** RENAME with children; INBOX moves its messages to the new name and stays (RFC 3501 §6.3.5). */
  renameMailbox(user: ImapUser, from: string, to: string): Promise<void>;
  /** SUBSCRIBE (NONEXISTENT without the mailbox) / UNSUBSCRIBE (any subscribed name). */
  setSubscribed(user: ImapUser, name: string, subscribed: boolean): Promise<void>;
  /** Subscribed names (RFC 3501 §6.3.6): independent of mailboxes, so some may name none. */
  listSubscriptions(user: ImapUser): Promise<string[]>;
  quota(user: ImapUser): Promise<QuotaUsage>;
  /** APPEND one message: NONEXISTENT (→ [TRYCREATE]), OVERQUOTA, TOOBIG. */
  append(
    user: ImapUser,
    mailbox: string,
    message: { content: Buffer; flags: readonly string[]; internalDate?: Date },
  ): Promise<{ mailboxId: number; uidValidity: number; uid: number }>;

  // ----- selected state (mailboxId from mailboxStatus)
  listMessages(mailboxId: number, options?: ListMessagesOptions): Promise<MessageRecord[]>;
  /**
   * Optional first cut of a SEARCH, done where the messages are (in SQL):
   * the messages that can match, with `exact` when they are exactly the
   * matches; otherwise the server checks each of them itself. `maxUid` is
   * what `*` means in a UID set. null: no help, the server checks every
   * message of the view.
   */
  searchCandidates?(mailboxId: number, criteria: SearchKey, context: { maxUid: number; now: Date }): Promise<SearchCandidates | null>;
  /**
   * Optional SORT done where the messages are: `uids` in the order of
   * `criteria` (RFC 5256, ties by ascending UID), exactly what the
   * server's own sort (sort/sort.ts) gives. null: the storage cannot (for
   * example rows stored before it kept the sort keys); the server sorts.
   */
  sortMessages?(mailboxId: number, uids: readonly number[], criteria: readonly SortCriterion[]): Promise<number[] | null>;
  changesSince(mailboxId: number, modseq: bigint): Promise<MailboxChanges>;
  /** Octets [start, end) of a stored message, streamed with backpressure. */
  openContent(contentId: string, range: { start: number; end: number }): Readable;
  /** Optional: octets [start, end) in memory, for headers (cheaper than a stream when there are thousands). */
  readContent?(contentId: string, range: { start: number; end: number }): Promise<Buffer>;
  storeFlags(
    mailboxId: number,
    uids: readonly number[],
    change: { operation: 'replace' | 'add' | 'remove'; flags: readonly string[]; unchangedSince?: bigint },
  ): Promise<StoreFlagsResult>;
  copy(user: ImapUser, mailboxId: number, uids: readonly number[], target: string): Promise<CopyResult>;
  /** MOVE (RFC 6851): copy and expunge in one step. */
  move(user: ImapUser, mailboxId: number, uids: readonly number[], target: string): Promise<CopyResult>;
  /** Removes messages flagged \Deleted (only among `uids` when given); returns the UIDs removed. */
  expunge(mailboxId: number, uids?: readonly number[]): Promise<number[]>;

  // ----- notifications and session state shared between instances
  /** Calls `listener` on every change of the user's mailboxes; resolves once listening. */
  watch(user: ImapUser, listener: (event: MailboxEvent) => void): Promise<() => void>;
  /**
   * \Recent (RFC 3501 §2.3.2): atomically raises the mailbox's "seen by a
   * session" mark to `upToUid` and returns the mark before. Messages above
   * the old mark are recent for the caller only. Optional: without it no
   * message is ever \Recent.
   */
  claimRecent?(mailboxId: number, uidValidity: number, upToUid: number): Promise<number>;
}
