/**
 * The command table: for every command the server knows, the session
 * states that allow it and the schema that turns its argument text into a
 * typed object (or a precise `-ERR`). The dispatcher applies both before
 * any handler runs, so handlers only ever see valid commands in valid
 * states, with message numbers that exist and are not deleted.
 *
 * To add a command: an entry here (states + parse), its argument type in
 * CommandArgsMap, and a handler in src/commands/ (see docs/pop3.md).
 */
import type { ArgReader, MessageRef } from './arguments.ts';
import { argumentUtf8 } from './parser.ts';

/**
 * RFC 1939 §3: AUTHORIZATION until login, TRANSACTION while the maildrop
 * is open, UPDATE after QUIT (deletions are applied, then the connection
 * closes; no command runs in it).
 */
export type Pop3State = 'authorization' | 'transaction' | 'update';

export type NoArgs = Record<string, never>;

export interface CommandSpec<Args> {
  readonly states: readonly Pop3State[];
  readonly parse: (reader: ArgReader) => Args;
}

const AUTHORIZATION: readonly Pop3State[] = ['authorization'];
const TRANSACTION: readonly Pop3State[] = ['transaction'];
const BOTH: readonly Pop3State[] = ['authorization', 'transaction'];

export interface CommandArgsMap {
  // RFC 1939
  USER: { username: string };
  PASS: { password: string };
  QUIT: NoArgs;
  STAT: NoArgs;
  LIST: { message?: MessageRef };
  RETR: { message: MessageRef };
  DELE: { message: MessageRef };
  NOOP: NoArgs;
  RSET: NoArgs;
  TOP: { message: MessageRef; lines: number };
  UIDL: { message?: MessageRef };
  // RFC 2449, RFC 2595, RFC 5034
  CAPA: NoArgs;
  STLS: NoArgs;
  /** No mechanism: list the mechanisms (what many clients probe with). */
  AUTH: { mechanism?: string; initialResponse?: string };
}

export type CommandName = keyof CommandArgsMap;
export type CommandArgs<K extends CommandName> = CommandArgsMap[K];

const noArgs =
  (command: string) =>
  (reader: ArgReader): NoArgs => {
    reader.end(command);
    return {};
  };

export const COMMANDS: { readonly [K in CommandName]: CommandSpec<CommandArgsMap[K]> } = {
  USER: {
    states: AUTHORIZATION,
    parse: (r) => {
      const username = argumentUtf8(r.rest('user name')).trim();
      if (!username) r.fail('Missing user name');
      return { username };
    },
  },
  PASS: { states: AUTHORIZATION, parse: (r) => ({ password: argumentUtf8(r.rest('password')) }) },
  AUTH: {
    states: AUTHORIZATION,
    parse: (r) => {
      if (r.done) return {};
      const mechanism = r.word('mechanism').toUpperCase();
      if (r.done) return { mechanism };
      const initialResponse = r.word('initial response');
      r.end('AUTH');
      return { mechanism, initialResponse };
    },
  },
  STLS: { states: AUTHORIZATION, parse: noArgs('STLS') },
  CAPA: { states: BOTH, parse: noArgs('CAPA') },
  QUIT: { states: BOTH, parse: noArgs('QUIT') },

  STAT: { states: TRANSACTION, parse: noArgs('STAT') },
  LIST: {
    states: TRANSACTION,
    parse: (r) => {
      const message = r.optionalMessage();
      r.end('LIST');
      return message ? { message } : {};
    },
  },
  RETR: {
    states: TRANSACTION,
    parse: (r) => {
      const message = r.message();
      r.end('RETR');
      return { message };
    },
  },
  DELE: {
    states: TRANSACTION,
    parse: (r) => {
      const message = r.message();
      r.end('DELE');
      return { message };
    },
  },
  NOOP: { states: TRANSACTION, parse: noArgs('NOOP') },
  RSET: { states: TRANSACTION, parse: noArgs('RSET') },
  TOP: {
    states: TRANSACTION,
    parse: (r) => {
      const message = r.message();
      const lines = r.number('line count');
      r.end('TOP');
      return { message, lines };
    },
  },
  UIDL: {
    states: TRANSACTION,
    parse: (r) => {
      const message = r.optionalMessage();
      r.end('UIDL');
      return message ? { message } : {};
    },
  },
};

export function isCommandName(name: string): name is CommandName {
  return Object.hasOwn(COMMANDS, name);
}

/** Why `command` may not run in `state`, in words for the `-ERR`; undefined if it may. */
export function stateRejection(command: CommandName, state: Pop3State): string | undefined {
  const { states } = COMMANDS[command];
  if (states.includes(state)) return undefined;
  switch (state) {
    case 'authorization':
      return `${command} is only valid after login`;
    case 'transaction':
      return `${command} is only valid before login`;
    case 'update':
      return 'The session is ending';
  }
}
