/**
 * APPEND (RFC 3501 §6.3.11) with MULTIAPPEND (RFC 3502) and UIDPLUS
 * (RFC 4315 `[APPENDUID]`). A missing mailbox answers `[TRYCREATE]`, a
 * full one `[OVERQUOTA]`.
 *
 * MULTIAPPEND is all or nothing as the client sees it: the store appends
 * one message at a time, so when a later one fails the earlier ones are
 * expunged again before the NO (another session may glimpse them).
 */
import type { CommandHandler } from '../protocol/dispatcher.ts';
import type { Session } from '../server/session.ts';
import { StorageError } from '../storage.ts';
import { ok, storageFailure, userOf } from './results.ts';

export const append: CommandHandler<'APPEND', Session> = async ({ mailbox, messages }, { session }) => {
  const user = userOf(session);
  const appended: Array<{ mailboxId: number; uidValidity: number; uid: number }> = [];
  try {
    for (const message of messages) {
      const input: { content: Buffer; flags: readonly string[]; internalDate?: Date } = { content: message.content, flags: message.flags };
      if (message.internalDate) input.internalDate = message.internalDate.date;
      appended.push(await session.storage.append(user, mailbox, input));
    }
  } catch (error) {
    await rollBack(session, appended);
    if (error instanceof StorageError) return storageFailure(error, { tryCreate: true });
    throw error;
  }
  const first = appended[0]!;
  if (session.selected?.id === first.mailboxId) session.selected.dirty = true;
  return ok('APPEND completed', { code: 'APPENDUID', uidValidity: first.uidValidity, uids: appended.map((a) => a.uid) });
};

async function rollBack(session: Session, appended: ReadonlyArray<{ mailboxId: number; uid: number }>): Promise<void> {
  const first = appended[0];
  if (!first) return;
  const uids = appended.map((a) => a.uid);
  try {
    await session.storage.storeFlags(first.mailboxId, uids, { operation: 'add', flags: ['\\Deleted'] });
    await session.storage.expunge(first.mailboxId, uids);
  } catch (error) {
    session.log.error({ err: error, uids }, 'IMAP MULTIAPPEND rollback failed');
  }
}
