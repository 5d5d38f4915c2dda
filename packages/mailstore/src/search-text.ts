/**
 * What SEARCH, SORT and THREAD read from the database instead of the blob,
 * computed once at delivery (docs/store.md "Search text and sort keys"):
 *
 * - the searchable text of a blob (MessageText: header fields, decoded text
 *   parts, by @kontor/core's mime-text rules) and its full-text vector,
 *   the candidate filter of SEARCH BODY/TEXT (message-filter.ts `words`);
 * - the RFC 5256/5957 sort keys and References (Message columns).
 *
 * Rows stored before these existed have none (NULL); readers fall back to
 * the blob for them.
 */
import { headerFieldsText, indexWords, messageBodyText, messageHeaderFields } from '@kontor/core/mime-text';
import { baseSubject, displaySortKey, mailboxSortKey } from '@kontor/core/sort-keys';
import { Prisma } from '@kontor/db';
import type { BlobStore } from './blob-store.ts';
import type { MessageStructure } from './mime-structure.ts';
import type { Tx } from './transactions.ts';

export type SearchText = {
  header: string;
  body: string;
  /** The index words, space-separated; null when too long to index whole (then every search checks the text). */
  words: string | null;
  /** The body's index words alone, the same way (a certain BODY match, message-filter.ts `bodyWord`). */
  bodyWords: string | null;
};

/**
 * The vector PostgreSQL builds from the words must stay under its 1 MB
 * tsvector limit, and it drops words over 2047 octets: past these bounds
 * the words are not indexed and the text is always a candidate.
 */
const MAX_WORDS_OCTETS = 200_000;
const MAX_WORD_OCTETS = 2000;

function stripNul(text: string): string {
  return text.includes('\u0000') ? text.replace(/\u0000/g, '') : text;
}

export async function computeSearchText(blobs: BlobStore, sha256: string, structure: MessageStructure): Promise<SearchText> {
  const read = (start: number, end: number) => (end > start ? blobs.read(sha256, start, end) : Promise.resolve(Buffer.alloc(0)));
  const header = headerFieldsText(await messageHeaderFields(structure.body, structure.size, read));
  return searchTextFrom(header, await messageBodyText(structure.body, read));
}

/** The stored form of a message's header text and body text, with its index words. */
export function searchTextFrom(headerText: string, body: string): SearchText {
  const header = stripNul(headerText);
  return { header, body, words: indexable(indexWords(`${header}\n${body}`)), bodyWords: indexable(indexWords(body)) };
}

/** The words as the vector's source, or null past the bounds the index can take. */
function indexable(list: string[]): string | null {
  const words = list.join(' ');
  return Buffer.byteLength(words) <= MAX_WORDS_OCTETS && list.every((w) => Buffer.byteLength(w) <= MAX_WORD_OCTETS) ? words : null;
}

/** Written with the delivery; a blob delivered again keeps its row. */
export async function insertSearchText(tx: Tx, sha256: string, text: SearchText): Promise<void> {
  const vector = text.words === null ? Prisma.sql`NULL` : Prisma.sql`to_tsvector('simple', ${text.words})`;
  // Positions are of no use to a word test: stripped, the vector is smaller.
  const bodyVector = text.bodyWords === null ? Prisma.sql`NULL` : Prisma.sql`strip(to_tsvector('simple', ${text.bodyWords}))`;
  await tx.$executeRaw`
    INSERT INTO "MessageText" ("blobHash", header, body, words, "bodyWords") VALUES (${sha256}, ${text.header}, ${text.body}, ${vector}, ${bodyVector})
    ON CONFLICT ("blobHash") DO NOTHING`;
}

/** Stored text per blob hash (absent: stored before the index). */
export async function searchTexts(db: Tx, blobHashes: readonly string[]): Promise<Map<string, { header: string; body: string }>> {
  if (!blobHashes.length) return new Map();
  const rows = await db.$queryRaw<Array<{ blobHash: string; header: string; body: string }>>`
    SELECT "blobHash", header, body FROM "MessageText" WHERE "blobHash" = ANY(${[...new Set(blobHashes)]}::text[])`;
  return new Map(rows.map((r) => [r.blobHash, { header: r.header, body: r.body }]));
}

export type SortColumns = {
  sortSubject: string;
  sortFrom: string;
  sortTo: string;
  sortCc: string;
  sortDisplayFrom: string;
  sortDisplayTo: string;
  referencesHdr: string;
};

/** The Message sort columns and References of a parsed message. */
export function sortColumns(structure: MessageStructure): SortColumns {
  const { envelope, headers } = structure;
  // PostgreSQL text refuses NUL; a key holding one sorts as if it were not there.
  return {
    sortSubject: stripNul(baseSubject(headers.subject)),
    sortFrom: stripNul(mailboxSortKey(envelope.from?.[0])),
    sortTo: stripNul(mailboxSortKey(envelope.to?.[0])),
    sortCc: stripNul(mailboxSortKey(envelope.cc?.[0])),
    sortDisplayFrom: stripNul(displaySortKey(envelope.from?.[0])),
    sortDisplayTo: stripNul(displaySortKey(envelope.to?.[0])),
    referencesHdr: stripNul(headers.references),
  };
}
