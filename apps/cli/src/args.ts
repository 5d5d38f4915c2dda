/**
 * The command table's shape and the one place that reads argv. A command
 * declares its positionals and options; the dispatcher rejects a missing
 * argument or an unknown option before the handler runs.
 */
import { parseArgs } from 'node:util';
import type { Context } from './context.ts';
import { UsageError } from './errors.ts';

export interface PositionalSpec {
  /** Shown in usage, for example `ADDRESS`. */
  name: string;
  /** How usage writes it when not `name`, for example `DEST[,DEST…]`. */
  label?: string;
  /** More than one value allowed (the rest of the line). */
  variadic?: boolean;
}

export interface OptionSpec {
  type: 'string' | 'boolean';
  /** Placeholder shown in usage for string options, for example `SIZE`. */
  value?: string;
  required?: boolean;
  help: string;
}

export interface CommandSpec {
  name: string;
  summary: string;
  positionals: PositionalSpec[];
  options: Record<string, OptionSpec>;
  examples: string[];
  /** Extra lines for `--help`, after the options. */
  notes?: string[];
  run(ctx: Context, input: ParsedInput): Promise<void>;
}

export interface GroupSpec {
  name: string;
  summary: string;
  commands: CommandSpec[];
}

export interface ParsedInput {
  /** A required positional, by its name in the spec. */
  arg(name: string): string;
  /** All values of a variadic positional. */
  args(name: string): string[];
  string(option: string): string | undefined;
  flag(option: string): boolean;
  help: boolean;
}

export const JSON_OPTION: OptionSpec = { type: 'boolean', help: 'Print JSON instead of a table' };

/** Parses the arguments after `kontor GROUP COMMAND` against the command's spec. */
export function parseCommandLine(group: GroupSpec, command: CommandSpec, argv: string[]): ParsedInput {
  const usage = `${group.name} ${command.name}`;
  const options: Record<string, { type: 'string' | 'boolean'; short?: string }> = { help: { type: 'boolean', short: 'h' } };
  for (const [name, spec] of Object.entries(command.options)) options[name] = { type: spec.type };

  let values: Record<string, string | boolean | undefined>;
  let positionals: string[];
  try {
    ({ values, positionals } = parseArgs({ args: argv, options, allowPositionals: true, strict: true }));
  } catch (error) {
    throw new UsageError(describeParseError(error), usage);
  }
  const help = values.help === true;
  const byName = new Map<string, string[]>();
  if (!help) {
    let index = 0;
    for (const spec of command.positionals) {
      if (spec.variadic) {
        byName.set(spec.name, positionals.slice(index));
        index = positionals.length;
        if (byName.get(spec.name)!.length === 0) throw new UsageError(`missing ${spec.label ?? spec.name}`, usage);
      } else {
        const value = positionals[index++];
        if (value === undefined || value === '') throw new UsageError(`missing ${spec.name}`, usage);
        byName.set(spec.name, [value]);
      }
    }
    if (positionals.length > index) throw new UsageError(`unexpected argument "${positionals[index]}"`, usage);
    for (const [name, spec] of Object.entries(command.options)) {
      if (spec.required && values[name] === undefined) throw new UsageError(`missing --${name} ${spec.value ?? ''}`.trim(), usage);
    }
  }

  return {
    help,
    arg: (name) => byName.get(name)?.[0] ?? '',
    args: (name) => byName.get(name) ?? [],
    string: (option) => {
      const value = values[option];
      return typeof value === 'string' ? value : undefined;
    },
    flag: (option) => values[option] === true,
  };
}

/** node:util's messages are long and mention internals; say it in one short line. */
function describeParseError(error: unknown): string {
  const code = (error as { code?: string }).code;
  const message = error instanceof Error ? error.message : String(error);
  const option = /'(-[^' ]*)/.exec(message)?.[1];
  const longName = /'(?:-\w, )?(--[\w-]+)/.exec(message)?.[1] ?? option;
  if (code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION') return `unknown option ${option ?? message}`;
  if (code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE') {
    if (message.includes('argument missing')) return `${longName} needs a value`;
    if (message.includes('does not take an argument')) return `${longName} takes no value`;
    if (message.includes('ambiguous')) return `the value of ${longName} starts with "-"; write ${longName}=VALUE`;
  }
  return message.split('\n')[0] ?? message;
}
