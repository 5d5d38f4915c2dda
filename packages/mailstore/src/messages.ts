/**
 * Reading a folder: message metadata (never bodies; those come from the blob
 * store through openMessage) and what changed since a MODSEQ (CONDSTORE
 * CHANGEDSINCE, QRESYNC).
 */

import { Prisma } from '@kontor/db';
import { type Envelope, writtenDay } from './envelope.ts';
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

type MessageRow = {
  uid: bigint;
  modseq: bigint;
  flags: string[] | null;
  internalDate: Date;
  size: number;
  blobHash: string;
  envelope?: unknown;
  bodyStructure?: unknown;
};

/**
 * Messages of a folder, ascending by UID. Raw SQL: an IMAP FETCH 1:* or
 * SELECT of a 30,000-message folder reads every row, and Prisma's result
 * mapping cost twice the query itself there.
 */
export async function listMessages(db: Tx, folderId: number, options: ListMessagesOptions = {}): Promise<MessageInfo[]> {
  const structure = options.structure ?? true;
  const conditions: Prisma.Sql[] = [Prisma.sql`"folderId" = ${folderId}::int`];
  if (options.uidFrom !== undefined) conditions.push(Prisma.sql`uid >= ${BigInt(options.uidFrom)}::bigint`);
  if (options.uidTo !== undefined) conditions.push(Prisma.sql`uid <= ${BigInt(options.uidTo)}::bigint`);
  let wanted: Set<number> | undefined;
  if (options.uids) {
    if (options.uids.length === 0) return [];
    let low = Infinity;
    let high = -Infinity;
    for (const uid of options.uids) {
      if (uid < low) low = uid;
      if (uid > high) high = uid;
    }
    // Dense sets (a batch of a FETCH 1:*) read the range and drop what was not asked; sparse ones name their UIDs.
    if (high - low + 1 <= options.uids.length * 2) {
      conditions.push(Prisma.sql`uid BETWEEN ${BigInt(low)}::bigint AND ${BigInt(high)}::bigint`);
      if (high - low + 1 !== options.uids.length) wanted = new Set(options.uids);
    } else {
      conditions.push(Prisma.sql`uid = ANY(${options.uids.map(BigInt)}::bigint[])`);
    }
  }
  const columns = structure
    ? Prisma.sql`uid, modseq, flags, "internalDate", size, "blobHash", envelope, "bodyStructure"`
    : Prisma.sql`uid, modseq, flags, "internalDate", size, "blobHash"`;
  const rows = await db.$queryRaw<MessageRow[]>`SELECT ${columns} FROM "Message" WHERE ${Prisma.join(conditions, ' AND ')} ORDER BY uid`;
  const messages: MessageInfo[] = [];
  for (const row of rows) {
    const uid = Number(row.uid);
    if (wanted && !wanted.has(uid)) continue;
    const info: MessageInfo = { uid, modseq: row.modseq, flags: row.flags ?? [], internalDate: row.internalDate, size: row.size, blobHash: row.blobHash };
    if (structure) {
      info.envelope = row.envelope as Envelope;
      info.bodyStructure = row.bodyStructure as BodyPart;
    }
    messages.push(info);
  }
  return messages;
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
  /** The day written in Date: (writtenDay), for SEARCH SENT*; null when sentDate is. */
  sentDay: string | null;
  /** References: for THREAD; null on rows stored before the column. */
  references: string | null;
};

export async function searchColumns(db: Tx, folderId: number, uids: readonly number[]): Promise<SearchColumns[]> {
  if (!uids.length) return [];
  // Raw SQL for the same reason as listMessages: SEARCH and SORT read these for whole folders.
  const rows = await db.$queryRaw<Array<Omit<SearchColumns, 'uid' | 'sentDay'> & { uid: bigint; dateHeader: string | null }>>`
    SELECT uid, subject, "fromAddress", "toAddress", "ccAddress", "bccAddress", "messageIdHdr", "inReplyTo", "sentDate",
      "referencesHdr" AS "references", envelope->>'date' AS "dateHeader"
    FROM "Message" WHERE "folderId" = ${folderId}::int AND uid = ANY(${uids.map(BigInt)}::bigint[]) ORDER BY uid`;
  return rows.map(({ dateHeader, ...row }) => ({
    ...row,
    uid: Number(row.uid),
    // The day as written needs the zone the UTC column has lost: read from the raw header.
    sentDay: row.sentDate ? (writtenDay(dateHeader ?? undefined) ?? row.sentDate.toISOString().slice(0, 10)) : null,
  }));
}

/** STATUS figures beyond the folder row's counters (RFC 3501 RECENT, RFC 8438 SIZE, RFC 9051 DELETED). */
export type FolderFigures = { size?: number; deleted?: number; above?: number };

export async function folderFigures(db: Tx, folderId: number, wanted: { size?: boolean; deleted?: boolean; aboveUid?: number }): Promise<FolderFigures> {
  const figures: FolderFigures = {};
  if (wanted.size) figures.size = (await db.message.aggregate({ where: { folderId }, _sum: { size: true } }))._sum.size ?? 0;
  if (wanted.deleted) figures.deleted = await db.message.count({ where: { folderId, flags: { has: '\\Deleted' } } });
  if (wanted.aboveUid !== undefined) figures.above = await db.message.count({ where: { folderId, uid: { gt: BigInt(wanted.aboveUid) } } });
  return figures;
}
