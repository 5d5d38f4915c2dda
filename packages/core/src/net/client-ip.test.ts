import assert from 'node:assert/strict';
import { test } from 'node:test';
import { clientIpResolver, normalizeAddress } from './client-ip.ts';

test('without trusted proxies the socket peer is the client, whatever the headers say', () => {
  const resolve = clientIpResolver([]);
  for (let i = 0; i < 40; i++) {
    assert.equal(resolve({ peer: '198.51.100.7', forwardedFor: `203.0.113.${i}`, realIp: `192.0.2.${i}` }), '198.51.100.7');
  }
});

test('an untrusted peer cannot speak for others even when proxies are configured', () => {
  const resolve = clientIpResolver(['10.0.0.0/8']);
  assert.equal(resolve({ peer: '198.51.100.7', forwardedFor: '203.0.113.1' }), '198.51.100.7');
});

test('from a trusted proxy the rightmost untrusted hop wins', () => {
  const resolve = clientIpResolver(['10.0.0.0/8', '::1']);
  assert.equal(resolve({ peer: '10.0.0.2', forwardedFor: '203.0.113.9' }), '203.0.113.9');
  // The client wrote 1.1.1.1 itself; the proxy appended the address it saw.
  assert.equal(resolve({ peer: '10.0.0.2', forwardedFor: '1.1.1.1, 203.0.113.9' }), '203.0.113.9');
  // Two proxies in a row: both trusted, so the hop before them is the client.
  assert.equal(resolve({ peer: '::1', forwardedFor: ['1.1.1.1, 203.0.113.9', '10.0.0.3'] }), '203.0.113.9');
  assert.equal(resolve({ peer: '::ffff:10.0.0.2', forwardedFor: '[2001:db8::5]:4711' }), '2001:db8::5');
});

test('a trusted proxy without X-Forwarded-For may name the client in X-Real-IP', () => {
  const resolve = clientIpResolver(['10.0.0.2']);
  assert.equal(resolve({ peer: '10.0.0.2', realIp: '203.0.113.4' }), '203.0.113.4');
  assert.equal(resolve({ peer: '10.0.0.2' }), '10.0.0.2');
});

test('garbage in the chain stops the walk at the last address vouched for', () => {
  const resolve = clientIpResolver(['10.0.0.0/8']);
  assert.equal(resolve({ peer: '10.0.0.2', forwardedFor: 'evil, 10.0.0.9' }), '10.0.0.9');
  assert.equal(resolve({ peer: '10.0.0.2', forwardedFor: 'unknown' }), '10.0.0.2');
});

test('addresses are normalised', () => {
  assert.equal(normalizeAddress(' 192.0.2.1:80 '), '192.0.2.1');
  assert.equal(normalizeAddress('::FFFF:192.0.2.1'), '192.0.2.1');
  assert.equal(normalizeAddress('2001:DB8::1'), '2001:db8::1');
  assert.equal(normalizeAddress('nope'), undefined);
});
