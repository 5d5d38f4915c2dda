/**
 * One command line → keyword and argument text (RFC 1939 §3: a
 * case-insensitive keyword, then arguments separated by a space). The
 * argument text is kept as sent: PASS takes the rest of the line, spaces
 * included (RFC 1939 §7); the other commands split it with ArgReader.
 */

export interface ParsedCommand {
  /** Upper-cased keyword, non-printable octets shown as `?`. */
  keyword: string;
  /** Everything after the first space ('' when none). */
  argText: string;
  /** Whether a space followed the keyword (`LIST ` has an empty argument). */
  hasArgs: boolean;
}

export function parseCommandLine(line: Buffer): ParsedCommand {
  // latin1 keeps one character per octet; arguments are ASCII in POP3, and
  // a UTF-8 password survives the round trip through Buffer.from(_, 'latin1').
  const text = line.toString('latin1');
  const space = text.indexOf(' ');
  const word = space === -1 ? text : text.slice(0, space);
  return {
    keyword: printable(word).toUpperCase(),
    argText: space === -1 ? '' : text.slice(space + 1),
    hasArgs: space !== -1,
  };
}

/** Text of a client line as it may appear in a reply or a log: ASCII only, at most 40 characters. */
export function printable(text: string): string {
  const clean = text.replace(/[^\x20-\x7e]/g, '?');
  return clean.length > 40 ? `${clean.slice(0, 40)}...` : clean;
}

/** Argument text back to the octets the client sent, read as UTF-8 (user names, passwords). */
export function argumentUtf8(argText: string): string {
  return Buffer.from(argText, 'latin1').toString('utf8');
}
