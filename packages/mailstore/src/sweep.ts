/**
 * The blob sweep: deletes what no message references any more.
 *
 * 1. Blob rows with refCount 0, untouched for `olderThanMs`: under the blob's
 *    exclusive advisory lock, `DELETE … WHERE "refCount" <= 0` (a concurrent
 *    delivery holds the shared lock, so it either finished — count above 0,
 *    nothing deleted — or starts after and finds the file gone), then the
 *    file is unlinked unless a writer has just refreshed it.
 * 2. Blob files without a row, older than `olderThanMs` (left by deliveries
 *    that were rolled back or crashed), under the same lock.
 * 3. Temp files older than `olderThanMs` (writes interrupted by a crash).
 *
 * The Message → Blob foreign key (ON DELETE RESTRICT) is the last guard: a
 * row still referenced cannot be deleted, whatever its count says.
 */

import type { Logger } from '@kontor/core';
import type { Db } from '@kontor/db';
import { lockBlobExclusive } from './blob-refs.ts';
import type { BlobStore } from './blob-store.ts';
import { inTransaction } from './transactions.ts';

export type SweepOptions = {
  /** Only what has been unreferenced (rows) or unchanged (files) this long; default one hour. */
  olderThanMs?: number;
  batchSize?: number;
};

export type SweepResult = { rows: number; files: number; tempFiles: number };

export async function sweepBlobs(db: Db, blobs: BlobStore, log: Logger, options: SweepOptions = {}): Promise<SweepResult> {
  const olderThanMs = options.olderThanMs ?? 60 * 60 * 1000;
  const batchSize = options.batchSize ?? 500;
  const result: SweepResult = { rows: 0, files: 0, tempFiles: 0 };
  const isOld = (mtimeMs: number) => mtimeMs <= Date.now() - olderThanMs;

  // 1. Rows no message uses.
  let after = '';
  for (;;) {
    const cutoff = new Date(Date.now() - olderThanMs);
    const batch = await db.$queryRaw<Array<{ sha256: string }>>`
      SELECT sha256 FROM "Blob" WHERE "refCount" <= 0 AND "updatedAt" <= ${cutoff} AND sha256 > ${after}
      ORDER BY sha256 LIMIT ${batchSize}::int`;
    if (!batch.length) break;
    for (const { sha256 } of batch) {
      after = sha256;
      try {
        const removed = await inTransaction(db, async (tx) => {
          await lockBlobExclusive(tx, sha256);
          const deleted = await tx.$queryRaw<Array<{ sha256: string }>>`
            DELETE FROM "Blob" WHERE sha256 = ${sha256} AND "refCount" <= 0 RETURNING sha256`;
          if (!deleted.length) return null;
          const info = await blobs.stat(sha256);
          // A put() that found this file keeps it and refreshes its mtime: leave it to a later sweep.
          const fileRemoved = info !== null && isOld(info.mtimeMs) && (await blobs.remove(sha256));
          return { fileRemoved };
        });
        if (removed) {
          result.rows++;
          if (removed.fileRemoved) result.files++;
        }
      } catch (error) {
        log.warn({ err: error, sha256 }, 'blob sweep: row not removed');
      }
    }
  }

  // 2. Files without a row.
  let candidates: string[] = [];
  const flush = async () => {
    const known = await db.blob.findMany({ where: { sha256: { in: candidates } }, select: { sha256: true } });
    const referenced = new Set(known.map((b) => b.sha256));
    for (const sha256 of candidates) {
      if (referenced.has(sha256)) continue;
      try {
        const removed = await inTransaction(db, async (tx) => {
          await lockBlobExclusive(tx, sha256);
          if (await tx.blob.findUnique({ where: { sha256 }, select: { sha256: true } })) return false;
          const info = await blobs.stat(sha256);
          return info !== null && isOld(info.mtimeMs) && (await blobs.remove(sha256));
        });
        if (removed) result.files++;
      } catch (error) {
        log.warn({ err: error, sha256 }, 'blob sweep: file not removed');
      }
    }
    candidates = [];
  };
  for await (const file of blobs.listBlobs()) {
    if (!isOld(file.mtimeMs)) continue;
    candidates.push(file.sha256);
    if (candidates.length >= batchSize) await flush();
  }
  if (candidates.length) await flush();

  // 3. Interrupted writes.
  result.tempFiles = await blobs.removeStaleTemp(olderThanMs);
  return result;
}
