/**
 * Fuzz-style tests with a fixed seed: random bytes, IMAP-flavoured noise
 * and mutated real commands, fed in random chunks. Nothing may throw,
 * every event must be well-formed, memory must stay within the limits, and
 * the argument schemas must fail only with their own precise errors.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { validateCommand } from './dispatcher.ts';
import { CommandParser, type ParserEvent, type ParserOptions } from './parser.ts';

/** mulberry32: small, fast, deterministic. */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const LIMITS: ParserOptions = {
  maxLineLength: 512,
  lineHardLimit: 4096,
  maxLiteralSize: 256,
  maxAppendLiteralSize: 2048,
  literalHardLimit: 8192,
  maxCommandSize: 4096,
};
/** Command bytes + one line + the kept head/tail of an overflowing line. */
const MEMORY_BOUND = 4096 + 512 + 1 + 256 + 32;

const REAL_COMMANDS = [
  'a001 LOGIN mrc secret\r\n',
  'a002 SELECT inbox (CONDSTORE)\r\n',
  'a003 FETCH 12 FULL\r\n',
  'a004 fetch 12 body[header]\r\n',
  'a005 STORE 12 +flags \\deleted\r\n',
  'A282 SEARCH FLAGGED SINCE 1-Feb-1994 NOT FROM "Smith"\r\n',
  'A284 SEARCH CHARSET UTF-8 TEXT {6}\r\nXXXXXX\r\n',
  'a6 UID FETCH 1:* (UID FLAGS BODY.PEEK[1.2.HEADER.FIELDS (From To)]<0.100> BINARY.PEEK[1] MODSEQ) (CHANGEDSINCE 12345)\r\n',
  'a7 APPEND Drafts (\\Seen \\Draft) "17-Jul-1996 02:44:25 -0700" {11+}\r\nHello World ~{3+}\r\nabc\r\n',
  'a8 LIST (SUBSCRIBED RECURSIVEMATCH) "" ("INBOX" "Sent*" %) RETURN (CHILDREN STATUS (MESSAGES UNSEEN))\r\n',
  'a9 STATUS blurdybloop (UIDNEXT MESSAGES)\r\n',
  'b1 UID STORE 1:5,7 (UNCHANGEDSINCE 320162338) -FLAGS.SILENT ($Junk \\Flagged)\r\n',
  'b2 SEARCH RETURN (MIN MAX COUNT) OR (SEEN UNFLAGGED) (LARGER 1000 HEADER X-Spam "yes") UID 1:*,$\r\n',
  'b3 UID SORT (REVERSE ARRIVAL SUBJECT) UTF-8 ALL\r\n',
  'b4 THREAD REFERENCES US-ASCII SINCE 1-Jan-2020\r\n',
  'b5 ID ("name" "Thunderbird" "version" NIL)\r\n',
  'b6 AUTHENTICATE PLAIN AGJvYgBzZWNyZXQ=\r\n',
  'b7 CREATE "~peter/mail/&U,BTFw-/&ZeVnLIqe-" (USE (\\Archive))\r\n',
  'b8 UID MOVE 4:9 Trash\r\n',
  'b9 ENABLE QRESYNC UTF8=ACCEPT\r\n',
];

const IMAP_ALPHABET = Buffer.from('aZ09 ()[]{}<>"\\*%:,.+-~$\r\n\r\nBODY.PEEK[HEADER.FIELDS {5} {3+} ~{2}NIL UID FETCH SEARCH');

function check(parser: CommandParser, events: ParserEvent[]): void {
  for (const event of events) {
    assert.ok(['command', 'continue', 'bad', 'bye'].includes(event.kind), `odd event ${JSON.stringify(event)}`);
    if (event.kind === 'command') {
      assert.ok(event.command.tag.length > 0);
      assert.equal(event.command.command, event.command.command.toUpperCase());
      for (const state of ['not-authenticated', 'authenticated', 'selected'] as const) {
        const result = validateCommand(event.command, { state, enabled: new Set(['QRESYNC', 'CONDSTORE']) });
        if (!result.ok) assert.doesNotMatch(result.completion.text, /invalid arguments$/, 'a schema threw something other than ArgumentError');
      }
    }
  }
  assert.ok(parser.retainedBytes <= MEMORY_BOUND, `retained ${parser.retainedBytes} octets`);
}

function feedInChunks(parser: CommandParser, bytes: Buffer, rand: () => number): ParserEvent[] {
  const events: ParserEvent[] = [];
  let i = 0;
  while (i < bytes.length) {
    const size = 1 + Math.floor(rand() * 64);
    const chunk = parser.feed(bytes.subarray(i, i + size));
    check(parser, chunk);
    events.push(...chunk);
    i += size;
  }
  return events;
}

describe('parser fuzzing (fixed seed)', () => {
  it('survives random bytes', () => {
    const rand = random(0x5eed);
    for (let round = 0; round < 2000; round++) {
      const bytes = Buffer.alloc(Math.floor(rand() * 1500));
      for (let i = 0; i < bytes.length; i++) bytes[i] = Math.floor(rand() * 256);
      feedInChunks(new CommandParser(LIMITS), bytes, rand);
    }
  });

  it('survives IMAP-flavoured noise', () => {
    const rand = random(42);
    for (let round = 0; round < 2000; round++) {
      const bytes = Buffer.alloc(Math.floor(rand() * 2000));
      for (let i = 0; i < bytes.length; i++) bytes[i] = IMAP_ALPHABET[Math.floor(rand() * IMAP_ALPHABET.length)]!;
      feedInChunks(new CommandParser(LIMITS), bytes, rand);
    }
  });

  it('parses every real command in random chunks', () => {
    const rand = random(7);
    for (let round = 0; round < 200; round++) {
      for (const text of REAL_COMMANDS) {
        const events = feedInChunks(new CommandParser(LIMITS), Buffer.from(text), rand);
        const last = events[events.length - 1];
        assert.equal(last?.kind, 'command', `${JSON.stringify(text)} → ${JSON.stringify(events)}`);
      }
    }
  });

  it('survives truncated and mutated real commands', () => {
    const rand = random(1234);
    for (let round = 0; round < 5000; round++) {
      const parser = new CommandParser(LIMITS);
      const pick = () => Buffer.from(REAL_COMMANDS[Math.floor(rand() * REAL_COMMANDS.length)]!);
      const bytes = [...pick(), ...pick()];
      const mutations = Math.floor(rand() * 6);
      for (let m = 0; m < mutations; m++) {
        const at = Math.floor(rand() * bytes.length);
        const what = rand();
        const byte = rand() < 0.5 ? IMAP_ALPHABET[Math.floor(rand() * IMAP_ALPHABET.length)]! : Math.floor(rand() * 256);
        if (what < 0.33) bytes.splice(at, 1);
        else if (what < 0.66) bytes.splice(at, 0, byte);
        else bytes[at] = byte;
      }
      const cut = rand() < 0.5 ? bytes.length : Math.floor(rand() * bytes.length);
      feedInChunks(parser, Buffer.from(bytes.slice(0, cut)), rand);
    }
  });

  it('keeps memory bounded under a flood of one endless line', () => {
    const parser = new CommandParser({ ...LIMITS, lineHardLimit: 1024 * 1024 });
    const chunk = Buffer.alloc(16 * 1024, 0x61);
    for (let i = 0; i < 64; i++) {
      assert.deepEqual(parser.feed(chunk), []);
      assert.ok(parser.retainedBytes <= MEMORY_BOUND);
    }
    const events = parser.feed(chunk);
    assert.equal(events[0]?.kind, 'bye');
  });
});
