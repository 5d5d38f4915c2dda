/**
 * Fills in what rows stored before the search text and sort keys existed
 * lack (search-text.ts), in small batches, so SEARCH BODY/TEXT, SORT and
 * THREAD stop falling back to the blobs for them. Resumable by design: it
 * looks for what is still missing (NULL sort keys, blobs without a text
 * row), so a restart just carries on; several instances running it at once
 * only repeat work (the writes are idempotent).
 */
import { headerFieldsText, messageBodyText, messageHeaderFields } from '@kontor/core/mime-text';
import { baseSubject, displaySortKey, mailboxSortKey } from '@kontor/core/sort-keys';
import type { BlobStore } from './blob-store.ts';
import type { Envelope } from './envelope.ts';
import type { BodyPart } from './mime-structure.ts';
import { insertSearchText, type SearchText, searchTextFrom } from './search-text.ts';
import type { Tx } from './transactions.ts';

export type BackfillProgress = { messages: number; blobs: number };

type KeyRow = { id: bigint; subject: string; envelope: Envelope; blobHash: string; bodyStart: number | null; size: number };

function readerOf(blobs: BlobStore, sha256: string) {
  return (start: number, end: number) => (end > start ? blobs.read(sha256, start, end) : Promise.resolve(Buffer.alloc(0)));
}

const clean = (text: string) => text.replace(/\u0000/g, '');

/** One batch of Message rows without sort keys; returns how many were done (0: none left). */
export async function backfillSortKeys(db: Tx, blobs: BlobStore, batch: number): Promise<number> {
  const rows = await db.$queryRaw<KeyRow[]>`
    SELECT id, subject, envelope, "blobHash", ("bodyStructure"->>'bodyStart')::int AS "bodyStart", size
    FROM "Message" WHERE "sortSubject" IS NULL ORDER BY id LIMIT ${batch}::int`;
  for (const row of rows) {
    let references = '';
    try {
      const fields = await messageHeaderFields(row.bodyStart === null ? undefined : { bodyStart: row.bodyStart }, row.size, readerOf(blobs, row.blobHash));
      references = fields.find(([name]) => name === 'references')?.[1] ?? '';
    } catch {
      // A blob that cannot be read threads by In-Reply-To alone, as the header would not say more.
    }
    const { envelope } = row;
    await db.$executeRaw`
      UPDATE "Message" SET "sortSubject" = ${clean(baseSubject(row.subject))}, "sortFrom" = ${clean(mailboxSortKey(envelope.from?.[0]))},
        "sortTo" = ${clean(mailboxSortKey(envelope.to?.[0]))}, "sortCc" = ${clean(mailboxSortKey(envelope.cc?.[0]))},
        "sortDisplayFrom" = ${clean(displaySortKey(envelope.from?.[0]))}, "sortDisplayTo" = ${clean(displaySortKey(envelope.to?.[0]))},
        "referencesHdr" = ${clean(references)}
      WHERE id = ${row.id}::bigint`;
  }
  return rows.length;
}

/**
 * One batch of blobs (used by a message) without a text row, after `after`
 * in hash order; returns the last hash looked at (null: none left). A blob
 * that cannot be read is passed over (the IMAP server reports it when read).
 */
export async function backfillTexts(db: Tx, blobs: BlobStore, batch: number, after: string): Promise<{ last: string | null; done: number }> {
  const rows = await db.$queryRaw<Array<{ sha256: string; bodyStructure: BodyPart; size: number }>>`
    SELECT DISTINCT ON (m."blobHash") m."blobHash" AS sha256, m."bodyStructure", m.size FROM "Message" m
    WHERE m."blobHash" > ${after} AND NOT EXISTS (SELECT 1 FROM "MessageText" t WHERE t."blobHash" = m."blobHash")
    ORDER BY m."blobHash" LIMIT ${batch}::int`;
  let done = 0;
  for (const row of rows) {
    let text: SearchText;
    try {
      const read = readerOf(blobs, row.sha256);
      const header = headerFieldsText(await messageHeaderFields(row.bodyStructure, row.size, read));
      text = searchTextFrom(header, await messageBodyText(row.bodyStructure, read));
    } catch {
      continue;
    }
    await insertSearchText(db, row.sha256, text);
    done++;
  }
  return { last: rows.at(-1)?.sha256 ?? null, done };
}

/** Runs both until nothing is missing or `stopped()`; returns what it did. */
export async function backfillSearchData(db: Tx, blobs: BlobStore, options: { batch?: number; stopped: () => boolean }): Promise<BackfillProgress> {
  const batch = options.batch ?? 200;
  const progress: BackfillProgress = { messages: 0, blobs: 0 };
  for (let n = -1; n !== 0 && !options.stopped(); ) {
    n = await backfillSortKeys(db, blobs, batch);
    progress.messages += n;
  }
  for (let after: string | null = ''; after !== null && !options.stopped(); ) {
    const result = await backfillTexts(db, blobs, batch, after);
    after = result.last;
    progress.blobs += result.done;
  }
  return progress;
}
