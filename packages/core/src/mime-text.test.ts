import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { describe, it } from 'node:test';
import libqp from 'libqp';
import { decodeBase64, decodeQuotedPrintable, htmlToText, indexWords, messageBodyText, type TextPart } from './mime-text.ts';

const qp = (text: string) => decodeQuotedPrintable(Buffer.from(text, 'latin1'));

describe('decodeQuotedPrintable', () => {
  it('decodes as libqp does: escapes, soft breaks, trailing white space, stray "="', () => {
    const samples = [
      'Gr=C3=BC=C3=9Fe aus K=c3=b6ln',
      'a word split by a soft line br=\r\neak',
      'soft break with LF only=\nhere',
      'padding at line ends   \r\nis dropped\t\r\nbut not inside',
      'space before a soft break =\r\nstays',
      'white space after the equals sign=  \r\nis a soft break too',
      'a lone = sign, =G1 and =4 are kept',
      'ends with an equals sign=',
      'ends with =4',
      '=3D=3d==3D',
      'bare CR=\rafter',
      '',
    ];
    for (const sample of samples) assert.deepEqual(qp(sample), libqp.decode(sample), JSON.stringify(sample));
  });

  it('agrees with libqp on every string of up to four of the octets that matter', () => {
    const alphabet = ' \t\r\n=AF3x';
    for (let length = 1; length <= 4; length++) {
      for (let k = 0; k < alphabet.length ** length; k++) {
        let sample = '';
        for (let i = 0, x = k; i < length; i++, x = Math.floor(x / alphabet.length)) sample += alphabet[x % alphabet.length];
        assert.deepEqual(qp(sample), libqp.decode(sample), JSON.stringify(sample));
      }
    }
  });

  it('round-trips what libqp encodes, and agrees with libqp on random input', () => {
    for (let i = 0; i < 300; i++) {
      const bytes = randomBytes(1 + (i % 97) * 7);
      const encoded = libqp.wrap(libqp.encode(bytes), 76);
      assert.deepEqual(decodeQuotedPrintable(Buffer.from(encoded, 'latin1')), bytes);
      const noise = Buffer.from(bytes.map((b) => ' \t\r\n=AF3x'.charCodeAt(b % 9))).toString('latin1');
      assert.deepEqual(qp(noise), libqp.decode(noise), JSON.stringify(noise));
    }
  });
});

describe('decodeBase64', () => {
  it('decodes wrapped base64 and skips stray characters like the regex-cleaned decode did', () => {
    for (let i = 0; i < 200; i++) {
      const bytes = randomBytes(i * 13);
      const wrapped = bytes
        .toString('base64')
        .replace(/.{1,76}/g, '$&\r\n')
        .replace(/A/g, 'A!');
      const old = Buffer.from(wrapped.replace(/[^A-Za-z0-9+/=]/g, ''), 'base64');
      assert.deepEqual(decodeBase64(Buffer.from(wrapped, 'latin1')), old);
    }
    assert.equal(decodeBase64(Buffer.from('SGFsbG8g\r\nV2VsdA==')).toString(), 'Hallo Welt');
  });
});

describe('messageBodyText', () => {
  it('decodes the text parts of a message (charset, transfer encoding, HTML as text)', async () => {
    const raw = Buffer.from('xx=E4nderungxx<p>Gr&uuml;&szlig;e &amp; <b>mehr</b></p>', 'latin1');
    const part = (start: number, end: number, extra: Partial<TextPart>): TextPart => ({
      type: 'text',
      subtype: 'plain',
      params: {},
      encoding: '7BIT',
      headerStart: start,
      bodyStart: start,
      end,
      ...extra,
    });
    const root: TextPart = {
      ...part(0, raw.length, { type: 'multipart', subtype: 'mixed' }),
      children: [
        part(2, 12, { encoding: 'QUOTED-PRINTABLE', params: { charset: 'iso-8859-1' } }),
        part(14, raw.length, { subtype: 'html', params: { charset: 'utf-8' } }),
      ],
    };
    const text = await messageBodyText(root, async (start, end) => raw.subarray(start, end));
    assert.equal(text, 'änderung\n Gr&uuml;&szlig;e & mehr ');
  });

  it('htmlToText drops markup, styles and scripts', () => {
    assert.equal(htmlToText('<style>p{}</style><script>x()</script><div>a</div>b&lt;c'), '   a b<c');
  });
});

describe('indexWords', () => {
  it('keeps runs of letters and digits, lower case, NFC', () => {
    assert.deepEqual(indexWords('Grüße, bob@Example.COM: v1.2 — Cafe\u0301'), ['grüße', 'bob', 'example', 'com', 'v1', '2', 'café']);
  });
});
