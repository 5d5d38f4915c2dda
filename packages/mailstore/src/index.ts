/**
 * @kontor/mailstore — the message store: folders, UIDs, UIDVALIDITY, flags,
 * MODSEQ, quota accounting, blob storage and change events. See
 * docs/store.md for the layout and the rules.
 *
 *   const store = createMailStore({ db, dataDir, redis, log });
 *   const stored = await store.storeBlob(stream);          // SMTP DATA
 *   await store.deliver(stored, [{ mailboxId }]);           // all recipients at once
 *   await store.appendMessage(mailboxId, 'Sent', stream);   // IMAP APPEND
 */

export { type ParsedAddress, type ParsedMailbox, parseAddressList } from './addresses.ts';
export { type AnsweredDelivery, autoreplyOutbox } from './autoreplies.ts';
export { type MessageScope, releaseBlobsOf } from './blob-refs.ts';
export { type BlobInfo, BlobStore, type PutOptions } from './blob-store.ts';
export { type ChangeEvent, ChangeEvents, type ChangeKind, type ChangeListener, mailboxChannel, type Unsubscribe } from './change-events.ts';
export type { CopyResult } from './copy-move.ts';
export type { Delivered, DeliveryTarget, StoredBlob } from './delivery.ts';
export { buildEnvelope, buildSearchHeaders, type Envelope, type EnvelopeAddress, parseDate, type SearchHeaders, writtenDay } from './envelope.ts';
export * from './errors.ts';
export type { ExpungeResult } from './expunge.ts';
export { applyFlags, type FlagMode, normalizeFlags } from './flags.ts';
export {
  HIERARCHY_DELIMITER,
  INBOX,
  isInbox,
  normalizeFolderName,
  SPECIAL_USES,
  type SpecialUse,
  validateFolderName,
} from './folder-names.ts';
export type { FolderInfo } from './folders.ts';
export { type AppendResult, createMailStore, MailStore, type MailStoreOptions } from './mail-store.ts';
export { type DayOp, type HeaderColumn, isAsciiText, type MessageFilter } from './message-filter.ts';
export type { Changes, FolderFigures, ListMessagesOptions, MessageInfo, SearchColumns } from './messages.ts';
export {
  type BodyPart,
  type ContentParams,
  findPart,
  type MessageStructure,
  MimeStructureParser,
  parseMimeBuffer,
  parseMimeStructure,
} from './mime-structure.ts';
export { type OutboxEntry, type OutboxRow, outboxJobId } from './outbox.ts';
export type { QuotaState } from './quota.ts';
export { deliverJobs, MailRouter, type OutboxNotifier, type RouteRequest, type RouteResult } from './route.ts';
export { storeSentCopy } from './sent-copy.ts';
export type { FlagState, StoreFlagsOptions, StoreFlagsResult } from './store-flags.ts';
export type { SweepOptions, SweepResult } from './sweep.ts';
