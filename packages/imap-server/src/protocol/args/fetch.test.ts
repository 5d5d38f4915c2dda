import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ArgReader, ArgumentError } from '../arguments.ts';
import { CommandParser } from '../parser.ts';
import { type FetchArgs, fetchResponseName, fetchSetsSeen, parseFetchArgs } from './fetch.ts';

function fetch(args: string, options: { uid?: boolean; enabled?: string[] } = {}): FetchArgs {
  const [event] = new CommandParser().feed(Buffer.from(`t ${options.uid ? 'UID ' : ''}FETCH ${args}\r\n`));
  assert.equal(event?.kind, 'command', JSON.stringify(event));
  if (event?.kind !== 'command') throw new Error('unreachable');
  return parseFetchArgs(new ArgReader(event.command.args, { enabled: new Set(options.enabled ?? []) }), options.uid ?? false);
}

function fetchError(args: string, options: { uid?: boolean; enabled?: string[] } = {}): string {
  try {
    fetch(args, options);
  } catch (error) {
    assert.ok(error instanceof ArgumentError, String(error));
    return error.message;
  }
  assert.fail(`FETCH ${args} should be rejected`);
}

describe('FETCH arguments', () => {
  it('expands the macros', () => {
    assert.deepEqual(
      fetch('1 ALL').attributes.map((a) => fetchResponseName(a)),
      ['FLAGS', 'INTERNALDATE', 'RFC822.SIZE', 'ENVELOPE'],
    );
    assert.deepEqual(
      fetch('1 fast').attributes.map((a) => fetchResponseName(a)),
      ['FLAGS', 'INTERNALDATE', 'RFC822.SIZE'],
    );
    assert.deepEqual(
      fetch('1 FULL').attributes.map((a) => fetchResponseName(a)),
      ['FLAGS', 'INTERNALDATE', 'RFC822.SIZE', 'ENVELOPE', 'BODY'],
    );
  });

  it('parses a single item or a list', () => {
    assert.deepEqual(fetch('2:4 uid').attributes, [{ kind: 'item', name: 'UID' }]);
    assert.deepEqual(fetch('1 (FLAGS RFC822.SIZE ENVELOPE BODYSTRUCTURE BODY INTERNALDATE RFC822 RFC822.HEADER RFC822.TEXT MODSEQ)').attributes.length, 10);
  });

  it('parses the RFC 3501 §6.4.5 example', () => {
    const args = fetch('2:4 (FLAGS BODY[HEADER.FIELDS (DATE FROM)])');
    assert.deepEqual(args.set, { kind: 'ranges', ranges: [{ start: 2, end: 4 }] });
    assert.deepEqual(args.attributes[1], {
      kind: 'body-section',
      peek: false,
      section: { part: [], text: 'HEADER.FIELDS', fields: ['DATE', 'FROM'] },
    });
  });

  it('parses body sections, PEEK and partial ranges', () => {
    const [a, b, c, d, e] = fetch(
      '1 (BODY.PEEK[1.2.HEADER.FIELDS.NOT (X-Spam "Received")]<0.100> BODY[] BODY[4.1.MIME] BODY[3.TEXT]<10.5> BODY[2])',
    ).attributes;
    assert.deepEqual(a, {
      kind: 'body-section',
      peek: true,
      section: { part: [1, 2], text: 'HEADER.FIELDS.NOT', fields: ['X-Spam', 'Received'] },
      partial: { offset: 0, length: 100 },
    });
    assert.deepEqual(b, { kind: 'body-section', peek: false, section: { part: [] } });
    assert.deepEqual(c, { kind: 'body-section', peek: false, section: { part: [4, 1], text: 'MIME' } });
    assert.deepEqual(d, { kind: 'body-section', peek: false, section: { part: [3], text: 'TEXT' }, partial: { offset: 10, length: 5 } });
    assert.deepEqual(e, { kind: 'body-section', peek: false, section: { part: [2] } });
  });

  it('parses BINARY (RFC 3516)', () => {
    assert.deepEqual(fetch('1 (BINARY.PEEK[1.2]<0.1024> BINARY.SIZE[1] BINARY[])').attributes, [
      { kind: 'binary', peek: true, part: [1, 2], partial: { offset: 0, length: 1024 } },
      { kind: 'binary-size', part: [1] },
      { kind: 'binary', peek: false, part: [] },
    ]);
  });

  it('names response items the RFC way', () => {
    const names = fetch('1 (BODY.PEEK[HEADER.FIELDS (From To)]<0.100> BINARY.PEEK[1]<5.5> BINARY.SIZE[2] BODY[1.MIME])').attributes.map((a) =>
      fetchResponseName(a),
    );
    assert.deepEqual(names, ['BODY[HEADER.FIELDS (From To)]<0>', 'BINARY[1]<5>', 'BINARY.SIZE[2]', 'BODY[1.MIME]']);
  });

  it('knows which items set \\Seen', () => {
    assert.equal(fetchSetsSeen(fetch('1 (FLAGS BODY.PEEK[] RFC822.HEADER)').attributes), false);
    assert.equal(fetchSetsSeen(fetch('1 BODY[TEXT]').attributes), true);
    assert.equal(fetchSetsSeen(fetch('1 RFC822').attributes), true);
  });

  it('adds UID for UID FETCH and MODSEQ for CHANGEDSINCE', () => {
    assert.deepEqual(
      fetch('1:* FLAGS', { uid: true }).attributes.map((a) => fetchResponseName(a)),
      ['FLAGS', 'UID'],
    );
    const args = fetch('1:* (FLAGS) (CHANGEDSINCE 12345)');
    assert.equal(args.changedSince, 12345n);
    assert.deepEqual(
      args.attributes.map((a) => fetchResponseName(a)),
      ['FLAGS', 'MODSEQ'],
    );
  });

  it('accepts VANISHED only in UID FETCH with CHANGEDSINCE and QRESYNC enabled', () => {
    const args = fetch('1:* FLAGS (CHANGEDSINCE 1 VANISHED)', { uid: true, enabled: ['QRESYNC'] });
    assert.equal(args.vanished, true);
    assert.equal(fetchError('1:* FLAGS (CHANGEDSINCE 1 VANISHED)', { enabled: ['QRESYNC'] }), 'VANISHED is only allowed in UID FETCH');
    assert.equal(fetchError('1:* FLAGS (VANISHED)', { uid: true, enabled: ['QRESYNC'] }), 'VANISHED requires CHANGEDSINCE');
    assert.equal(fetchError('1:* FLAGS (CHANGEDSINCE 1 VANISHED)', { uid: true }), 'VANISHED requires ENABLE QRESYNC');
  });

  it('rejects bad items precisely', () => {
    assert.equal(fetchError('1 (FLAGS ALL)'), 'Macro ALL must be used alone');
    assert.equal(fetchError('1 ()'), 'Empty list of FETCH data items');
    assert.equal(fetchError('1 FOO'), 'Unknown FETCH data item: FOO');
    assert.equal(fetchError('1 BODY[MIME]'), 'MIME needs a part number: [1.MIME]');
    assert.equal(fetchError('1 BODY[0]'), 'Invalid part number in 0');
    assert.equal(fetchError('1 BODY[1.FOO]'), 'Invalid section: 1.FOO');
    assert.equal(fetchError('1 BODY[HEADER.FIELDS]'), 'HEADER.FIELDS needs a list of header field names');
    assert.equal(fetchError('1 BODY[HEADER.FIELDS ()]'), 'HEADER.FIELDS needs a list of header field names');
    assert.equal(fetchError('1 BODY[HEADER.FIELDS ("a:b")]'), 'Invalid header field name: "a:b"');
    assert.equal(fetchError('1 BODY[]<5>'), 'A partial range needs a length: <offset.length>');
    assert.equal(fetchError('1 BODY[]<5.0>'), 'A partial range length must not be zero');
    assert.equal(fetchError('1 BINARY[HEADER]'), 'Invalid BINARY section: HEADER');
    assert.equal(fetchError('1 BINARY.SIZE[1]<0.5>'), 'BINARY.SIZE takes no partial range');
    assert.equal(fetchError('0 FLAGS'), 'Invalid sequence set: 0');
    assert.equal(fetchError('1'), 'Missing FETCH data item');
    assert.equal(fetchError('1 FLAGS (CHANGEDSINCE x)'), 'Expected a mod-sequence value for CHANGEDSINCE, found x');
    assert.equal(fetchError('1 FLAGS extra'), 'Unexpected argument: extra');
  });
});
