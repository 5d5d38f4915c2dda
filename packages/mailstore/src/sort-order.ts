/**
 * IMAP SORT (RFC 5256, RFC 5957 DISPLAYFROM/DISPLAYTO) as one ORDER BY over
 * the sort-key columns written at delivery (search-text.ts sortColumns):
 * strings compare as octets (COLLATE "C", the i;ascii-casemap keys are
 * already casemapped), DATE is the Date: header else the internal date,
 * ties go by ascending UID. The same order as the IMAP server's own sort.
 */
import { Prisma } from '@kontor/db';
import type { Tx } from './transactions.ts';

export type SortKeyName = 'ARRIVAL' | 'CC' | 'DATE' | 'FROM' | 'SIZE' | 'SUBJECT' | 'TO' | 'DISPLAYFROM' | 'DISPLAYTO';
export type SortOrder = ReadonlyArray<{ key: SortKeyName; reverse: boolean }>;

/** The expression a key sorts by, and the stored column it needs (null on rows older than the columns). */
const KEYS: Record<SortKeyName, { expression: Prisma.Sql; column?: Prisma.Sql }> = {
  ARRIVAL: { expression: Prisma.sql`m."internalDate"` },
  DATE: { expression: Prisma.sql`COALESCE(m."sentDate", m."internalDate")` },
  SIZE: { expression: Prisma.sql`m.size` },
  SUBJECT: { expression: Prisma.sql`m."sortSubject" COLLATE "C"`, column: Prisma.sql`m."sortSubject"` },
  FROM: { expression: Prisma.sql`m."sortFrom" COLLATE "C"`, column: Prisma.sql`m."sortFrom"` },
  TO: { expression: Prisma.sql`m."sortTo" COLLATE "C"`, column: Prisma.sql`m."sortTo"` },
  CC: { expression: Prisma.sql`m."sortCc" COLLATE "C"`, column: Prisma.sql`m."sortCc"` },
  DISPLAYFROM: { expression: Prisma.sql`m."sortDisplayFrom" COLLATE "C"`, column: Prisma.sql`m."sortDisplayFrom"` },
  DISPLAYTO: { expression: Prisma.sql`m."sortDisplayTo" COLLATE "C"`, column: Prisma.sql`m."sortDisplayTo"` },
};

/**
 * The folder's messages among `uids`, in SORT order; null when one of them
 * lacks a key column (stored before the columns existed): the caller sorts.
 */
export async function sortMessages(db: Tx, folderId: number, uids: readonly number[], order: SortOrder): Promise<number[] | null> {
  if (!uids.length) return [];
  const terms = order.map(({ key, reverse }) => (reverse ? Prisma.sql`${KEYS[key].expression} DESC` : Prisma.sql`${KEYS[key].expression} ASC`));
  const needed = [...new Set(order.map(({ key }) => KEYS[key].column).filter((c) => c !== undefined))];
  const missing = needed.length
    ? Prisma.join(
        needed.map((c) => Prisma.sql`${c} IS NULL`),
        ' OR ',
      )
    : Prisma.sql`FALSE`;
  const rows = await db.$queryRaw<Array<{ uid: bigint; missing: boolean }>>`
    SELECT m.uid, (${missing}) AS missing FROM "Message" m
    WHERE m."folderId" = ${folderId}::int AND m.uid = ANY(${uids.map(BigInt)}::bigint[])
    ORDER BY ${Prisma.join([...terms, Prisma.sql`m.uid ASC`], ', ')}`;
  if (rows.some((row) => row.missing)) return null;
  return rows.map((row) => Number(row.uid));
}
