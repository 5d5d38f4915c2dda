/** CAPABILITY (RFC 3501 §6.1.1). */

import type { CommandHandler } from '../protocol/dispatcher.ts';
import { atom } from '../protocol/encoder.ts';
import type { Session } from '../server/session.ts';
import { ok } from './results.ts';

export const capability: CommandHandler<'CAPABILITY', Session> = async (_args, { session }) => {
  await session.send([atom('CAPABILITY'), ...session.capabilities().map(atom)]);
  return ok('CAPABILITY completed');
};
