/**
 * The dispatcher: parsed command → checks → handler → tagged completion.
 *
 * In order, before any handler runs:
 *   1. the command is in the table             else BAD "Unknown command"
 *   2. the session offers it (capability gate) else BAD "... not available"
 *   3. the session state allows it             else BAD with the reason
 *   4. the arguments fit its schema            else BAD (or NO) with the schema's message
 *   5. a handler is registered                 else BAD "... not supported"
 * Then the handler runs and returns the completion (OK / NO / BAD). A
 * thrown error becomes `NO [SERVERBUG]`, and is reported through onError.
 *
 * Handlers send untagged responses through their session object; the
 * dispatcher only produces the tagged line's content. It does no I/O.
 */
import { ArgReader, ArgumentError } from './arguments.ts';
import { COMMANDS, type CommandArgs, type CommandName, isCommandName, type SessionState, stateRejection } from './commands.ts';
import type { ResponseCode } from './response-codes.ts';
import type { ParsedCommand } from './values.ts';

/** The tagged response that ends a command. */
export interface Completion {
  status: 'OK' | 'NO' | 'BAD';
  code?: ResponseCode;
  text: string;
}

/** What the dispatcher needs to know of a session; handlers get the full session object. */
export interface DispatchSession {
  readonly state: SessionState;
  /** Extensions turned on with ENABLE (upper-case). */
  readonly enabled: ReadonlySet<string>;
  /** Whether this session offers the command now (e.g. no STARTTLS once TLS is on). Default: yes. */
  isAvailable?(command: CommandName): boolean;
}

export interface CommandContext<S> {
  tag: string;
  command: CommandName;
  session: S;
}

/** One command's work. Untagged output goes through `context.session`; the result is the tagged line. */
export type CommandHandler<K extends CommandName, S> = (args: CommandArgs<K>, context: CommandContext<S>) => Completion | Promise<Completion>;

export type CommandHandlers<S> = { [K in CommandName]?: CommandHandler<K, S> };

/** A command that passed every check, its arguments typed by its name. */
export type ValidCommand = { [K in CommandName]: { ok: true; command: K; args: CommandArgs<K> } }[CommandName];

export type ValidationResult = ValidCommand | { ok: false; completion: Completion };

export interface DispatchResult {
  tag: string;
  completion: Completion;
  /** The command that ran (undefined when rejected before a handler). */
  command?: CommandName;
}

/** Steps 1-4 above, without running anything. */
export function validateCommand(parsed: ParsedCommand, session: DispatchSession): ValidationResult {
  const name = parsed.command;
  if (!isCommandName(name)) return reject('BAD', `Unknown command: ${printable(name)}`);
  if (session.isAvailable && !session.isAvailable(name)) return reject('BAD', `${name} is not available`);
  const stateProblem = stateRejection(name, session.state);
  if (stateProblem !== undefined) return reject('BAD', stateProblem);
  try {
    const reader = new ArgReader(parsed.args, { enabled: session.enabled });
    const args = COMMANDS[name].parse(reader);
    if (reader.refused) throw reader.refused;
    return { ok: true, command: name, args } as ValidCommand;
  } catch (error) {
    if (error instanceof ArgumentError) {
      const completion: Completion = { status: error.status, text: `${name}: ${error.message}` };
      if (error.code !== undefined) completion.code = error.code;
      return { ok: false, completion };
    }
    return reject('BAD', `${name}: invalid arguments`);
  }
}

/**
 * Message for the parser's `checkLiteral` hook: refuse a literal of a
 * command that will be rejected anyway (unknown, wrong state), so the
 * client is not asked to upload it.
 */
export function literalRejection(command: string | undefined, session: DispatchSession): string | undefined {
  if (command === undefined || !isCommandName(command)) return `Unknown command: ${printable(command ?? '')}`;
  if (session.isAvailable && !session.isAvailable(command)) return `${command} is not available`;
  return stateRejection(command, session.state);
}

export class Dispatcher<S extends DispatchSession> {
  constructor(
    private readonly handlers: CommandHandlers<S>,
    private readonly onError: (error: unknown, command: ParsedCommand) => void = () => {},
  ) {}

  async dispatch(parsed: ParsedCommand, session: S): Promise<DispatchResult> {
    const { tag } = parsed;
    const validation = validateCommand(parsed, session);
    if (!validation.ok) return { tag, completion: validation.completion };
    const { command, args } = validation;
    // validateCommand paired `args` with `command`; TypeScript cannot follow
    // that pairing through the handler lookup, hence the casts.
    const handler = this.handlers[command] as CommandHandler<CommandName, S> | undefined;
    if (!handler) return { tag, completion: { status: 'BAD', text: `${command} is not supported` } };
    try {
      const completion = await handler(args as never, { tag, command, session });
      return { tag, command, completion };
    } catch (error) {
      this.onError(error, parsed);
      return { tag, command, completion: { status: 'NO', code: 'SERVERBUG', text: `${command} failed: internal error` } };
    }
  }
}

function reject(status: 'BAD' | 'NO', text: string): ValidationResult {
  return { ok: false, completion: { status, text } };
}

function printable(text: string): string {
  const clean = text.replace(/[^\x20-\x7e]/g, '?');
  return clean.length > 40 ? `${clean.slice(0, 40)}...` : clean;
}
