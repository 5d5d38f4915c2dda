/**
 * Quota accounting: Mailbox.usedBytes and messageCount move in the same
 * transaction as the messages they count. The charge is one conditional
 * UPDATE, so the check and the charge are atomic: two deliveries racing for
 * the last free bytes cannot both pass. quotaBytes 0 means unlimited.
 */
import type { Db } from '@kontor/db';
import { MailboxNotFoundError, QuotaExceededError } from './errors.ts';
import type { Tx } from './transactions.ts';

export type QuotaState = { allowed: boolean; usedBytes: bigint; quotaBytes: bigint };

/** Adds `bytes` and `count` messages to the mailbox, or throws QuotaExceededError (nothing changed). */
export async function chargeQuota(tx: Tx, mailboxId: number, bytes: number, count: number): Promise<void> {
  const rows = await tx.$queryRaw<Array<{ usedBytes: bigint }>>`
    UPDATE "Mailbox" SET "usedBytes" = "usedBytes" + ${bytes}::bigint, "messageCount" = "messageCount" + ${count}::int
    WHERE id = ${mailboxId}::int AND ("quotaBytes" = 0 OR "usedBytes" + ${bytes}::bigint <= "quotaBytes")
    RETURNING "usedBytes"`;
  if (rows.length) return;
  const mailbox = await tx.mailbox.findUnique({ where: { id: mailboxId }, select: { usedBytes: true, quotaBytes: true } });
  if (!mailbox) throw new MailboxNotFoundError(mailboxId);
  throw new QuotaExceededError(mailboxId, bytes, mailbox.usedBytes, mailbox.quotaBytes);
}

/** Takes `bytes` and `count` messages off the mailbox (expunge, delete, move away). */
export async function releaseQuota(tx: Tx, mailboxId: number, bytes: number, count: number): Promise<void> {
  if (!bytes && !count) return;
  await tx.$executeRaw`
    UPDATE "Mailbox" SET "usedBytes" = GREATEST("usedBytes" - ${bytes}::bigint, 0), "messageCount" = GREATEST("messageCount" - ${count}::int, 0)
    WHERE id = ${mailboxId}::int`;
}

/** An early answer (SMTP RCPT, IMAP APPEND): would `size` more bytes fit now? */
export async function checkQuota(db: Db | Tx, mailboxId: number, size: number): Promise<QuotaState> {
  const mailbox = await db.mailbox.findUnique({ where: { id: mailboxId }, select: { usedBytes: true, quotaBytes: true } });
  if (!mailbox) throw new MailboxNotFoundError(mailboxId);
  const allowed = mailbox.quotaBytes === 0n || mailbox.usedBytes + BigInt(size) <= mailbox.quotaBytes;
  return { allowed, usedBytes: mailbox.usedBytes, quotaBytes: mailbox.quotaBytes };
}
