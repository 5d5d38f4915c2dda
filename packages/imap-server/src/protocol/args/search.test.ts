import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ArgReader, ArgumentError } from '../arguments.ts';
import { CommandParser } from '../parser.ts';
import { parseSearchArgs, type SearchArgs } from './search.ts';

function search(input: string, uid = false): SearchArgs {
  const events = new CommandParser().feed(Buffer.from(`t ${uid ? 'UID ' : ''}SEARCH ${input}\r\n`));
  const event = events.find((e) => e.kind === 'command');
  if (event?.kind !== 'command') throw new Error(`not parsed: ${JSON.stringify(events)}`);
  return parseSearchArgs(new ArgReader(event.command.args, { enabled: new Set() }), uid);
}

function searchError(input: string): ArgumentError {
  try {
    search(input);
  } catch (error) {
    assert.ok(error instanceof ArgumentError, String(error));
    return error;
  }
  assert.fail(`SEARCH ${input} should be rejected`);
}

describe('SEARCH keys: RFC 3501 §6.4.4 examples', () => {
  it('A282 SEARCH FLAGGED SINCE 1-Feb-1994 NOT FROM "Smith"', () => {
    assert.deepEqual(search('FLAGGED SINCE 1-Feb-1994 NOT FROM "Smith"'), {
      uid: false,
      charset: 'US-ASCII',
      criteria: {
        type: 'and',
        keys: [
          { type: 'flag', flag: '\\Flagged', set: true },
          { type: 'date', field: 'internal', op: 'since', date: '1994-02-01' },
          { type: 'not', key: { type: 'header', field: 'from', value: 'Smith' } },
        ],
      },
    });
  });

  it('A283 SEARCH TEXT "string not in mailbox"', () => {
    assert.deepEqual(search('TEXT "string not in mailbox"').criteria, { type: 'text', value: 'string not in mailbox' });
  });

  it('A284 SEARCH CHARSET UTF-8 TEXT {6} (8-bit literal)', () => {
    const args = search('CHARSET UTF-8 TEXT {6}\r\nXXXXXX');
    assert.equal(args.charset, 'UTF-8');
    assert.deepEqual(args.criteria, { type: 'text', value: 'XXXXXX' });
    assert.deepEqual(search('CHARSET UTF-8 TEXT {6}\r\nGrüße'.replace('{6}', `{${Buffer.byteLength('Grüße')}}`)).criteria, {
      type: 'text',
      value: 'Grüße',
    });
  });
});

describe('SEARCH keys: every key', () => {
  it('maps flag keys, NEW and OLD', () => {
    const keys = ['ANSWERED', 'DELETED', 'DRAFT', 'FLAGGED', 'SEEN', 'RECENT', 'UNANSWERED', 'UNDELETED', 'UNDRAFT', 'UNFLAGGED', 'UNSEEN', 'OLD'];
    const criteria = search(keys.join(' ')).criteria;
    assert.equal(criteria.type, 'and');
    assert.deepEqual(criteria.type === 'and' && criteria.keys.map((k) => (k.type === 'flag' ? `${k.set ? '' : '!'}${k.flag}` : '?')), [
      '\\Answered',
      '\\Deleted',
      '\\Draft',
      '\\Flagged',
      '\\Seen',
      '\\Recent',
      '!\\Answered',
      '!\\Deleted',
      '!\\Draft',
      '!\\Flagged',
      '!\\Seen',
      '!\\Recent',
    ]);
    assert.deepEqual(search('NEW').criteria, {
      type: 'and',
      keys: [
        { type: 'flag', flag: '\\Recent', set: true },
        { type: 'flag', flag: '\\Seen', set: false },
      ],
    });
  });

  it('maps string keys and HEADER', () => {
    assert.deepEqual(search('BCC a CC b FROM c SUBJECT "d e" TO f BODY g HEADER X-Mailer h').criteria, {
      type: 'and',
      keys: [
        { type: 'header', field: 'bcc', value: 'a' },
        { type: 'header', field: 'cc', value: 'b' },
        { type: 'header', field: 'from', value: 'c' },
        { type: 'header', field: 'subject', value: 'd e' },
        { type: 'header', field: 'to', value: 'f' },
        { type: 'body', value: 'g' },
        { type: 'header', field: 'x-mailer', value: 'h' },
      ],
    });
    assert.deepEqual(search('HEADER Message-ID ""').criteria, { type: 'header', field: 'message-id', value: '' });
  });

  it('maps dates, sizes, keywords, UID, sequence sets, MODSEQ, OLDER', () => {
    assert.deepEqual(search('BEFORE 1-Jan-2000 ON "2-Feb-2001" SENTBEFORE 3-Mar-2002 SENTON 4-Apr-2003 SENTSINCE 5-May-2004').criteria, {
      type: 'and',
      keys: [
        { type: 'date', field: 'internal', op: 'before', date: '2000-01-01' },
        { type: 'date', field: 'internal', op: 'on', date: '2001-02-02' },
        { type: 'date', field: 'sent', op: 'before', date: '2002-03-03' },
        { type: 'date', field: 'sent', op: 'on', date: '2003-04-04' },
        { type: 'date', field: 'sent', op: 'since', date: '2004-05-05' },
      ],
    });
    assert.deepEqual(search('LARGER 1000 SMALLER 5000 KEYWORD $Junk UNKEYWORD NonJunk').criteria, {
      type: 'and',
      keys: [
        { type: 'size', op: 'larger', size: 1000 },
        { type: 'size', op: 'smaller', size: 5000 },
        { type: 'flag', flag: '$Junk', set: true },
        { type: 'flag', flag: 'NonJunk', set: false },
      ],
    });
    assert.deepEqual(search('UID 1:5,9 2:* $').criteria, {
      type: 'and',
      keys: [
        {
          type: 'uid',
          set: {
            kind: 'ranges',
            ranges: [
              { start: 1, end: 5 },
              { start: 9, end: 9 },
            ],
          },
        },
        { type: 'seq', set: { kind: 'ranges', ranges: [{ start: 2, end: '*' }] } },
        { type: 'seq', set: { kind: 'saved' } },
      ],
    });
    assert.deepEqual(search('MODSEQ "/flags/\\\\draft" all 620162338').criteria, {
      type: 'modseq',
      modseq: 620162338n,
      entry: { name: '/flags/\\draft', kind: 'all' },
    });
    assert.deepEqual(search('MODSEQ 0').criteria, { type: 'modseq', modseq: 0n });
    assert.deepEqual(search('OLDER 3600').criteria, { type: 'age', op: 'older', seconds: 3600 });
    assert.deepEqual(search('ALL').criteria, { type: 'all' });
  });

  it('nests OR, NOT and parenthesised groups', () => {
    assert.deepEqual(search('OR (SEEN FLAGGED) NOT OR DELETED DRAFT').criteria, {
      type: 'or',
      left: {
        type: 'and',
        keys: [
          { type: 'flag', flag: '\\Seen', set: true },
          { type: 'flag', flag: '\\Flagged', set: true },
        ],
      },
      right: {
        type: 'not',
        key: { type: 'or', left: { type: 'flag', flag: '\\Deleted', set: true }, right: { type: 'flag', flag: '\\Draft', set: true } },
      },
    });
    assert.deepEqual(search('((SEEN))').criteria, { type: 'flag', flag: '\\Seen', set: true });
  });

  it('parses ESEARCH RETURN options (RFC 4731) and UID SEARCH', () => {
    const args = search('RETURN (MIN MAX COUNT SAVE) CHARSET UTF-8 UNSEEN', true);
    assert.equal(args.uid, true);
    assert.deepEqual(args.returnOptions, ['MIN', 'MAX', 'COUNT', 'SAVE']);
    assert.equal(args.charset, 'UTF-8');
    assert.deepEqual(search('RETURN () ALL').returnOptions, ['ALL']);
    assert.equal(search('ALL').returnOptions, undefined);
  });
});

describe('SEARCH keys: rejections', () => {
  it('answers an unknown charset with NO [BADCHARSET (UTF-8 US-ASCII)]', () => {
    const error = searchError('CHARSET KOI8-R TEXT x');
    assert.equal(error.status, 'NO');
    assert.deepEqual(error.code, { code: 'BADCHARSET', charsets: ['UTF-8', 'US-ASCII'] });
  });

  it('gives precise BAD messages', () => {
    const cases: Array<[string, string]> = [
      ['', 'Missing search criteria'],
      ['FOO', 'Unknown search key: FOO'],
      ['SINCE 31-Feb-2000', 'Invalid date for SINCE: 31-Feb-2000 (expected e.g. 1-Feb-1994)'],
      ['SINCE', 'Missing SINCE date'],
      ['LARGER big', 'Expected a number for LARGER, found big'],
      ['OR SEEN', 'Missing search key'],
      ['()', 'Empty parenthesised search key'],
      ['UID 0', 'Invalid UID set: 0'],
      ['1:2:3', 'Invalid sequence set: 1:2:3'],
      ['KEYWORD \\Seen', 'Invalid keyword for KEYWORD: \\Seen'],
      ['HEADER "a b" c', 'Invalid header field name: a b'],
      ['RETURN (BOGUS) ALL', 'Unknown RETURN option: BOGUS'],
      ['MODSEQ "/flags/x" everything 5', 'Unknown MODSEQ entry type: EVERYTHING'],
    ];
    for (const [input, message] of cases) assert.equal(searchError(input).message, message, input);
  });

  it('limits nesting depth (NOT NOT NOT ...)', () => {
    assert.equal(searchError(`${'NOT '.repeat(100)}ALL`).message, 'Search criteria nested too deeply');
    assert.equal(searchError(`${'OR ALL '.repeat(100)}ALL`).message, 'Search criteria nested too deeply');
  });
});
