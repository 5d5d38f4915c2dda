/**
 * PROPOSAL — what the command handlers will need from the store. Types
 * only: apps/maild implements them with packages/mailstore and
 * packages/db; tests implement them in memory. To be agreed with the
 * mailstore before the first handler is written.
 *
 * Conventions: mailbox names are Unicode with `/` as the hierarchy
 * delimiter (the wire encoding is the protocol layer's job); UIDs are
 * ascending numbers per mailbox; MODSEQ values are bigint; a message's
 * sequence number is its position in the session's snapshot, which the
 * handlers keep (the store never sees sequence numbers).
 */
import type { Readable } from 'node:stream';
import type { BodySection } from './protocol/args/fetch.ts';
import type { SearchKey } from './protocol/args/search.ts';
import type { SortCriterion, ThreadAlgorithm } from './protocol/args/sort-thread.ts';
import type { StatusItem } from './protocol/args/status.ts';
import type { BodyStructure } from './protocol/body-structure.ts';
import type { Envelope } from './protocol/envelope.ts';

export interface ImapUser {
  id: string;
  /** The address the user logged in with. */
  username: string;
}

export interface AuthService {
  /** LOGIN and AUTHENTICATE PLAIN. null: wrong credentials (answer NO [AUTHENTICATIONFAILED]). */
  verifyPassword(username: string, password: string, client: { address: string; secure: boolean }): Promise<ImapUser | null>;
}

export interface MailboxInfo {
  id: string;
  name: string;
  /** `\Sent`, `\Trash` ... (RFC 6154). */
  specialUse: string[];
  subscribed: boolean;
  hasChildren: boolean;
  /** False for a mere parent (\Noselect) that holds no messages. */
  selectable: boolean;
}

/** One message as a session sees it. */
export interface MessageState {
  uid: number;
  modseq: bigint;
  flags: string[];
  internalDate: Date;
  /** RFC822.SIZE, octets. */
  size: number;
}

export interface MailboxSnapshot {
  mailbox: MailboxInfo;
  uidValidity: number;
  uidNext: number;
  highestModseq: bigint;
  /** Keywords in use, for FLAGS / PERMANENTFLAGS. */
  keywords: string[];
  /** Every message, ascending UID (= sequence order). */
  messages: MessageState[];
  /** UIDs this session is the first to see (\Recent), claimed atomically at SELECT. */
  recentUids: number[];
}

/** What happened in a mailbox since a MODSEQ: drives NOOP, IDLE, CONDSTORE and QRESYNC. */
export interface MailboxChanges {
  highestModseq: bigint;
  /** New or changed messages (flags), ascending UID. */
  changed: MessageState[];
  expungedUids: number[];
}

export type MailStoreError =
  | 'NONEXISTENT'
  | 'ALREADYEXISTS'
  | 'TRYCREATE'
  | 'OVERQUOTA'
  | 'LIMIT'
  | 'CANNOT'
  | 'HASCHILDREN'
  | 'NOPERM'
  | 'INUSE';

/** Store operations either succeed or fail with a reason the handler maps to a response code. */
export type StoreResult<T> = { ok: true; value: T } | { ok: false; error: MailStoreError; message?: string };

/** A readable piece of a message: the length first (for `{n}`), the octets when asked. */
export interface MessageContent {
  length: number;
  open: () => Readable;
}

export interface MessageSummary {
  uid: number;
  envelope: Envelope;
  bodyStructure: BodyStructure;
}

export interface MailStore {
  // ----- authenticated state: mailboxes
  listMailboxes(user: ImapUser): Promise<MailboxInfo[]>;
  createMailbox(user: ImapUser, name: string, options?: { specialUse?: string[] }): Promise<StoreResult<MailboxInfo>>;
  deleteMailbox(user: ImapUser, name: string): Promise<StoreResult<void>>;
  /** RENAME INBOX moves its messages into a new mailbox and leaves INBOX empty (RFC 3501 §6.3.5). */
  renameMailbox(user: ImapUser, from: string, to: string): Promise<StoreResult<void>>;
  setSubscribed(user: ImapUser, name: string, subscribed: boolean): Promise<StoreResult<void>>;
  mailboxStatus(user: ImapUser, name: string, items: readonly StatusItem[]): Promise<StoreResult<Partial<Record<StatusItem, number | bigint>>>>;
  quota(user: ImapUser): Promise<{ root: string; usedOctets: number; limitOctets: number | null }>;
  /**
   * APPEND / MULTIAPPEND: all messages or none (atomic, with quota and
   * MODSEQ). Content is handed over as parsed; the store writes the blob,
   * parses MIME once and keeps the envelope and body structure.
   */
  append(
    user: ImapUser,
    mailbox: string,
    messages: ReadonlyArray<{ content: Buffer; flags: readonly string[]; internalDate?: Date }>,
  ): Promise<StoreResult<{ uidValidity: number; uids: number[] }>>;

  // ----- selected state
  /** SELECT / EXAMINE: a consistent snapshot; EXAMINE does not claim \Recent. */
  openMailbox(user: ImapUser, name: string, options: { readOnly: boolean }): Promise<StoreResult<MailboxSnapshot>>;
  changesSince(mailboxId: string, modseq: bigint): Promise<MailboxChanges>;
  /** QRESYNC: expunged UIDs since `modseq` (needs expunge tombstones with their MODSEQ). */
  vanishedSince(mailboxId: string, modseq: bigint, withinUids?: readonly number[]): Promise<number[]>;
  /** SEARCH / SORT / THREAD filter. `uids` is the session's view; returns matching UIDs ascending. */
  search(mailboxId: string, uids: readonly number[], key: SearchKey, now: Date): Promise<number[]>;
  sort(mailboxId: string, uids: readonly number[], criteria: readonly SortCriterion[]): Promise<number[]>;
  /** Threads as nested UID lists in RFC 5256 order. */
  thread(mailboxId: string, uids: readonly number[], algorithm: ThreadAlgorithm): Promise<ThreadNode[]>;
  /** ENVELOPE and BODY/BODYSTRUCTURE, precomputed at delivery. */
  summaries(mailboxId: string, uids: readonly number[]): Promise<MessageSummary[]>;
  /**
   * BODY[section]<partial>, RFC822*, BINARY[part] (decoded when `decode`).
   * null when the part does not exist (empty string per RFC 3501) or,
   * with `decode`, the encoding is unknown (NO [UNKNOWN-CTE]).
   */
  openSection(
    mailboxId: string,
    uid: number,
    section: BodySection,
    options: { decode: boolean; partial?: { offset: number; length: number } },
  ): Promise<MessageContent | null>;
  /** STORE: returns the messages whose flags changed, and those skipped by UNCHANGEDSINCE. */
  storeFlags(
    mailboxId: string,
    uids: readonly number[],
    change: { operation: 'replace' | 'add' | 'remove'; flags: readonly string[]; unchangedSince?: bigint },
  ): Promise<{ changed: MessageState[]; modifiedUids: number[] }>;
  copy(mailboxId: string, uids: readonly number[], target: string): Promise<StoreResult<{ uidValidity: number; sourceUids: number[]; destinationUids: number[] }>>;
  move(mailboxId: string, uids: readonly number[], target: string): Promise<StoreResult<{ uidValidity: number; sourceUids: number[]; destinationUids: number[] }>>;
  /** EXPUNGE / CLOSE / UID EXPUNGE: removes \Deleted messages (only among `uids` when given). */
  expunge(mailboxId: string, uids?: readonly number[]): Promise<number[]>;

  // ----- notifications (IDLE, and NOOP between instances)
  /** Called on any change to the mailbox, from any instance (Redis pub/sub or LISTEN/NOTIFY). */
  watch(mailboxId: string, onChange: () => void): () => void;
}

export interface ThreadNode {
  /** null: a parent the mailbox does not hold (RFC 5256 dummy node). */
  uid: number | null;
  children: ThreadNode[];
}
