import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { messageNeeds, needsSmtpUtf8, reencodeMessage } from './seven-bit.ts';

const long = 'x'.repeat(1500);
const multipart = Buffer.from(
  'From: a@example.com\r\nContent-Type: multipart/mixed; boundary="b1"\r\n\r\n' +
    '--b1\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: 8bit\r\n\r\nGrüße\r\nzwei\r\n' +
    '--b1\r\nContent-Type: application/octet-stream\r\nContent-Transfer-Encoding: binary\r\n\r\n\u00ff\u00fe\r\n' +
    '--b1\r\nContent-Type: text/html\r\n\r\n<p>plain ascii</p>\r\n--b1--\r\n',
  'utf8',
);

/** Quoted-printable back to octets (soft breaks removed). */
const unQp = (text: string) =>
  Buffer.from(
    text.replace(/=\r\n/g, '').replace(/=([0-9A-F]{2})/g, (_, h) => String.fromCharCode(Number.parseInt(h, 16))),
    'latin1',
  );

describe('seven-bit re-encoding (RFC 6152 §3, RFC 5321 §4.5.3.1.6)', () => {
  it('reports 8-bit octets, UTF-8 in the header and lines over 998 octets', () => {
    assert.deepEqual(messageNeeds(Buffer.from('Subject: hi\r\n\r\nhello\r\n')), { eightBit: false, utf8Header: false, longLines: false });
    assert.deepEqual(messageNeeds(Buffer.from('Subject: Grüße\r\n\r\nhello\r\n')), { eightBit: true, utf8Header: true, longLines: false });
    assert.deepEqual(messageNeeds(Buffer.from(`Subject: hi\r\n\r\n${'y'.repeat(998)}\r\n`)).longLines, false);
    assert.deepEqual(messageNeeds(Buffer.from(`Subject: hi\r\n\r\n${'y'.repeat(999)}\r\n`)).longLines, true);
    assert.equal(needsSmtpUtf8('anna@example.com'), false);
    assert.equal(needsSmtpUtf8('jürgen@example.com'), true);
  });

  it('converts every 8-bit leaf to 7 bit: text as quoted-printable, the rest as base64, content unchanged', () => {
    const out = reencodeMessage(multipart, { sevenBit: true });
    assert.deepEqual(messageNeeds(out), { eightBit: false, utf8Header: false, longLines: false });
    const text = out.toString('latin1');
    assert.match(text, /Content-Type: text\/plain; charset=utf-8\r\nContent-Transfer-Encoding: quoted-printable\r\n\r\nGr=C3=BC=C3=9Fe\r\nzwei\r\n--b1\r\n/);
    assert.match(text, /Content-Type: application\/octet-stream\r\nContent-Transfer-Encoding: base64\r\n\r\nw7\/Dvg==\r\n--b1\r\n/);
    assert.match(text, /Content-Type: text\/html\r\n\r\n<p>plain ascii<\/p>\r\n--b1--\r\n$/);
    assert.equal(text.match(/Content-Transfer-Encoding/g)?.length, 2, 'the old 8bit/binary fields replaced, not repeated');
  });

  it('re-encodes only the parts with long lines when the hop takes 8-bit, and leaves a clean message as it is', () => {
    const message = Buffer.from(`Subject: hi\r\nContent-Type: text/plain; charset=utf-8\r\n\r\nGrüße ${long}\r\nend\r\n`, 'utf8');
    const out = reencodeMessage(message, { sevenBit: false });
    assert.equal(messageNeeds(out).longLines, false);
    const body = out.toString('latin1').split('\r\n\r\n')[1]!;
    assert.equal(unQp(body).toString('utf8'), `Grüße ${long}\r\nend\r\n`);
    const clean = Buffer.from('Subject: hi\r\n\r\nGrüße\r\n', 'utf8');
    assert.equal(reencodeMessage(clean, { sevenBit: false }), clean);
  });
});
