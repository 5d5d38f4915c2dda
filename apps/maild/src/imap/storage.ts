/**
 * The IMAP server's storage interface (@kontor/imap-server ImapStorage)
 * implemented with the message store. IMAP mailboxes are the store's
 * folders; the IMAP user is the store's mailbox (account).
 *
 * What the store does not offer yet is done here, small and marked:
 * the decoded search columns (Prisma select), STATUS SIZE/DELETED/RECENT
 * counts, \Recent (recent.ts, Redis), and the first cut of SEARCH in SQL
 * (search-filter.ts). SORT is the store's ORDER BY over its sort-key
 * columns; the stored search text and References spare SEARCH BODY/TEXT
 * and THREAD the blobs.
 */
import { Readable } from 'node:stream';
import { type ImapStorage, type ImapUser, type MailboxInfo, type MailboxStatus, type MessageRecord, StorageError } from '@kontor/imap-server';
import {
  BlobMissingError,
  FolderExistsError,
  type FolderInfo,
  FolderNotFoundError,
  FolderOperationNotAllowedError,
  InvalidFolderNameError,
  MailboxNotFoundError,
  type MailStore,
  MessageTooLargeError,
  QuotaExceededError,
} from '@kontor/mailstore';
import type { RecentMarks } from './recent.ts';
import { searchKeyToFilter, sureFilter } from './search-filter.ts';

/** Store errors → the IMAP response codes the client sees. */
export function toStorageError(error: unknown): unknown {
  if (error instanceof FolderNotFoundError || error instanceof MailboxNotFoundError) return new StorageError('NONEXISTENT', 'No such mailbox');
  if (error instanceof FolderExistsError) return new StorageError('ALREADYEXISTS', error.message);
  if (error instanceof InvalidFolderNameError) return new StorageError('CANNOT', error.message);
  if (error instanceof FolderOperationNotAllowedError) return new StorageError('CANNOT', error.message);
  if (error instanceof QuotaExceededError) return new StorageError('OVERQUOTA', 'The mailbox is over its quota');
  if (error instanceof MessageTooLargeError) return new StorageError('TOOBIG', error.message);
  if (error instanceof BlobMissingError) return new StorageError('UNAVAILABLE', 'Temporary storage problem, try again');
  return error;
}

async function mapped<T>(work: Promise<T>): Promise<T> {
  try {
    return await work;
  } catch (error) {
    throw toStorageError(error);
  }
}

function mailboxInfo(folder: FolderInfo): MailboxInfo {
  return { id: folder.id, name: folder.name, specialUse: folder.specialUse };
}

export function createImapStorage(options: { store: MailStore; recent: RecentMarks }): ImapStorage {
  const { store, recent } = options;

  async function folderNamed(user: ImapUser, name: string): Promise<FolderInfo> {
    const folder = await store.findFolder(user.id, name);
    if (!folder) throw new StorageError('NONEXISTENT', `No mailbox named ${name}`);
    return folder;
  }

  return {
    async listMailboxes(user) {
      return (await store.listFolders(user.id)).map(mailboxInfo);
    },

    async mailboxStatus(user, name, include = []) {
      const folder = await folderNamed(user, name);
      const status: MailboxStatus = {
        ...mailboxInfo(folder),
        uidValidity: folder.uidValidity,
        uidNext: folder.uidNext,
        highestModseq: folder.highestModseq,
        messages: folder.messageCount,
        unseen: folder.unseenCount,
      };
      const wantsRecent = include.includes('RECENT');
      const figures = await store.folderFigures(folder.id, {
        size: include.includes('SIZE'),
        deleted: include.includes('DELETED'),
        aboveUid: wantsRecent ? await recent.peek(folder.id, folder.uidValidity) : undefined,
      });
      if (wantsRecent) status.recent = figures.above ?? 0;
      if (figures.size !== undefined) status.size = figures.size;
      if (figures.deleted !== undefined) status.deleted = figures.deleted;
      return status;
    },

    async createMailbox(user, name, { specialUse } = {}) {
      return mailboxInfo(await mapped(store.createFolder(user.id, name, { specialUse: specialUse ?? null })));
    },

    async deleteMailbox(user, name) {
      await mapped(store.deleteFolder(user.id, name));
    },

    async renameMailbox(user, from, to) {
      await mapped(store.renameFolder(user.id, from, to));
    },

    listSubscriptions(user) {
      return store.listSubscriptions(user.id);
    },

    async setSubscribed(user, name, subscribed) {
      await mapped(store.setSubscribed(user.id, name, subscribed));
    },

    async quota(user) {
      const state = await mapped(store.checkQuota(user.id, 0));
      return { usedOctets: Number(state.usedBytes), limitOctets: state.quotaBytes === 0n ? null : Number(state.quotaBytes) };
    },

    async append(user, name, message) {
      // Refuse before writing the blob: a missing folder is [TRYCREATE], not an orphan file.
      await folderNamed(user, name);
      const delivered = await mapped(
        store.appendMessage(user.id, name, Readable.from([message.content]), [...message.flags], message.internalDate ?? new Date()),
      );
      return { mailboxId: delivered.folderId, uidValidity: delivered.uidValidity, uid: delivered.uid };
    },

    async listMessages(folderId, { uids, include = {} } = {}) {
      const structure = include.structure ?? false;
      const messages = await mapped(store.listMessages(folderId, uids ? { uids, structure } : { structure }));
      const records: MessageRecord[] = messages.map((m) => {
        const record: MessageRecord = {
          uid: m.uid,
          modseq: m.modseq,
          flags: m.flags,
          internalDate: m.internalDate,
          size: m.size,
          contentId: m.blobHash,
        };
        if (m.envelope) record.envelope = m.envelope;
        if (m.bodyStructure) record.structure = m.bodyStructure;
        return record;
      });
      if (include.headers && records.length > 0) {
        const rows = await store.searchColumns(
          folderId,
          records.map((r) => r.uid),
        );
        const byUid = new Map(rows.map((row) => [row.uid, row]));
        for (const record of records) {
          const row = byUid.get(record.uid);
          if (!row) continue;
          record.headers = {
            subject: row.subject,
            from: row.fromAddress,
            to: row.toAddress,
            cc: row.ccAddress,
            bcc: row.bccAddress,
            messageId: row.messageIdHdr,
            inReplyTo: row.inReplyTo,
            sentDate: row.sentDate,
            sentDay: row.sentDay,
            references: row.references,
          };
        }
      }
      if (include.text && records.length > 0) {
        const texts = await store.searchTexts(records.map((r) => r.contentId));
        for (const record of records) {
          const text = texts.get(record.contentId);
          if (text) record.text = text;
        }
      }
      return records;
    },

    sortMessages(folderId, uids, criteria) {
      return mapped(store.sortMessages(folderId, uids, criteria));
    },

    async searchCandidates(folderId, criteria, context) {
      const { filter, exact } = searchKeyToFilter(criteria, context);
      // Nothing to narrow (only text or session keys): the server reads the view itself.
      if (!exact && filter.kind === 'all') return null;
      // Where the SQL can also tell a certain match, the server skips its check (and reading the text).
      const sure = exact ? undefined : sureFilter(criteria, context);
      return { messages: await mapped(store.filterMessages(folderId, filter, sure)), exact };
    },

    changesSince(folderId, modseq) {
      return mapped(store.changesSince(folderId, modseq));
    },

    readContent(contentId, range) {
      return mapped(store.readMessage(contentId, range));
    },

    openContent(contentId, range) {
      return store.openMessage(contentId, range);
    },

    async storeFlags(folderId, uids, change) {
      const options: { mode: 'set' | 'add' | 'remove'; flags: string[]; unchangedSince?: bigint } = {
        mode: change.operation === 'replace' ? 'set' : change.operation,
        flags: [...change.flags],
      };
      if (change.unchangedSince !== undefined) options.unchangedSince = change.unchangedSince;
      return mapped(store.storeFlags(folderId, uids, options));
    },

    async copy(user, folderId, uids, target) {
      const destination = await folderNamed(user, target);
      return mapped(store.copyMessages(folderId, uids, destination.id));
    },

    async move(user, folderId, uids, target) {
      const destination = await folderNamed(user, target);
      const result = await mapped(store.moveMessages(folderId, uids, destination.id));
      return { uidValidity: result.uidValidity, mapping: result.mapping };
    },

    async expunge(folderId, uids) {
      const result = await mapped(store.expunge(folderId, uids ? { uids } : {}));
      return result.uids;
    },

    async watch(user, listener) {
      const unsubscribe = await store.subscribeMailbox(user.id, (event) => listener({ mailboxId: event.folderId }));
      return () => void unsubscribe();
    },

    claimRecent(folderId, uidValidity, upToUid) {
      return recent.claim(folderId, uidValidity, upToUid);
    },
  };
}
