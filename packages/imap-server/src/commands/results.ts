/**
 * Small helpers every handler uses: completions, and storage failures →
 * `NO [code]` (handlers are wrapped with `catchStorageErrors` in index.ts,
 * so a StorageError thrown anywhere in a handler answers the client
 * precisely instead of `NO [SERVERBUG]`). A database (or other backend)
 * that cannot be reached is `NO [UNAVAILABLE]` (RFC 5530 §3: "temporary
 * failure ... the client may retry"), not a server bug.
 */
import { isTemporaryOutage } from '@kontor/core/errors';
import type { CommandName } from '../protocol/commands.ts';
import type { CommandHandler, Completion } from '../protocol/dispatcher.ts';
import type { ResponseCode } from '../protocol/response-codes.ts';
import type { Session } from '../server/session.ts';
import { StorageError } from '../storage.ts';

export function ok(text: string, code?: ResponseCode): Completion {
  return code === undefined ? { status: 'OK', text } : { status: 'OK', code, text };
}

export function no(text: string, code?: ResponseCode): Completion {
  return code === undefined ? { status: 'NO', text } : { status: 'NO', code, text };
}

export function bad(text: string, code?: ResponseCode): Completion {
  return code === undefined ? { status: 'BAD', text } : { status: 'BAD', code, text };
}

export function storageFailure(error: StorageError, options: { tryCreate?: boolean } = {}): Completion {
  if (error.code === 'NONEXISTENT' && options.tryCreate) return no(error.message, 'TRYCREATE');
  if (error.code === 'UNAVAILABLE') return no(error.message, 'UNAVAILABLE');
  return no(error.message, error.code);
}

export function catchStorageErrors<K extends CommandName>(handler: CommandHandler<K, Session>): CommandHandler<K, Session> {
  return async (args, context) => {
    try {
      return await handler(args, context);
    } catch (error) {
      if (error instanceof StorageError) return storageFailure(error);
      if (isTemporaryOutage(error)) {
        context.session.log.warn({ err: error, command: context.command, client: context.session.client.address }, 'IMAP backend unavailable');
        return no(`${context.command} failed: the server is temporarily unavailable, try again later`, 'UNAVAILABLE');
      }
      throw error;
    }
  };
}

/** The selected mailbox (the dispatcher has checked the state). */
export function selectedOf(session: Session) {
  const view = session.selected;
  if (!view) throw new Error('No mailbox selected');
  return view;
}

/** The logged-in user (the dispatcher has checked the state). */
export function userOf(session: Session) {
  const user = session.user;
  if (!user) throw new Error('Not authenticated');
  return user;
}
