import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createSrs, isSrsAddress } from './srs.ts';

const DAY = 86_400_000;

describe('SRS', () => {
  const now = Date.UTC(2026, 10, 27);
  const srs = createSrs('secret', { now: () => now });

  it('rewrites a sender into the forwarding domain and back', () => {
    const forwarded = srs.forward('Alice@Example.org', 'forward.example');
    assert.match(forwarded, /^SRS0=[A-Za-z0-9+/]{4}=[A-Z2-7]{2}=Example\.org=Alice@forward\.example$/);
    assert.ok(isSrsAddress(forwarded));
    assert.deepEqual(srs.reverse(forwarded), { ok: true, address: 'Alice@Example.org' });
    // Case does not matter on the way back (some MTAs lower-case local parts).
    assert.deepEqual(srs.reverse(forwarded.toLowerCase()), { ok: true, address: 'alice@example.org' });
  });

  it('keeps the null sender and our own addresses', () => {
    assert.equal(srs.forward('', 'forward.example'), '');
    assert.equal(srs.forward('info@forward.example', 'forward.example'), 'info@forward.example');
  });

  it('refuses forged hashes, other secrets and old addresses', () => {
    const forwarded = srs.forward('alice@example.org', 'forward.example');
    const forged = forwarded.replace(/^SRS0=..../, 'SRS0=AAAA');
    assert.deepEqual(srs.reverse(forged), { ok: false, reason: 'bad-hash' });
    assert.deepEqual(createSrs('other', { now: () => now }).reverse(forwarded), { ok: false, reason: 'bad-hash' });
    const later = createSrs('secret', { now: () => now + 22 * DAY });
    assert.deepEqual(later.reverse(forwarded), { ok: false, reason: 'expired' });
    const soon = createSrs('secret', { now: () => now + 20 * DAY });
    assert.equal(soon.reverse(forwarded).ok, true);
    assert.deepEqual(srs.reverse('alice@example.org'), { ok: false, reason: 'not-srs' });
    assert.deepEqual(srs.reverse('SRS0=abc@forward.example'), { ok: false, reason: 'malformed' });
  });

  it('uses SRS1 for an address another forwarder rewrote already', () => {
    const first = createSrs('theirs', { now: () => now }).forward('alice@example.org', 'first.example');
    const second = srs.forward(first, 'forward.example');
    assert.match(second, /^SRS1=....=first\.example==....=..=example\.org=alice@forward\.example$/);
    assert.deepEqual(srs.reverse(second), { ok: true, address: first });
  });
});
