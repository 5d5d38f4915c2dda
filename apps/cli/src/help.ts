/** Usage text, rendered from the command table so it cannot drift from what is parsed. */
import type { CommandSpec, GroupSpec } from './args.ts';

export function commandUsage(group: GroupSpec, command: CommandSpec): string {
  const parts = [`kontor ${group.name} ${command.name}`];
  for (const positional of command.positionals) parts.push(positional.label ?? positional.name);
  for (const [name, option] of Object.entries(command.options)) {
    const text = option.type === 'string' ? `--${name} ${option.value ?? 'VALUE'}` : `--${name}`;
    parts.push(option.required ? text : `[${text}]`);
  }
  return parts.join(' ');
}

function indentedPairs(pairs: [string, string][]): string[] {
  const size = Math.max(...pairs.map(([left]) => left.length));
  return pairs.map(([left, right]) => `  ${left.padEnd(size)}  ${right}`);
}

export function mainHelp(groups: GroupSpec[]): string {
  return [
    'kontor: administer a Kontor mail server (domains, mailboxes, aliases)',
    '',
    'Usage: kontor GROUP COMMAND [ARGUMENTS] [OPTIONS]',
    '',
    ...groups.flatMap((group) => [`${group.summary}:`, ...group.commands.map((command) => `  ${commandUsage(group, command)}`), '']),
    'Every list and show command takes --json. --password - reads the password from stdin.',
    'Details: kontor GROUP --help, kontor GROUP COMMAND --help.',
    '',
    'The database is DATABASE_URL, else the embedded one that `npm start` serves.',
    'Exit code 0 on success, 1 with one line on stderr on any error; KONTOR_DEBUG=1 adds the stack trace.',
  ].join('\n');
}

export function groupHelp(group: GroupSpec): string {
  return [
    `kontor ${group.name}: ${group.summary}`,
    '',
    ...group.commands.flatMap((command) => [`  ${commandUsage(group, command)}`, `      ${command.summary}`]),
    '',
    `Details: kontor ${group.name} COMMAND --help`,
  ].join('\n');
}

export function commandHelp(group: GroupSpec, command: CommandSpec): string {
  const options: [string, string][] = Object.entries(command.options).map(([name, option]) => [
    option.type === 'string' ? `--${name} ${option.value ?? 'VALUE'}` : `--${name}`,
    option.required ? `${option.help} (required)` : option.help,
  ]);
  options.push(['-h, --help', 'Show this help']);
  return [
    `Usage: ${commandUsage(group, command)}`,
    '',
    command.summary,
    '',
    'Options:',
    ...indentedPairs(options),
    ...(command.notes?.length ? ['', ...command.notes] : []),
    '',
    'Examples:',
    ...command.examples.map((example) => `  ${example}`),
  ].join('\n');
}
