import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { TopFilter } from './top-filter.ts';

const MESSAGE = 'Subject: x\r\nFrom: a@b\r\n\r\nline 1\r\nline 2\r\nline 3\r\n';

function top(message: string, lines: number, chunkSize = 1): { out: string; done: boolean } {
  const filter = new TopFilter(lines);
  const bytes = Buffer.from(message);
  const out: Buffer[] = [];
  for (let i = 0; i < bytes.length && !filter.done; i += chunkSize) out.push(filter.push(bytes.subarray(i, i + chunkSize)));
  return { out: Buffer.concat(out).toString(), done: filter.done };
}

describe('TOP filter', () => {
  it('passes the header, the blank line and n body lines, whatever the chunking', () => {
    for (const size of [1, 2, 3, 5, 1000]) {
      assert.deepEqual(top(MESSAGE, 0, size), { out: 'Subject: x\r\nFrom: a@b\r\n\r\n', done: true });
      assert.deepEqual(top(MESSAGE, 2, size), { out: 'Subject: x\r\nFrom: a@b\r\n\r\nline 1\r\nline 2\r\n', done: true });
    }
  });

  it('passes the whole message when n exceeds its lines, or it has no body', () => {
    assert.deepEqual(top(MESSAGE, 99), { out: MESSAGE, done: false });
    assert.deepEqual(top('Subject: only header\r\n', 0), { out: 'Subject: only header\r\n', done: false });
  });

  it('counts an empty body line as a line, and handles bare LF', () => {
    assert.equal(top('A: 1\n\n\nsecond\n', 1).out, 'A: 1\n\n\n');
    assert.equal(top('A: 1\r\n\r\n\r\nsecond\r\n', 2).out, 'A: 1\r\n\r\n\r\nsecond\r\n');
  });

  it('does not take a CR inside a header line for a blank line', () => {
    assert.equal(top('A: x\ry\r\nB: 2\r\n\r\nbody\r\n', 0).out, 'A: x\ry\r\nB: 2\r\n\r\n');
  });
});
