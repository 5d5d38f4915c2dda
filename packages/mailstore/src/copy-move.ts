/**
 * IMAP COPY and MOVE (RFC 6851), each one transaction. New UIDs are given
 * in ascending order of the source UIDs; `mapping` and `uidValidity` are the
 * COPYUID response data (RFC 4315).
 *
 * COPY adds rows sharing the same blobs (refCount raised, destination quota
 * charged). MOVE re-homes the rows (new UID and MODSEQ in the destination)
 * and books them as expunged in the source; the blob counts do not change
 * and the quota moves only when the two folders are in different mailboxes.
 */
import { adjustBlobReferences, countByHash } from './blob-refs.ts';
import type { ChangeEvent } from './change-events.ts';
import { FolderNotFoundError } from './errors.ts';
import { type RemovedMessage, recordExpunge } from './expunge.ts';
import { hasFlag, SEEN } from './flags.ts';
import { chargeQuota, releaseQuota } from './quota.ts';
import { lockFolders, lockMailboxes, type Tx } from './transactions.ts';

export type CopyResult = {
  /** UIDVALIDITY of the destination folder. */
  uidValidity: number;
  /** [source UID, destination UID], ascending by source UID. Empty when no UID matched. */
  mapping: Array<[number, number]>;
};

type SourceRow = RemovedMessage & { id: bigint };

async function folderPair(tx: Tx, fromFolderId: number, toFolderId: number) {
  const rows = await tx.folder.findMany({ where: { id: { in: [fromFolderId, toFolderId] } }, select: { id: true, mailboxId: true, uidValidity: true } });
  const from = rows.find((r) => r.id === fromFolderId);
  const to = rows.find((r) => r.id === toFolderId);
  if (!from) throw new FolderNotFoundError(fromFolderId);
  if (!to) throw new FolderNotFoundError(toFolderId);
  return { from, to };
}

async function sourceMessages(tx: Tx, folderId: number, uids: readonly number[]): Promise<SourceRow[]> {
  return tx.$queryRaw<SourceRow[]>`
    SELECT id, uid, size, "blobHash", flags FROM "Message"
    WHERE "folderId" = ${folderId}::int AND uid = ANY(${uids.map(BigInt)}::bigint[])
    ORDER BY uid`;
}

/** Allocates `count` UIDs and one MODSEQ in a (locked) destination folder. */
async function allocate(tx: Tx, folderId: number, messages: readonly SourceRow[]) {
  const unseen = messages.filter((m) => !hasFlag(m.flags ?? [], SEEN)).length;
  const [row] = await tx.$queryRaw<Array<{ uidNext: bigint; highestModseq: bigint; uidValidity: number }>>`
    UPDATE "Folder" SET "uidNext" = "uidNext" + ${messages.length}::int, "highestModseq" = "highestModseq" + 1,
      "messageCount" = "messageCount" + ${messages.length}::int, "unseenCount" = "unseenCount" + ${unseen}::int
    WHERE id = ${folderId}::int RETURNING "uidNext", "highestModseq", "uidValidity"`;
  const first = Number(row!.uidNext) - messages.length;
  return { uids: messages.map((_, i) => first + i), modseq: row!.highestModseq, uidValidity: row!.uidValidity };
}

export async function copyInTx(
  tx: Tx,
  fromFolderId: number,
  uids: readonly number[],
  toFolderId: number,
): Promise<{ result: CopyResult; events: ChangeEvent[] }> {
  const { from, to } = await folderPair(tx, fromFolderId, toFolderId);
  await lockMailboxes(tx, [from.mailboxId, to.mailboxId]);
  const messages = await sourceMessages(tx, fromFolderId, uids);
  if (!messages.length) return { result: { uidValidity: to.uidValidity, mapping: [] }, events: [] };

  await chargeQuota(
    tx,
    to.mailboxId,
    messages.reduce((sum, m) => sum + m.size, 0),
    messages.length,
  );
  await lockFolders(tx, [toFolderId]);
  const target = await allocate(tx, toFolderId, messages);
  await adjustBlobReferences(tx, countByHash(messages, 1));
  const ids = messages.map((m) => m.id);
  const newUids = target.uids.map(BigInt);
  await tx.$executeRaw`
    INSERT INTO "Message" ("folderId", "mailboxId", uid, modseq, flags, "internalDate", size, "blobHash", envelope, "bodyStructure",
      subject, "fromAddress", "toAddress", "ccAddress", "bccAddress", "messageIdHdr", "inReplyTo", "sentDate",
      "sortSubject", "sortFrom", "sortTo", "sortCc", "sortDisplayFrom", "sortDisplayTo", "referencesHdr")
    SELECT ${toFolderId}::int, ${to.mailboxId}::int, v.uid, ${target.modseq}::bigint, m.flags, m."internalDate", m.size, m."blobHash",
      m.envelope, m."bodyStructure", m.subject, m."fromAddress", m."toAddress", m."ccAddress", m."bccAddress", m."messageIdHdr",
      m."inReplyTo", m."sentDate", m."sortSubject", m."sortFrom", m."sortTo", m."sortCc", m."sortDisplayFrom", m."sortDisplayTo",
      m."referencesHdr"
    FROM unnest(${ids}::bigint[], ${newUids}::bigint[]) AS v(id, uid) JOIN "Message" m ON m.id = v.id`;

  const mapping = messages.map((m, i): [number, number] => [Number(m.uid), target.uids[i]!]);
  return {
    result: { uidValidity: target.uidValidity, mapping },
    events: [{ mailboxId: to.mailboxId, folderId: toFolderId, kind: 'exists', uids: target.uids, modseq: target.modseq }],
  };
}

export async function moveInTx(
  tx: Tx,
  fromFolderId: number,
  uids: readonly number[],
  toFolderId: number,
): Promise<{ result: CopyResult & { expungeModseq: bigint | null }; events: ChangeEvent[] }> {
  const { from, to } = await folderPair(tx, fromFolderId, toFolderId);
  await lockMailboxes(tx, [from.mailboxId, to.mailboxId]);
  await lockFolders(tx, [fromFolderId, toFolderId]);
  const messages = await sourceMessages(tx, fromFolderId, uids);
  if (!messages.length) return { result: { uidValidity: to.uidValidity, mapping: [], expungeModseq: null }, events: [] };

  if (from.mailboxId !== to.mailboxId) {
    const bytes = messages.reduce((sum, m) => sum + m.size, 0);
    await chargeQuota(tx, to.mailboxId, bytes, messages.length);
    await releaseQuota(tx, from.mailboxId, bytes, messages.length);
  }
  const target = await allocate(tx, toFolderId, messages);
  const ids = messages.map((m) => m.id);
  const newUids = target.uids.map(BigInt);
  await tx.$executeRaw`
    UPDATE "Message" m SET "folderId" = ${toFolderId}::int, "mailboxId" = ${to.mailboxId}::int, uid = v.uid, modseq = ${target.modseq}::bigint
    FROM unnest(${ids}::bigint[], ${newUids}::bigint[]) AS v(id, uid) WHERE m.id = v.id`;
  const expungeModseq = await recordExpunge(tx, fromFolderId, messages);

  const mapping = messages.map((m, i): [number, number] => [Number(m.uid), target.uids[i]!]);
  return {
    result: { uidValidity: target.uidValidity, mapping, expungeModseq },
    events: [
      { mailboxId: from.mailboxId, folderId: fromFolderId, kind: 'expunge', uids: mapping.map(([s]) => s), modseq: expungeModseq },
      { mailboxId: to.mailboxId, folderId: toFolderId, kind: 'exists', uids: target.uids, modseq: target.modseq },
    ],
  };
}
