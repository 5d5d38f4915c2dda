import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { AuthVerdicts } from '../message-auth.ts';
import { type DmarcContext, dmarcDisposition, dmarcPolicy } from './dmarc.ts';

const failing = (policy: string, pct?: number) => ({ dmarc: 'fail', dmarcFailedPolicy: policy, ...(pct === undefined ? {} : { dmarcPct: pct }) });

describe('dmarcDisposition', () => {
  it('applies the policy only to a DMARC fail', () => {
    assert.equal(dmarcDisposition({ dmarc: 'pass', dmarcFailedPolicy: '' }), 'none');
    assert.equal(dmarcDisposition({ dmarc: 'temperror', dmarcFailedPolicy: '' }), 'none');
    assert.equal(dmarcDisposition(failing('reject')), 'reject');
    assert.equal(dmarcDisposition(failing('quarantine')), 'quarantine');
    assert.equal(dmarcDisposition(failing('none')), 'none');
  });

  it('samples with pct= (RFC 7489 §6.6.4): outside the sample the next lower policy applies', () => {
    // random() * 100 < pct is inside the sample.
    assert.equal(
      dmarcDisposition(failing('reject', 50), () => 0.49),
      'reject',
    );
    assert.equal(
      dmarcDisposition(failing('reject', 50), () => 0.5),
      'quarantine',
    );
    assert.equal(
      dmarcDisposition(failing('quarantine', 50), () => 0.49),
      'quarantine',
    );
    assert.equal(
      dmarcDisposition(failing('quarantine', 50), () => 0.99),
      'none',
    );
    assert.equal(
      dmarcDisposition(failing('reject', 0), () => 0),
      'quarantine',
      'pct=0 never samples',
    );
    assert.equal(
      dmarcDisposition(failing('quarantine', 0), () => 0),
      'none',
    );
    assert.equal(
      dmarcDisposition(failing('reject', 100), () => 0.999),
      'reject',
    );
    assert.equal(
      dmarcDisposition(failing('reject'), () => 0.999),
      'reject',
      'no pct is 100',
    );
  });
});

describe('dmarc-policy step', () => {
  const context = (policy: string, rejectAction: 'reject' | 'quarantine' = 'reject'): DmarcContext => ({
    verdicts: { spf: 'fail', dkim: [], arc: 'none', headers: '', ...failing(policy) } as AuthVerdicts,
    rejectAction,
    folder: 'INBOX',
  });

  it('refuses p=reject with 550 5.7.1, or files it under Junk with DMARC_REJECT_ACTION=quarantine', async () => {
    const refused = await dmarcPolicy.run(context('reject'));
    assert.equal(refused?.responseCode, 550);
    assert.equal(refused?.enhanced, '5.7.1');
    const quarantined = context('reject', 'quarantine');
    assert.equal(await dmarcPolicy.run(quarantined), undefined);
    assert.equal(quarantined.folder, 'Junk');
  });

  it('files p=quarantine under Junk and leaves p=none in INBOX', async () => {
    const quarantine = context('quarantine');
    assert.equal(await dmarcPolicy.run(quarantine), undefined);
    assert.equal(quarantine.folder, 'Junk');
    const none = context('none');
    assert.equal(await dmarcPolicy.run(none), undefined);
    assert.equal(none.folder, 'INBOX');
  });
});
