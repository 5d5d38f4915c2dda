/**
 * QUIT (RFC 1939 §6): in TRANSACTION the session enters UPDATE and the
 * messages marked deleted are removed, through the store's expunge (the
 * same path as IMAP EXPUNGE); then the lock is released and the
 * connection closes. Only QUIT removes anything: a connection that drops
 * or times out leaves the maildrop as it was.
 */
import { err, ok, type Reply } from '../protocol/replies.ts';
import type { Pop3User } from '../storage.ts';
import type { CommandContext } from './context.ts';

export async function quit<U extends Pop3User>(_args: unknown, { session, server }: CommandContext<U>): Promise<Reply> {
  const signOff = `${server.hostname} POP3 server signing off`;
  const view = session.maildrop;
  if (session.state !== 'transaction' || !view) return ok(signOff, { then: 'close' });

  session.state = 'update';
  const marked = view.deletedIndexes();
  try {
    if (marked.length === 0) return ok(`${signOff} (${view.count} messages left)`, { then: 'close' });
    if (session.lock?.lost) {
      server.log.warn({ user: session.user?.username }, 'pop3 maildrop lock lost before QUIT; nothing deleted');
      return err('The maildrop lock was lost; no messages were deleted', 'SYS/TEMP', { then: 'close' });
    }
    const removed = await view.maildrop.remove(marked);
    server.log.info({ user: session.user?.username, marked: marked.length, removed }, 'pop3 update');
    return ok(`${signOff} (${removed} deleted, ${view.count - marked.length} left)`, { then: 'close' });
  } catch (error) {
    server.log.error({ err: error, user: session.user?.username }, 'pop3 update failed');
    return err('Some deleted messages were not removed; try again later', 'SYS/TEMP', { then: 'close' });
  } finally {
    await session.releaseLock();
  }
}
