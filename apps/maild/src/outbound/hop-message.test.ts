import assert from 'node:assert/strict';
import { Readable } from 'node:stream';
import { describe, it } from 'node:test';
import { HopMessage } from './hop-message.ts';
import { hopExtensions } from './smtp-attempt.ts';

const eightBit = Buffer.from('Subject: hi\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: 8bit\r\n\r\nGrüße\r\n', 'utf8');
const utf8Header = Buffer.from('Subject: Grüße\r\n\r\nhello\r\n', 'utf8');

/** A signer that records what it signed. */
function recordingSigner() {
  const signed: Buffer[] = [];
  const sign = async (bytes: Buffer) => {
    signed.push(bytes);
    return `DKIM-Signature: n=${signed.length}\r\n`;
  };
  return { signed, sign };
}

describe('HopMessage: what each hop gets (RFC 6152, RFC 6531)', () => {
  it('reads 8BITMIME and SMTPUTF8 from the EHLO reply', () => {
    assert.deepEqual(hopExtensions('250-mx.test\r\n250-8BITMIME\r\n250-SMTPUTF8\r\n250 SIZE 1000'), { eightBitMime: true, smtpUtf8: true });
    assert.deepEqual(hopExtensions('250-mx.test says 8BITMIME\r\n250 PIPELINING'), { eightBitMime: false, smtpUtf8: false });
    assert.deepEqual(hopExtensions(false), { eightBitMime: false, smtpUtf8: false });
  });

  it('sends 8-bit as is with BODY=8BITMIME, or converted and signed after conversion', async () => {
    const { signed, sign } = recordingSigner();
    const message = await HopMessage.load(Readable.from([eightBit]), 'anna@example.com', sign);
    assert.equal(signed.length, 1, 'the as-stored variant is signed before any connection');
    const full = await message.forHop({ eightBitMime: true, smtpUtf8: true }, ['bob@remote.test'], 'mx.remote.test');
    assert.equal(full.eightBitMime, true);
    assert.equal(full.smtpUtf8, false);
    assert.equal(full.message.toString('utf8'), `DKIM-Signature: n=1\r\n${eightBit.toString('utf8')}`);
    const plain = await message.forHop({ eightBitMime: false, smtpUtf8: false }, ['bob@remote.test'], 'mx.remote.test');
    assert.equal(plain.eightBitMime, false);
    assert.equal(signed.length, 2);
    assert.ok(!signed[1]!.some((o) => o > 0x7f), 'the signed octets are the converted ones');
    assert.equal(plain.message.toString('latin1'), `DKIM-Signature: n=2\r\n${signed[1]!.toString('latin1')}`);
    await message.forHop({ eightBitMime: false, smtpUtf8: false }, ['carl@remote.test'], 'mx.remote.test');
    assert.equal(signed.length, 2, 'each variant signed once');
  });

  it('refuses what a hop without SMTPUTF8 cannot carry: the UTF-8 recipient, or everyone for a UTF-8 header', async () => {
    const ascii = await HopMessage.load(Readable.from([eightBit]), 'anna@example.com', recordingSigner().sign);
    const some = await ascii.forHop({ eightBitMime: true, smtpUtf8: false }, ['jürgen@remote.test', 'bob@remote.test'], 'mx.remote.test');
    assert.deepEqual(
      some.refused.map((r) => [r.recipient, r.code, r.local, r.response.slice(0, 5)]),
      [['jürgen@remote.test', 550, true, '5.6.7']],
    );
    const withUtf8 = await ascii.forHop({ eightBitMime: true, smtpUtf8: true }, ['jürgen@remote.test'], 'mx.remote.test');
    assert.equal(withUtf8.smtpUtf8, true);
    assert.deepEqual(withUtf8.refused, []);
    const header = await HopMessage.load(Readable.from([utf8Header]), 'anna@example.com', recordingSigner().sign);
    const all = await header.forHop({ eightBitMime: true, smtpUtf8: false }, ['bob@remote.test', 'carl@remote.test'], 'mx.remote.test');
    assert.deepEqual(
      all.refused.map((r) => r.response.slice(0, 5)),
      ['5.6.9', '5.6.9'],
    );
    assert.match(all.refused[0]!.response, /mx\.remote\.test cannot take internationalised email/);
    assert.equal((await header.forHop({ eightBitMime: true, smtpUtf8: true }, ['bob@remote.test'], 'mx.remote.test')).smtpUtf8, true);
  });
});
