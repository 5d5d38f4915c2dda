import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { argumentUtf8, parseCommandLine, printable } from './parser.ts';

describe('parseCommandLine', () => {
  it('upper-cases the keyword and keeps the argument text as sent', () => {
    assert.deepEqual(parseCommandLine(Buffer.from('list 1')), { keyword: 'LIST', argText: '1', hasArgs: true });
    assert.deepEqual(parseCommandLine(Buffer.from('Stat')), { keyword: 'STAT', argText: '', hasArgs: false });
    assert.deepEqual(parseCommandLine(Buffer.from('PASS  two  spaces ')), { keyword: 'PASS', argText: ' two  spaces ', hasArgs: true });
    assert.deepEqual(parseCommandLine(Buffer.from('')), { keyword: '', argText: '', hasArgs: false });
  });

  it('shows non-printable keyword octets as ?', () => {
    assert.equal(parseCommandLine(Buffer.from([0x01, 0x53, 0xff])).keyword, '?S?');
    assert.equal(printable('x'.repeat(50)), `${'x'.repeat(40)}...`);
  });

  it('gives UTF-8 arguments back intact', () => {
    const parsed = parseCommandLine(Buffer.from('PASS grüße 🔑', 'utf8'));
    assert.equal(argumentUtf8(parsed.argText), 'grüße 🔑');
  });
});
