import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { DotStuffer, stuffBody } from './dot-stuffing.ts';

/** Stuffs `input` split at every possible pair of points, so every chunk boundary is tried. */
function stuffedInPieces(input: string): Set<string> {
  const results = new Set<string>();
  const bytes = Buffer.from(input);
  for (let a = 0; a <= bytes.length; a++) {
    for (let b = a; b <= bytes.length; b++) {
      const stuffer = new DotStuffer();
      const out = [bytes.subarray(0, a), bytes.subarray(a, b), bytes.subarray(b)].map((c) => stuffer.push(c));
      results.add(Buffer.concat([...out, stuffer.end()]).toString());
    }
  }
  return results;
}

describe('byte-stuffing (RFC 1939 §3)', () => {
  it('doubles a leading dot on every line, the first included', () => {
    assert.equal(stuffBody(Buffer.from('.first\r\nmiddle . dot\r\n.\r\n..two\r\nend.\r\n')).toString(), '..first\r\nmiddle . dot\r\n..\r\n...two\r\nend.\r\n');
  });

  it('gives the same octets whatever the chunk boundaries', () => {
    const input = '.a\r\n.\r\nb\r\n..\r\n.';
    assert.deepEqual([...stuffedInPieces(input)], ['..a\r\n..\r\nb\r\n...\r\n..\r\n']);
  });

  it('treats a bare LF as a line end too', () => {
    assert.equal(stuffBody(Buffer.from('x\n.y\n')).toString(), 'x\n..y\n');
  });

  it('ends an unterminated last line with CRLF, and adds nothing to an empty body', () => {
    assert.equal(stuffBody(Buffer.from('no newline')).toString(), 'no newline\r\n');
    assert.equal(stuffBody(Buffer.alloc(0)).length, 0);
    const stuffer = new DotStuffer();
    stuffer.push(Buffer.from('a\r'));
    stuffer.push(Buffer.from('\n'));
    assert.equal(stuffer.end().length, 0);
  });

  it('returns the chunk itself when nothing needs stuffing (no copy)', () => {
    const chunk = Buffer.from('plain\r\ntext\r\n');
    assert.equal(new DotStuffer().push(chunk), chunk);
  });
});
