/**
 * The Blob table: one row per stored body with the number of messages (and
 * queued jobs) using it. A row with refCount > 0 always has its file: the
 * file is written and fsynced before the transaction that raises the count,
 * and that transaction checks the file under the blob's advisory lock, which
 * the sweep holds exclusively while it deletes.
 */

import type { BlobStore } from './blob-store.ts';
import { BlobMissingError } from './errors.ts';
import type { Tx } from './transactions.ts';

/** Advisory lock class of blob hashes (the second key is hashtext(sha256)). */
export const BLOB_LOCK_CLASS = 0x6b62; // "kb"

/** Shared lock on a blob: many deliveries at once, never during its sweep. */
export async function lockBlobShared(tx: Tx, sha256: string): Promise<void> {
  await tx.$executeRaw`SELECT pg_advisory_xact_lock_shared(${BLOB_LOCK_CLASS}::int, hashtext(${sha256}::text))`;
}

/** Exclusive lock on a blob, for the sweep. */
export async function lockBlobExclusive(tx: Tx, sha256: string): Promise<void> {
  await tx.$executeRaw`SELECT pg_advisory_xact_lock(${BLOB_LOCK_CLASS}::int, hashtext(${sha256}::text))`;
}

/**
 * Creates the blob's row or raises its count by `count`, after checking the
 * file is there. The caller holds the blob's shared lock (deliverInTx takes
 * it first), so the sweep cannot remove the file in between.
 */
export async function addBlobReference(tx: Tx, blobs: BlobStore, sha256: string, size: number, count: number): Promise<void> {
  if (!(await blobs.exists(sha256))) throw new BlobMissingError(sha256);
  await tx.$executeRaw`
    INSERT INTO "Blob" (sha256, size, "refCount", "createdAt", "updatedAt")
    VALUES (${sha256}, ${size}::bigint, ${count}::int, now(), now())
    ON CONFLICT (sha256) DO UPDATE SET "refCount" = "Blob"."refCount" + EXCLUDED."refCount", "updatedAt" = now()`;
}

/**
 * Adds `delta` (per hash) to existing rows, locking them in hash order.
 * Used by copy (+) and expunge/delete (−); a count reaching 0 leaves the row
 * for the sweep.
 */
export async function adjustBlobReferences(tx: Tx, deltas: Map<string, number>): Promise<void> {
  const hashes = [...deltas.keys()].filter((h) => deltas.get(h) !== 0).sort();
  if (!hashes.length) return;
  const counts = hashes.map((h) => deltas.get(h)!);
  await tx.$executeRaw`SELECT 1 FROM "Blob" WHERE sha256 = ANY(${hashes}::text[]) ORDER BY sha256 FOR NO KEY UPDATE`;
  await tx.$executeRaw`
    UPDATE "Blob" b SET "refCount" = b."refCount" + v.n, "updatedAt" = now()
    FROM unnest(${hashes}::text[], ${counts}::int[]) AS v(sha256, n)
    WHERE b.sha256 = v.sha256`;
}

/** Counts per hash, for adjustBlobReferences. */
export function countByHash(rows: Iterable<{ blobHash: string }>, sign: 1 | -1): Map<string, number> {
  const out = new Map<string, number>();
  for (const row of rows) out.set(row.blobHash, (out.get(row.blobHash) ?? 0) + sign);
  return out;
}

/** Whose messages are about to go: one mailbox, or every mailbox of a domain. */
export type MessageScope = { mailboxId: number } | { domainId: number };

/**
 * Lowers the counts of the blobs used by the messages in `scope`, which
 * the caller is deleting with their mailboxes in the same transaction (the
 * rows cascade away; the sweep removes files no longer referenced). The
 * rows are locked in hash order like every other change of a count, so a
 * concurrent expunge or copy cannot deadlock with it.
 */
export async function releaseBlobsOf(tx: Tx, scope: MessageScope): Promise<void> {
  const mailboxIds =
    'mailboxId' in scope ? [scope.mailboxId] : (await tx.mailbox.findMany({ where: { domainId: scope.domainId }, select: { id: true } })).map((m) => m.id);
  if (mailboxIds.length === 0) return;
  const rows = await tx.$queryRaw<{ blobHash: string; n: number }[]>`
    SELECT "blobHash", count(*)::int AS n FROM "Message" WHERE "mailboxId" = ANY(${mailboxIds}::int[]) GROUP BY "blobHash"`;
  await adjustBlobReferences(tx, new Map(rows.map((row) => [row.blobHash, -row.n])));
}
