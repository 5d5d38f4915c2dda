import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { removeForgedAuthHeaders } from './forged-auth-headers.ts';

describe('removeForgedAuthHeaders (RFC 8601 §5)', () => {
  it('removes Authentication-Results with our authserv-id (any case, comments, version, folded) and every Received-SPF', () => {
    const header = [
      'Received: from relay.other.test',
      'Authentication-Results: mx.kontor.test; dkim=pass',
      'authentication-results:  MX.Kontor.Test. 1;',
      '\tspf=pass',
      'Authentication-Results: (forged (nested)) mx.kontor.test; arc=pass',
      'Authentication-Results: "mx.kontor.test"; dmarc=pass',
      'Received-SPF: pass (mx.kontor.test: 127.0.0.1 is permitted)',
      'Authentication-Results: relay.other.test; spf=pass',
      'Authentication-Results: mx.kontor.test.evil.test; dkim=pass',
      'Subject: hello',
      '',
    ].join('\r\n');
    const result = removeForgedAuthHeaders(header, 'mx.kontor.test');
    assert.equal(result.removed, 5);
    assert.equal(
      result.header,
      [
        'Received: from relay.other.test',
        'Authentication-Results: relay.other.test; spf=pass',
        'Authentication-Results: mx.kontor.test.evil.test; dkim=pass',
        'Subject: hello',
        '',
      ].join('\r\n'),
    );
  });

  it('leaves a header without such fields byte for byte', () => {
    const header = 'From: <a@b.test>\r\nSubject: =?utf-8?q?caf=C3=A9?= \xe9\r\n  folded\r\n';
    assert.deepEqual(removeForgedAuthHeaders(header, 'mx.kontor.test'), { header, removed: 0 });
  });
});
