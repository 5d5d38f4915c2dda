import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { compactSet, expandOrderedSet } from './sequence-set.ts';

describe('webmail sequence sets', () => {
  it('reads an ESORT ALL set in the order written', () => {
    assert.deepEqual(expandOrderedSet('7,3:5,1'), [7, 3, 4, 5, 1]);
    assert.deepEqual(expandOrderedSet('9:7'), [9, 8, 7]);
    assert.deepEqual(expandOrderedSet(''), []);
  });

  it('writes UIDs as a compact ascending set', () => {
    assert.equal(compactSet([5, 1, 2, 3, 3, 9, 10]), '1:3,5,9:10');
    assert.equal(compactSet([42]), '42');
    assert.equal(compactSet([]), '');
  });
});
