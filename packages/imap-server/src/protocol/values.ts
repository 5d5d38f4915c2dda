/**
 * The values a client command is made of, as the tokenizer produces them
 * (RFC 3501 §4 data formats). Command schemas turn these into typed
 * arguments; nothing here knows what a command means.
 */

/** A bare token: `FLAGS`, `1:*`, `\Seen`, `INBOX`, `BODY.PEEK[HEADER]<0.10>`. */
export interface ImapAtom {
  type: 'atom';
  /** The token exactly as sent (case kept). */
  value: string;
  /**
   * Set when the atom is a FETCH body section, `BODY[...]`, `BODY.PEEK[...]`,
   * `BINARY[...]`, `BINARY.PEEK[...]` or `BINARY.SIZE[...]`.
   */
  section?: SectionToken;
}

/** The bracketed part of a FETCH attribute, tokenized but not interpreted. */
export interface SectionToken {
  /** The name before `[`, upper-cased: `BODY`, `BODY.PEEK`, `BINARY` ... */
  name: string;
  /** The tokens between `[` and `]`, e.g. atom `1.2.HEADER.FIELDS` and a list. */
  items: ImapValue[];
  /** `<offset.length>` after `]`; length is absent for the form `<offset>`. */
  partial?: { offset: number; length?: number };
}

/** A quoted string, unescaped and decoded as UTF-8. */
export interface ImapQuoted {
  type: 'quoted';
  value: string;
}

/** A literal (`{n}`, `{n+}`, `~{n}`): raw octets, never decoded by the parser. */
export interface ImapLiteral {
  type: 'literal';
  value: Buffer;
  /** Sent as literal8 (`~{n}`, RFC 3516): may contain NUL. */
  binary: boolean;
}

/** The atom NIL (case-insensitive). */
export interface ImapNil {
  type: 'nil';
}

/** A parenthesised list. */
export interface ImapList {
  type: 'list';
  items: ImapValue[];
}

export type ImapValue = ImapAtom | ImapQuoted | ImapLiteral | ImapNil | ImapList;

/** A complete command as the parser hands it on. */
export interface ParsedCommand {
  tag: string;
  /** Upper-cased name; UID commands are joined: `UID FETCH`. */
  command: string;
  /** The arguments after the command name (after the sub-command for UID). */
  args: ImapValue[];
}

/** Text of an astring (atom, quoted or literal; NIL counts as the text "NIL"). */
export function astringText(value: ImapValue | undefined): string | undefined {
  if (value === undefined) return undefined;
  switch (value.type) {
    case 'atom':
      return value.value;
    case 'quoted':
      return value.value;
    case 'literal':
      return value.value.toString('utf8');
    case 'nil':
      return 'NIL';
    case 'list':
      return undefined;
  }
}

/** Text of a `string` (quoted or literal only, RFC 3501 `string`). */
export function stringText(value: ImapValue | undefined): string | undefined {
  if (value?.type === 'quoted') return value.value;
  if (value?.type === 'literal') return value.value.toString('utf8');
  return undefined;
}

/** Short human description of a value, for error messages. */
export function describeValue(value: ImapValue | undefined): string {
  if (value === undefined) return 'end of command';
  switch (value.type) {
    case 'atom':
      return truncate(value.value);
    case 'quoted':
      return `"${truncate(value.value)}"`;
    case 'literal':
      return `literal of ${value.value.length} octets`;
    case 'nil':
      return 'NIL';
    case 'list':
      return 'a parenthesised list';
  }
}

function truncate(text: string): string {
  const clean = text.replace(/[^\x20-\x7e]/g, '?');
  return clean.length > 40 ? `${clean.slice(0, 40)}...` : clean;
}
