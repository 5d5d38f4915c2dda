import assert from 'node:assert/strict';
import { Readable } from 'node:stream';
import { describe, it } from 'node:test';
import {
  astring,
  atom,
  encodeContinuation,
  encodeFetch,
  encodeStatus,
  encodeTagged,
  encodeUntagged,
  piecesToBuffer,
  type ResponsePiece,
  stringForm,
  type WireValue,
} from './encoder.ts';
import { formatResponseCode, type ResponseCode } from './response-codes.ts';

const text = (values: WireValue[], utf8 = false) => piecesToBuffer(encodeUntagged(values, { utf8 })).toString('utf8');

/** What a connection would write: Buffers as they are, streams piped in order. */
async function collect(pieces: readonly ResponsePiece[]): Promise<string> {
  const parts: Buffer[] = [];
  for (const piece of pieces) {
    if (Buffer.isBuffer(piece)) {
      parts.push(piece);
      continue;
    }
    const start = parts.length;
    for await (const chunk of piece.stream()) parts.push(chunk as Buffer);
    const streamed = parts.slice(start).reduce((n, b) => n + b.length, 0);
    assert.equal(streamed, piece.literal, 'stream length must equal the announced literal');
  }
  return Buffer.concat(parts).toString('utf8');
}

describe('encoder: values', () => {
  it('writes NIL, numbers, atoms and lists', () => {
    assert.equal(
      text([null, 0, 4294967295, 20050715194045000n, atom('\\Seen'), [atom('A'), [1, null]], []]),
      '* NIL 0 4294967295 20050715194045000 \\Seen (A (1 NIL)) ()\r\n',
    );
    assert.throws(() => text([-1]));
    assert.throws(() => text([1.5]));
    assert.throws(() => text([atom('bad\r\n')]));
  });

  it('quotes plain strings and escapes " and \\', () => {
    assert.equal(text(['hello world', '', 'say "hi"', 'C:\\dir']), '* "hello world" "" "say \\"hi\\"" "C:\\\\dir"\r\n');
  });

  it('sends as a literal what cannot be quoted safely', () => {
    assert.equal(text(['two\r\nlines']), '* {10}\r\ntwo\r\nlines\r\n');
    assert.equal(text(['Grüße']), '* {7}\r\nGrüße\r\n');
    assert.equal(text(['Grüße'], true), '* "Grüße"\r\n');
    const heavy = '"\\"\\"\\"\\"\\';
    assert.equal(stringForm(heavy), 'literal');
    assert.equal(stringForm('x'.repeat(1025)), 'literal');
    assert.equal(stringForm('x'.repeat(1024)), 'quoted');
    assert.equal(stringForm('tab\there'), 'literal');
    assert.equal(text([Buffer.from('raw')]), '* {3}\r\nraw\r\n');
  });

  it('writes astrings as atoms only when safe', () => {
    assert.equal(
      text([astring('INBOX'), astring('[Gmail]/Sent'), astring('Sent Items'), astring('NIL'), astring('a%b'), astring('')]),
      '* INBOX [Gmail]/Sent "Sent Items" "NIL" "a%b" ""\r\n',
    );
  });
});

describe('encoder: RFC 3501 §7.2 data responses', () => {
  it('writes CAPABILITY, LIST, LSUB, STATUS, SEARCH, FLAGS, EXISTS', () => {
    assert.equal(
      text([atom('CAPABILITY'), atom('IMAP4rev1'), atom('STARTTLS'), atom('AUTH=GSSAPI'), atom('LOGINDISABLED')]),
      '* CAPABILITY IMAP4rev1 STARTTLS AUTH=GSSAPI LOGINDISABLED\r\n',
    );
    assert.equal(text([atom('LIST'), [atom('\\Noselect')], '/', astring('~/Mail/foo')]), '* LIST (\\Noselect) "/" ~/Mail/foo\r\n');
    assert.equal(text([atom('LSUB'), [], '.', astring('#news.comp.mail.misc')]), '* LSUB () "." #news.comp.mail.misc\r\n');
    assert.equal(text([atom('LIST'), [atom('\\HasNoChildren')], '\\', astring('Sent Items')]), '* LIST (\\HasNoChildren) "\\\\" "Sent Items"\r\n');
    assert.equal(
      text([atom('STATUS'), astring('blurdybloop'), [atom('MESSAGES'), 231, atom('UIDNEXT'), 44292]]),
      '* STATUS blurdybloop (MESSAGES 231 UIDNEXT 44292)\r\n',
    );
    assert.equal(text([atom('SEARCH'), 2, 3, 6]), '* SEARCH 2 3 6\r\n');
    assert.equal(
      text([atom('FLAGS'), ['\\Answered', '\\Flagged', '\\Deleted', '\\Seen', '\\Draft'].map(atom)]),
      '* FLAGS (\\Answered \\Flagged \\Deleted \\Seen \\Draft)\r\n',
    );
    assert.equal(text([23, atom('EXISTS')]), '* 23 EXISTS\r\n');
  });
});

describe('encoder: status lines', () => {
  it('writes tagged completions with codes', () => {
    assert.equal(encodeTagged('a002', { status: 'OK', code: 'READ-WRITE', text: 'SELECT completed' }).toString(), 'a002 OK [READ-WRITE] SELECT completed\r\n');
    assert.equal(encodeTagged('a1', { status: 'NO', text: 'bad\r\nidea' }).toString(), 'a1 NO bad idea\r\n');
    assert.equal(encodeTagged('a1', { status: 'BAD', text: '' }).toString(), 'a1 BAD Done\r\n');
  });

  it('writes untagged status, greeting and BYE', () => {
    assert.equal(encodeStatus('OK', 'IMAP4rev1 Service Ready').toString(), '* OK IMAP4rev1 Service Ready\r\n');
    assert.equal(encodeStatus('OK', 'UIDs valid', { code: 'UIDVALIDITY', uidValidity: 3857529045 }).toString(), '* OK [UIDVALIDITY 3857529045] UIDs valid\r\n');
    assert.equal(encodeStatus('BYE', 'Autologout; idle for too long').toString(), '* BYE Autologout; idle for too long\r\n');
  });

  it('writes continuation requests', () => {
    assert.equal(encodeContinuation().toString(), '+ Ready for literal data\r\n');
    assert.equal(encodeContinuation('').toString(), '+ \r\n');
    assert.equal(encodeContinuation('YGgGCSqGSIb3EgECAgIBAAD/////').toString(), '+ YGgGCSqGSIb3EgECAgIBAAD/////\r\n');
  });

  it('formats every response code', () => {
    const cases: Array<[ResponseCode, string]> = [
      ['ALERT', 'ALERT'],
      ['PRIVACYREQUIRED', 'PRIVACYREQUIRED'],
      ['AUTHENTICATIONFAILED', 'AUTHENTICATIONFAILED'],
      [{ code: 'UIDVALIDITY', uidValidity: 3857529045 }, 'UIDVALIDITY 3857529045'],
      [{ code: 'UIDNEXT', uidNext: 4392 }, 'UIDNEXT 4392'],
      [{ code: 'UNSEEN', seq: 17 }, 'UNSEEN 17'],
      [{ code: 'HIGHESTMODSEQ', modseq: 715194045007n }, 'HIGHESTMODSEQ 715194045007'],
      [{ code: 'PERMANENTFLAGS', flags: ['\\Deleted', '\\Seen', '\\*'] }, 'PERMANENTFLAGS (\\Deleted \\Seen \\*)'],
      [{ code: 'PERMANENTFLAGS', flags: [] }, 'PERMANENTFLAGS ()'],
      [{ code: 'CAPABILITY', capabilities: ['IMAP4rev1', 'IDLE'] }, 'CAPABILITY IMAP4rev1 IDLE'],
      [{ code: 'BADCHARSET', charsets: ['UTF-8'] }, 'BADCHARSET (UTF-8)'],
      [{ code: 'BADCHARSET' }, 'BADCHARSET'],
      [{ code: 'APPENDUID', uidValidity: 38505, uids: [3955] }, 'APPENDUID 38505 3955'],
      [{ code: 'COPYUID', uidValidity: 38505, sourceUids: [304, 319, 320], destinationUids: [3956, 3957, 3958] }, 'COPYUID 38505 304,319:320 3956:3958'],
      [{ code: 'MODIFIED', set: '7,9' }, 'MODIFIED 7,9'],
      [{ code: 'APPENDLIMIT', limit: 67108864 }, 'APPENDLIMIT 67108864'],
    ];
    for (const [code, expected] of cases) assert.equal(formatResponseCode(code), expected);
    assert.throws(() => formatResponseCode({ code: 'PERMANENTFLAGS', flags: ['bad flag'] }));
  });
});

describe('encoder: FETCH with streamed literals', () => {
  const header =
    'Date: Wed, 17 Jul 1996 02:23:25 -0700 (PDT)\r\n' +
    'From: Terry Gray <gray@cac.washington.edu>\r\n' +
    'Subject: IMAP4rev1 WG mtg summary and minutes\r\n' +
    'To: imap@cac.washington.edu\r\n' +
    'cc: minutes@CNRI.Reston.VA.US, John Klensin <KLENSIN@MIT.EDU>\r\n' +
    'Message-Id: <B27397-0100000@cac.washington.edu>\r\n' +
    'MIME-Version: 1.0\r\n' +
    'Content-Type: TEXT/PLAIN; CHARSET=US-ASCII\r\n' +
    '\r\n';

  it('writes the RFC 3501 §8 BODY[HEADER] {342} response, the body piped from a stream', async () => {
    assert.equal(Buffer.byteLength(header), 342);
    let opened = 0;
    const pieces = encodeFetch(12, [
      [
        'BODY[HEADER]',
        {
          literal: 342,
          stream: () => {
            opened++;
            return Readable.from([Buffer.from(header.slice(0, 100)), Buffer.from(header.slice(100))]);
          },
        },
      ],
    ]);
    assert.equal(pieces.length, 3);
    assert.equal(opened, 0, 'the encoder never opens the stream');
    assert.equal((pieces[0] as Buffer).toString(), '* 12 FETCH (BODY[HEADER] {342}\r\n');
    assert.equal((pieces[2] as Buffer).toString(), ')\r\n');
    assert.equal(await collect(pieces), `* 12 FETCH (BODY[HEADER] {342}\r\n${header})\r\n`);
  });

  it('writes literal8 for BINARY and several streams in one response', async () => {
    const pieces = encodeFetch(3, [
      ['UID', 44],
      ['BINARY[1]', { literal: 3, binary: true, stream: () => Readable.from([Buffer.from('abc')]) }],
      ['BODY[2]<0>', { literal: 2, stream: () => Readable.from([Buffer.from('xy')]) }],
    ]);
    assert.equal(await collect(pieces), '* 3 FETCH (UID 44 BINARY[1] ~{3}\r\nabc BODY[2]<0> {2}\r\nxy)\r\n');
  });

  it('writes the RFC 3501 §7.4.2 FETCH example', () => {
    assert.equal(
      piecesToBuffer(
        encodeFetch(23, [
          ['FLAGS', [atom('\\Seen')]],
          ['RFC822.SIZE', 44827],
        ]),
      ).toString(),
      '* 23 FETCH (FLAGS (\\Seen) RFC822.SIZE 44827)\r\n',
    );
  });
});
