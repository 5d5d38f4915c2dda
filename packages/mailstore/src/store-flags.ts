/**
 * IMAP STORE: add, remove or replace flags on messages of a folder, with
 * CONDSTORE (RFC 7162). One STORE that changes anything raises the folder's
 * HIGHESTMODSEQ by one and gives that MODSEQ to every message it changed.
 * UNCHANGEDSINCE: a message whose MODSEQ is above it is left alone and
 * reported in `failed`. Folder.unseenCount follows \Seen.
 */
import type { ChangeEvent } from './change-events.ts';
import { FolderNotFoundError } from './errors.ts';
import { applyFlags, type FlagMode, hasFlag, normalizeFlags, SEEN, sameFlags } from './flags.ts';
import { lockFolders, type Tx } from './transactions.ts';

export type StoreFlagsOptions = {
  mode: FlagMode;
  flags: string[];
  /** CONDSTORE UNCHANGEDSINCE. */
  unchangedSince?: bigint;
};

export type FlagState = { uid: number; flags: string[]; modseq: bigint };

export type StoreFlagsResult = {
  /** Messages whose flags changed, with their new flags and MODSEQ. */
  changed: FlagState[];
  /** Messages that passed but already had the flags asked for. */
  unchanged: FlagState[];
  /** UIDs that failed the UNCHANGEDSINCE test (RFC 7162 [MODIFIED]). */
  failed: number[];
  /** HIGHESTMODSEQ after the call. */
  highestModseq: bigint;
};

export async function storeFlagsInTx(
  tx: Tx,
  folderId: number,
  uids: readonly number[],
  options: StoreFlagsOptions,
): Promise<{ result: StoreFlagsResult; events: ChangeEvent[] }> {
  const folder = (await lockFolders(tx, [folderId])).get(folderId);
  if (!folder) throw new FolderNotFoundError(folderId);
  const flags = normalizeFlags(options.flags);
  const rows = await tx.$queryRaw<Array<{ id: bigint; uid: bigint; modseq: bigint; flags: string[] | null }>>`
    SELECT id, uid, modseq, flags FROM "Message"
    WHERE "folderId" = ${folderId}::int AND uid = ANY(${uids.map(BigInt)}::bigint[])
    ORDER BY uid`;

  const failed: number[] = [];
  const unchanged: FlagState[] = [];
  const changes: Array<{ id: bigint; uid: number; flags: string[] }> = [];
  let unseenDelta = 0;
  for (const row of rows) {
    const uid = Number(row.uid);
    const current = row.flags ?? [];
    if (options.unchangedSince !== undefined && row.modseq > options.unchangedSince) {
      failed.push(uid);
      continue;
    }
    const next = applyFlags(current, options.mode, flags);
    if (sameFlags(current, next)) {
      unchanged.push({ uid, flags: current, modseq: row.modseq });
      continue;
    }
    const wasSeen = hasFlag(current, SEEN);
    const isSeen = hasFlag(next, SEEN);
    if (wasSeen !== isSeen) unseenDelta += isSeen ? -1 : 1;
    changes.push({ id: row.id, uid, flags: next });
  }
  if (!changes.length) {
    return { result: { changed: [], unchanged, failed, highestModseq: folder.highestModseq }, events: [] };
  }

  const [bumped] = await tx.$queryRaw<Array<{ highestModseq: bigint }>>`
    UPDATE "Folder" SET "highestModseq" = "highestModseq" + 1, "unseenCount" = GREATEST("unseenCount" + ${unseenDelta}::int, 0)
    WHERE id = ${folderId}::int RETURNING "highestModseq"`;
  const modseq = bumped!.highestModseq;
  // One UPDATE per distinct resulting flag set (usually one or two).
  const groups = new Map<string, { flags: string[]; ids: bigint[] }>();
  for (const change of changes) {
    const key = JSON.stringify(change.flags);
    const group = groups.get(key) ?? { flags: change.flags, ids: [] };
    group.ids.push(change.id);
    groups.set(key, group);
  }
  for (const group of groups.values()) {
    await tx.message.updateMany({ where: { id: { in: group.ids } }, data: { flags: group.flags, modseq } });
  }
  const changed = changes.map((c) => ({ uid: c.uid, flags: c.flags, modseq }));
  return {
    result: { changed, unchanged, failed, highestModseq: modseq },
    events: [{ mailboxId: folder.mailboxId, folderId, kind: 'flags', uids: changed.map((c) => c.uid), modseq }],
  };
}
