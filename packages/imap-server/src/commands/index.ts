/**
 * The handler set: one file per command (WildDuck style), registered here
 * by command name. The dispatcher has checked state and arguments before
 * any of them runs; a StorageError thrown inside becomes `NO [code]`.
 */
import type { CommandName } from '../protocol/commands.ts';
import type { CommandHandler, CommandHandlers } from '../protocol/dispatcher.ts';
import type { Session } from '../server/session.ts';
import { append } from './append.ts';
import { authenticate } from './authenticate.ts';
import { capability } from './capability.ts';
import { check } from './check.ts';
import { close } from './close.ts';
import { copy, uidCopy } from './copy.ts';
import { create } from './create.ts';
import { deleteMailbox } from './delete.ts';
import { enable } from './enable.ts';
import { expunge, uidExpunge } from './expunge.ts';
import { fetch, uidFetch } from './fetch.ts';
import { id } from './id.ts';
import { idle } from './idle.ts';
import { list } from './list.ts';
import { login } from './login.ts';
import { logout } from './logout.ts';
import { lsub } from './lsub.ts';
import { move, uidMove } from './move.ts';
import { namespace } from './namespace.ts';
import { noop } from './noop.ts';
import { getQuota, getQuotaRoot } from './quota.ts';
import { rename } from './rename.ts';
import { catchStorageErrors } from './results.ts';
import { searchCommand, uidSearch } from './search.ts';
import { examine, select } from './select.ts';
import { sortCommand, uidSort } from './sort.ts';
import { starttls } from './starttls.ts';
import { status } from './status.ts';
import { store, uidStore } from './store.ts';
import { subscribe, unsubscribe } from './subscribe.ts';
import { threadCommand, uidThread } from './thread.ts';
import { unselect } from './unselect.ts';

const handlers: CommandHandlers<Session> = {
  CAPABILITY: capability,
  NOOP: noop,
  LOGOUT: logout,
  ID: id,
  STARTTLS: starttls,
  AUTHENTICATE: authenticate,
  LOGIN: login,
  ENABLE: enable,
  SELECT: select,
  EXAMINE: examine,
  CREATE: create,
  DELETE: deleteMailbox,
  RENAME: rename,
  SUBSCRIBE: subscribe,
  UNSUBSCRIBE: unsubscribe,
  LIST: list,
  LSUB: lsub,
  NAMESPACE: namespace,
  STATUS: status,
  APPEND: append,
  IDLE: idle,
  GETQUOTA: getQuota,
  GETQUOTAROOT: getQuotaRoot,
  CHECK: check,
  CLOSE: close,
  UNSELECT: unselect,
  EXPUNGE: expunge,
  SEARCH: searchCommand,
  FETCH: fetch,
  STORE: store,
  COPY: copy,
  MOVE: move,
  SORT: sortCommand,
  THREAD: threadCommand,
  'UID FETCH': uidFetch,
  'UID STORE': uidStore,
  'UID COPY': uidCopy,
  'UID MOVE': uidMove,
  'UID SEARCH': uidSearch,
  'UID EXPUNGE': uidExpunge,
  'UID SORT': uidSort,
  'UID THREAD': uidThread,
};

function wrapAll(table: CommandHandlers<Session>): CommandHandlers<Session> {
  const wrapped: Record<string, unknown> = {};
  for (const [name, handler] of Object.entries(table)) {
    wrapped[name] = catchStorageErrors(handler as CommandHandler<CommandName, Session>);
  }
  return wrapped as CommandHandlers<Session>;
}

export const commandHandlers: CommandHandlers<Session> = wrapAll(handlers);
