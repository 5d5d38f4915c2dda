/**
 * COPY and UID COPY (RFC 3501 §6.4.7) with UIDPLUS `[COPYUID]`
 * (RFC 4315). A missing destination answers `[TRYCREATE]`.
 */
import type { CopyArgs } from '../protocol/args/mailbox.ts';
import type { CommandHandler, Completion } from '../protocol/dispatcher.ts';
import type { Session } from '../server/session.ts';
import { type CopyResult, StorageError } from '../storage.ts';
import { bad, ok, selectedOf, storageFailure, userOf } from './results.ts';

async function copyMessages(args: CopyArgs, session: Session): Promise<Completion> {
  const view = selectedOf(session);
  const resolved = view.resolve(args.set, args.uid);
  if ('error' in resolved) return bad(resolved.error);
  let result: CopyResult;
  try {
    result = await session.storage.copy(userOf(session), view.id, resolved.uids, args.mailbox);
  } catch (error) {
    if (error instanceof StorageError) return storageFailure(error, { tryCreate: true });
    throw error;
  }
  if (args.mailbox === view.name) view.dirty = true;
  if (result.mapping.length === 0) return ok('COPY completed (nothing to copy)');
  return ok('COPY completed', {
    code: 'COPYUID',
    uidValidity: result.uidValidity,
    sourceUids: result.mapping.map(([source]) => source),
    destinationUids: result.mapping.map(([, destination]) => destination),
  });
}

export const copy: CommandHandler<'COPY', Session> = (args, { session }) => copyMessages(args, session);
export const uidCopy: CommandHandler<'UID COPY', Session> = (args, { session }) => copyMessages(args, session);
