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

/** The decoded header columns SEARCH and SORT use, per UID. */
export type SearchColumns = {
  uid: number;
  subject: string;
  fromAddress: string;
  toAddress: string;
  ccAddress: string;
  bccAddress: string;
  messageIdHdr: string;
  inReplyTo: string;
  sentDate: Date | null;
};

export async function searchColumns(db: Tx, folderId: number, uids: readonly number[]): Promise<SearchColumns[]> {
  if (!uids.length) return [];
  const rows = await db.message.findMany({
    where: { folderId, uid: { in: uids.map(BigInt) } },
    select: { uid: true, subject: true, fromAddress: true, toAddress: true, ccAddress: true, bccAddress: true, messageIdHdr: true, inReplyTo: true, sentDate: true },
    orderBy: { uid: 'asc' },
  });
  return rows.map((row) => ({ ...row, uid: Number(row.uid) }));
}

/** STATUS figures beyond the folder row's counters (RFC 3501 RECENT, RFC 8438 SIZE, RFC 9051 DELETED). */
export type FolderFigures = { size?: number; deleted?: number; above?: number };

export async function folderFigures(
  db: Tx,
  folderId: number,
  wanted: { size?: boolean; deleted?: boolean; aboveUid?: number },
): Promise<FolderFigures> {
  const figures: FolderFigures = {};
  if (wanted.size) figures.size = (await db.message.aggregate({ where: { folderId }, _sum: { size: true } }))._sum.size ?? 0;
  if (wanted.deleted) figures.deleted = await db.message.count({ where: { folderId, flags: { has: '\\Deleted' } } });
  if (wanted.aboveUid !== undefined) figures.above = await db.message.count({ where: { folderId, uid: { gt: BigInt(wanted.aboveUid) } } });
  return figures;
}
