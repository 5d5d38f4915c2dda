/**
 * The dispatcher: parsed command → checks → handler → reply.
 *
 * In order, before any handler runs:
 *   1. the command is in the table               else -ERR "Unknown command"
 *   2. the session state allows it               else -ERR with the reason
 *   3. the session offers it now (unavailable)   else the session's -ERR (USER before STLS ...)
 *   4. the arguments fit its schema              else -ERR with the schema's message
 * Then the handler runs and returns the reply. A thrown error becomes
 * `-ERR [SYS/TEMP]` and is reported through onError. No I/O here.
 */
import { isTemporaryOutage } from '@kontor/core/errors';
import { ArgReader, ArgumentError, type MaildropIndex } from './arguments.ts';
import { COMMANDS, type CommandArgs, type CommandName, isCommandName, type Pop3State, stateRejection } from './commands.ts';
import type { ParsedCommand } from './parser.ts';
import { err, type Reply } from './replies.ts';

/** What the dispatcher needs to know of a session. */
export interface DispatchSession {
  readonly state: Pop3State;
  /** The open maildrop (TRANSACTION state): message numbers are checked against it. */
  readonly maildropIndex?: MaildropIndex;
  /** Why the session does not offer `command` now (STLS under TLS, USER before TLS ...); undefined: it does. */
  unavailable?(command: CommandName): Reply | undefined;
}

export type CommandHandler<K extends CommandName, C> = (args: CommandArgs<K>, context: C) => Reply | Promise<Reply>;

export type CommandHandlers<C> = { readonly [K in CommandName]: CommandHandler<K, C> };

/** A command that passed every check, its arguments typed by its name. */
export type ValidCommand = { [K in CommandName]: { ok: true; command: K; args: CommandArgs<K> } }[CommandName];

export type ValidationResult = ValidCommand | { ok: false; reply: Reply };

/** Steps 1-4 above, without running anything. */
export function validateCommand(parsed: ParsedCommand, session: DispatchSession): ValidationResult {
  const name = parsed.keyword;
  if (name === '') return { ok: false, reply: err('Empty command line') };
  if (!isCommandName(name)) return { ok: false, reply: err(`Unknown command: ${name}`) };
  const stateProblem = stateRejection(name, session.state);
  if (stateProblem !== undefined) return { ok: false, reply: err(stateProblem) };
  const unavailable = session.unavailable?.(name);
  if (unavailable) return { ok: false, reply: unavailable };
  try {
    const args = COMMANDS[name].parse(new ArgReader(parsed.argText, session.maildropIndex));
    return { ok: true, command: name, args } as ValidCommand;
  } catch (error) {
    if (error instanceof ArgumentError) return { ok: false, reply: err(`${name}: ${error.message}`, error.code) };
    throw error;
  }
}

export class Dispatcher<C extends { session: DispatchSession }> {
  constructor(
    private readonly handlers: CommandHandlers<C>,
    private readonly onError: (error: unknown, command: string) => void = () => {},
  ) {}

  async dispatch(parsed: ParsedCommand, context: C): Promise<Reply> {
    const validation = validateCommand(parsed, context.session);
    if (!validation.ok) return validation.reply;
    const { command, args } = validation;
    // validateCommand paired `args` with `command`; TypeScript cannot follow
    // that pairing through the handler lookup, hence the cast.
    const handler = this.handlers[command] as CommandHandler<CommandName, C>;
    try {
      return await handler(args as never, context);
    } catch (error) {
      this.onError(error, command);
      // RFC 3206 SYS/TEMP either way; the text tells an unreachable database from a bug.
      if (isTemporaryOutage(error)) return err(`${command} failed: the server is temporarily unavailable, try again later`, 'SYS/TEMP');
      return err(`${command} failed: internal error, try again later`, 'SYS/TEMP');
    }
  }
}
