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
export { MailStore, createMailStore, type MailStoreOptions, type AppendResult } from './mail-store.ts';
export type { StoredBlob, DeliveryTarget, Delivered } from './delivery.ts';
export type { QuotaState } from './quota.ts';
export type { StoreFlagsOptions, StoreFlagsResult, FlagState } from './store-flags.ts';
export type { CopyResult } from './copy-move.ts';
export type { ExpungeResult } from './expunge.ts';
export type { FolderInfo } from './folders.ts';
export type { MessageInfo, ListMessagesOptions, Changes, SearchColumns, FolderFigures } from './messages.ts';
export type { SweepOptions, SweepResult } from './sweep.ts';
export { isAsciiText, type MessageFilter, type DayOp, type HeaderColumn } from './message-filter.ts';

export { BlobStore, type BlobInfo, type PutOptions } from './blob-store.ts';
export { ChangeEvents, mailboxChannel, type ChangeEvent, type ChangeKind, type ChangeListener, type Unsubscribe } from './change-events.ts';
export {
  MimeStructureParser,
  parseMimeStructure,
  parseMimeBuffer,
  findPart,
  type BodyPart,
  type ContentParams,
  type MessageStructure,
} from './mime-structure.ts';
export { buildEnvelope, buildSearchHeaders, parseDate, type Envelope, type EnvelopeAddress, type SearchHeaders } from './envelope.ts';
export { parseAddressList, type ParsedAddress, type ParsedMailbox } from './addresses.ts';
export { normalizeFlags, applyFlags, type FlagMode } from './flags.ts';
export {
  HIERARCHY_DELIMITER,
  INBOX,
  normalizeFolderName,
  validateFolderName,
  isInbox,
  SPECIAL_USES,
  type SpecialUse,
} from './folder-names.ts';
export * from './errors.ts';
