import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { DEFAULT_ORDER, defaultReverse, parseListOrder, serializeListOrder } from './list-order.ts';

describe('webmail list order cookie', () => {
  it('round-trips every order', () => {
    for (const order of [DEFAULT_ORDER, { sort: 'subject', reverse: false, threads: false }, { sort: 'date', reverse: true, threads: true }] as const) {
      assert.deepEqual(parseListOrder(serializeListOrder(order)), order);
    }
  });

  it('falls back to newest first for anything else', () => {
    for (const value of [undefined, '', 'date', 'bogus.desc', 'date.sideways', 'size.asc.extra']) {
      const parsed = parseListOrder(value);
      assert.ok(parsed === DEFAULT_ORDER || parsed.sort === 'size', String(value));
    }
    assert.deepEqual(parseListOrder('size.asc.extra'), { sort: 'size', reverse: false, threads: false });
  });

  it('starts dates and sizes descending, names ascending', () => {
    assert.equal(defaultReverse('date'), true);
    assert.equal(defaultReverse('size'), true);
    assert.equal(defaultReverse('from'), false);
    assert.equal(defaultReverse('subject'), false);
  });
});
