/** NAMESPACE (RFC 2342): one personal namespace, "" with "/" as delimiter; no shared ones. */
import type { CommandHandler } from '../protocol/dispatcher.ts';
import { atom } from '../protocol/encoder.ts';
import type { Session } from '../server/session.ts';
import { ok } from './results.ts';

export const HIERARCHY_DELIMITER = '/';

export const namespace: CommandHandler<'NAMESPACE', Session> = async (_args, { session }) => {
  await session.send([atom('NAMESPACE'), [['', HIERARCHY_DELIMITER]], null, null]);
  return ok('NAMESPACE completed');
};
