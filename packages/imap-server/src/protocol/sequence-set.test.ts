import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  compactSequenceSet,
  evaluateSequenceNumbers,
  evaluateSequenceSet,
  formatSequenceSet,
  parseSequenceSet,
  type SequenceSet,
  sequenceSetHas,
} from './sequence-set.ts';

function ranges(text: string): SequenceSet & { kind: 'ranges' } {
  const set = parseSequenceSet(text);
  assert.ok(set && set.kind === 'ranges', `${text} should parse`);
  return set;
}

describe('parseSequenceSet', () => {
  it('parses numbers, ranges, * and lists', () => {
    assert.deepEqual(parseSequenceSet('1'), { kind: 'ranges', ranges: [{ start: 1, end: 1 }] });
    assert.deepEqual(parseSequenceSet('2:4,7,9:*'), {
      kind: 'ranges',
      ranges: [
        { start: 2, end: 4 },
        { start: 7, end: 7 },
        { start: 9, end: '*' },
      ],
    });
    assert.deepEqual(parseSequenceSet('*'), { kind: 'ranges', ranges: [{ start: '*', end: '*' }] });
    assert.deepEqual(parseSequenceSet('$'), { kind: 'saved' });
  });

  it('rejects what the grammar does not allow', () => {
    for (const bad of ['', '0', '0:5', '01', '1:', ':1', '1,,2', '1:2:3', 'a', '-1', '4294967296', '1 2', '$,1', '1,']) {
      assert.equal(parseSequenceSet(bad), undefined, bad);
    }
    assert.ok(parseSequenceSet('4294967295'));
  });

  it('prints back', () => {
    assert.equal(formatSequenceSet(ranges('1:3,5,7:*')), '1:3,5,7:*');
    assert.equal(formatSequenceSet({ kind: 'saved' }), '$');
  });
});

describe('evaluateSequenceSet', () => {
  const uids = [3, 5, 8, 9, 10, 20, 400];

  it('picks the listed values, ascending and without duplicates', () => {
    assert.deepEqual(evaluateSequenceSet(ranges('9,1:5,4:8,5'), uids), [3, 5, 8, 9]);
  });

  it('treats * as the largest value and 3:1 as 1:3', () => {
    assert.deepEqual(evaluateSequenceSet(ranges('10:*'), uids), [10, 20, 400]);
    assert.deepEqual(evaluateSequenceSet(ranges('*:10'), uids), [10, 20, 400]);
    assert.deepEqual(evaluateSequenceSet(ranges('9:3'), uids), [3, 5, 8, 9]);
    assert.deepEqual(evaluateSequenceSet(ranges('*'), uids), [400]);
  });

  it('includes the last UID in n:* even when n is above it (RFC 3501 §6.4.8)', () => {
    assert.deepEqual(evaluateSequenceSet(ranges('559:*'), uids), [400]);
  });

  it('returns nothing for an empty mailbox', () => {
    assert.deepEqual(evaluateSequenceSet(ranges('1:*'), []), []);
    assert.deepEqual(evaluateSequenceNumbers(ranges('1:*'), 0), []);
  });

  it('evaluates message sequence numbers against a count', () => {
    assert.deepEqual(evaluateSequenceNumbers(ranges('2:4,6:*'), 7), [2, 3, 4, 6, 7]);
    assert.deepEqual(evaluateSequenceNumbers(ranges('5:100'), 6), [5, 6]);
    assert.deepEqual(evaluateSequenceNumbers(ranges('1:4294967295'), 3), [1, 2, 3]);
  });

  it('answers membership', () => {
    const set = ranges('1:3,10:*');
    assert.ok(sequenceSetHas(set, 2, 50));
    assert.ok(!sequenceSetHas(set, 5, 50));
    assert.ok(sequenceSetHas(set, 50, 50));
  });
});

describe('compactSequenceSet', () => {
  it('sorts, de-duplicates and joins runs', () => {
    assert.equal(compactSequenceSet([7, 1, 2, 3, 5, 8, 2]), '1:3,5,7:8');
    assert.equal(compactSequenceSet([]), '');
    assert.equal(compactSequenceSet([42]), '42');
  });

  it('keeps order when asked (COPYUID pairs positions)', () => {
    assert.equal(compactSequenceSet([304, 319, 320], { keepOrder: true }), '304,319:320');
    assert.equal(compactSequenceSet([5, 4, 3, 10, 11], { keepOrder: true }), '5,4,3,10:11');
  });

  it('round-trips through evaluate', () => {
    const values = [1, 2, 3, 9, 11, 12, 13, 100];
    assert.deepEqual(
      evaluateSequenceSet(
        ranges(compactSequenceSet(values)),
        [...Array(200).keys()].map((n) => n + 1),
      ),
      values,
    );
  });
});
