/**
 * The incremental command parser: bytes in, commands out.
 *
 * The connection pushes Buffers as they arrive and pulls events:
 *
 *   parser.push(chunk);
 *   for (let event; (event = parser.next()); ) handle(event);
 *
 * - `command`: a complete command, tokenized (see tokenizer.ts).
 * - `continue`: the client sent a synchronising literal `{n}`; answer
 *   `+ ...` and keep pulling: the parser then waits for the n octets.
 * - `bad`: the command is rejected; answer `tag BAD` (or `* BAD` without a
 *   tag) and go on with the next command.
 * - `bye`: a hard limit was passed; answer `* BYE` and close. The parser
 *   yields nothing after it.
 *
 * Memory stays bounded: a line past `maxLineLength` is dropped as it
 * streams (only its first and last few octets are kept), a literal past
 * its limit is refused (synchronising) or skipped without being stored
 * (non-synchronising). What is held is at most one command's accepted
 * bytes (`maxCommandSize`) plus what was pushed and not yet pulled: the
 * connection pauses its socket while a command runs.
 *
 * No I/O, no storage, and no exception escapes on any input.
 */
import { InputBuffer, type Line } from './input-buffer.ts';
import { type FramedCommand, peekCommand, tokenizeCommand } from './tokenizer.ts';
import type { ParsedCommand } from './values.ts';

/**
 * What the parser itself implements for every command: non-synchronising
 * literals `{n+}` (RFC 7888). (literal8 `~{n}` is BINARY's, declared by
 * APPEND in the command table.)
 */
export const PARSER_CAPABILITIES = ['LITERAL+'] as const;

export interface ParserLimits {
  /** Longest command line (between literals), CRLF excluded. */
  maxLineLength: number;
  /** A line still running past this is not worth reading: BYE. */
  lineHardLimit: number;
  /** Largest literal for APPEND (a message). */
  maxAppendLiteralSize: number;
  /** Largest literal for every other command (passwords, search strings). */
  maxLiteralSize: number;
  /** A refused non-synchronising literal is skipped up to this size; beyond, BYE. */
  literalHardLimit: number;
  /** Lines plus literals of one command (MULTIAPPEND adds up). */
  maxCommandSize: number;
  /** LITERAL- (RFC 7888): largest non-synchronising literal; Infinity for LITERAL+. */
  maxNonSyncLiteralSize: number;
  /** Deepest nesting of parenthesised lists. */
  maxDepth: number;
}

export const DEFAULT_LIMITS: ParserLimits = {
  maxLineLength: 64 * 1024,
  lineHardLimit: 1024 * 1024,
  maxAppendLiteralSize: 64 * 1024 * 1024,
  maxLiteralSize: 1024 * 1024,
  literalHardLimit: 128 * 1024 * 1024,
  maxCommandSize: 96 * 1024 * 1024,
  maxNonSyncLiteralSize: Number.POSITIVE_INFINITY,
  maxDepth: 64,
};

/** What the parser knows when a literal is announced, for `checkLiteral`. */
export interface LiteralAnnouncement {
  tag?: string;
  command?: string;
  size: number;
  nonSync: boolean;
  binary: boolean;
}

export interface ParserOptions extends Partial<ParserLimits> {
  /**
   * Asked before accepting a literal; return a message to refuse it
   * (e.g. unknown command, wrong state) so a client is not invited to
   * upload megabytes that will be rejected anyway (RFC 3501 §7.5 example).
   */
  checkLiteral?: (literal: LiteralAnnouncement) => string | undefined;
}

/** Answer `* BYE` with this message and close the connection. */
export interface ByeEvent {
  kind: 'bye';
  message: string;
  code?: 'TOOBIG';
}

export type ParserEvent =
  | { kind: 'command'; command: ParsedCommand }
  | { kind: 'continue' }
  | { kind: 'bad'; tag?: string; message: string; code?: 'TOOBIG' }
  | ByeEvent;

/** A raw line (AUTHENTICATE exchange, IDLE's DONE), from `nextLine()`. */
export type LineEvent = { kind: 'line'; text: string } | { kind: 'bad'; message: string; code?: 'TOOBIG' } | ByeEvent;

interface LiteralMarker {
  size: number;
  nonSync: boolean;
  binary: boolean;
}

interface Failure {
  tag?: string;
  message: string;
  code?: 'TOOBIG';
}

export class CommandParser {
  readonly limits: ParserLimits;
  private readonly checkLiteral: ParserOptions['checkLiteral'];

  private readonly input: InputBuffer;
  private closed = false;

  /** The command being assembled. */
  private inCommand = false;
  private frame: FramedCommand = { lines: [], literals: [] };
  private commandBytes = 0;
  private prefix: { tag?: string; command?: string } = {};
  /** Set once the command is refused: the rest of it is read and dropped. */
  private failure: Failure | undefined;
  private skippedBytes = 0;

  /** The literal being read. */
  private literalRemaining = -1;
  private literalSize = 0;
  private literalParts: Buffer[] = [];
  private literalSkip = false;

  constructor(options: ParserOptions = {}) {
    const { checkLiteral, ...limits } = options;
    this.limits = { ...DEFAULT_LIMITS, ...stripUndefined(limits) };
    this.checkLiteral = checkLiteral;
    this.input = new InputBuffer(this.limits.maxLineLength);
  }

  /** Hands bytes to the parser (it keeps a reference; do not reuse the Buffer). */
  push(chunk: Buffer): void {
    if (!this.closed) this.input.push(chunk);
  }

  /** The next event, or null when more bytes are needed. */
  next(): ParserEvent | null {
    try {
      return this.step();
    } catch {
      return this.fatal('Internal parser error');
    }
  }

  /** push + every event available: for tests and simple callers. */
  feed(chunk: Buffer): ParserEvent[] {
    this.push(chunk);
    const events: ParserEvent[] = [];
    for (let event = this.next(); event; event = this.next()) events.push(event);
    return events;
  }

  /**
   * Reads one raw line, outside the command grammar: the client's answers
   * during AUTHENTICATE and the `DONE` that ends IDLE. Call it only between
   * commands (after a `command` event, before the next `next()`).
   */
  nextLine(): LineEvent | null {
    if (this.inCommand || this.literalRemaining >= 0) throw new Error('nextLine() called in the middle of a command');
    if (this.closed) return null;
    try {
      const line = this.readLine();
      if (line === null || 'kind' in line) return line;
      if (line.overflow) return { kind: 'bad', message: `Line too long (over ${this.limits.maxLineLength} octets)`, code: 'TOOBIG' };
      return { kind: 'line', text: line.bytes.toString('utf8') };
    } catch {
      return this.fatal('Internal parser error');
    }
  }

  /**
   * Removes and returns what was pushed but not yet parsed. After STARTTLS
   * anything here arrived in plaintext and must be dropped, not parsed.
   */
  takeBuffered(): Buffer {
    return this.input.takeAll();
  }

  /** Octets held right now (queue, partial line, the command so far): for monitoring and tests. */
  get retainedBytes(): number {
    const sum = (list: Buffer[]) => list.reduce((n, b) => n + b.length, 0);
    return this.input.retainedBytes + sum(this.frame.lines) + sum(this.frame.literals) + sum(this.literalParts);
  }

  get isClosed(): boolean {
    return this.closed;
  }

  private step(): ParserEvent | null {
    for (;;) {
      if (this.closed) return null;
      if (this.literalRemaining >= 0) {
        if (!this.readLiteralBytes()) return null;
        continue;
      }
      const line = this.readLine();
      if (line === null) return null;
      if ('kind' in line) return line;
      const event = this.onLine(line);
      if (event) return event;
    }
  }

  /** The next complete line, null while it is incomplete, BYE past the hard limit. */
  private readLine(): Line | ByeEvent | null {
    const line = this.input.readLine();
    if (line === null && this.input.pendingLineLength > this.limits.lineHardLimit) return this.fatal('Line too long', 'TOOBIG');
    return line;
  }

  private onLine(line: Line): ParserEvent | undefined {
    if (!this.inCommand) {
      if (!line.overflow && line.bytes.length === 0) return undefined; // blank line between commands
      this.inCommand = true;
      this.prefix = peekCommand(line.overflow ? line.head : line.bytes);
    }
    this.commandBytes += line.length;
    if (!this.failure && line.overflow) {
      this.fail(`Line too long (over ${this.limits.maxLineLength} octets)`, 'TOOBIG');
    } else if (!this.failure && this.commandBytes > this.limits.maxCommandSize) {
      this.fail('Command too long', 'TOOBIG');
    }
    const marker = line.overflow ? findLiteralMarker(line.tail, false) : findLiteralMarker(line.bytes, true);
    if (!this.failure) this.frame.lines.push(line.bytes);
    if (!marker) return this.finishCommand();
    return this.startLiteral(marker);
  }

  private startLiteral(marker: LiteralMarker): ParserEvent | undefined {
    if (!this.failure) this.refuseLiteralIfNeeded(marker);
    if (this.failure) {
      // A client waiting for "+" sends nothing more of this command.
      if (!marker.nonSync) return this.finishCommand();
      // A non-synchronising literal is on its way: skip it, unstored.
      this.skippedBytes += marker.size;
      if (this.skippedBytes > this.limits.literalHardLimit) return this.fatal('Literal too big', 'TOOBIG');
      this.beginLiteral(marker, true);
      return undefined;
    }
    this.commandBytes += marker.size;
    this.beginLiteral(marker, false);
    return marker.nonSync ? undefined : { kind: 'continue' };
  }

  private refuseLiteralIfNeeded(marker: LiteralMarker): void {
    const { tag, command } = this.prefix;
    const limits = this.limits;
    const limit = command === 'APPEND' ? limits.maxAppendLiteralSize : limits.maxLiteralSize;
    if (tag === undefined || command === undefined) {
      this.fail(tag === undefined ? 'Missing or invalid tag' : 'Missing command name');
    } else if (marker.nonSync && marker.size > limits.maxNonSyncLiteralSize) {
      this.fail(`Non-synchronizing literals are limited to ${limits.maxNonSyncLiteralSize} octets`, 'TOOBIG');
    } else if (marker.size > limit) {
      this.fail(`Literal too big (the limit is ${limit} octets)`, 'TOOBIG');
    } else if (this.commandBytes + marker.size > limits.maxCommandSize) {
      this.fail('Command too long', 'TOOBIG');
    } else {
      const refusal = this.checkLiteral?.({ tag, command, ...marker });
      if (refusal !== undefined) this.fail(refusal);
    }
  }

  private beginLiteral(marker: LiteralMarker, skip: boolean): void {
    this.literalRemaining = marker.size;
    this.literalSize = marker.size;
    this.literalSkip = skip;
    this.literalParts = [];
  }

  /** Moves literal octets out of the input; true once the literal is complete. */
  private readLiteralBytes(): boolean {
    const { taken, parts } = this.input.readOctets(this.literalRemaining, !this.literalSkip);
    this.literalParts.push(...parts);
    this.literalRemaining -= taken;
    if (this.literalRemaining > 0) return false;
    if (!this.literalSkip) this.frame.literals.push(Buffer.concat(this.literalParts, this.literalSize));
    this.literalParts = [];
    this.literalRemaining = -1;
    return true;
  }

  private finishCommand(): ParserEvent {
    const failure = this.failure;
    const frame = this.frame;
    this.resetCommand();
    if (failure) return badEvent(failure);
    const result = tokenizeCommand(frame, this.limits.maxDepth);
    if (result.ok) return { kind: 'command', command: result.command };
    return badEvent(result);
  }

  private fail(message: string, code?: 'TOOBIG'): void {
    this.failure = { message };
    if (this.prefix.tag !== undefined) this.failure.tag = this.prefix.tag;
    if (code) this.failure.code = code;
  }

  private fatal(message: string, code?: 'TOOBIG'): ByeEvent {
    this.closed = true;
    this.input.clear();
    this.literalParts = [];
    this.literalRemaining = -1;
    this.resetCommand();
    return code ? { kind: 'bye', message, code } : { kind: 'bye', message };
  }

  private resetCommand(): void {
    this.inCommand = false;
    this.frame = { lines: [], literals: [] };
    this.commandBytes = 0;
    this.prefix = {};
    this.failure = undefined;
    this.skippedBytes = 0;
  }
}

function badEvent(failure: { tag?: string; message: string; code?: 'TOOBIG' }): ParserEvent {
  const event: ParserEvent = { kind: 'bad', message: failure.message };
  if (failure.tag !== undefined) event.tag = failure.tag;
  if (failure.code !== undefined) event.code = failure.code;
  return event;
}

/**
 * `{n}`, `{n+}`, `~{n}` or `~{n+}` at the end of a line, outside a quoted
 * string (a quote cannot span a literal, so each line starts unquoted).
 */
export function findLiteralMarker(line: Buffer, checkQuotes: boolean): LiteralMarker | undefined {
  let i = line.length - 1;
  if (i < 2 || line[i] !== 0x7d) return undefined;
  if (checkQuotes && endsInsideQuote(line)) return undefined;
  i--;
  const nonSync = line[i] === 0x2b;
  if (nonSync) i--;
  const digitsEnd = i + 1;
  while (i >= 0 && line[i]! >= 0x30 && line[i]! <= 0x39) i--;
  if (i + 1 === digitsEnd || i < 0 || line[i] !== 0x7b) return undefined;
  const digits = digitsEnd - (i + 1);
  const size = digits > 15 ? Number.POSITIVE_INFINITY : Number(line.toString('latin1', i + 1, digitsEnd));
  return { size, nonSync, binary: i > 0 && line[i - 1] === 0x7e };
}

function endsInsideQuote(line: Buffer): boolean {
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const byte = line[i];
    if (!quoted) {
      if (byte === 0x22) quoted = true;
    } else if (byte === 0x5c) {
      i++;
    } else if (byte === 0x22) {
      quoted = false;
    }
  }
  return quoted;
}

function stripUndefined<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}
