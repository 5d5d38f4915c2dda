import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { CommandParser, type ParserEvent, type ParserOptions } from './parser.ts';
import type { ImapValue, ParsedCommand } from './values.ts';

/** Feeds `input` split into chunks of `size` bytes (0: all at once) and collects every event. */
function run(input: string | Buffer, size = 0, options?: ParserOptions): ParserEvent[] {
  const bytes = typeof input === 'string' ? Buffer.from(input, 'utf8') : input;
  const parser = new CommandParser(options);
  if (size === 0) return parser.feed(bytes);
  const events: ParserEvent[] = [];
  for (let i = 0; i < bytes.length; i += size) events.push(...parser.feed(bytes.subarray(i, i + size)));
  return events;
}

function commands(events: ParserEvent[]): ParsedCommand[] {
  return events.flatMap((e) => (e.kind === 'command' ? [e.command] : []));
}

function one(input: string): ParsedCommand {
  const events = run(input);
  const found = commands(events);
  assert.equal(found.length, 1, `expected one command, got ${JSON.stringify(events)}`);
  return found[0]!;
}

const atom = (value: string): ImapValue => ({ type: 'atom', value });
const quoted = (value: string): ImapValue => ({ type: 'quoted', value });
const literal = (value: string, binary = false): ImapValue => ({ type: 'literal', value: Buffer.from(value), binary });
const list = (...items: ImapValue[]): ImapValue => ({ type: 'list', items });

describe('CommandParser: basic syntax', () => {
  it('parses tag, upper-cased command and atoms', () => {
    assert.deepEqual(one('a001 login mrc secret\r\n'), { tag: 'a001', command: 'LOGIN', args: [atom('mrc'), atom('secret')] });
  });

  it('joins UID sub-commands', () => {
    const cmd = one('A2 uid fetch 1:* (FLAGS)\r\n');
    assert.equal(cmd.command, 'UID FETCH');
    assert.deepEqual(cmd.args, [atom('1:*'), list(atom('FLAGS'))]);
  });

  it('parses quoted strings with escapes and UTF-8', () => {
    const cmd = one('t LOGIN "j\\"o\\\\e" "pässwörd"\r\n');
    assert.deepEqual(cmd.args, [quoted('j"o\\e'), quoted('pässwörd')]);
  });

  it('parses NIL and nested lists', () => {
    const cmd = one('t ID ("name" NIL "x" ("a" (b)))\r\n');
    assert.deepEqual(cmd.args, [list(quoted('name'), { type: 'nil' }, quoted('x'), list(quoted('a'), list(atom('b'))))]);
  });

  it('keeps [ ] in astring atoms such as [Gmail]/Sent', () => {
    assert.deepEqual(one('t SELECT [Gmail]/Sent\r\n').args, [atom('[Gmail]/Sent')]);
  });

  it('keeps list wildcards and flags as atoms', () => {
    assert.deepEqual(one('t LIST "" %/*\r\n').args, [quoted(''), atom('%/*')]);
    assert.deepEqual(one('t STORE 1 +FLAGS (\\Seen $Junk)\r\n').args, [atom('1'), atom('+FLAGS'), list(atom('\\Seen'), atom('$Junk'))]);
  });

  it('parses FETCH sections with header lists and partial ranges', () => {
    const cmd = one('t FETCH 1 (BODY[1.2.HEADER.FIELDS (From To)]<0.100> BODY.PEEK[] BINARY.SIZE[2])\r\n');
    const items = (cmd.args[1] as { items: ImapValue[] }).items;
    assert.deepEqual(items[0], {
      type: 'atom',
      value: 'BODY[1.2.HEADER.FIELDS (From To)]<0.100>',
      section: { name: 'BODY', items: [atom('1.2.HEADER.FIELDS'), list(atom('From'), atom('To'))], partial: { offset: 0, length: 100 } },
    });
    assert.deepEqual(items[1], { type: 'atom', value: 'BODY.PEEK[]', section: { name: 'BODY.PEEK', items: [] } });
    assert.deepEqual(items[2], { type: 'atom', value: 'BINARY.SIZE[2]', section: { name: 'BINARY.SIZE', items: [atom('2')] } });
  });

  it('accepts bare LF line ends and ignores blank lines', () => {
    const events = run('\r\n\na NOOP\nb NOOP\r\n');
    assert.deepEqual(
      commands(events).map((c) => c.tag),
      ['a', 'b'],
    );
    assert.equal(events.length, 2);
  });

  it('tolerates a trailing space', () => {
    assert.deepEqual(one('a NOOP \r\n'), { tag: 'a', command: 'NOOP', args: [] });
  });

  it('handles pipelined commands in one chunk', () => {
    const events = run('a NOOP\r\nb CAPABILITY\r\nc LOGOUT\r\n');
    assert.deepEqual(
      commands(events).map((c) => c.command),
      ['NOOP', 'CAPABILITY', 'LOGOUT'],
    );
  });
});

describe('CommandParser: literals', () => {
  it('asks for continuation on {n} and then reads n octets', () => {
    const parser = new CommandParser();
    assert.deepEqual(parser.feed(Buffer.from('A001 LOGIN {11}\r\n')), [{ kind: 'continue' }]);
    assert.deepEqual(parser.feed(Buffer.from('FRED FOOBAR {7}\r\n')), [{ kind: 'continue' }]);
    const events = parser.feed(Buffer.from('fat man\r\n'));
    assert.deepEqual(events, [{ kind: 'command', command: { tag: 'A001', command: 'LOGIN', args: [literal('FRED FOOBAR'), literal('fat man')] } }]);
  });

  it('reads {n+} without a continuation (LITERAL+)', () => {
    const events = run('a APPEND INBOX {5+}\r\nhello\r\n');
    assert.deepEqual(events, [{ kind: 'command', command: { tag: 'a', command: 'APPEND', args: [atom('INBOX'), literal('hello')] } }]);
  });

  it('reads literal8 ~{n} with NUL and 8-bit octets', () => {
    const body = Buffer.from([0, 1, 2, 0xff, 0x0d, 0x0a, 0x41]);
    const input = Buffer.concat([Buffer.from(`a APPEND INBOX ~{${body.length}+}\r\n`), body, Buffer.from('\r\n')]);
    const [cmd] = commands(run(input));
    assert.deepEqual(cmd!.args[1], { type: 'literal', value: body, binary: true });
  });

  it('accepts literals inside lists and an empty literal', () => {
    const events = run('a SEARCH CHARSET UTF-8 (SUBJECT {4+}\r\nätt) TEXT {0}\r\n\r\n');
    assert.deepEqual(events[0], { kind: 'continue' });
    const [cmd] = commands(events);
    assert.deepEqual(cmd!.args, [atom('CHARSET'), atom('UTF-8'), list(atom('SUBJECT'), literal('ätt')), atom('TEXT'), literal('')]);
  });

  it('gives the same result for every split, down to byte by byte', () => {
    const input =
      'a1 LOGIN {3}\r\nbob "se\\"cret"\r\n' +
      'a2 APPEND Drafts (\\Seen) "17-Jul-1996 02:44:25 -0700" {12+}\r\nHello\r\nWorld\r\n' +
      'a3 UID FETCH 1:* (BODY.PEEK[HEADER.FIELDS (Subject)]<0.512> FLAGS)\n' +
      'a4 APPEND INBOX ~{3}\r\n\u0000\u0001\u0002 ~{2+}\r\nxy\r\n';
    const whole = run(input);
    assert.equal(commands(whole).length, 4);
    for (const size of [1, 2, 3, 5, 7, 13, 64]) assert.deepEqual(run(input, size), whole, `chunk size ${size}`);
  });

  it('does not mistake a {n} inside a quoted string for a literal', () => {
    assert.deepEqual(one('a LOGIN bob "x{3}"\r\n').args, [atom('bob'), quoted('x{3}')]);
  });

  it('rejects a literal marker that is not at the end of the line', () => {
    const events = run('a LOGIN {3}x\r\n');
    assert.deepEqual(events, [{ kind: 'bad', tag: 'a', message: 'A literal must end the line' }]);
  });
});

describe('CommandParser: limits', () => {
  const small: ParserOptions = {
    maxLineLength: 100,
    lineHardLimit: 1000,
    maxLiteralSize: 50,
    maxAppendLiteralSize: 200,
    literalHardLimit: 500,
    maxCommandSize: 300,
  };

  it('answers BAD for a too-long line, without keeping it, and goes on', () => {
    const parser = new CommandParser(small);
    const events = parser.feed(Buffer.from(`a1 LOGIN ${'x'.repeat(150)}`));
    assert.deepEqual(events, []);
    assert.ok(parser.retainedBytes <= 100 + 256 + 32, `retained ${parser.retainedBytes}`);
    const after = parser.feed(Buffer.from(`${'y'.repeat(300)}\r\na2 NOOP\r\n`));
    assert.deepEqual(after, [
      { kind: 'bad', tag: 'a1', message: 'Line too long (over 100 octets)', code: 'TOOBIG' },
      { kind: 'command', command: { tag: 'a2', command: 'NOOP', args: [] } },
    ]);
  });

  it('closes with BYE when a line runs past the hard limit', () => {
    const parser = new CommandParser(small);
    const events = parser.feed(Buffer.from('a '.repeat(600)));
    assert.deepEqual(events, [{ kind: 'bye', message: 'Line too long', code: 'TOOBIG' }]);
    assert.ok(parser.isClosed);
    assert.deepEqual(parser.feed(Buffer.from('b NOOP\r\n')), []);
  });

  it('refuses a too-big synchronising literal with BAD instead of "+"', () => {
    const events = run('a LOGIN {51}\r\nb NOOP\r\n', 0, small);
    assert.deepEqual(events, [
      { kind: 'bad', tag: 'a', message: 'Literal too big (the limit is 50 octets)', code: 'TOOBIG' },
      { kind: 'command', command: { tag: 'b', command: 'NOOP', args: [] } },
    ]);
  });

  it('allows bigger literals for APPEND', () => {
    const events = run(`a APPEND INBOX {150+}\r\n${'m'.repeat(150)}\r\n`, 0, small);
    assert.equal(commands(events)[0]?.command, 'APPEND');
  });

  it('skips a too-big non-synchronising literal without storing it', () => {
    const parser = new CommandParser(small);
    const events: ParserEvent[] = [];
    events.push(...parser.feed(Buffer.from('a LOGIN {400+}\r\n')));
    for (let i = 0; i < 40; i++) {
      events.push(...parser.feed(Buffer.from('z'.repeat(10))));
      assert.ok(parser.retainedBytes < 100, `retained ${parser.retainedBytes}`);
    }
    events.push(...parser.feed(Buffer.from(' more {2+}\r\nxx\r\nb NOOP\r\n')));
    assert.deepEqual(events, [
      { kind: 'bad', tag: 'a', message: 'Literal too big (the limit is 50 octets)', code: 'TOOBIG' },
      { kind: 'command', command: { tag: 'b', command: 'NOOP', args: [] } },
    ]);
  });

  it('closes with BYE for a non-synchronising literal past the hard limit', () => {
    assert.deepEqual(run('a APPEND INBOX {501+}\r\n', 0, small), [{ kind: 'bye', message: 'Literal too big', code: 'TOOBIG' }]);
  });

  it('enforces LITERAL- (non-synchronising literals up to 4096 octets)', () => {
    const events = run(`a APPEND INBOX {4097+}\r\n${'x'.repeat(4097)}\r\nb NOOP\r\n`, 0, { maxNonSyncLiteralSize: 4096 });
    assert.equal(events[0]?.kind, 'bad');
    assert.equal(commands(events)[0]?.tag, 'b');
  });

  it('bounds the whole command (MULTIAPPEND)', () => {
    const events = run('a APPEND INBOX {150}\r\n', 0, small).concat();
    assert.deepEqual(events, [{ kind: 'continue' }]);
    const parser = new CommandParser(small);
    parser.feed(Buffer.from(`a APPEND INBOX {150+}\r\n${'m'.repeat(150)}`));
    assert.deepEqual(parser.feed(Buffer.from(' {150}\r\n')), [{ kind: 'bad', tag: 'a', message: 'Command too long', code: 'TOOBIG' }]);
  });

  it('asks checkLiteral before inviting an upload (RFC 3501 §7.5 BLURDYBLOOP)', () => {
    const events = run('A044 BLURDYBLOOP {102856}\r\n', 0, {
      checkLiteral: ({ command }) => (command === 'BLURDYBLOOP' ? 'No such command as "BLURDYBLOOP"' : undefined),
    });
    assert.deepEqual(events, [{ kind: 'bad', tag: 'A044', message: 'No such command as "BLURDYBLOOP"' }]);
  });

  it('rejects lists nested too deeply', () => {
    const events = run(`a SEARCH ${'('.repeat(70)}ALL${')'.repeat(70)}\r\n`);
    assert.deepEqual(events, [{ kind: 'bad', tag: 'a', message: 'Lists nested too deeply' }]);
  });
});

describe('CommandParser: garbage', () => {
  const cases: Array<[string, ParserEvent]> = [
    ['* NOOP\r\n', { kind: 'bad', message: 'Missing or invalid tag' }],
    ['+ NOOP\r\n', { kind: 'bad', message: 'Missing or invalid tag' }],
    ['a\r\n', { kind: 'bad', message: 'Missing command name' }],
    ['a(b NOOP\r\n', { kind: 'bad', message: 'Invalid character in tag' }],
    ['a LOGIN "unterminated\r\n', { kind: 'bad', tag: 'a', message: 'Unterminated quoted string' }],
    ['a LOGIN "bad\\n"\r\n', { kind: 'bad', tag: 'a', message: 'Invalid escape in quoted string' }],
    ['a LOGIN x)\r\n', { kind: 'bad', tag: 'a', message: 'Expected a space, found ")"' }],
    ['a LOGIN )\r\n', { kind: 'bad', tag: 'a', message: 'Unexpected ")"' }],
    ['a FETCH 1 (FLAGS\r\n', { kind: 'bad', tag: 'a', message: 'Missing ")"' }],
    ['a FETCH 1 BODY[HEADER\r\n', { kind: 'bad', tag: 'a', message: 'Missing "]"' }],
    ['a FETCH 1 BODY[]<1.x>\r\n', { kind: 'bad', tag: 'a', message: 'Invalid partial length' }],
    ['a FETCH 1 BODY[]<1.2\r\n', { kind: 'bad', tag: 'a', message: 'Expected ">" after the partial range' }],
    ['a FETCH 1 BODY[]x\r\n', { kind: 'bad', tag: 'a', message: 'Unexpected "x" after "]"' }],
    ['a LOGIN {x}\r\n', { kind: 'bad', tag: 'a', message: 'Invalid literal: expected {number}' }],
    ['a LOGIN caf\u00e9 x\r\n', { kind: 'bad', tag: 'a', message: 'Expected a space, found byte 0xc3' }],
    ['a LOGIN x\ry\r\n', { kind: 'bad', tag: 'a', message: 'Expected a space, found byte 0x0d' }],
  ];
  for (const [input, expected] of cases) {
    it(`answers ${JSON.stringify(input)} with BAD`, () => {
      assert.deepEqual(run(input), [expected]);
    });
  }

  it('rejects invalid UTF-8 in a quoted string', () => {
    assert.deepEqual(run(Buffer.from([...Buffer.from('a LOGIN "'), 0xc3, 0x28, ...Buffer.from('"\r\n')])), [
      { kind: 'bad', tag: 'a', message: 'Quoted string is not valid UTF-8' },
    ]);
  });

  it('recovers after a bad command', () => {
    const events = run('a LOGIN "x\r\nb NOOP\r\n');
    assert.equal(events[0]?.kind, 'bad');
    assert.deepEqual(events[1], { kind: 'command', command: { tag: 'b', command: 'NOOP', args: [] } });
  });
});

describe('CommandParser: raw lines and STARTTLS', () => {
  it('reads IDLE DONE and AUTHENTICATE answers with nextLine()', () => {
    const parser = new CommandParser();
    parser.push(Buffer.from('a IDLE\r\nDONE\r\nb AUTHENTICATE PLAIN\r\nAGJvYgBzZWNyZXQ=\r\nc NOOP\r\n'));
    assert.equal(parser.next()?.kind, 'command');
    assert.deepEqual(parser.nextLine(), { kind: 'line', text: 'DONE' });
    assert.equal(parser.next()?.kind, 'command');
    assert.deepEqual(parser.nextLine(), { kind: 'line', text: 'AGJvYgBzZWNyZXQ=' });
    assert.deepEqual(parser.next(), { kind: 'command', command: { tag: 'c', command: 'NOOP', args: [] } });
    assert.equal(parser.next(), null);
    assert.equal(parser.nextLine(), null);
  });

  it('hands back bytes pipelined after STARTTLS so they are not parsed', () => {
    const parser = new CommandParser();
    parser.push(Buffer.from('a STARTTLS\r\nb LOGIN evil injected\r\n'));
    assert.equal(parser.next()?.kind, 'command');
    assert.equal(parser.takeBuffered().toString(), 'b LOGIN evil injected\r\n');
    assert.equal(parser.next(), null);
  });

  it('refuses nextLine() in the middle of a command', () => {
    const parser = new CommandParser();
    parser.push(Buffer.from('a LOGIN {3}\r\n'));
    assert.deepEqual(parser.next(), { kind: 'continue' });
    assert.throws(() => parser.nextLine());
  });
});
