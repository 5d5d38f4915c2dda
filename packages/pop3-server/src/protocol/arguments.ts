/**
 * ArgReader: a cursor over a command's argument text with one method per
 * kind of POP3 argument. Command schemas (commands.ts) are written with it;
 * any mismatch throws ArgumentError with a precise message, which the
 * dispatcher turns into `-ERR message` before a handler runs.
 *
 * Message numbers are checked against the session's maildrop here (in
 * range, not marked deleted), so handlers receive messages that exist.
 */
import { printable } from './parser.ts';
import type { ResponseCode } from './response-codes.ts';

export class ArgumentError extends Error {
  constructor(
    message: string,
    readonly code?: ResponseCode,
  ) {
    super(message);
    this.name = 'ArgumentError';
  }
}

/** What the argument checks need to know of the maildrop (absent before login). */
export interface MaildropIndex {
  readonly count: number;
  isDeleted(index: number): boolean;
}

/** A message named by the client: its number (1-based) and its index in the snapshot (0-based). */
export interface MessageRef {
  number: number;
  index: number;
}

/** RFC 1939 message numbers and line counts: decimal digits; more than 9 can only be out of range. */
const NUMBER = /^\d{1,9}$/;

export class ArgReader {
  private readonly words: string[];
  private index = 0;

  constructor(
    /** The argument text as sent (after the keyword's space). */
    readonly text: string,
    private readonly maildrop?: MaildropIndex,
  ) {
    // RFC 1939 separates arguments by a single space; runs of spaces and a
    // trailing space are tolerated, as clients send them.
    this.words = text.split(' ').filter((word) => word !== '');
  }

  get done(): boolean {
    return this.index >= this.words.length;
  }

  fail(message: string, code?: ResponseCode): never {
    throw new ArgumentError(message, code);
  }

  word(what: string): string {
    const word = this.words[this.index];
    if (word === undefined) this.fail(`Missing ${what}`);
    this.index++;
    return word;
  }

  /** A non-negative decimal number (TOP's line count); a huge one means "all". */
  number(what: string): number {
    const word = this.word(what);
    if (!/^\d+$/.test(word)) this.fail(`Invalid ${what}: ${printable(word)} is not a number`);
    return Math.min(Number(word), Number.MAX_SAFE_INTEGER);
  }

  /** A message number of the maildrop, not marked deleted. */
  message(): MessageRef {
    const word = this.word('message number');
    if (!/^\d+$/.test(word)) this.fail(`Invalid message number: ${printable(word)} is not a number`);
    const count = this.maildrop?.count ?? 0;
    const number = NUMBER.test(word) ? Number(word) : Number.POSITIVE_INFINITY;
    if (number < 1 || number > count) {
      const has = count === 0 ? 'the maildrop is empty' : count === 1 ? 'there is message 1 only' : `messages are 1 to ${count}`;
      this.fail(`No such message: ${printable(word)} (${has})`);
    }
    const index = number - 1;
    if (this.maildrop?.isDeleted(index)) this.fail(`Message ${number} is already deleted`);
    return { number, index };
  }

  optionalMessage(): MessageRef | undefined {
    return this.done ? undefined : this.message();
  }

  /**
   * Everything after the keyword's space, unsplit (PASS: a password may
   * hold spaces, RFC 1939 §7). Empty → missing.
   */
  rest(what: string): string {
    if (this.text === '') this.fail(`Missing ${what}`);
    this.index = this.words.length;
    return this.text;
  }

  /** No arguments may be left. */
  end(command: string): void {
    if (!this.done) this.fail(this.index === 0 ? `${command} takes no arguments` : `Too many arguments for ${command}`);
  }
}
