import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { isLoopbackBind, metricsAllowed } from './metrics.ts';

describe('metricsAllowed', () => {
  it('with a token: its bearer only, from any peer', () => {
    assert.equal(metricsAllowed('s3cret', 'Bearer s3cret', '203.0.113.7'), true);
    assert.equal(metricsAllowed('s3cret', 'bearer  s3cret ', '203.0.113.7'), true);
    assert.equal(metricsAllowed('s3cret', 'Bearer s3cre', '127.0.0.1'), false);
    assert.equal(metricsAllowed('s3cret', 'Basic czNjcmV0', '127.0.0.1'), false);
    assert.equal(metricsAllowed('s3cret', undefined, '127.0.0.1'), false);
  });

  it('without a token: loopback peers only', () => {
    for (const peer of ['127.0.0.1', '::1', '::ffff:127.0.0.1']) assert.equal(metricsAllowed(undefined, null, peer), true, peer);
    for (const peer of ['127.0.0.2', '192.0.2.1', '', undefined]) assert.equal(metricsAllowed(undefined, 'Bearer x', peer), false, String(peer));
  });
});

describe('isLoopbackBind', () => {
  it('knows loopback listen addresses', () => {
    for (const host of ['127.0.0.1', '::1', 'localhost', '127.0.0.53']) assert.equal(isLoopbackBind(host), true, host);
    for (const host of ['0.0.0.0', '::', '192.0.2.1']) assert.equal(isLoopbackBind(host), false, host);
  });
});
