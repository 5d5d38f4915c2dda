/** UNSELECT (RFC 3691): leaves the selected state without expunging. */
import type { CommandHandler } from '../protocol/dispatcher.ts';
import type { Session } from '../server/session.ts';
import { ok } from './results.ts';

export const unselect: CommandHandler<'UNSELECT', Session> = (_args, { session }) => {
  session.deselect();
  return ok('UNSELECT completed');
};
