/**
 * Delivery: a stored blob becomes a message in one or more folders, in ONE
 * transaction (all targets or none):
 *
 *   1. shared advisory lock on the blob (the sweep cannot delete it now);
 *   2. per mailbox, ascending: quota checked and charged in one UPDATE;
 *   3. per folder, ascending: UID and MODSEQ allocated by one UPDATE of the
 *      folder row (its lock orders concurrent appends: UIDs strictly rise);
 *   4. the Blob row created or its refCount raised by the number of targets,
 *      after checking the (already fsynced) file exists;
 *   5. the Message rows (with their sort keys) and the blob's search text
 *      (search-text.ts) when it has none yet;
 *   6. the outbox rows (jobs the delivery causes: forwards, outbound copies,
 *      autoreplies), so they exist exactly when the delivery does.
 *
 * The blob file is durable before the transaction starts, so a committed row
 * always has its file; a crash before commit leaves at most an unreferenced
 * file, which the sweep removes.
 */

import { addBlobReference, lockBlobShared } from './blob-refs.ts';
import type { BlobStore } from './blob-store.ts';
import type { ChangeEvent } from './change-events.ts';
import { FolderNotFoundError, MailboxNotFoundError, MessageTooLargeError } from './errors.ts';
import { hasFlag, normalizeFlags, SEEN } from './flags.ts';
import { INBOX, normalizeFolderName } from './folder-names.ts';
import type { MessageStructure } from './mime-structure.ts';
import { addOutboxInTx, type OutboxEntry } from './outbox.ts';
import { chargeQuota } from './quota.ts';
import { insertSearchText, type SearchText, sortColumns } from './search-text.ts';
import type { Tx } from './transactions.ts';

/** What storeBlob returns: a durable blob, its parsed structure and its searchable text. */
export type StoredBlob = { sha256: string; size: number; structure: MessageStructure; text?: SearchText };

export type DeliveryTarget = {
  mailboxId: number;
  /** Folder name; INBOX when absent. */
  folder?: string;
  flags?: string[];
  /** IMAP INTERNALDATE; now when absent. */
  internalDate?: Date;
};

export type Delivered = {
  mailboxId: number;
  folderId: number;
  uid: number;
  modseq: bigint;
  uidValidity: number;
};

const MAX_SIZE = 2 ** 31 - 1;

/** Runs inside the caller's transaction; returns per target (in the given order) and the events to publish. */
export async function deliverInTx(
  tx: Tx,
  blobs: BlobStore,
  stored: StoredBlob,
  targets: readonly DeliveryTarget[],
  side: {
    /** References held beyond the messages, e.g. by outbound jobs that will send this blob. */
    extraReferences?: number;
    /** Jobs committed with the delivery (outbox.ts). */
    outbox?: readonly OutboxEntry[];
  } = {},
): Promise<{ delivered: Delivered[]; events: ChangeEvent[] }> {
  const extraReferences = side.extraReferences ?? 0;
  if (!targets.length && !extraReferences) {
    await addOutboxInTx(tx, side.outbox ?? []);
    return { delivered: [], events: [] };
  }
  if (stored.size > MAX_SIZE) throw new MessageTooLargeError(stored.size);
  await lockBlobShared(tx, stored.sha256);
  if (!targets.length) {
    await addBlobReference(tx, blobs, stored.sha256, stored.size, extraReferences);
    await addOutboxInTx(tx, side.outbox ?? []);
    return { delivered: [], events: [] };
  }

  // Resolve folder names.
  const mailboxIds = [...new Set(targets.map((t) => t.mailboxId))];
  const folders = await tx.folder.findMany({
    where: { mailboxId: { in: mailboxIds } },
    select: { id: true, mailboxId: true, name: true },
  });
  const byName = new Map(folders.map((f) => [`${f.mailboxId}\u0000${f.name}`, f.id]));
  const withMailbox = new Set(folders.map((f) => f.mailboxId));
  const resolved = targets.map((target) => {
    const name = normalizeFolderName(target.folder ?? INBOX);
    const folderId = byName.get(`${target.mailboxId}\u0000${name}`);
    if (folderId === undefined) {
      if (!withMailbox.has(target.mailboxId)) throw new MailboxNotFoundError(target.mailboxId);
      throw new FolderNotFoundError(name);
    }
    const flags = normalizeFlags(target.flags ?? []);
    return { target, folderId, flags, seen: hasFlag(flags, SEEN) };
  });

  // Quota, per mailbox in ascending order (this also takes the mailbox row locks).
  for (const mailboxId of [...mailboxIds].sort((a, b) => a - b)) {
    const count = resolved.filter((r) => r.target.mailboxId === mailboxId).length;
    await chargeQuota(tx, mailboxId, stored.size * count, count);
  }

  // UIDs and MODSEQ, per folder in ascending order.
  const uids = new Map<(typeof resolved)[number], { uid: number; modseq: bigint; uidValidity: number }>();
  const events: ChangeEvent[] = [];
  for (const folderId of [...new Set(resolved.map((r) => r.folderId))].sort((a, b) => a - b)) {
    const mine = resolved.filter((r) => r.folderId === folderId);
    const unseen = mine.filter((r) => !r.seen).length;
    const [row] = await tx.$queryRaw<Array<{ uidNext: bigint; highestModseq: bigint; uidValidity: number; mailboxId: number }>>`
      UPDATE "Folder" SET "uidNext" = "uidNext" + ${mine.length}::int, "highestModseq" = "highestModseq" + 1,
        "messageCount" = "messageCount" + ${mine.length}::int, "unseenCount" = "unseenCount" + ${unseen}::int
      WHERE id = ${folderId}::int
      RETURNING "uidNext", "highestModseq", "uidValidity", "mailboxId"`;
    if (!row) throw new FolderNotFoundError(folderId);
    let uid = Number(row.uidNext) - mine.length;
    for (const r of mine) uids.set(r, { uid: uid++, modseq: row.highestModseq, uidValidity: row.uidValidity });
    events.push({ mailboxId: row.mailboxId, folderId, kind: 'exists', uids: mine.map((r) => uids.get(r)!.uid), modseq: row.highestModseq });
  }

  await addBlobReference(tx, blobs, stored.sha256, stored.size, targets.length + extraReferences);
  if (stored.text) await insertSearchText(tx, stored.sha256, stored.text);

  const { envelope, body, headers } = stored.structure;
  const sortKeys = sortColumns(stored.structure);
  await tx.message.createMany({
    data: resolved.map((r) => {
      const { uid, modseq } = uids.get(r)!;
      return {
        folderId: r.folderId,
        mailboxId: r.target.mailboxId,
        uid: BigInt(uid),
        modseq,
        flags: r.flags,
        internalDate: r.target.internalDate ?? new Date(),
        size: stored.size,
        blobHash: stored.sha256,
        envelope,
        bodyStructure: body,
        subject: headers.subject,
        fromAddress: headers.from,
        toAddress: headers.to,
        ccAddress: headers.cc,
        bccAddress: headers.bcc,
        messageIdHdr: headers.messageId,
        inReplyTo: headers.inReplyTo,
        sentDate: headers.date,
        ...sortKeys,
      };
    }),
  });

  await addOutboxInTx(tx, side.outbox ?? []);

  const delivered = resolved.map((r) => {
    const { uid, modseq, uidValidity } = uids.get(r)!;
    return { mailboxId: r.target.mailboxId, folderId: r.folderId, uid, modseq, uidValidity };
  });
  return { delivered, events };
}
