/**
 * CLOSE (RFC 3501 §6.4.2): expunges \Deleted messages silently (unless
 * read-only) and leaves the selected state.
 */
import type { CommandHandler } from '../protocol/dispatcher.ts';
import type { Session } from '../server/session.ts';
import { ok, selectedOf } from './results.ts';

export const close: CommandHandler<'CLOSE', Session> = async (_args, { session }) => {
  const view = selectedOf(session);
  session.deselect();
  if (!view.readOnly) await session.storage.expunge(view.id);
  return ok('CLOSE completed');
};
