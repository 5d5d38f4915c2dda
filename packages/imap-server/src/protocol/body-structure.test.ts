import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { type BodyStructure, bodyStructureValue, type SinglePart } from './body-structure.ts';
import { formatDateTime } from './dates.ts';
import { atom, encodeFetch, encodeUntagged, piecesToBuffer, type WireValue } from './encoder.ts';
import { type Envelope, envelopeValue } from './envelope.ts';

const wire = (value: WireValue) => {
  const line = piecesToBuffer(encodeUntagged([value])).toString();
  return line.slice(2, -2); // drop "* " and CRLF
};

const textPart = (size: number, lines: number, extra: Partial<SinglePart> = {}): SinglePart => ({
  kind: 'part',
  type: 'TEXT',
  subtype: 'PLAIN',
  params: [['CHARSET', 'US-ASCII']],
  id: null,
  description: null,
  encoding: '7BIT',
  size,
  lines,
  ...extra,
});

const terry = { name: 'Terry Gray', mailbox: 'gray', host: 'cac.washington.edu' };

/** The envelope of the message in RFC 3501 §8 (Sender and Reply-To absent: they default to From). */
const rfcEnvelope: Envelope = {
  date: 'Wed, 17 Jul 1996 02:23:25 -0700 (PDT)',
  subject: 'IMAP4rev1 WG mtg summary and minutes',
  from: [terry],
  sender: null,
  replyTo: null,
  to: [{ name: null, mailbox: 'imap', host: 'cac.washington.edu' }],
  cc: [
    { name: null, mailbox: 'minutes', host: 'CNRI.Reston.VA.US' },
    { name: 'John Klensin', mailbox: 'KLENSIN', host: 'MIT.EDU' },
  ],
  bcc: null,
  inReplyTo: null,
  messageId: '<B27397-0100000@cac.washington.edu>',
};

describe('ENVELOPE and BODY: RFC 3501 §8 sample, byte for byte', () => {
  it('writes the a003 FETCH 12 FULL response', () => {
    const response = encodeFetch(12, [
      ['FLAGS', [atom('\\Seen')]],
      ['INTERNALDATE', formatDateTime(new Date('1996-07-17T09:44:25Z'), -420)],
      ['RFC822.SIZE', 4286],
      ['ENVELOPE', envelopeValue(rfcEnvelope)],
      ['BODY', bodyStructureValue(textPart(3028, 92), false)],
    ]);
    assert.equal(
      piecesToBuffer(response).toString(),
      '* 12 FETCH (FLAGS (\\Seen) INTERNALDATE "17-Jul-1996 02:44:25 -0700" ' +
        'RFC822.SIZE 4286 ENVELOPE ("Wed, 17 Jul 1996 02:23:25 -0700 (PDT)" ' +
        '"IMAP4rev1 WG mtg summary and minutes" ' +
        '(("Terry Gray" NIL "gray" "cac.washington.edu")) ' +
        '(("Terry Gray" NIL "gray" "cac.washington.edu")) ' +
        '(("Terry Gray" NIL "gray" "cac.washington.edu")) ' +
        '((NIL NIL "imap" "cac.washington.edu")) ' +
        '((NIL NIL "minutes" "CNRI.Reston.VA.US")' +
        '("John Klensin" NIL "KLENSIN" "MIT.EDU")) NIL NIL ' +
        '"<B27397-0100000@cac.washington.edu>") ' +
        'BODY ("TEXT" "PLAIN" ("CHARSET" "US-ASCII") NIL NIL "7BIT" 3028 92))\r\n',
    );
  });
});

describe('BODYSTRUCTURE: RFC 3501 §7.4.2 examples, byte for byte', () => {
  it('a simple text message', () => {
    assert.equal(wire(bodyStructureValue(textPart(2279, 48), true)), '("TEXT" "PLAIN" ("CHARSET" "US-ASCII") NIL NIL "7BIT" 2279 48)');
  });

  it('a two-part message with a BASE64 text attachment', () => {
    const body: BodyStructure = {
      kind: 'multipart',
      subtype: 'MIXED',
      params: [],
      children: [
        textPart(1152, 23),
        textPart(4554, 73, {
          params: [
            ['CHARSET', 'US-ASCII'],
            ['NAME', 'cc.diff'],
          ],
          id: '<960723163407.20117h@cac.washington.edu>',
          description: 'Compiler diff',
          encoding: 'BASE64',
        }),
      ],
    };
    const expected =
      '(("TEXT" "PLAIN" ("CHARSET" "US-ASCII") NIL NIL "7BIT" 1152 23)' +
      '("TEXT" "PLAIN" ("CHARSET" "US-ASCII" "NAME" "cc.diff") ' +
      '"<960723163407.20117h@cac.washington.edu>" "Compiler diff" "BASE64" 4554 73) "MIXED")';
    assert.equal(wire(bodyStructureValue(body, true)), expected);
    assert.equal(wire(bodyStructureValue(body, false)), expected);
  });
});

describe('BODYSTRUCTURE: extension data and nested messages', () => {
  const attachment: SinglePart = {
    kind: 'part',
    type: 'application',
    subtype: 'pdf',
    params: [['name', 'Rechnung.pdf']],
    id: null,
    description: null,
    encoding: 'base64',
    size: 1000,
    md5: null,
    disposition: { type: 'attachment', params: [['filename', 'Rechnung.pdf']] },
    language: ['de', 'en'],
    location: null,
  };

  it('writes leaf extensions up to the last present field', () => {
    assert.equal(
      wire(bodyStructureValue(attachment, true)),
      '("application" "pdf" ("name" "Rechnung.pdf") NIL NIL "base64" 1000 NIL ("attachment" ("filename" "Rechnung.pdf")) ("de" "en"))',
    );
    assert.equal(wire(bodyStructureValue(attachment, false)), '("application" "pdf" ("name" "Rechnung.pdf") NIL NIL "base64" 1000)');
    assert.equal(
      wire(
        bodyStructureValue(
          { ...attachment, md5: 'Q2hlY2sgSW50ZWdyaXR5IQ==', language: ['de'], location: 'http://x/y', disposition: { type: 'inline', params: [] } },
          true,
        ),
      ),
      '("application" "pdf" ("name" "Rechnung.pdf") NIL NIL "base64" 1000 "Q2hlY2sgSW50ZWdyaXR5IQ==" ("inline" NIL) "de" "http://x/y")',
    );
  });

  it('writes multipart extensions: params, disposition, language, location', () => {
    const body: BodyStructure = {
      kind: 'multipart',
      subtype: 'alternative',
      params: [['boundary', 'b1']],
      children: [textPart(10, 1), { ...textPart(20, 2), subtype: 'HTML' }],
      language: ['en'],
    };
    assert.equal(
      wire(bodyStructureValue(body, true)),
      '(("TEXT" "PLAIN" ("CHARSET" "US-ASCII") NIL NIL "7BIT" 10 1)("TEXT" "HTML" ("CHARSET" "US-ASCII") NIL NIL "7BIT" 20 2) "alternative" ("boundary" "b1") NIL "en")',
    );
    assert.equal(
      wire(bodyStructureValue(body, false)),
      '(("TEXT" "PLAIN" ("CHARSET" "US-ASCII") NIL NIL "7BIT" 10 1)("TEXT" "HTML" ("CHARSET" "US-ASCII") NIL NIL "7BIT" 20 2) "alternative")',
    );
  });

  it('writes message/rfc822 with its envelope, inner structure and lines', () => {
    const inner: Envelope = { ...rfcEnvelope, cc: null, to: null, messageId: null, subject: 'Fwd: "quoted" \\ subject' };
    const forwarded: SinglePart = {
      kind: 'part',
      type: 'MESSAGE',
      subtype: 'RFC822',
      params: [],
      id: null,
      description: null,
      encoding: '7BIT',
      size: 500,
      lines: 12,
      message: { envelope: inner, body: textPart(100, 3) },
    };
    assert.equal(
      wire(bodyStructureValue(forwarded, false)),
      '("MESSAGE" "RFC822" NIL NIL NIL "7BIT" 500 ("Wed, 17 Jul 1996 02:23:25 -0700 (PDT)" "Fwd: \\"quoted\\" \\\\ subject" ' +
        '(("Terry Gray" NIL "gray" "cac.washington.edu")) (("Terry Gray" NIL "gray" "cac.washington.edu")) ' +
        '(("Terry Gray" NIL "gray" "cac.washington.edu")) NIL NIL NIL NIL NIL) ' +
        '("TEXT" "PLAIN" ("CHARSET" "US-ASCII") NIL NIL "7BIT" 100 3) 12)',
    );
  });
});

describe('ENVELOPE details', () => {
  it('writes group syntax as start and end markers', () => {
    const envelope: Envelope = {
      ...rfcEnvelope,
      to: [
        { group: 'Team', members: [{ name: null, mailbox: 'a', host: 'x.org' }] },
        { name: null, mailbox: 'b', host: 'y.org' },
      ],
      cc: [{ group: 'undisclosed-recipients', members: [] }],
    };
    const value = envelopeValue(envelope) as WireValue[];
    assert.equal(wire(value[5]!), '((NIL NIL "Team" NIL)(NIL NIL "a" "x.org")(NIL NIL NIL NIL)(NIL NIL "b" "y.org"))');
    assert.equal(wire(value[6]!), '((NIL NIL "undisclosed-recipients" NIL)(NIL NIL NIL NIL))');
  });

  it('keeps explicit Sender/Reply-To and writes 8-bit subjects as literals', () => {
    const envelope: Envelope = {
      ...rfcEnvelope,
      subject: 'Grüße',
      sender: [{ name: null, mailbox: 'list', host: 'x.org' }],
      replyTo: [],
    };
    const line = piecesToBuffer(encodeUntagged([envelopeValue(envelope)])).toString();
    assert.ok(line.includes('{7}\r\nGrüße'));
    assert.ok(line.includes('((NIL NIL "list" "x.org")) (("Terry Gray"'));
  });
});
