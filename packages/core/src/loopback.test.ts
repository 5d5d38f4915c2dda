import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { isLoopback } from './loopback.ts';

describe('isLoopback', () => {
  it('is 127.0.0.1 and ::1 (and the mapped 127.0.0.1) only, as ALLOW_PLAINTEXT_AUTH_LOOPBACK documents', () => {
    for (const address of ['127.0.0.1', '::1', '::ffff:127.0.0.1']) assert.equal(isLoopback(address), true, address);
    for (const address of ['127.0.0.2', '127.1.2.3', '::ffff:127.0.0.2', '10.0.0.1', '::ffff:10.0.0.1', '::2', '128.0.0.1', '', 'localhost']) {
      assert.equal(isLoopback(address), false, address);
    }
  });
});
