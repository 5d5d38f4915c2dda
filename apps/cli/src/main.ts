/**
 * `kontor GROUP COMMAND ...`: finds the command in the table, parses its
 * arguments, runs it, and turns any failure into exit code 1 and one line.
 */
import { readFileSync } from 'node:fs';
import { parseCommandLine } from './args.ts';
import { GROUPS, SYNONYMS } from './commands/index.ts';
import { type Context, createContext } from './context.ts';
import { describeError, UsageError } from './errors.ts';
import { commandHelp, groupHelp, mainHelp } from './help.ts';

const HELP = new Set(['help', '--help', '-h']);

/** Runs one command line; resolves to the exit code. */
export async function main(argv: string[]): Promise<number> {
  // `kontor domain list --json | head -1`: a reader that stops early is not an error.
  process.stdout.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code === 'EPIPE') process.exit(0);
    throw error;
  });
  const ctx = createContext();
  try {
    await dispatch(ctx, argv);
    return 0;
  } catch (error) {
    await report(error);
    return 1;
  } finally {
    await ctx.close().catch(() => undefined);
  }
}

async function dispatch(ctx: Context, argv: string[]): Promise<void> {
  const [first, second, ...rest] = argv;
  if (first === undefined || HELP.has(first)) {
    // `kontor help`, `kontor help domain`, `kontor help domain add`
    if (first === 'help' && second !== undefined) return dispatch(ctx, [second, ...rest, '--help']);
    return ctx.print(mainHelp(GROUPS));
  }
  if (first === '--version' || first === '-V') return ctx.print(version());
  if (first.startsWith('-')) throw new UsageError(`unknown option ${first}`, '');

  const group = GROUPS.find((g) => g.name === first);
  if (!group) throw new UsageError(`unknown command "${first}"${suggest(first)}`, '');
  if (second === undefined || HELP.has(second)) return ctx.print(groupHelp(group));
  if (second.startsWith('-')) throw new UsageError(`unknown option ${second}`, group.name);

  const command = group.commands.find((c) => c.name === second);
  if (!command) throw new UsageError(`unknown command "${group.name} ${second}"${suggest(second)}`, group.name);
  const input = parseCommandLine(group, command, rest);
  if (input.help) return ctx.print(commandHelp(group, command));
  await command.run(ctx, input);
}

function suggest(word: string): string {
  const known = SYNONYMS[word.toLowerCase()];
  return known ? ` (did you mean "${known}"?)` : '';
}

function version(): string {
  const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string };
  return `kontor ${pkg.version}`;
}

async function report(error: unknown): Promise<void> {
  const [first, ...more] = await describeError(error).catch(() => [String(error)]);
  process.stderr.write(`${[`kontor: ${first}`, ...more].join('\n')}\n`);
  if (process.env.KONTOR_DEBUG === '1' && error instanceof Error) process.stderr.write(`${error.stack ?? error.message}\n`);
}
