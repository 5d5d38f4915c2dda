import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { certificateState } from './certificate-status.ts';

const now = new Date('2026-12-03T12:00:00Z');
const days = (n: number) => new Date(now.getTime() + n * 86_400_000);

describe('certificateState', () => {
  it('names each case', () => {
    assert.equal(certificateState({ certPem: 'x', notAfter: days(60), lastError: null }, now, 30), 'valid');
    assert.equal(certificateState({ certPem: 'x', notAfter: days(29), lastError: null }, now, 30), 'expiring');
    assert.equal(certificateState({ certPem: 'x', notAfter: days(-1), lastError: null }, now, 30), 'expired');
    assert.equal(certificateState({ certPem: null, notAfter: null, lastError: null }, now, 30), 'pending');
    assert.equal(certificateState({ certPem: 'x', notAfter: days(60), lastError: 'connection refused' }, now, 30), 'failing');
  });
});
