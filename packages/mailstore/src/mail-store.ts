/**
 * The message store as the IMAP, POP3 and SMTP servers see it. Every method
 * that changes a mailbox runs in one database transaction and, after the
 * commit, publishes a change event (see change-events.ts). The work itself
 * lives in one file per concept: delivery.ts, store-flags.ts, copy-move.ts,
 * expunge.ts, folders.ts, messages.ts, sweep.ts.
 */
import path from 'node:path';
import { Readable } from 'node:stream';
import type { Logger } from '@kontor/core';
import type { Db } from '@kontor/db';
import type { Redis } from 'ioredis';
import { type BackfillProgress, backfillSearchData } from './backfill.ts';
import { adjustBlobReferences } from './blob-refs.ts';
import { BlobStore } from './blob-store.ts';
import { type ChangeEvent, ChangeEvents, type ChangeListener, type Unsubscribe } from './change-events.ts';
import { type CopyResult, copyInTx, moveInTx } from './copy-move.ts';
import { type Delivered, type DeliveryTarget, deliverInTx, type StoredBlob } from './delivery.ts';
import { type ExpungeResult, expungeInTx } from './expunge.ts';
import {
  createFolderInTx,
  deleteFolderInTx,
  type FolderInfo,
  findFolder,
  getFolder,
  getFolderById,
  listFolders,
  listSubscriptions,
  mapFolderConflict,
  renameFolderInTx,
  setSubscribedInTx,
} from './folders.ts';
import { filterMessages, type MessageFilter } from './message-filter.ts';
import {
  type Changes,
  changesSince,
  type FolderFigures,
  folderFigures,
  type ListMessagesOptions,
  listMessages,
  type MessageInfo,
  type SearchColumns,
  searchColumns,
} from './messages.ts';
import { MimeStructureParser } from './mime-structure.ts';
import { claimOutbox, completeOutbox, type OutboxEntry, type OutboxRow } from './outbox.ts';
import { checkQuota, type QuotaState } from './quota.ts';
import { computeSearchText, searchTexts } from './search-text.ts';
import { type SortOrder, sortMessages } from './sort-order.ts';
import { type StoreFlagsOptions, type StoreFlagsResult, storeFlagsInTx } from './store-flags.ts';
import { type SweepOptions, type SweepResult, sweepBlobs } from './sweep.ts';
import { inTransaction } from './transactions.ts';

export type MailStoreOptions = {
  db: Db;
  /** DATA_DIR; blobs live under DATA_DIR/blobs. */
  dataDir: string;
  /** A Redis connection for publishing; the store duplicates it once for subscribing. */
  redis: Redis;
  log: Logger;
  /** REDIS_PREFIX for the change-event channels; default `kontor`. */
  redisPrefix?: string;
};

export type AppendResult = Delivered;

export class MailStore {
  readonly blobs: BlobStore;
  readonly events: ChangeEvents;
  private readonly db: Db;
  private readonly log: Logger;

  constructor(options: MailStoreOptions) {
    this.db = options.db;
    this.log = options.log;
    this.blobs = new BlobStore(path.join(options.dataDir, 'blobs'));
    this.events = new ChangeEvents(options.redis, options.log, options.redisPrefix);
  }

  // ------------------------------------------------------------ writing mail

  /**
   * Writes a message into the blob store and parses its MIME structure in
   * the same pass. The blob is durable when this resolves; it is referenced
   * by nothing until deliver() commits (an undelivered blob is swept later).
   */
  async storeBlob(input: Readable | AsyncIterable<Buffer | Uint8Array | string>): Promise<StoredBlob> {
    const parser = new MimeStructureParser();
    const { sha256, size } = await this.blobs.put(input, { onChunk: (chunk) => parser.write(chunk) });
    const structure = parser.end();
    // The text parts are read back from the (page-cached) file: the parser keeps no bodies.
    return { sha256, size, structure, text: await computeSearchText(this.blobs, sha256, structure) };
  }

  /**
   * Files a stored blob into each target (mailbox, folder) — all or none, in
   * one transaction. Per target: quota charged (QuotaExceededError otherwise),
   * UID and MODSEQ allocated. Results are in the order of `targets`.
   * `extraReferences` are blob references held by jobs that send the blob;
   * `outbox` rows are committed in the same transaction (outbox.ts).
   */
  async deliver(
    stored: StoredBlob,
    targets: readonly DeliveryTarget[],
    options: { extraReferences?: number; outbox?: readonly OutboxEntry[] } = {},
  ): Promise<Delivered[]> {
    const { delivered, events } = await inTransaction(this.db, (tx) => deliverInTx(tx, this.blobs, stored, targets, options));
    this.publish(events);
    return delivered;
  }

  /** Drops references held by something other than messages (an outbound job that finished). */
  async releaseBlob(sha256: string, count = 1): Promise<void> {
    await inTransaction(this.db, (tx) => adjustBlobReferences(tx, new Map([[sha256, -count]])));
  }

  /** IMAP APPEND: storeBlob + deliver to one folder; the result carries APPENDUID data (uidValidity, uid). */
  async appendMessage(
    mailboxId: number,
    folderName: string,
    input: Readable | AsyncIterable<Buffer | Uint8Array | string>,
    flags: string[] = [],
    internalDate: Date = new Date(),
  ): Promise<AppendResult> {
    const stored = await this.storeBlob(input);
    const [delivered] = await this.deliver(stored, [{ mailboxId, folder: folderName, flags, internalDate }]);
    return delivered!;
  }

  /** An early quota answer (SMTP RCPT with SIZE=, IMAP APPEND literal size); deliver() decides for real. */
  checkQuota(mailboxId: number, size: number): Promise<QuotaState> {
    return checkQuota(this.db, mailboxId, size);
  }

  // ------------------------------------------------------------ flags, copy, move, expunge

  /** IMAP STORE / UID STORE, with CONDSTORE UNCHANGEDSINCE. */
  async storeFlags(folderId: number, uids: readonly number[], options: StoreFlagsOptions): Promise<StoreFlagsResult> {
    const { result, events } = await inTransaction(this.db, (tx) => storeFlagsInTx(tx, folderId, uids, options));
    this.publish(events);
    return result;
  }

  /** IMAP COPY / UID COPY; returns COPYUID data. */
  async copyMessages(fromFolderId: number, uids: readonly number[], toFolderId: number): Promise<CopyResult> {
    const { result, events } = await inTransaction(this.db, (tx) => copyInTx(tx, fromFolderId, uids, toFolderId));
    this.publish(events);
    return result;
  }

  /** IMAP MOVE / UID MOVE (RFC 6851): copy and expunge in one transaction. */
  async moveMessages(fromFolderId: number, uids: readonly number[], toFolderId: number): Promise<CopyResult & { expungeModseq: bigint | null }> {
    const { result, events } = await inTransaction(this.db, (tx) => moveInTx(tx, fromFolderId, uids, toFolderId));
    this.publish(events);
    return result;
  }

  /** IMAP EXPUNGE / UID EXPUNGE, POP3 QUIT: removes messages flagged \Deleted. */
  async expunge(folderId: number, options: { uids?: readonly number[] } = {}): Promise<ExpungeResult> {
    const { result, events } = await inTransaction(this.db, (tx) => expungeInTx(tx, folderId, options));
    this.publish(events);
    return result;
  }

  /**
   * Removes exactly these messages whatever their flags, in one transaction
   * (POP3's UPDATE state): the same bookkeeping and events as an expunge.
   */
  async removeMessages(folderId: number, uids: readonly number[]): Promise<ExpungeResult> {
    if (!uids.length) return { uids: [], modseq: null };
    const { result, events } = await inTransaction(this.db, (tx) => expungeInTx(tx, folderId, { uids, anyFlags: true }));
    this.publish(events);
    return result;
  }

  // ------------------------------------------------------------ folders

  listFolders(mailboxId: number): Promise<FolderInfo[]> {
    return listFolders(this.db, mailboxId);
  }

  /** FolderNotFoundError when absent; "inbox" finds INBOX. */
  getFolder(mailboxId: number, name: string): Promise<FolderInfo> {
    return getFolder(this.db, mailboxId, name);
  }

  /** null when absent. */
  findFolder(mailboxId: number, name: string): Promise<FolderInfo | null> {
    return findFolder(this.db, mailboxId, name);
  }

  getFolderById(folderId: number): Promise<FolderInfo> {
    return getFolderById(this.db, folderId);
  }

  /** IMAP CREATE (with RFC 6154 USE); superior names are created when missing. */
  async createFolder(mailboxId: number, name: string, options: { specialUse?: string | null } = {}): Promise<FolderInfo> {
    try {
      const { folder, events } = await inTransaction(this.db, (tx) => createFolderInTx(tx, mailboxId, name, options));
      this.publish(events);
      return folder;
    } catch (error) {
      return mapFolderConflict(error, name);
    }
  }

  /** IMAP RENAME; returns the renamed folder (for INBOX: the new folder holding its messages). */
  async renameFolder(mailboxId: number, from: string, to: string): Promise<FolderInfo> {
    try {
      const { folder, events } = await inTransaction(this.db, (tx) => renameFolderInTx(tx, mailboxId, from, to));
      this.publish(events);
      return folder;
    } catch (error) {
      return mapFolderConflict(error, to);
    }
  }

  /** IMAP DELETE: the folder and its messages go; children stay; INBOX refuses. */
  async deleteFolder(mailboxId: number, name: string): Promise<FolderInfo> {
    const { folder, events } = await inTransaction(this.db, (tx) => deleteFolderInTx(tx, mailboxId, name));
    this.publish(events);
    return folder;
  }

  /** IMAP SUBSCRIBE / UNSUBSCRIBE: names, apart from the folders (folders.ts). */
  async setSubscribed(mailboxId: number, name: string, subscribed: boolean): Promise<void> {
    await inTransaction(this.db, (tx) => setSubscribedInTx(tx, mailboxId, name, subscribed));
  }

  /** The subscribed names of a mailbox, whether or not their folders exist. */
  listSubscriptions(mailboxId: number): Promise<string[]> {
    return listSubscriptions(this.db, mailboxId);
  }

  // ------------------------------------------------------------ reading

  /** Message metadata, ascending by UID; no bodies. */
  listMessages(folderId: number, options: ListMessagesOptions = {}): Promise<MessageInfo[]> {
    return listMessages(this.db, folderId, options);
  }

  /** CONDSTORE/QRESYNC: messages changed and UIDs expunged after `modseq`. */
  /** UIDs and MODSEQs of the folder's messages that pass a metadata filter (IMAP SEARCH's first cut). */
  filterMessages(folderId: number, filter: MessageFilter, sure?: MessageFilter): Promise<Array<{ uid: number; modseq: bigint; sure: boolean }>> {
    return filterMessages(this.db, folderId, filter, sure);
  }

  /** The decoded header columns SEARCH and SORT use, for these UIDs. */
  searchColumns(folderId: number, uids: readonly number[]): Promise<SearchColumns[]> {
    return searchColumns(this.db, folderId, uids);
  }

  /** The searchable text kept at delivery, per blob hash; blobs stored before it have none. */
  searchTexts(blobHashes: readonly string[]): Promise<Map<string, { header: string; body: string }>> {
    return searchTexts(this.db, blobHashes);
  }

  /** IMAP SORT in SQL: `uids` of the folder in `order`; null when a row predates the sort keys. */
  sortMessages(folderId: number, uids: readonly number[], order: SortOrder): Promise<number[] | null> {
    return sortMessages(this.db, folderId, uids, order);
  }

  /** STATUS figures the folder row does not keep: total size, \Deleted count, messages above a UID. */
  folderFigures(folderId: number, wanted: { size?: boolean; deleted?: boolean; aboveUid?: number }): Promise<FolderFigures> {
    return folderFigures(this.db, folderId, wanted);
  }

  changesSince(folderId: number, modseq: bigint): Promise<Changes> {
    return changesSince(this.db, folderId, modseq);
  }

  /**
   * The stored message (or octets [start, end) of it, end exclusive, e.g. a
   * part's bodyStart..end) as a stream with backpressure.
   */
  openMessage(blobHash: string, range: { start?: number; end?: number } = {}): Readable {
    const start = range.start ?? 0;
    if (range.end !== undefined && range.end <= start) return Readable.from([]);
    return this.blobs.createReadStream(blobHash, { start, end: range.end === undefined ? undefined : range.end - 1 });
  }

  /** Octets [start, end) of a stored message in memory: for headers, never whole bodies. */
  readMessage(blobHash: string, range: { start: number; end: number }): Promise<Buffer> {
    if (range.end <= range.start) return Promise.resolve(Buffer.alloc(0));
    return this.blobs.read(blobHash, range.start, range.end);
  }

  // ------------------------------------------------------------ outbox

  /** Outbox rows for a relay to add to BullMQ (outbox.ts). */
  claimOutbox(options: { limit: number; leaseMs: number }): Promise<OutboxRow[]> {
    return claimOutbox(this.db, options);
  }

  /** Outbox rows whose jobs are in BullMQ now. */
  completeOutbox(ids: readonly bigint[]): Promise<void> {
    return completeOutbox(this.db, ids);
  }

  // ------------------------------------------------------------ events and housekeeping

  /** IDLE: calls `listener` for changes of the mailbox; resolves once listening. */
  subscribeMailbox(mailboxId: number, listener: ChangeListener): Promise<Unsubscribe> {
    return this.events.subscribe(mailboxId, listener);
  }

  /** Deletes unreferenced blobs (rows and files) and stale temp files; run periodically. */
  sweepBlobs(options: SweepOptions = {}): Promise<SweepResult> {
    return sweepBlobs(this.db, this.blobs, this.log, options);
  }

  /**
   * Fills in the search text and sort keys of rows stored before they
   * existed, in batches, until none is missing or `stopped()` (backfill.ts).
   */
  backfillSearchData(options: { batch?: number; stopped: () => boolean }): Promise<BackfillProgress> {
    return backfillSearchData(this.db, this.blobs, options);
  }

  /** Closes the subscriber connection (db and the given redis belong to the caller). */
  close(): Promise<void> {
    return this.events.close();
  }

  private publish(events: readonly ChangeEvent[]): void {
    for (const event of events) void this.events.publish(event);
  }
}

export function createMailStore(options: MailStoreOptions): MailStore {
  return new MailStore(options);
}
