/**
 * The command table: for every command the server knows, the session
 * states that allow it and the schema that turns its raw arguments into a
 * typed object (or a precise BAD). The dispatcher applies both before any
 * handler runs, so handlers only ever see valid commands in valid states.
 *
 * To add a command: add an entry here (states + parse), an argument type
 * and parser under args/ if it takes more than a mailbox name, and a
 * handler under commands/ (see docs/imap.md).
 */

import { type AppendArgs, parseAppendArgs } from './args/append.ts';
import { type FetchArgs, parseFetchArgs } from './args/fetch.ts';
import { type ListArgs, type LsubArgs, parseListArgs, parseLsubArgs } from './args/list.ts';
import {
  type CopyArgs,
  type CreateArgs,
  type MailboxArgs,
  parseCopyArgs,
  parseCreateArgs,
  parseMailboxArgs,
  parseQuotaRootArgs,
  parseRenameArgs,
  parseUidExpungeArgs,
  type QuotaRootArgs,
  type RenameArgs,
  type UidExpungeArgs,
} from './args/mailbox.ts';
import { parseSearchArgs, type SearchArgs } from './args/search.ts';
import { parseSelectArgs, type SelectArgs } from './args/select.ts';
import {
  type AuthenticateArgs,
  type EnableArgs,
  type IdArgs,
  type LoginArgs,
  parseAuthenticateArgs,
  parseEnableArgs,
  parseIdArgs,
  parseLoginArgs,
} from './args/session.ts';
import { parseSortArgs, parseThreadArgs, type SortArgs, type ThreadArgs } from './args/sort-thread.ts';
import { parseStatusArgs, type StatusArgs } from './args/status.ts';
import { parseStoreArgs, type StoreArgs } from './args/store.ts';
import type { ArgReader } from './arguments.ts';

/** RFC 3501 §3: the connection's state. */
export type SessionState = 'not-authenticated' | 'authenticated' | 'selected' | 'logout';

/** Commands without arguments get this. */
export type NoArgs = Record<string, never>;

export interface CommandSpec<Args> {
  /** States in which the command may be used; any other gets BAD before the handler. */
  readonly states: readonly SessionState[];
  /**
   * Capabilities this command implements, wholly or in part (RFC 3501
   * §7.2.1): CAPABILITY advertises exactly what the records declare (and
   * the parser's LITERAL+), so an extension is advertised when, and only
   * when, a command with a handler carries it (server/capabilities.ts).
   */
  readonly capabilities?: readonly string[];
  /** Raw arguments → typed arguments; throws ArgumentError on anything invalid. */
  readonly parse: (reader: ArgReader) => Args;
}

const ANY: readonly SessionState[] = ['not-authenticated', 'authenticated', 'selected'];
const NOT_AUTHENTICATED: readonly SessionState[] = ['not-authenticated'];
const AUTHENTICATED: readonly SessionState[] = ['authenticated', 'selected'];
const SELECTED: readonly SessionState[] = ['selected'];

function noArgs(reader: ArgReader): NoArgs {
  reader.end();
  return {};
}

/** Argument types by command name: the contract between the table and the handlers. */
export interface CommandArgsMap {
  CAPABILITY: NoArgs;
  NOOP: NoArgs;
  LOGOUT: NoArgs;
  ID: IdArgs;
  STARTTLS: NoArgs;
  AUTHENTICATE: AuthenticateArgs;
  LOGIN: LoginArgs;
  ENABLE: EnableArgs;
  SELECT: SelectArgs;
  EXAMINE: SelectArgs;
  CREATE: CreateArgs;
  DELETE: MailboxArgs;
  RENAME: RenameArgs;
  SUBSCRIBE: MailboxArgs;
  UNSUBSCRIBE: MailboxArgs;
  LIST: ListArgs;
  LSUB: LsubArgs;
  NAMESPACE: NoArgs;
  STATUS: StatusArgs;
  APPEND: AppendArgs;
  IDLE: NoArgs;
  GETQUOTA: QuotaRootArgs;
  GETQUOTAROOT: MailboxArgs;
  CHECK: NoArgs;
  CLOSE: NoArgs;
  UNSELECT: NoArgs;
  EXPUNGE: NoArgs;
  SEARCH: SearchArgs;
  FETCH: FetchArgs;
  STORE: StoreArgs;
  COPY: CopyArgs;
  MOVE: CopyArgs;
  SORT: SortArgs;
  THREAD: ThreadArgs;
  'UID FETCH': FetchArgs;
  'UID STORE': StoreArgs;
  'UID COPY': CopyArgs;
  'UID MOVE': CopyArgs;
  'UID SEARCH': SearchArgs;
  'UID SORT': SortArgs;
  'UID THREAD': ThreadArgs;
  'UID EXPUNGE': UidExpungeArgs;
}

export type CommandName = keyof CommandArgsMap;
export type CommandArgs<K extends CommandName> = CommandArgsMap[K];

export const COMMANDS: { readonly [K in CommandName]: CommandSpec<CommandArgsMap[K]> } = {
  // Any state (RFC 3501 §6.1; ID RFC 2971)
  CAPABILITY: { states: ANY, capabilities: ['IMAP4rev1'], parse: noArgs },
  NOOP: { states: ANY, parse: noArgs },
  LOGOUT: { states: ANY, parse: noArgs },
  ID: { states: ANY, capabilities: ['ID'], parse: parseIdArgs },

  // Not authenticated (§6.2)
  STARTTLS: { states: NOT_AUTHENTICATED, capabilities: ['STARTTLS'], parse: noArgs },
  AUTHENTICATE: { states: NOT_AUTHENTICATED, capabilities: ['SASL-IR'], parse: parseAuthenticateArgs },
  LOGIN: { states: NOT_AUTHENTICATED, parse: parseLoginArgs },

  // Authenticated (§6.3); ENABLE only before a mailbox is selected (RFC 5161 §3.1)
  ENABLE: { states: ['authenticated'], capabilities: ['ENABLE', 'UTF8=ACCEPT'], parse: parseEnableArgs },
  SELECT: { states: AUTHENTICATED, capabilities: ['CONDSTORE', 'QRESYNC'], parse: parseSelectArgs },
  EXAMINE: { states: AUTHENTICATED, capabilities: ['CONDSTORE', 'QRESYNC'], parse: parseSelectArgs },
  CREATE: { states: AUTHENTICATED, capabilities: ['CREATE-SPECIAL-USE'], parse: parseCreateArgs },
  DELETE: { states: AUTHENTICATED, parse: parseMailboxArgs },
  RENAME: { states: AUTHENTICATED, parse: parseRenameArgs },
  SUBSCRIBE: { states: AUTHENTICATED, parse: parseMailboxArgs },
  UNSUBSCRIBE: { states: AUTHENTICATED, parse: parseMailboxArgs },
  LIST: { states: AUTHENTICATED, capabilities: ['LIST-EXTENDED', 'LIST-STATUS', 'SPECIAL-USE', 'CHILDREN'], parse: parseListArgs },
  LSUB: { states: AUTHENTICATED, parse: parseLsubArgs },
  NAMESPACE: { states: AUTHENTICATED, capabilities: ['NAMESPACE'], parse: noArgs },
  STATUS: { states: AUTHENTICATED, capabilities: ['STATUS=SIZE'], parse: parseStatusArgs },
  APPEND: { states: AUTHENTICATED, capabilities: ['MULTIAPPEND', 'UIDPLUS', 'BINARY'], parse: parseAppendArgs },
  IDLE: { states: AUTHENTICATED, capabilities: ['IDLE'], parse: noArgs },
  GETQUOTA: { states: AUTHENTICATED, capabilities: ['QUOTA'], parse: parseQuotaRootArgs },
  GETQUOTAROOT: { states: AUTHENTICATED, capabilities: ['QUOTA'], parse: parseMailboxArgs },

  // Selected (§6.4; UNSELECT RFC 3691, MOVE RFC 6851, SORT/THREAD RFC 5256)
  CHECK: { states: SELECTED, parse: noArgs },
  CLOSE: { states: SELECTED, parse: noArgs },
  UNSELECT: { states: SELECTED, capabilities: ['UNSELECT'], parse: noArgs },
  EXPUNGE: { states: SELECTED, parse: noArgs },
  SEARCH: { states: SELECTED, capabilities: ['ESEARCH', 'SEARCHRES', 'WITHIN', 'CONDSTORE'], parse: (r) => parseSearchArgs(r, false) },
  FETCH: { states: SELECTED, capabilities: ['CONDSTORE', 'BINARY', 'PREVIEW'], parse: (r) => parseFetchArgs(r, false) },
  STORE: { states: SELECTED, capabilities: ['CONDSTORE'], parse: (r) => parseStoreArgs(r, false) },
  COPY: { states: SELECTED, capabilities: ['UIDPLUS'], parse: (r) => parseCopyArgs(r, false) },
  MOVE: { states: SELECTED, capabilities: ['MOVE'], parse: (r) => parseCopyArgs(r, false) },
  SORT: { states: SELECTED, capabilities: ['SORT', 'SORT=DISPLAY', 'ESORT'], parse: (r) => parseSortArgs(r, false) },
  THREAD: { states: SELECTED, capabilities: ['THREAD=ORDEREDSUBJECT', 'THREAD=REFERENCES'], parse: (r) => parseThreadArgs(r, false) },
  'UID FETCH': { states: SELECTED, capabilities: ['CONDSTORE', 'QRESYNC', 'BINARY', 'PREVIEW'], parse: (r) => parseFetchArgs(r, true) },
  'UID STORE': { states: SELECTED, capabilities: ['CONDSTORE'], parse: (r) => parseStoreArgs(r, true) },
  'UID COPY': { states: SELECTED, capabilities: ['UIDPLUS'], parse: (r) => parseCopyArgs(r, true) },
  'UID MOVE': { states: SELECTED, capabilities: ['MOVE', 'UIDPLUS'], parse: (r) => parseCopyArgs(r, true) },
  'UID SEARCH': { states: SELECTED, capabilities: ['ESEARCH', 'SEARCHRES', 'WITHIN', 'CONDSTORE'], parse: (r) => parseSearchArgs(r, true) },
  'UID SORT': { states: SELECTED, capabilities: ['SORT', 'SORT=DISPLAY', 'ESORT'], parse: (r) => parseSortArgs(r, true) },
  'UID THREAD': { states: SELECTED, capabilities: ['THREAD=ORDEREDSUBJECT', 'THREAD=REFERENCES'], parse: (r) => parseThreadArgs(r, true) },
  'UID EXPUNGE': { states: SELECTED, capabilities: ['UIDPLUS'], parse: parseUidExpungeArgs },
};

export function isCommandName(name: string): name is CommandName {
  return Object.hasOwn(COMMANDS, name);
}

/** Why `command` may not run in `state`, in words for the BAD response; undefined if it may. */
export function stateRejection(command: CommandName, state: SessionState): string | undefined {
  const { states } = COMMANDS[command];
  if (states.includes(state)) return undefined;
  switch (state) {
    case 'logout':
      return 'Connection is logging out';
    case 'not-authenticated':
      return `${command} needs authentication first`;
    case 'authenticated':
      return states.includes('selected') ? `${command} needs a selected mailbox` : `${command} is not allowed after authentication`;
    case 'selected':
      if (command === 'ENABLE') return 'ENABLE is not allowed while a mailbox is selected';
      return `${command} is not allowed after authentication`;
  }
}
