/**
 * Transactions and the lock order every store operation follows, so that
 * concurrent operations queue instead of deadlocking:
 *
 *   blob advisory lock → Mailbox rows (ascending id) → Folder rows
 *   (ascending id) → Message rows → Blob rows (ascending sha256)
 *
 * The Folder row lock serialises every change to a folder's messages: UID
 * and MODSEQ allocation, flag changes, expunges.
 */
import type { Db, DbTx } from '@kontor/db';

export type Tx = DbTx;

const OPTIONS = { maxWait: 15_000, timeout: 60_000 } as const;
const ATTEMPTS = 3;

/** PostgreSQL's SQLSTATE of a Prisma error (raw queries through the pg driver adapter). */
export function sqlState(error: unknown): string | undefined {
  const meta = (error as { meta?: { driverAdapterError?: { cause?: { originalCode?: unknown } } } })?.meta;
  const code = meta?.driverAdapterError?.cause?.originalCode;
  if (typeof code === 'string') return code;
  return /Code: `([0-9A-Z]{5})`/.exec(String((error as { message?: unknown })?.message ?? ''))?.[1];
}

/** Deadlock (40P01), serialization failure (40001), or Prisma's own write-conflict code. */
function isRetryable(error: unknown): boolean {
  const state = sqlState(error);
  return state === '40P01' || state === '40001' || (error as { code?: unknown })?.code === 'P2034';
}

/** Runs `fn` in one READ COMMITTED transaction; retried on deadlock or serialization failure. */
export async function inTransaction<T>(db: Db, fn: (tx: Tx) => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await db.$transaction((tx) => fn(tx), OPTIONS);
    } catch (error) {
      if (attempt >= ATTEMPTS || !isRetryable(error)) throw error;
    }
  }
}

/** Locks mailbox rows in ascending id order (for counters and quota). Returns the ids found. */
export async function lockMailboxes(tx: Tx, ids: Iterable<number>): Promise<Set<number>> {
  const sorted = [...new Set(ids)].sort((a, b) => a - b);
  const rows = await tx.$queryRaw<Array<{ id: number }>>`
    SELECT id FROM "Mailbox" WHERE id = ANY(${sorted}::int[]) ORDER BY id FOR NO KEY UPDATE`;
  return new Set(rows.map((r) => r.id));
}

export type FolderRow = {
  id: number;
  mailboxId: number;
  name: string;
  specialUse: string | null;
  uidValidity: number;
  uidNext: bigint;
  highestModseq: bigint;
  messageCount: number;
  unseenCount: number;
};

/** Locks folder rows in ascending id order and returns them by id. */
export async function lockFolders(tx: Tx, ids: Iterable<number>): Promise<Map<number, FolderRow>> {
  const sorted = [...new Set(ids)].sort((a, b) => a - b);
  const rows = await tx.$queryRaw<FolderRow[]>`
    SELECT id, "mailboxId", name, "specialUse", "uidValidity", "uidNext", "highestModseq", "messageCount", "unseenCount"
    FROM "Folder" WHERE id = ANY(${sorted}::int[]) ORDER BY id FOR NO KEY UPDATE`;
  return new Map(rows.map((r) => [r.id, r]));
}
