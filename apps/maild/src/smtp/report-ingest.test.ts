import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { reportTargetsOf } from './report-ingest.ts';

describe('report addresses among the recipients', () => {
  it('names the domain and kind of each report address, once, in any case', () => {
    assert.deepEqual(reportTargetsOf(['info@shop.example', 'DMARC-Reports@Shop.example', 'dmarc-reports@shop.example', 'tls-reports@team.example']), [
      { domain: 'shop.example', kind: 'dmarc' },
      { domain: 'team.example', kind: 'tls' },
    ]);
    assert.deepEqual(reportTargetsOf(['postmaster@shop.example', 'dmarc-reports@', 'nonsense']), []);
  });
});
