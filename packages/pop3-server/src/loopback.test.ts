import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { isLoopback } from './loopback.ts';

describe('isLoopback', () => {
  it('knows 127/8, ::1 and their mapped forms, and nothing else', () => {
    for (const address of ['127.0.0.1', '127.1.2.3', '::1', '::ffff:127.0.0.1']) assert.equal(isLoopback(address), true, address);
    for (const address of ['10.0.0.1', '::ffff:10.0.0.1', '::2', '128.0.0.1', '', 'localhost']) assert.equal(isLoopback(address), false, address);
  });
});
