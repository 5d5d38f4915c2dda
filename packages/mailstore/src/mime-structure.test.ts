import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { Readable } from 'node:stream';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { type BodyPart, findPart, MAX_MIME_DEPTH, MimeStructureParser, parseMimeBuffer, parseMimeStructure } from './mime-structure.ts';

const FIXTURES = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'fixtures');

/** A fixture with CRLF line ends, as the store keeps messages. */
function fixture(name: string, crlf = true): Buffer {
  const text = readFileSync(path.join(FIXTURES, name), 'latin1');
  return Buffer.from(crlf ? text.replace(/\r?\n/g, '\r\n') : text, 'latin1');
}

function crlf(text: string): Buffer {
  return Buffer.from(text.replace(/\r?\n/g, '\r\n'), 'utf8');
}

const body = (raw: Buffer, part: BodyPart) => raw.subarray(part.bodyStart, part.end).toString('latin1');
const header = (raw: Buffer, part: BodyPart) => raw.subarray(part.headerStart, part.bodyStart).toString('latin1');
const types = (part: BodyPart): string[] => [
  `${part.type}/${part.subtype}`,
  ...(part.children ?? []).flatMap(types),
  ...(part.message ? types(part.message.body) : []),
];

describe('MIME structure: Python email fixtures', () => {
  it('nested multipart (msg_13): tree, offsets, sizes, lines', () => {
    const raw = fixture('msg_13.txt');
    const s = parseMimeBuffer(raw);
    assert.equal(s.size, raw.length);
    assert.deepEqual(types(s.body), ['multipart/mixed', 'text/plain', 'multipart/mixed', 'text/plain', 'image/gif']);
    const text = findPart(s.body, [1])!;
    assert.equal(body(raw, text), 'A text/plain part\r\n');
    assert.equal(text.size, 19);
    assert.equal(text.lines, 1);
    assert.equal(header(raw, text), 'Content-Type: text/plain; charset="us-ascii"\r\n\r\n');
    assert.deepEqual(text.params, { charset: 'us-ascii' });
    const gif = findPart(s.body, [2, 2])!;
    assert.equal(gif.type, 'image');
    assert.equal(gif.encoding, 'BASE64');
    assert.deepEqual(gif.params, { name: 'dingusfish.gif' });
    assert.deepEqual(gif.disposition, { type: 'attachment', params: { filename: 'dingusfish.gif' } });
    assert.match(body(raw, gif), /^R0lGODdhAAEAAfAAAP\/\/\/wAAACwAAAAAAAEAAQAC/);
    assert.match(body(raw, gif), /ADs=\r\n$/);
    assert.equal(gif.size, gif.end - gif.bodyStart);
    assert.equal(findPart(s.body, [2, 3]), undefined);
    assert.equal(findPart(s.body, [3]), undefined);
    // The root's TEXT runs to the end of the message.
    assert.equal(s.body.end, raw.length);
    assert.equal(s.body.headerStart, 0);
  });

  it('message/rfc822 inside multipart/report (msg_16)', () => {
    const raw = fixture('msg_16.txt');
    const s = parseMimeBuffer(raw);
    assert.deepEqual(types(s.body), ['multipart/report', 'text/plain', 'message/delivery-status', 'message/rfc822', 'text/plain']);
    const rfc822 = findPart(s.body, [3])!;
    assert.equal(rfc822.message?.envelope.subject, '[scr] yeah for Ians!!');
    assert.equal(rfc822.message?.envelope.from?.[0]?.mailbox, 'henryi');
    assert.ok(body(raw, rfc822).startsWith('Return-path: scr-admin@socal-raves.org\r\n'));
    assert.equal(rfc822.lines, body(raw, rfc822).split('\r\n').length - 1);
    // 3.1 is the encapsulated message's (single) body; its header is the message header.
    const inner = findPart(s.body, [3, 1])!;
    assert.equal(inner, rfc822.message?.body);
    assert.equal(inner.headerStart, rfc822.bodyStart);
    assert.ok(body(raw, inner).startsWith("I always love to find more Ian's"));
    assert.equal(findPart(s.body, [3, 2]), undefined);
  });

  it('top-level message/rfc822 (msg_06): part 1 is the root, 1.1 the forwarded body', () => {
    const raw = fixture('msg_06.txt');
    const s = parseMimeBuffer(raw);
    assert.equal(s.body.type, 'message');
    assert.equal(s.body.description, 'forwarded message');
    assert.equal(findPart(s.body, [1]), s.body);
    assert.equal(s.body.message?.envelope.subject, 'testing');
    assert.equal(s.body.message?.envelope.messageId, '<15265.9468.713530.98441@python.org>');
    assert.equal(findPart(s.body, [1, 1]), s.body.message?.body);
    assert.equal(s.envelope.messageId, '<15265.9482.641338.555352@python.org>');
  });

  it('digest children default to message/rfc822; envelope of the outer message (msg_02)', () => {
    const raw = fixture('msg_02.txt');
    const s = parseMimeBuffer(raw);
    const digest = findPart(s.body, [3])!;
    assert.equal(digest.subtype, 'digest');
    assert.equal(digest.children?.length, 5);
    for (const child of digest.children!) {
      assert.equal(`${child.type}/${child.subtype}`, 'message/rfc822');
      assert.deepEqual(child.params, {});
      assert.equal(child.message?.body.type, 'text');
    }
    assert.equal(findPart(s.body, [3, 2, 1])?.size, 11);
    assert.equal(s.envelope.subject, 'Ppp digest, Vol 1 #2 - 5 msgs');
    assert.deepEqual(s.envelope.sender, [{ name: null, adl: null, mailbox: 'ppp-admin', host: 'zzz.org' }]);
    assert.deepEqual(s.envelope.replyTo, s.envelope.from, 'reply-to defaults to from');
    assert.equal(s.headers.date?.toISOString(), '2001-04-21T00:18:00.000Z');
    assert.equal(findPart(s.body, [1])?.description, 'Masthead (Ppp digest, Vol 1 #2)');
  });

  it('preamble, and a nested multipart reusing the outer boundary (msg_15)', () => {
    const raw = fixture('msg_15.txt');
    const s = parseMimeBuffer(raw);
    assert.deepEqual(types(s.body), ['multipart/mixed', 'multipart/alternative', 'text/plain', 'text/html', 'image/gif']);
    assert.ok(body(raw, s.body).startsWith('> Denne meddelelse er i MIME-format.'));
    assert.equal(body(raw, findPart(s.body, [1, 1])!), 'Some removed test. \r\n');
    assert.equal(findPart(s.body, [1, 1])?.encoding, 'QUOTED-PRINTABLE');
    assert.equal(body(raw, findPart(s.body, [2])!), 'Some removed base64 encoded chars.\r\n');
    assert.deepEqual(s.envelope.to, [{ name: null, adl: null, mailbox: 'XX', host: '' }]);
  });

  it('a boundary that never occurs, or none at all: a multipart without parts (msg_31, msg_41)', () => {
    for (const name of ['msg_31.txt', 'msg_41.txt']) {
      const raw = fixture(name);
      const s = parseMimeBuffer(raw);
      assert.equal(s.body.type, 'multipart');
      assert.deepEqual(s.body.children, []);
      assert.equal(s.body.end, raw.length);
      assert.ok(s.body.defects?.length, name);
    }
  });

  it('headers without the blank line (msg_35, msg_47)', () => {
    const raw35 = fixture('msg_35.txt');
    const s35 = parseMimeBuffer(raw35);
    assert.equal(body(raw35, s35.body), "counter to RFC 2822, there's no separating newline here\r\n");
    assert.equal(s35.envelope.subject, "here's something interesting");
    assert.deepEqual(s35.body.defects, ['missing-header-body-separator']);

    const raw47 = fixture('msg_47.txt');
    const s47 = parseMimeBuffer(raw47);
    assert.deepEqual(types(s47.body), ['multipart/mixed', 'text/plain', 'text/html']);
    assert.equal(body(raw47, findPart(s47.body, [1])!), 'bar\r\n');
    assert.equal(body(raw47, findPart(s47.body, [2])!), '<html><body><p>baz</p></body></html>\r\n');
  });

  it('RFC 2231 parameters (msg_33) and group addresses (msg_36)', () => {
    const s33 = parseMimeBuffer(fixture('msg_33.txt'));
    assert.equal(s33.body.params.boundary, 'EeQfGwPcQSOJBaQU');
    assert.equal(s33.body.params.protocol, 'application/pgp-signature');
    assert.equal(s33.body.children?.length, 2);
    assert.deepEqual(findPart(s33.body, [1])?.params, { charset: 'us-ascii' });

    const s36 = parseMimeBuffer(fixture('msg_36.txt'));
    assert.deepEqual(s36.envelope.to, [
      { name: null, adl: null, mailbox: 'IETF-Announce', host: null },
      { name: null, adl: null, mailbox: null, host: null },
    ]);
    // message/external-body is not message/rfc822: a leaf.
    assert.equal(findPart(s36.body, [2, 1])?.subtype, 'external-body');
    assert.equal(findPart(s36.body, [2, 1])?.message, undefined);
  });

  it('repeated boundary lines make empty parts (msg_37)', () => {
    const raw = fixture('msg_37.txt');
    const s = parseMimeBuffer(raw);
    const parts = s.body.children!;
    assert.equal(parts.length, 7);
    assert.deepEqual(
      parts.map((p) => [p.subtype, p.size]),
      [
        ['x-one', 6],
        ['plain', 0],
        ['x-two', 6],
        ['plain', 0],
        ['plain', 0],
        ['plain', 0],
        ['x-two', 6],
      ],
    );
  });

  it('gives the same answer whatever the chunking, for every fixture, CRLF and bare LF', async () => {
    const files = readdirSync(FIXTURES).filter((f) => f.endsWith('.txt'));
    assert.ok(files.length >= 10);
    for (const file of files) {
      for (const lineEnds of [true, false]) {
        const raw = fixture(file, lineEnds);
        const whole = parseMimeBuffer(raw);
        for (const size of [1, 2, 3, 7, 64]) {
          const parser = new MimeStructureParser();
          for (let i = 0; i < raw.length; i += size) parser.write(raw.subarray(i, i + size));
          assert.deepEqual(parser.end(), whole, `${file} in chunks of ${size}`);
        }
      }
    }
    const streamed = await parseMimeStructure(Readable.from([fixture('msg_16.txt')]));
    assert.deepEqual(streamed, parseMimeBuffer(fixture('msg_16.txt')));
  });
});

describe('MIME structure: hand-made nasty cases', () => {
  it('missing final boundary: open parts end at the end of the message', () => {
    const raw = crlf('Content-Type: multipart/mixed; boundary=b\n\n--b\nContent-Type: text/plain\n\none\n--b\n\ntwo\nthree\n');
    const s = parseMimeBuffer(raw);
    assert.equal(s.body.children?.length, 2);
    const two = findPart(s.body, [2])!;
    assert.equal(body(raw, two), 'two\r\nthree\r\n');
    assert.equal(two.lines, 2);
    assert.equal(two.end, raw.length);
    assert.equal(body(raw, findPart(s.body, [1])!), 'one');
    assert.equal(findPart(s.body, [1])?.lines, 1);
  });

  it('preamble and epilogue belong to the multipart, not to a part', () => {
    const raw = crlf('Content-Type: multipart/alternative; boundary="=_x"\n\npreamble\n--=_x\n\na\n--=_x--\nepilogue\n--=_x\nnot a part\n');
    const s = parseMimeBuffer(raw);
    assert.equal(s.body.children?.length, 1);
    assert.equal(body(raw, findPart(s.body, [1])!), 'a');
    assert.ok(body(raw, s.body).startsWith('preamble\r\n'));
    assert.ok(body(raw, s.body).endsWith('not a part\r\n'));
  });

  it('multipart inside message/rfc822 inside multipart, with transport padding', () => {
    const raw = crlf(
      [
        'From: Outer <outer@example.com>',
        'Subject: outer',
        'Content-Type: multipart/mixed; boundary=outer',
        '',
        '--outer  ',
        'Content-Type: text/plain; charset=utf-8',
        '',
        'Hello',
        '',
        '--outer',
        'Content-Type: message/rfc822',
        'Content-Description: forwarded',
        '',
        'From: =?utf-8?q?J=C3=BCrgen?= <j@example.org>',
        'Subject: =?utf-8?b?SGVsbG8gV8O2cmxk?=',
        'Message-ID: <inner@example.org>',
        'Content-Type: multipart/alternative; boundary=inner',
        '',
        '--inner',
        'Content-Type: text/plain',
        '',
        'plain',
        '--inner',
        'Content-Type: text/html',
        '',
        '<p>html</p>',
        '--inner--',
        '',
        '--outer--',
        '',
      ].join('\n'),
    );
    const s = parseMimeBuffer(raw);
    assert.deepEqual(types(s.body), ['multipart/mixed', 'text/plain', 'message/rfc822', 'multipart/alternative', 'text/plain', 'text/html']);
    assert.deepEqual(findPart(s.body, [1])?.params, { charset: 'utf-8' });
    assert.equal(body(raw, findPart(s.body, [1])!), 'Hello\r\n');
    const msg = findPart(s.body, [2])!;
    assert.equal(msg.description, 'forwarded');
    assert.equal(msg.message?.envelope.subject, '=?utf-8?b?SGVsbG8gV8O2cmxk?=', 'raw, as IMAP sends it');
    assert.equal(msg.message?.envelope.from?.[0]?.name, '=?utf-8?q?J=C3=BCrgen?=');
    assert.equal(body(raw, findPart(s.body, [2, 1])!), 'plain');
    assert.equal(body(raw, findPart(s.body, [2, 2])!), '<p>html</p>');
    // 2.HEADER is the encapsulated message's header.
    assert.ok(header(raw, msg.message!.body).startsWith('From: =?utf-8?q?J=C3=BCrgen?='));
    assert.ok(body(raw, msg).endsWith('--inner--\r\n'));
    assert.equal(msg.lines, 14);
    assert.equal(msg.lines, body(raw, msg).split('\r\n').length - 1);
  });

  it('bare LF, 8-bit header bytes and a missing header/body separator do not throw', () => {
    const raw = Buffer.concat([
      Buffer.from('Subject: Grüße aus Köln\nFrom: "Jörg" <j@exämple.de>\nTo: a@b\n\n', 'utf8'),
      Buffer.from([0xff, 0xfe, 0x00, 0x0a]),
    ]);
    const s = parseMimeBuffer(raw);
    assert.equal(s.envelope.subject, 'Grüße aus Köln');
    assert.equal(s.headers.subject, 'Grüße aus Köln');
    assert.deepEqual(s.envelope.from, [{ name: 'Jörg', adl: null, mailbox: 'j', host: 'exämple.de' }]);
    assert.equal(s.body.size, 4);
    assert.equal(s.body.lines, 1);

    for (const text of ['', '\r\n', 'no header at all', 'Subject: only a header', 'Subject: x\r\n\r\n', '--b\r\n--b--\r\n']) {
      const r = parseMimeBuffer(text);
      assert.equal(r.size, Buffer.byteLength(text));
      assert.ok(r.body.bodyStart <= r.body.end && r.body.end === r.size, JSON.stringify(text));
    }
    assert.equal(parseMimeBuffer('Subject: x\r\n\r\n').body.size, 0);
    assert.equal(parseMimeBuffer('Subject: only a header').envelope.subject, 'only a header');
  });

  it('a huge header is bounded in memory and parsed on', () => {
    const big = 'x'.repeat(3 * 1024 * 1024);
    const raw = crlf(`To: a@example.com, ${big}@example.com\nX-Junk: ${big}\nSubject: after the junk\n\nbody\n`);
    const parser = new MimeStructureParser();
    for (let i = 0; i < raw.length; i += 65536) parser.write(raw.subarray(i, i + 65536));
    const s = parser.end();
    assert.equal(s.envelope.subject, 'after the junk');
    assert.equal(s.envelope.to?.[0]?.mailbox, 'a');
    assert.ok(JSON.stringify(s.envelope).length < 200 * 1024, 'kept header values are capped');
    assert.equal(body(raw, s.body), 'body\r\n');
  });

  it('line counts follow the RFC 2046 rule that the CRLF before a boundary is not content', () => {
    const raw = crlf('Content-Type: multipart/mixed; boundary=b\n\n--b\n\na\n\n\n--b\n\n--b\n\nx\n--b--\n');
    const s = parseMimeBuffer(raw);
    assert.deepEqual(
      s.body.children!.map((p) => [body(raw, p), p.lines]),
      [
        ['a\r\n\r\n', 2],
        ['', 0],
        ['x', 1],
      ],
    );
  });

  it('content headers: defaults, RFC 2231 non-ASCII names, language, location, md5, id', () => {
    const raw = crlf(
      [
        'Content-Type: multipart/mixed; boundary=b',
        '',
        '--b',
        '',
        'default type',
        '--b',
        "Content-Type: application/pdf; name*=utf-8''%E2%82%AC.pdf",
        "Content-Disposition: ATTACHMENT; filename*0*=utf-8''%E2%82%AC; filename*1=.pdf",
        'Content-ID: <part2@x>',
        'Content-Language: de, en-GB',
        'Content-Location: http://example.com/a.pdf',
        'Content-MD5: Q2hlY2sgSW50ZWdyaXR5IQ==',
        'Content-Transfer-Encoding: base64',
        '',
        'AAAA',
        '--b',
        'Content-Type: text',
        '',
        'broken type',
        '--b--',
      ].join('\n'),
    );
    const s = parseMimeBuffer(raw);
    const first = findPart(s.body, [1])!;
    assert.deepEqual([first.type, first.subtype, first.params, first.encoding], ['text', 'plain', { charset: 'us-ascii' }, '7BIT']);
    const pdf = findPart(s.body, [2])!;
    assert.deepEqual(pdf.params, { 'name*': "utf-8''%E2%82%AC.pdf" });
    assert.deepEqual(pdf.disposition, { type: 'attachment', params: { 'filename*': "utf-8''%E2%82%AC.pdf" } });
    assert.equal(pdf.id, '<part2@x>');
    assert.deepEqual(pdf.language, ['de', 'en-GB']);
    assert.equal(pdf.location, 'http://example.com/a.pdf');
    assert.equal(pdf.md5, 'Q2hlY2sgSW50ZWdyaXR5IQ==');
    assert.equal(pdf.encoding, 'BASE64');
    const broken = findPart(s.body, [3])!;
    assert.deepEqual([broken.type, broken.subtype, broken.defects], ['text', 'plain', ['invalid-content-type']]);
  });

  it('repeated To: and Cc: lines: the envelope and the search columns hold the addresses of every line', () => {
    const s = parseMimeBuffer(
      crlf(
        [
          'From: a@example.org',
          'From: second-from@example.org',
          'To: one@example.org',
          'Cc: c1@example.org',
          'To: Two <two@example.org>,',
          ' three@example.org',
          'Subject: first',
          'Cc: c2@example.org',
          'Subject: second',
          '',
          'body',
        ].join('\n'),
      ),
    );
    const boxes = (list: typeof s.envelope.to) => (list ?? []).map((a) => `${a.mailbox}@${a.host}`);
    assert.deepEqual(boxes(s.envelope.to), ['one@example.org', 'two@example.org', 'three@example.org']);
    assert.deepEqual(boxes(s.envelope.cc), ['c1@example.org', 'c2@example.org']);
    // Fields that name one thing keep their first occurrence.
    assert.deepEqual(boxes(s.envelope.from), ['a@example.org']);
    assert.equal(s.envelope.subject, 'first');
    assert.equal(s.headers.to, 'one@example.org, Two <two@example.org>, three@example.org');
    assert.equal(s.headers.cc, 'c1@example.org, c2@example.org');
  });

  it(`nesting is opened ${MAX_MIME_DEPTH} levels deep; a container below that is one text/plain part holding the rest`, () => {
    // `levels` multiparts inside each other, a text at the bottom.
    const nested = (levels: number, leaf = 'Content-Type: text/plain\n\nneedle at the bottom\n') => {
      let inner = leaf;
      for (let level = levels - 1; level >= 0; level--) {
        inner = `Content-Type: multipart/mixed; boundary="b${level}z"\n\n--b${level}z\n${inner}--b${level}z--\n`;
      }
      return crlf(`From: a@example.org\nSubject: deep\nMIME-Version: 1.0\n${inner}`);
    };
    const path = (n: number) => Array.from({ length: n }, () => 1);

    const atCap = parseMimeBuffer(nested(MAX_MIME_DEPTH));
    const bottom = findPart(atCap.body, path(MAX_MIME_DEPTH))!;
    assert.deepEqual([bottom.type, bottom.subtype, bottom.defects], ['text', 'plain', undefined]);
    assert.equal(body(nested(MAX_MIME_DEPTH), bottom), 'needle at the bottom'); // the CRLF before a boundary is the boundary's

    const raw = nested(MAX_MIME_DEPTH + 1);
    const beyond = parseMimeBuffer(raw);
    const leaf = findPart(beyond.body, path(MAX_MIME_DEPTH))!;
    assert.deepEqual([leaf.type, leaf.subtype, leaf.children, leaf.defects], ['text', 'plain', undefined, ['nested-too-deep']]);
    assert.match(body(raw, leaf), /^--b100z\r\nContent-Type: text\/plain\r\n\r\nneedle at the bottom\r\n--b100z--$/);
    // The container above it is an ordinary multipart with that one part.
    assert.equal(findPart(beyond.body, path(MAX_MIME_DEPTH - 1))!.children!.length, 1);
    // message/rfc822 counts as a level too.
    const messages = parseMimeBuffer(
      crlf(`Subject: m\n${'Content-Type: message/rfc822\n\nSubject: inner\n'.repeat(MAX_MIME_DEPTH + 1)}Content-Type: text/plain\n\nneedle\n`),
    );
    let part = messages.body;
    for (let level = 0; level < MAX_MIME_DEPTH; level++) part = part.message!.body;
    assert.deepEqual([part.type, part.subtype, part.message, part.defects], ['text', 'plain', undefined, ['nested-too-deep']]);
  });

  it('decoded search headers', () => {
    const s = parseMimeBuffer(
      crlf(
        [
          'From: =?iso-8859-1?q?Andr=E9?= Pirard <PIRARD@vm1.ulg.ac.be>',
          'To: "Keld J\\"rn" <keld@dkuug.dk>, undisclosed:;',
          'Cc: team: a@x.org, (Bob) b@x.org;',
          'Subject: =?ISO-8859-1?B?SWYgeW91IGNhbiByZWFkIHRoaXMgeW8=?=',
          '  =?ISO-8859-2?B?dSB1bmRlcnN0YW5kIHRoZSBleGFtcGxlLg==?=',
          'Message-ID: junk <id@host> more',
          'In-Reply-To: <a@b> <c@d>',
          'Date: 3 Mar 97 10:00:00 GMT',
          '',
          '',
        ].join('\n'),
      ),
    );
    assert.equal(s.headers.subject, 'If you can read this you understand the example.');
    assert.equal(s.headers.from, 'André Pirard <PIRARD@vm1.ulg.ac.be>');
    assert.equal(s.headers.to, 'Keld J"rn <keld@dkuug.dk>, undisclosed:;');
    assert.equal(s.headers.cc, 'team: a@x.org, Bob <b@x.org>;');
    assert.equal(s.headers.messageId, '<id@host>');
    assert.equal(s.headers.inReplyTo, '<a@b> <c@d>');
    assert.equal(s.headers.date?.toISOString(), '1997-03-03T10:00:00.000Z');
    assert.equal(s.envelope.subject, '=?ISO-8859-1?B?SWYgeW91IGNhbiByZWFkIHRoaXMgeW8=?=  =?ISO-8859-2?B?dSB1bmRlcnN0YW5kIHRoZSBleGFtcGxlLg==?=');
    assert.deepEqual(s.envelope.cc, [
      { name: null, adl: null, mailbox: 'team', host: null },
      { name: null, adl: null, mailbox: 'a', host: 'x.org' },
      { name: 'Bob', adl: null, mailbox: 'b', host: 'x.org' },
      { name: null, adl: null, mailbox: null, host: null },
    ]);
  });
});
