/**
 * EXPUNGE: removes the messages flagged \Deleted (all, or those among
 * `uids` for UID EXPUNGE). One expunge raises HIGHESTMODSEQ by one and
 * records each UID with that MODSEQ in ExpungedMessage (QRESYNC VANISHED);
 * the mailbox's usedBytes/messageCount and the blobs' refCounts go down in
 * the same transaction.
 */
import { adjustBlobReferences, countByHash } from './blob-refs.ts';
import type { ChangeEvent } from './change-events.ts';
import { FolderNotFoundError } from './errors.ts';
import { DELETED, hasFlag, SEEN } from './flags.ts';
import { releaseQuota } from './quota.ts';
import { lockFolders, lockMailboxes, type Tx } from './transactions.ts';

export type ExpungeResult = {
  /** Expunged UIDs, ascending. */
  uids: number[];
  /** The MODSEQ of the expunge; null when nothing was expunged. */
  modseq: bigint | null;
};

export type RemovedMessage = { uid: bigint; size: number; blobHash: string; flags: string[] | null };

/**
 * Books the removal of `removed` (already deleted or moved away) from a
 * locked folder: counters, ExpungedMessage rows. Returns the new MODSEQ.
 */
export async function recordExpunge(tx: Tx, folderId: number, removed: readonly RemovedMessage[]): Promise<bigint> {
  const unseen = removed.filter((m) => !hasFlag(m.flags ?? [], SEEN)).length;
  const [row] = await tx.$queryRaw<Array<{ highestModseq: bigint }>>`
    UPDATE "Folder" SET "highestModseq" = "highestModseq" + 1,
      "messageCount" = GREATEST("messageCount" - ${removed.length}::int, 0),
      "unseenCount" = GREATEST("unseenCount" - ${unseen}::int, 0)
    WHERE id = ${folderId}::int RETURNING "highestModseq"`;
  const modseq = row!.highestModseq;
  await tx.expungedMessage.createMany({ data: removed.map((m) => ({ folderId, uid: m.uid, modseq })) });
  return modseq;
}

export async function expungeInTx(
  tx: Tx,
  folderId: number,
  options: { uids?: readonly number[]; anyFlags?: boolean } = {},
): Promise<{ result: ExpungeResult; events: ChangeEvent[] }> {
  const folder = await tx.folder.findUnique({ where: { id: folderId }, select: { mailboxId: true } });
  if (!folder) throw new FolderNotFoundError(folderId);
  await lockMailboxes(tx, [folder.mailboxId]);
  if (!(await lockFolders(tx, [folderId])).has(folderId)) throw new FolderNotFoundError(folderId);

  // Flags are stored in canonical spelling (normalizeFlags), so "\Deleted" matches exactly.
  const removed =
    options.uids && options.anyFlags
      ? await tx.$queryRaw<RemovedMessage[]>`
        DELETE FROM "Message" WHERE "folderId" = ${folderId}::int AND uid = ANY(${options.uids.map(BigInt)}::bigint[])
        RETURNING uid, size, "blobHash", flags`
      : options.uids
        ? await tx.$queryRaw<RemovedMessage[]>`
        DELETE FROM "Message" WHERE "folderId" = ${folderId}::int AND ${DELETED} = ANY(flags)
          AND uid = ANY(${options.uids.map(BigInt)}::bigint[])
        RETURNING uid, size, "blobHash", flags`
        : await tx.$queryRaw<RemovedMessage[]>`
        DELETE FROM "Message" WHERE "folderId" = ${folderId}::int AND ${DELETED} = ANY(flags)
        RETURNING uid, size, "blobHash", flags`;
  if (!removed.length) return { result: { uids: [], modseq: null }, events: [] };

  const modseq = await recordExpunge(tx, folderId, removed);
  await releaseQuota(
    tx,
    folder.mailboxId,
    removed.reduce((sum, m) => sum + m.size, 0),
    removed.length,
  );
  await adjustBlobReferences(tx, countByHash(removed, -1));
  const uids = removed.map((m) => Number(m.uid)).sort((a, b) => a - b);
  return {
    result: { uids, modseq },
    events: [{ mailboxId: folder.mailboxId, folderId, kind: 'expunge', uids, modseq }],
  };
}
