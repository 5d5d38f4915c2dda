/** LOGOUT (RFC 3501 §6.1.3): `* BYE`, tagged OK, then the connection closes. */
import type { CommandHandler } from '../protocol/dispatcher.ts';
import type { Session } from '../server/session.ts';
import { ok } from './results.ts';

export const logout: CommandHandler<'LOGOUT', Session> = async (_args, { session }) => {
  await session.sendStatus('BYE', 'Logging out');
  session.close();
  return ok('LOGOUT completed');
};
