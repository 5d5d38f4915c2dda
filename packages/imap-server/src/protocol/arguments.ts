/**
 * ArgReader: a cursor over a command's `ImapValue[]` with one method per
 * grammar element (astring, number, sequence-set, mailbox ...). Command
 * schemas are written with it; any mismatch throws ArgumentError with a
 * precise message, which the dispatcher turns into `tag BAD message`.
 */

import { normalizeFlag } from './flags.ts';
import { decodeMailboxName, decodeModifiedUtf7 } from './mailbox-name.ts';
import type { ResponseCode } from './response-codes.ts';
import { MAX_UINT32, parseSequenceSet, type SequenceSet } from './sequence-set.ts';
import { astringText, describeValue, type ImapValue, stringText } from './values.ts';

/** What argument parsing may depend on in the session. */
export interface ParseContext {
  /** Extensions the client turned on with ENABLE (upper-case): UTF8=ACCEPT, QRESYNC, CONDSTORE. */
  enabled: ReadonlySet<string>;
}

/** A rejected argument: `BAD` by default; some rules call for `NO` (BADCHARSET). */
export class ArgumentError extends Error {
  constructor(
    message: string,
    readonly status: 'BAD' | 'NO' = 'BAD',
    readonly code?: ResponseCode,
  ) {
    super(message);
    this.name = 'ArgumentError';
  }
}

/** mod-sequence-value: 1..2^63-1 (RFC 7162); `valzer` also allows 0. */
const MAX_MODSEQ = 2n ** 63n - 1n;

export class ArgReader {
  private index = 0;
  /** The first well-formed but unusable argument (see `refused`); kept on the outermost reader. */
  private refusal: ArgumentError | undefined;

  constructor(
    private readonly values: readonly ImapValue[],
    readonly context: ParseContext,
    private readonly parent?: ArgReader,
  ) {}

  /**
   * A mailbox name or pattern that parsed but cannot name a mailbox (not
   * valid modified UTF-7, `a&b`): the command is refused with NO [CANNOT]
   * once all its arguments have parsed, since RFC 3501 §6 keeps BAD for
   * protocol errors, and a syntax error later in the command is still BAD.
   */
  get refused(): ArgumentError | undefined {
    return this.parent ? this.parent.refused : this.refusal;
  }

  private refuse(message: string): void {
    if (this.parent) this.parent.refuse(message);
    else this.refusal ??= new ArgumentError(message, 'NO', 'CANNOT');
  }

  get done(): boolean {
    return this.index >= this.values.length;
  }

  get remaining(): number {
    return this.values.length - this.index;
  }

  peek(offset = 0): ImapValue | undefined {
    return this.values[this.index + offset];
  }

  /** The next value's upper-cased atom text (plain atoms only), without consuming it. */
  peekAtom(offset = 0): string | undefined {
    const value = this.peek(offset);
    return value?.type === 'atom' && !value.section ? value.value.toUpperCase() : undefined;
  }

  peekIsList(): boolean {
    return this.peek()?.type === 'list';
  }

  fail(message: string): never {
    throw new ArgumentError(message);
  }

  take(what: string): ImapValue {
    const value = this.values[this.index];
    if (value === undefined) this.fail(`Missing ${what}`);
    this.index++;
    return value;
  }

  /** An atom as sent (no section). */
  atom(what: string): string {
    const value = this.take(what);
    if (value.type !== 'atom' || value.section) this.fail(`Expected ${what}, found ${describeValue(value)}`);
    return value.value;
  }

  /** An atom, upper-cased, optionally one of `allowed`. */
  keyword(what: string, allowed?: readonly string[]): string {
    const word = this.atom(what).toUpperCase();
    if (allowed && !allowed.includes(word)) this.fail(`Unknown ${what}: ${word}`);
    return word;
  }

  astring(what: string): string {
    const value = this.take(what);
    const text = astringText(value);
    if (text === undefined) this.fail(`Expected ${what}, found ${describeValue(value)}`);
    return text;
  }

  /** A quoted or literal string (RFC `string`); atoms are accepted too, as most servers do. */
  string(what: string): string {
    return this.astring(what);
  }

  /** A string or NIL. */
  nstring(what: string): string | null {
    const value = this.take(what);
    if (value.type === 'nil') return null;
    const text = stringText(value) ?? (value.type === 'atom' && !value.section ? value.value : undefined);
    if (text === undefined) this.fail(`Expected ${what} or NIL, found ${describeValue(value)}`);
    return text;
  }

  /** A number in [min, max] (default: a 32-bit unsigned number). */
  number(what: string, range: { min?: number; max?: number } = {}): number {
    const { min = 0, max = MAX_UINT32 } = range;
    const value = this.take(what);
    const text = value.type === 'atom' && !value.section ? value.value : '';
    if (!/^\d{1,16}$/.test(text)) this.fail(`Expected a number for ${what}, found ${describeValue(value)}`);
    const number = Number(text);
    if (number < min || number > max) this.fail(`${what} out of range: ${text}`);
    return number;
  }

  nzNumber(what: string): number {
    return this.number(what, { min: 1 });
  }

  /** A mod-sequence value (RFC 7162): 1..2^63-1, or 0.. when `allowZero`. */
  modseq(what: string, allowZero = false): bigint {
    const value = this.take(what);
    const text = value.type === 'atom' && !value.section ? value.value : '';
    if (!/^\d{1,19}$/.test(text)) this.fail(`Expected a mod-sequence value for ${what}, found ${describeValue(value)}`);
    const modseq = BigInt(text);
    if (modseq > MAX_MODSEQ || (!allowZero && modseq === 0n)) this.fail(`${what} out of range: ${text}`);
    return modseq;
  }

  sequenceSet(what: string, options: { allowSaved?: boolean } = {}): SequenceSet {
    const value = this.take(what);
    const text = value.type === 'atom' && !value.section ? value.value : undefined;
    const set = text === undefined ? undefined : parseSequenceSet(text);
    if (!set) this.fail(`Invalid ${what}: ${describeValue(value)}`);
    if (set.kind === 'saved' && options.allowSaved === false) this.fail(`"$" is not allowed for ${what}`);
    return set;
  }

  /** A mailbox name, decoded from modified UTF-7 (or UTF-8 under UTF8=ACCEPT); INBOX normalised. */
  mailbox(what = 'mailbox name'): string {
    const wire = this.astring(what);
    const name = decodeMailboxName(wire, this.context.enabled.has('UTF8=ACCEPT'));
    if (name !== undefined) return name;
    this.refuse(`Invalid ${what}: not valid modified UTF-7`);
    return wire;
  }

  /** A LIST reference or pattern: decoded like a mailbox name, INBOX not normalised. */
  mailboxPattern(what: string): string {
    const wire = this.astring(what);
    const name = this.context.enabled.has('UTF8=ACCEPT') ? wire : decodeModifiedUtf7(wire);
    if (name !== undefined) return name;
    this.refuse(`Invalid ${what}: not valid modified UTF-7`);
    return wire;
  }

  /** A settable flag: system flag in canonical case (`\\seen` → `\\Seen`) or keyword. */
  flag(what = 'flag'): string {
    // flag-keyword is an atom, and `NIL` is one: the tokenizer's NIL is the keyword here.
    const text = this.peek()?.type === 'nil' ? this.nilAsAtom() : this.atom(what);
    const result = normalizeFlag(text);
    if ('error' in result) this.fail(result.error);
    return result.flag;
  }

  private nilAsAtom(): string {
    this.index++;
    return 'NIL';
  }

  /** A parenthesised list, read with a reader of its own. */
  list(what: string): ArgReader {
    const value = this.take(what);
    if (value.type !== 'list') this.fail(`Expected a parenthesised ${what}, found ${describeValue(value)}`);
    return new ArgReader(value.items, this.context, this);
  }

  /** The next value if it is a list (consumed), else undefined. */
  optionalList(): ArgReader | undefined {
    const value = this.peek();
    if (value?.type !== 'list') return undefined;
    this.index++;
    return new ArgReader(value.items, this.context, this);
  }

  /** Consumes the next atom if it equals `word` (case-insensitive). */
  acceptKeyword(word: string): boolean {
    if (this.peekAtom() !== word) return false;
    this.index++;
    return true;
  }

  /** No arguments may be left. */
  end(): void {
    if (!this.done) this.fail(`Unexpected argument: ${describeValue(this.peek())}`);
  }
}
