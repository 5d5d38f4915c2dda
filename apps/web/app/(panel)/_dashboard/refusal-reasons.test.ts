import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { groupRefusals, refusalReason } from './refusal-reasons.ts';

describe('refusal reasons', () => {
  it('names the replies of the inbound policy', () => {
    assert.equal(refusalReason('550 5.1.1 No such user here'), 'unknownUser');
    assert.equal(refusalReason('550 5.7.1 Message rejected by the DMARC policy of the sender domain'), 'dmarc');
    assert.equal(refusalReason('550 5.7.1 Relay access denied'), 'relay');
    assert.equal(refusalReason('550 5.7.1 You are not me: HELO with my own name refused'), 'helo');
    assert.equal(refusalReason('552 5.3.4 Message size exceeds the fixed limit of … bytes'), 'tooLarge');
    assert.equal(refusalReason('452 4.2.2 Mailbox full, try again later'), 'mailboxFull');
    assert.equal(refusalReason('554 something else'), null);
  });

  it('groups replies of one reason and keeps unknown replies apart, most first', () => {
    const groups = groupRefusals([
      { reason: '554 something else', count: 1 },
      { reason: '550 5.1.1 No such user here', count: 3 },
      { reason: '550 5.1.1 <x@y>: unknown', count: 2 },
    ]);
    assert.deepEqual(
      groups.map((g) => [g.reason, g.count, g.replies.length]),
      [
        ['unknownUser', 5, 2],
        [null, 1, 1],
      ],
    );
  });
});
