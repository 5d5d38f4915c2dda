import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ByteBoundedLru } from './byte-bounded-lru.ts';

describe('ByteBoundedLru', () => {
  it('holds at most maxBytes, dropping the least recently used first', () => {
    const lru = new ByteBoundedLru<string>(100);
    lru.set('a', 'A', 40);
    lru.set('b', 'B', 40);
    assert.equal(lru.get('a'), 'A'); // a is now newer than b
    lru.set('c', 'C', 40);
    assert.equal(lru.get('b'), undefined, 'b was the least recently used');
    assert.equal(lru.get('a'), 'A');
    assert.equal(lru.get('c'), 'C');
    assert.equal(lru.bytes, 80);
  });

  it('counts bytes, not entries: one large value pushes out many small ones', () => {
    const lru = new ByteBoundedLru<number>(1000);
    for (let i = 0; i < 100; i++) lru.set(`small ${i}`, i, 10);
    assert.equal(lru.size, 100);
    lru.set('large', -1, 950);
    assert.equal(lru.size, 6, 'five small ones and the large one fit');
    assert.ok(lru.bytes <= 1000);
  });

  it('keeps nothing larger than the bound, and replacing a key recounts its bytes', () => {
    const lru = new ByteBoundedLru<string>(50);
    lru.set('huge', 'x', 51);
    assert.equal(lru.get('huge'), undefined);
    lru.set('k', 'v1', 30);
    lru.set('k', 'v2', 20);
    assert.equal(lru.bytes, 20);
    assert.equal(lru.get('k'), 'v2');
    const off = new ByteBoundedLru<string>(0);
    off.set('k', 'v', 1);
    assert.equal(off.size, 0, 'a bound of 0 keeps nothing');
  });
});
