/**
 * The arguments of a command as its debug log line shows them: enough to
 * see what a client asked for, never a secret and never message content.
 * LOGIN and AUTHENTICATE arguments are redacted (AUTHENTICATE's initial
 * response is a password too); a literal (an APPEND body, a LOGIN password
 * sent as a literal) shows only its size.
 */
import type { ImapValue, ParsedCommand } from '../protocol/values.ts';

const REDACTED_COMMANDS = new Set(['LOGIN', 'AUTHENTICATE']);
const MAX_LENGTH = 300;

export function describeCommandArgs(command: ParsedCommand): string {
  if (REDACTED_COMMANDS.has(command.command)) {
    // The user name (LOGIN's first argument) is kept apart by the caller once known.
    return command.args.length ? '<redacted>' : '';
  }
  const text = command.args.map(describe).join(' ');
  return text.length > MAX_LENGTH ? `${text.slice(0, MAX_LENGTH)}...` : text;
}

function describe(value: ImapValue): string {
  switch (value.type) {
    case 'atom':
      return printable(value.value);
    case 'quoted':
      return `"${printable(value.value).replace(/["\\]/g, '\\$&')}"`;
    case 'literal':
      return `${value.binary ? '~' : ''}{${value.value.length}}`;
    case 'nil':
      return 'NIL';
    case 'list':
      return `(${value.items.map(describe).join(' ')})`;
  }
}

/** Control characters (CR, LF, NUL...) would break a log line. */
function printable(text: string): string {
  return text.replace(/[\x00-\x1f\x7f]/g, '?');
}
