/**
 * Selecting a folder's messages by their metadata in SQL: flags, UIDs,
 * sizes, MODSEQ and dates. IMAP SEARCH maps what it can of its criteria
 * to a filter (apps/maild/src/imap/search-filter.ts) so a search over tens
 * of thousands of messages reads only the rows that can match.
 *
 * Semantics match the IMAP server's own evaluation: flags compare
 * case-insensitively (flags are ASCII atoms), days are UTC calendar days,
 * a message without a Date: header has no sent date.
 */
import { Prisma } from '@kontor/db';
import type { Tx } from './transactions.ts';

export type DayOp = 'before' | 'on' | 'since';

export type MessageFilter =
  | { kind: 'all' }
  | { kind: 'uids'; ranges: ReadonlyArray<readonly [number, number]> }
  | { kind: 'flag'; flag: string; set: boolean }
  | { kind: 'size'; op: 'larger' | 'smaller'; size: number }
  | { kind: 'modseq'; atLeast: bigint }
  | { kind: 'day'; field: 'internal' | 'sent'; op: DayOp; day: string }
  | { kind: 'received'; op: 'before' | 'after'; at: Date }
  /** The parsed Date: (UTC) before or after an instant; no Date: never matches. */
  | { kind: 'sent'; op: 'before' | 'after'; at: Date }
  /**
   * The decoded header column contains `text` (ASCII), ignoring case. A
   * superset of JavaScript's `toLowerCase().includes()`: the two characters
   * whose lower case is ASCII (U+0130 İ, U+212A Kelvin K) count as i and k.
   */
  | { kind: 'contains'; column: HeaderColumn; text: string; exactly?: boolean }
  /**
   * The blob's stored search text (its `body`, or its `header` lines)
   * contains `text` (ASCII, no line break for `header`) ignoring case; no
   * stored text never matches. Like `contains` with `exactly`: only where
   * the text holds neither U+0130 nor U+212A, so a match is exactly what
   * JavaScript's case folding finds (for IMAP SEARCH BODY/TEXT).
   */
  | { kind: 'textContains'; part: 'body' | 'header'; text: string }
  /**
   * The blob's search text (header and body, search-text.ts) has a word
   * starting with each of `words` (indexWords form), by the full-text
   * index; messages without an indexed text (stored before it, or too
   * long to index) always pass. A superset for the server to check.
   */
  | { kind: 'words'; words: string[] }
  /**
   * The stored body has a word starting with `word` (ASCII letters and
   * digits, lower case): by the body's own vector where it has one, which
   * makes a hit a certain BODY match without reading any text; else as
   * `textContains` on the body.
   */
  | { kind: 'bodyWord'; word: string }
  | { kind: 'not'; filter: MessageFilter }
  | { kind: 'or'; filters: MessageFilter[] }
  | { kind: 'and'; filters: MessageFilter[] };

export type HeaderColumn = 'subject' | 'from' | 'to' | 'cc' | 'bcc';

const DAY = /^\d{4}-\d{2}-\d{2}$/;
/** An index word: letters and digits only, so it needs no quoting in a tsquery. */
const WORD = /^[\p{L}\p{N}]+$/u;
const COLUMNS: Record<HeaderColumn, Prisma.Sql> = {
  subject: Prisma.sql`m.subject`,
  from: Prisma.sql`m."fromAddress"`,
  to: Prisma.sql`m."toAddress"`,
  cc: Prisma.sql`m."ccAddress"`,
  bcc: Prisma.sql`m."bccAddress"`,
};

/** Text a `contains` filter takes: ASCII only (see the filter's case-folding note). */
export function isAsciiText(text: string): boolean {
  return /^[\x00-\x7f]*$/.test(text);
}

/** The two characters JavaScript lower-cases to ASCII letters (İ → i̇, Kelvin K → k). */
const FOLDING_TO_ASCII = '\u0130\u212a';

/** The text holds neither of them: an A-Z fold then finds exactly the ASCII text JavaScript's toLowerCase() finds. */
function foldsLikeJavaScript(text: Prisma.Sql): Prisma.Sql {
  return Prisma.sql`strpos(${text}, ${'\u0130'}) = 0 AND strpos(${text}, ${'\u212a'}) = 0`;
}

/** LIKE pattern for "contains", with the pattern characters taken literally. */
function containsPattern(text: string): string {
  return `%${text.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

function condition(filter: MessageFilter): Prisma.Sql {
  switch (filter.kind) {
    case 'all':
      return Prisma.sql`TRUE`;
    case 'uids': {
      if (!filter.ranges.length) return Prisma.sql`FALSE`;
      const low = filter.ranges.map(([a]) => BigInt(a));
      const high = filter.ranges.map(([, b]) => BigInt(b));
      return Prisma.sql`EXISTS (SELECT 1 FROM unnest(${low}::bigint[], ${high}::bigint[]) AS r(lo, hi) WHERE m.uid BETWEEN r.lo AND r.hi)`;
    }
    case 'flag': {
      const has = Prisma.sql`EXISTS (SELECT 1 FROM unnest(m.flags) AS f WHERE lower(f) = lower(${filter.flag}))`;
      return filter.set ? has : Prisma.sql`NOT ${has}`;
    }
    case 'size':
      return filter.op === 'larger' ? Prisma.sql`m.size > ${filter.size}::int` : Prisma.sql`m.size < ${filter.size}::int`;
    case 'modseq':
      return Prisma.sql`m.modseq >= ${filter.atLeast}::bigint`;
    case 'day': {
      if (!DAY.test(filter.day)) throw new Error(`not a day: ${filter.day}`);
      // Timestamps are stored as UTC (timestamp without time zone): ::date is the UTC day.
      const column = filter.field === 'internal' ? Prisma.sql`m."internalDate"::date` : Prisma.sql`m."sentDate"::date`;
      const day = Prisma.sql`${filter.day}::date`;
      if (filter.op === 'before') return Prisma.sql`${column} < ${day}`;
      if (filter.op === 'on') return Prisma.sql`${column} = ${day}`;
      return Prisma.sql`${column} >= ${day}`;
    }
    case 'received':
      return filter.op === 'before' ? Prisma.sql`m."internalDate" <= ${filter.at}::timestamp` : Prisma.sql`m."internalDate" >= ${filter.at}::timestamp`;
    case 'sent':
      return filter.op === 'before' ? Prisma.sql`m."sentDate" <= ${filter.at}::timestamp` : Prisma.sql`m."sentDate" >= ${filter.at}::timestamp`;
    case 'contains': {
      if (!isAsciiText(filter.text)) throw new Error('contains: ASCII text only');
      const column = COLUMNS[filter.column];
      // COLLATE "C": lower() folds exactly A-Z, whatever the database's locale (a Turkish one would fold I to ı).
      const like = Prisma.sql`lower(translate(${column}, ${FOLDING_TO_ASCII}, 'ik') COLLATE "C") LIKE ${containsPattern(filter.text)} ESCAPE '\\'`;
      return filter.exactly ? Prisma.sql`(${foldsLikeJavaScript(column)} AND ${like})` : like;
    }
    case 'textContains': {
      if (!isAsciiText(filter.text) || (filter.part === 'header' && /[\r\n]/.test(filter.text))) throw new Error('textContains: ASCII text on one line only');
      const part = filter.part === 'body' ? Prisma.sql`t.body` : Prisma.sql`t.header`;
      return Prisma.sql`EXISTS (SELECT 1 FROM "MessageText" t WHERE t."blobHash" = m."blobHash" AND ${foldsLikeJavaScript(part)}
        AND lower(${part} COLLATE "C") LIKE ${containsPattern(filter.text)} ESCAPE '\\')`;
    }
    case 'words': {
      if (!filter.words.length || filter.words.some((w) => !WORD.test(w))) return Prisma.sql`TRUE`;
      const query = filter.words.map((w) => `'${w}':*`).join(' & ');
      // A query PostgreSQL's parser reduces to nothing would match nothing: then no cut.
      return Prisma.sql`(numnode(to_tsquery('simple', ${query})) = 0
        OR m."blobHash" IN (SELECT t."blobHash" FROM "MessageText" t WHERE t.words @@ to_tsquery('simple', ${query}) OR t.words IS NULL)
        OR NOT EXISTS (SELECT 1 FROM "MessageText" t WHERE t."blobHash" = m."blobHash"))`;
    }
    case 'bodyWord': {
      if (!/^[a-z0-9]+$/.test(filter.word)) throw new Error('bodyWord: lower-case ASCII letters and digits only');
      // Every word of the vector is a piece of the JavaScript-lower-cased body, so a prefix hit is a substring of it.
      return Prisma.sql`(m."blobHash" IN (SELECT t."blobHash" FROM "MessageText" t WHERE t."bodyWords" @@ to_tsquery('simple', ${`${filter.word}:*`}))
        OR EXISTS (SELECT 1 FROM "MessageText" t WHERE t."blobHash" = m."blobHash" AND t."bodyWords" IS NULL AND ${foldsLikeJavaScript(Prisma.sql`t.body`)}
          AND lower(t.body COLLATE "C") LIKE ${containsPattern(filter.word)} ESCAPE '\\'))`;
    }
    case 'not':
      // A NULL (no sent date) must not turn NOT into NULL: a message without a date matches NOT SENTON.
      return Prisma.sql`NOT COALESCE(${condition(filter.filter)}, FALSE)`;
    case 'or':
      return filter.filters.length
        ? Prisma.sql`(${Prisma.join(
            filter.filters.map((f) => Prisma.sql`COALESCE(${condition(f)}, FALSE)`),
            ' OR ',
          )})`
        : Prisma.sql`FALSE`;
    case 'and':
      return filter.filters.length
        ? Prisma.sql`(${Prisma.join(
            filter.filters.map((f) => Prisma.sql`COALESCE(${condition(f)}, FALSE)`),
            ' AND ',
          )})`
        : Prisma.sql`TRUE`;
  }
}

/**
 * UIDs (ascending) and MODSEQs of the folder's messages that pass the
 * filter; with `sure`, also whether each certainly passes that one (a
 * filter that implies the caller's criteria: those need no further check).
 */
export async function filterMessages(
  db: Tx,
  folderId: number,
  filter: MessageFilter,
  sure?: MessageFilter,
): Promise<Array<{ uid: number; modseq: bigint; sure: boolean }>> {
  const certain = sure ? Prisma.sql`COALESCE(${condition(sure)}, FALSE)` : Prisma.sql`FALSE`;
  const rows = await db.$queryRaw<Array<{ uid: bigint; modseq: bigint; sure: boolean }>>`
    SELECT m.uid, m.modseq, ${certain} AS sure FROM "Message" m
    WHERE m."folderId" = ${folderId}::int AND COALESCE(${condition(filter)}, FALSE)
    ORDER BY m.uid`;
  return rows.map((row) => ({ uid: Number(row.uid), modseq: BigInt(row.modseq), sure: row.sure }));
}
