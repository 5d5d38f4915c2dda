/**
 * Reading a folder: message metadata (never bodies; those come from the blob
 * store through openMessage) and what changed since a MODSEQ (CONDSTORE
 * CHANGEDSINCE, QRESYNC).
 */
import type { Envelope } from './envelope.ts';
import { FolderNotFoundError } from './errors.ts';
import type { BodyPart } from './mime-structure.ts';
import type { Tx } from './transactions.ts';

export type MessageInfo = {
  uid: number;
  modseq: bigint;
  flags: string[];
  internalDate: Date;
  /** RFC822.SIZE: octets as stored. */
  size: number;
  blobHash: string;
  /** Absent when listed with `structure: false`. */
  envelope?: Envelope;
  bodyStructure?: BodyPart;
};

export type ListMessagesOptions = {
  /** Inclusive UID range. */
  uidFrom?: number;
  uidTo?: number;
  /** Only these UIDs (combined with the range when both are given). */
  uids?: readonly number[];
  /** Include envelope and bodyStructure (default true); false for SELECT, SEARCH, POP3 listings. */
  structure?: boolean;
};

/** Messages of a folder, ascending by UID. */
export async function listMessages(db: Tx, folderId: number, options: ListMessagesOptions = {}): Promise<MessageInfo[]> {
  const structure = options.structure ?? true;
  const uid: { gte?: bigint; lte?: bigint; in?: bigint[] } = {};
  if (options.uidFrom !== undefined) uid.gte = BigInt(options.uidFrom);
  if (options.uidTo !== undefined) uid.lte = BigInt(options.uidTo);
  if (options.uids) uid.in = options.uids.map(BigInt);
  const rows = await db.message.findMany({
    where: Object.keys(uid).length ? { folderId, uid } : { folderId },
    orderBy: { uid: 'asc' },
    select: { uid: true, modseq: true, flags: true, internalDate: true, size: true, blobHash: true, envelope: structure, bodyStructure: structure },
  });
  return rows.map((row) => {
    const info: MessageInfo = {
      uid: Number(row.uid),
      modseq: row.modseq,
      flags: row.flags ?? [],
      internalDate: row.internalDate,
      size: row.size,
      blobHash: row.blobHash,
    };
    if (structure) {
      info.envelope = row.envelope as unknown as Envelope;
      info.bodyStructure = row.bodyStructure as unknown as BodyPart;
    }
    return info;
  });
}

export type Changes = {
  /** The folder's HIGHESTMODSEQ now. */
  highestModseq: bigint;
  /** Messages (new or with changed flags) whose MODSEQ is above the given one, ascending by UID. */
  changed: Array<{ uid: number; modseq: bigint; flags: string[] }>;
  /** UIDs expunged after the given MODSEQ, ascending (QRESYNC VANISHED). */
  vanished: number[];
};

export async function changesSince(db: Tx, folderId: number, modseq: bigint): Promise<Changes> {
  const folder = await db.folder.findUnique({ where: { id: folderId }, select: { highestModseq: true } });
  if (!folder) throw new FolderNotFoundError(folderId);
  const [changed, vanished] = await Promise.all([
    db.message.findMany({
      where: { folderId, modseq: { gt: modseq } },
      orderBy: { uid: 'asc' },
      select: { uid: true, modseq: true, flags: true },
    }),
    db.expungedMessage.findMany({ where: { folderId, modseq: { gt: modseq } }, select: { uid: true } }),
  ]);
  return {
    highestModseq: folder.highestModseq,
    changed: changed.map((m) => ({ uid: Number(m.uid), modseq: m.modseq, flags: m.flags ?? [] })),
    vanished: [...new Set(vanished.map((v) => Number(v.uid)))].sort((a, b) => a - b),
  };
}
