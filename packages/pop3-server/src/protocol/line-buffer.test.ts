import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { LineBuffer } from './line-buffer.ts';

const text = (taken: ReturnType<LineBuffer['take']>) => (taken?.kind === 'line' ? taken.bytes.toString() : taken);

describe('LineBuffer', () => {
  it('splits pipelined commands in CRLF and bare LF, across chunks', () => {
    const buffer = new LineBuffer();
    buffer.push(Buffer.from('STAT\r\nLI'));
    buffer.push(Buffer.from('ST 1\r'));
    assert.equal(text(buffer.take(100)), 'STAT');
    assert.equal(buffer.take(100), null);
    buffer.push(Buffer.from('\nNOOP\nQUIT\r\n'));
    assert.equal(text(buffer.take(100)), 'LIST 1');
    assert.equal(text(buffer.take(100)), 'NOOP');
    assert.equal(text(buffer.take(100)), 'QUIT');
    assert.equal(buffer.take(100), null);
    assert.equal(buffer.size, 0);
  });

  it('checks the limit when a line is taken, so one buffer serves commands and SASL lines', () => {
    const buffer = new LineBuffer();
    buffer.push(Buffer.from(`${'x'.repeat(20)}\r\n`));
    assert.deepEqual(buffer.take(10), { kind: 'too-long', length: 20 });
    buffer.push(Buffer.from(`${'x'.repeat(20)}\r\n`));
    assert.equal(text(buffer.take(20)), 'x'.repeat(20));
  });

  it('reports a line still growing past the limit without waiting for its LF', () => {
    const buffer = new LineBuffer();
    buffer.push(Buffer.alloc(11, 0x41));
    assert.equal(buffer.take(10), null, 'limit + CR may still come');
    buffer.push(Buffer.from('A'));
    assert.deepEqual(buffer.take(10), { kind: 'too-long', length: 12 });
  });

  it('clear() drops everything unread', () => {
    const buffer = new LineBuffer();
    buffer.push(Buffer.from('USER a\r\nPASS b\r\n'));
    assert.equal(buffer.clear(), 16);
    assert.equal(buffer.take(100), null);
  });
});
