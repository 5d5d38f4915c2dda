/**
 * Turns one complete, framed command (its text lines and the literals
 * between them) into `{ tag, command, args }` (RFC 3501 §9: tag, atom,
 * quoted, literal, literal8, NIL, parenthesised lists, FETCH sections).
 *
 * The streaming part (waiting for CRLF, counting literal octets, limits)
 * lives in parser.ts; by the time this runs the whole command is here.
 * Never throws: every problem becomes `{ ok: false, message }`.
 */
import type { ImapValue, ParsedCommand, SectionToken } from './values.ts';

/** A command as the framer collected it: `lines[i]` is followed by `literals[i]`. */
export interface FramedCommand {
  lines: Buffer[];
  literals: Buffer[];
}

export type TokenizeResult = { ok: true; command: ParsedCommand } | { ok: false; tag?: string; message: string };

const SP = 0x20;
const DQUOTE = 0x22;
const LPAREN = 0x28;
const RPAREN = 0x29;
const PLUS = 0x2b;
const DOT = 0x2e;
const LT = 0x3c;
const GT = 0x3e;
const LBRACKET = 0x5b;
const BACKSLASH = 0x5c;
const RBRACKET = 0x5d;
const LBRACE = 0x7b;
const RBRACE = 0x7d;
const TILDE = 0x7e;
/** No closing character: the top level of the command. */
const NONE = -2;

/** Names after which `[` opens a FETCH section rather than being part of the atom. */
const SECTION_NAMES = new Set(['BODY', 'BODY.PEEK', 'BINARY', 'BINARY.PEEK', 'BINARY.SIZE']);

const utf8 = new TextDecoder('utf-8', { fatal: true });

class SyntaxFault extends Error {}

/** ATOM-CHAR plus what atoms in practice carry: `\` (flags), `%` `*` (patterns, sets), `]`. */
export function isAtomChar(byte: number): boolean {
  return byte > 0x20 && byte < 0x7f && byte !== LPAREN && byte !== RPAREN && byte !== LBRACE && byte !== DQUOTE;
}

/** tag = 1*<any ASTRING-CHAR except "+"> */
function isTagChar(byte: number): boolean {
  return isAtomChar(byte) && byte !== PLUS && byte !== 0x25 && byte !== 0x2a && byte !== BACKSLASH;
}

export function tokenizeCommand(frame: FramedCommand, maxDepth: number): TokenizeResult {
  const reader = new Reader(frame, maxDepth);
  let tag: string | undefined;
  try {
    tag = reader.readTag();
    let command = reader.readCommandName();
    if (command === 'UID') command = `UID ${reader.readCommandName()}`;
    const args = reader.readSequence(NONE, 0, true);
    return { ok: true, command: { tag, command, args } };
  } catch (error) {
    const message = error instanceof SyntaxFault ? error.message : 'Could not parse the command';
    return tag === undefined ? { ok: false, message } : { ok: false, tag, message };
  }
}

/**
 * Reads the tag and command name from the start of a first line without
 * tokenizing the rest (the framer needs them before the literals arrive).
 */
export function peekCommand(line: Buffer): { tag?: string; command?: string } {
  const reader = new Reader({ lines: [line], literals: [] }, 0);
  try {
    const tag = reader.readTag();
    try {
      let command = reader.readCommandName();
      if (command === 'UID') command = `UID ${reader.readCommandName()}`;
      return { tag, command };
    } catch {
      return { tag };
    }
  } catch {
    return {};
  }
}

class Reader {
  private segment = 0;
  private pos = 0;

  constructor(
    private readonly frame: FramedCommand,
    private readonly maxDepth: number,
  ) {}

  private get line(): Buffer {
    return this.frame.lines[this.segment] ?? Buffer.alloc(0);
  }

  private peek(offset = 0): number {
    const at = this.pos + offset;
    return at < this.line.length ? this.line[at]! : -1;
  }

  private atEnd(): boolean {
    return this.segment >= this.frame.lines.length - 1 && this.pos >= this.line.length;
  }

  readTag(): string {
    const start = this.pos;
    while (isTagChar(this.peek())) this.pos++;
    if (this.pos === start) throw new SyntaxFault('Missing or invalid tag');
    const tag = this.line.toString('latin1', start, this.pos);
    const next = this.peek();
    if (next === -1) throw new SyntaxFault('Missing command name');
    if (next !== SP) throw new SyntaxFault('Invalid character in tag');
    return tag;
  }

  readCommandName(): string {
    if (this.peek() !== SP) throw new SyntaxFault('Missing command name');
    this.pos++;
    const start = this.pos;
    while (isAtomChar(this.peek()) && this.peek() !== LBRACKET) this.pos++;
    if (this.pos === start) throw new SyntaxFault('Missing command name');
    const next = this.peek();
    if (next !== -1 && next !== SP) throw new SyntaxFault('Invalid character in command name');
    return this.line.toString('latin1', start, this.pos).toUpperCase();
  }

  /**
   * Reads values up to `closer` (`)`, `]`, or NONE for end of command).
   * `leadingSpace`: the first value must also be preceded by SP.
   */
  readSequence(closer: number, depth: number, leadingSpace: boolean): ImapValue[] {
    const items: ImapValue[] = [];
    for (;;) {
      if (this.closesHere(closer)) return items;
      if (items.length > 0 || leadingSpace) {
        if (this.peek() !== SP) throw new SyntaxFault(`Expected a space, found ${this.describeHere()}`);
        while (this.peek() === SP) this.pos++;
        if (this.closesHere(closer)) return items;
      }
      items.push(this.readValue(closer, depth));
    }
  }

  /** True (and consumes the closer) at the end of the sequence; throws if a closer is missing. */
  private closesHere(closer: number): boolean {
    if (closer === NONE && this.atEnd()) return true;
    const byte = this.peek();
    if (byte === closer) {
      this.pos++;
      return true;
    }
    if (byte === -1) throw new SyntaxFault(closer === RBRACKET ? 'Missing "]"' : 'Missing ")"');
    return false;
  }

  private readValue(closer: number, depth: number): ImapValue {
    const byte = this.peek();
    if (byte === LPAREN) {
      if (depth + 1 > this.maxDepth) throw new SyntaxFault('Lists nested too deeply');
      this.pos++;
      return { type: 'list', items: this.readSequence(RPAREN, depth + 1, false) };
    }
    if (byte === DQUOTE) return { type: 'quoted', value: this.readQuoted() };
    if (byte === LBRACE) return { type: 'literal', value: this.readLiteral(), binary: false };
    if (byte === TILDE && this.peek(1) === LBRACE) {
      this.pos++;
      return { type: 'literal', value: this.readLiteral(), binary: true };
    }
    if (byte === RPAREN) throw new SyntaxFault('Unexpected ")"');
    if (!isAtomChar(byte)) throw new SyntaxFault(`Unexpected ${this.describeHere()}`);
    return this.readAtom(closer, depth);
  }

  private readAtom(closer: number, depth: number): ImapValue {
    const start = this.pos;
    while (isAtomChar(this.peek()) && !(closer === RBRACKET && this.peek() === RBRACKET)) {
      if (this.peek() === LBRACKET) {
        const name = this.line.toString('latin1', start, this.pos).toUpperCase();
        if (SECTION_NAMES.has(name)) return this.readSection(name, start, depth);
      }
      this.pos++;
    }
    const value = this.line.toString('latin1', start, this.pos);
    return value.toUpperCase() === 'NIL' ? { type: 'nil' } : { type: 'atom', value };
  }

  /** `BODY.PEEK[1.2.HEADER.FIELDS (From To)]<0.100>`; pos is at `[`. */
  private readSection(name: string, start: number, depth: number): ImapValue {
    const segment = this.segment;
    if (depth + 1 > this.maxDepth) throw new SyntaxFault('Lists nested too deeply');
    this.pos++;
    const items = this.readSequence(RBRACKET, depth + 1, false);
    if (this.segment !== segment) throw new SyntaxFault('Literals are not allowed inside a body section');
    const section: SectionToken = { name, items };
    if (this.peek() === LT) {
      this.pos++;
      const offset = this.readDigits('partial offset');
      let length: number | undefined;
      if (this.peek() === DOT) {
        this.pos++;
        length = this.readDigits('partial length');
      }
      if (this.peek() !== GT) throw new SyntaxFault('Expected ">" after the partial range');
      this.pos++;
      section.partial = length === undefined ? { offset } : { offset, length };
    }
    const next = this.peek();
    if (next !== -1 && next !== SP && next !== RPAREN) throw new SyntaxFault(`Unexpected ${this.describeHere()} after "]"`);
    return { type: 'atom', value: this.line.toString('latin1', start, this.pos), section };
  }

  private readDigits(what: string): number {
    const start = this.pos;
    while (this.peek() >= 0x30 && this.peek() <= 0x39) this.pos++;
    if (this.pos === start || this.pos - start > 15) throw new SyntaxFault(`Invalid ${what}`);
    return Number(this.line.toString('latin1', start, this.pos));
  }

  private readQuoted(): string {
    this.pos++; // opening quote
    const bytes: number[] = [];
    for (;;) {
      const byte = this.peek();
      if (byte === -1) throw new SyntaxFault('Unterminated quoted string');
      this.pos++;
      if (byte === DQUOTE) break;
      if (byte === BACKSLASH) {
        const escaped = this.peek();
        if (escaped !== DQUOTE && escaped !== BACKSLASH) throw new SyntaxFault('Invalid escape in quoted string');
        this.pos++;
        bytes.push(escaped);
        continue;
      }
      if (byte === 0 || byte === 0x0d || byte === 0x0a) throw new SyntaxFault('Invalid character in quoted string');
      bytes.push(byte);
    }
    try {
      return utf8.decode(Uint8Array.from(bytes));
    } catch {
      throw new SyntaxFault('Quoted string is not valid UTF-8');
    }
  }

  /** `{n}` or `{n+}` at the very end of a line; the octets are the next literal. */
  private readLiteral(): Buffer {
    this.pos++; // {
    const start = this.pos;
    while (this.peek() >= 0x30 && this.peek() <= 0x39) this.pos++;
    if (this.pos === start) throw new SyntaxFault('Invalid literal: expected {number}');
    const size = Number(this.line.toString('latin1', start, this.pos));
    if (this.peek() === PLUS) this.pos++;
    if (this.peek() !== RBRACE) throw new SyntaxFault('Invalid literal: expected "}"');
    this.pos++;
    if (this.pos !== this.line.length) throw new SyntaxFault('A literal must end the line');
    const data = this.frame.literals[this.segment];
    if (data === undefined || data.length !== size) throw new SyntaxFault('Literal data missing');
    this.segment++;
    this.pos = 0;
    return data;
  }

  private describeHere(): string {
    const byte = this.peek();
    if (byte === -1) return 'end of line';
    if (byte > 0x20 && byte < 0x7f) return `"${String.fromCharCode(byte)}"`;
    return `byte 0x${byte.toString(16).padStart(2, '0')}`;
  }
}
