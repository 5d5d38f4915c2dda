/**
 * Folders of a mailbox: list, look up, create, rename, delete, subscribe.
 *
 * - UIDVALIDITY comes from the table's global sequence (Folder.uidValidity
 *   default), so a name deleted and created again never gets an old value.
 * - CREATE makes missing superior names ("a/b/c" creates "a" and "a/b").
 * - RENAME takes the children along; renaming INBOX moves its messages to a
 *   new folder and leaves INBOX empty, its children untouched (RFC 3501 6.3.5).
 * - DELETE removes the folder and its messages (blobs released); its
 *   children stay; INBOX cannot be deleted.
 * - Subscriptions are names in their own table (RFC 3501 §6.3.6): DELETE
 *   leaves them, CREATE adds none (the client subscribes if it wants to),
 *   RENAME takes them along with the folders.
 */
import { adjustBlobReferences } from './blob-refs.ts';
import type { ChangeEvent } from './change-events.ts';
import { FolderExistsError, FolderNotFoundError, FolderOperationNotAllowedError, InvalidFolderNameError, MailboxNotFoundError } from './errors.ts';
import { HIERARCHY_DELIMITER, INBOX, isSameOrBelow, normalizeFolderName, normalizeSpecialUse, parentNames, validateFolderName } from './folder-names.ts';
import { releaseQuota } from './quota.ts';
import { type FolderRow, lockFolders, lockMailboxes, sqlState, type Tx } from './transactions.ts';

export type FolderInfo = {
  id: number;
  mailboxId: number;
  /** Full name, "/" between levels. */
  name: string;
  specialUse: string | null;
  uidValidity: number;
  uidNext: number;
  highestModseq: bigint;
  messageCount: number;
  unseenCount: number;
};

const folderSelect = {
  id: true,
  mailboxId: true,
  name: true,
  specialUse: true,
  uidValidity: true,
  uidNext: true,
  highestModseq: true,
  messageCount: true,
  unseenCount: true,
} as const;

export function toFolderInfo(row: FolderRow): FolderInfo {
  return { ...row, uidNext: Number(row.uidNext) };
}

/** INBOX first, then by name. */
export async function listFolders(db: Tx, mailboxId: number): Promise<FolderInfo[]> {
  const rows = await db.folder.findMany({ where: { mailboxId }, select: folderSelect, orderBy: { name: 'asc' } });
  return rows.map(toFolderInfo).sort((a, b) => (a.name === INBOX ? -1 : b.name === INBOX ? 1 : a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}

export async function findFolder(db: Tx, mailboxId: number, name: string): Promise<FolderInfo | null> {
  const row = await db.folder.findUnique({ where: { mailboxId_name: { mailboxId, name: normalizeFolderName(name) } }, select: folderSelect });
  return row && toFolderInfo(row);
}

export async function getFolder(db: Tx, mailboxId: number, name: string): Promise<FolderInfo> {
  const folder = await findFolder(db, mailboxId, name);
  if (!folder) throw new FolderNotFoundError(normalizeFolderName(name));
  return folder;
}

export async function getFolderById(db: Tx, folderId: number): Promise<FolderInfo> {
  const row = await db.folder.findUnique({ where: { id: folderId }, select: folderSelect });
  if (!row) throw new FolderNotFoundError(folderId);
  return toFolderInfo(row);
}

async function requireMailbox(tx: Tx, mailboxId: number): Promise<void> {
  const found = await lockMailboxes(tx, [mailboxId]);
  if (!found.has(mailboxId)) throw new MailboxNotFoundError(mailboxId);
}

/** Creates the superior names of `name` that are missing. */
async function createParents(tx: Tx, mailboxId: number, name: string): Promise<void> {
  for (const parent of parentNames(name)) {
    await tx.$executeRaw`
      INSERT INTO "Folder" ("mailboxId", name) VALUES (${mailboxId}::int, ${parent})
      ON CONFLICT ("mailboxId", name) DO NOTHING`;
  }
}

export async function createFolderInTx(
  tx: Tx,
  mailboxId: number,
  name: string,
  options: { specialUse?: string | null } = {},
): Promise<{ folder: FolderInfo; events: ChangeEvent[] }> {
  const normalized = validateFolderName(name);
  const specialUse = options.specialUse ? normalizeSpecialUse(options.specialUse) : null;
  await requireMailbox(tx, mailboxId);
  if (await findFolder(tx, mailboxId, normalized)) throw new FolderExistsError(normalized);
  await createParents(tx, mailboxId, normalized);
  const row = await tx.folder.create({ data: { mailboxId, name: normalized, specialUse }, select: folderSelect });
  const folder = toFolderInfo(row);
  return { folder, events: [{ mailboxId, folderId: folder.id, kind: 'folders', uids: [], modseq: null }] };
}

export async function renameFolderInTx(tx: Tx, mailboxId: number, from: string, to: string): Promise<{ folder: FolderInfo; events: ChangeEvent[] }> {
  const source = normalizeFolderName(from);
  const target = validateFolderName(to);
  await requireMailbox(tx, mailboxId);
  const existing = await findFolder(tx, mailboxId, source);
  if (!existing) throw new FolderNotFoundError(source);
  if (target === source) throw new FolderExistsError(target);
  if (source === INBOX) return renameInbox(tx, existing, target);
  if (isSameOrBelow(target, source)) throw new InvalidFolderNameError(to, `cannot move ${source} below itself`);

  const affected = await tx.$queryRaw<Array<{ id: number; name: string }>>`
    SELECT id, name FROM "Folder"
    WHERE "mailboxId" = ${mailboxId}::int AND (name = ${source} OR starts_with(name, ${source + HIERARCHY_DELIMITER}))
    ORDER BY id FOR NO KEY UPDATE`;
  const newNames = affected.map((f) => target + f.name.slice(source.length));
  const clash = await tx.folder.findFirst({ where: { mailboxId, name: { in: newNames } }, select: { name: true } });
  if (clash) throw new FolderExistsError(clash.name);
  await createParents(tx, mailboxId, target);
  await tx.$executeRaw`
    UPDATE "Folder" SET name = ${target} || substr(name, char_length(${source}::text) + 1)
    WHERE "mailboxId" = ${mailboxId}::int AND (name = ${source} OR starts_with(name, ${source + HIERARCHY_DELIMITER}))`;
  // Subscriptions follow the folders they name (as in Dovecot); one already there for a new name stays.
  await tx.$executeRaw`
    UPDATE "Subscription" s SET name = ${target} || substr(s.name, char_length(${source}::text) + 1)
    WHERE s."mailboxId" = ${mailboxId}::int AND (s.name = ${source} OR starts_with(s.name, ${source + HIERARCHY_DELIMITER}))
      AND NOT EXISTS (SELECT 1 FROM "Subscription" t WHERE t."mailboxId" = s."mailboxId" AND t.name = ${target} || substr(s.name, char_length(${source}::text) + 1))`;
  const folder = await getFolderById(tx, existing.id);
  const events: ChangeEvent[] = affected.map((f) => ({ mailboxId, folderId: f.id, kind: 'folders', uids: [], modseq: null }));
  return { folder, events };
}

/**
 * RFC 3501: renaming INBOX moves all its messages to a new folder with the
 * given name and leaves INBOX empty; INBOX's children are not renamed. The
 * messages keep their UIDs (the new folder has a new UIDVALIDITY); INBOX
 * records them as expunged for QRESYNC.
 */
async function renameInbox(tx: Tx, inbox: FolderInfo, target: string): Promise<{ folder: FolderInfo; events: ChangeEvent[] }> {
  const mailboxId = inbox.mailboxId;
  if (await findFolder(tx, mailboxId, target)) throw new FolderExistsError(target);
  await createParents(tx, mailboxId, target);
  const created = await tx.folder.create({ data: { mailboxId, name: target }, select: { id: true } });
  const locked = await lockFolders(tx, [inbox.id, created.id]);
  const current = locked.get(inbox.id)!;
  const modseq = current.highestModseq + 1n;
  const moved = await tx.$queryRaw<Array<{ uid: bigint }>>`
    INSERT INTO "ExpungedMessage" ("folderId", uid, modseq)
    SELECT ${inbox.id}::int, uid, ${modseq}::bigint FROM "Message" WHERE "folderId" = ${inbox.id}::int
    RETURNING uid`;
  await tx.$executeRaw`UPDATE "Message" SET "folderId" = ${created.id}::int WHERE "folderId" = ${inbox.id}::int`;
  await tx.$executeRaw`
    UPDATE "Folder" SET "uidNext" = ${current.uidNext}::bigint, "highestModseq" = ${current.highestModseq}::bigint,
      "messageCount" = ${current.messageCount}::int, "unseenCount" = ${current.unseenCount}::int
    WHERE id = ${created.id}::int`;
  await tx.$executeRaw`
    UPDATE "Folder" SET "highestModseq" = ${modseq}::bigint, "messageCount" = 0, "unseenCount" = 0
    WHERE id = ${inbox.id}::int`;
  const folder = await getFolderById(tx, created.id);
  const events: ChangeEvent[] = [
    { mailboxId, folderId: created.id, kind: 'folders', uids: [], modseq: null },
    { mailboxId, folderId: inbox.id, kind: 'expunge', uids: moved.map((m) => Number(m.uid)).sort((a, b) => a - b), modseq },
  ];
  return { folder, events };
}

export async function deleteFolderInTx(tx: Tx, mailboxId: number, name: string): Promise<{ folder: FolderInfo; events: ChangeEvent[] }> {
  const normalized = normalizeFolderName(name);
  if (normalized === INBOX) throw new FolderOperationNotAllowedError('INBOX cannot be deleted');
  await requireMailbox(tx, mailboxId);
  const found = await findFolder(tx, mailboxId, normalized);
  if (!found) throw new FolderNotFoundError(normalized);
  await lockFolders(tx, [found.id]);
  const usage = await tx.$queryRaw<Array<{ blobHash: string; n: number; bytes: bigint }>>`
    SELECT "blobHash", count(*)::int AS n, sum(size)::bigint AS bytes FROM "Message"
    WHERE "folderId" = ${found.id}::int GROUP BY "blobHash"`;
  const count = usage.reduce((sum, u) => sum + u.n, 0);
  const bytes = usage.reduce((sum, u) => sum + Number(u.bytes), 0);
  await adjustBlobReferences(tx, new Map(usage.map((u) => [u.blobHash, -u.n])));
  await releaseQuota(tx, mailboxId, bytes, count);
  await tx.folder.delete({ where: { id: found.id } }); // messages and expunge records cascade
  return { folder: found, events: [{ mailboxId, folderId: found.id, kind: 'folders', uids: [], modseq: null }] };
}

/**
 * SUBSCRIBE adds the name (the folder must exist: RFC 3501 §6.3.6 lets the
 * server check); UNSUBSCRIBE removes it whether or not the folder still
 * exists, and is a no-op for a name that was not subscribed.
 */
export async function setSubscribedInTx(tx: Tx, mailboxId: number, name: string, subscribed: boolean): Promise<void> {
  const normalized = normalizeFolderName(name);
  if (!subscribed) {
    await tx.subscription.deleteMany({ where: { mailboxId, name: normalized } });
    return;
  }
  if (!(await findFolder(tx, mailboxId, normalized))) throw new FolderNotFoundError(normalized);
  await tx.subscription.upsert({ where: { mailboxId_name: { mailboxId, name: normalized } }, create: { mailboxId, name: normalized }, update: {} });
}

/** The subscribed names of a mailbox, by name; some may name no folder (any more). */
export async function listSubscriptions(db: Tx, mailboxId: number): Promise<string[]> {
  const rows = await db.subscription.findMany({ where: { mailboxId }, select: { name: true }, orderBy: { name: 'asc' } });
  return rows.map((row) => row.name);
}

/** Maps a unique violation raised by a racing CREATE/RENAME to FolderExistsError. */
export function mapFolderConflict(error: unknown, name: string): never {
  if ((error as { code?: unknown })?.code === 'P2002' || sqlState(error) === '23505') {
    throw new FolderExistsError(normalizeFolderName(name));
  }
  throw error;
}
