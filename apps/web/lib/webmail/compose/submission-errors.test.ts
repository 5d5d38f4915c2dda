import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { refusedRecipients, sendProblem } from './submission-errors.ts';

/** The replies maild's submission gives (apps/maild/src/submission), as nodemailer reports them. */
describe('submission replies as compose problems', () => {
  it('names a refused sender, a sending limit, a size and a session that ended', () => {
    assert.deepEqual(
      sendProblem(
        { code: 'EENVELOPE', command: 'MAIL FROM', responseCode: 553, response: '553 5.7.1 Sender address <ceo@x> is not owned by user anna@x' },
        'ceo@x',
      ),
      {
        code: 'senderRefused',
        address: 'ceo@x',
      },
    );
    assert.deepEqual(
      sendProblem({ code: 'EMESSAGE', command: 'DATA', responseCode: 553, response: '553 5.7.1 From: address <ceo@x> is not owned by user anna@x' }, 'ceo@x'),
      {
        code: 'senderRefused',
        address: 'ceo@x',
      },
    );
    assert.deepEqual(
      sendProblem(
        {
          code: 'EENVELOPE',
          command: 'MAIL FROM',
          responseCode: 450,
          response: '450 4.7.1 Sending limit reached: at most 100 messages per hour; try again later',
        },
        'a@x',
      ),
      { code: 'sendLimit', limit: 100, window: 'hour' },
    );
    assert.deepEqual(sendProblem({ code: 'EMESSAGE', responseCode: 552, response: '552 5.3.4 Message size exceeds the fixed limit' }, 'a@x'), {
      code: 'tooLarge',
    });
    assert.deepEqual(sendProblem({ code: 'EAUTH', responseCode: 535, response: '535 5.7.8 Authentication credentials invalid' }, 'a@x'), {
      code: 'sessionEnded',
    });
    assert.deepEqual(sendProblem({ code: 'ECONNECTION' }, 'a@x'), { code: 'unavailable' });
    assert.deepEqual(sendProblem({ code: 'EENVELOPE', responseCode: 451, response: '451 4.3.0 Temporary local problem, please try again later' }, 'a@x'), {
      code: 'temporary',
      detail: 'Temporary local problem, please try again later',
    });
  });

  it('lists refused recipients with their reasons', () => {
    const failure = {
      code: 'EENVELOPE',
      command: 'RCPT TO',
      rejected: ['nobody@x', 'full@x', 'far@y'],
      rejectedErrors: [
        { recipient: 'nobody@x', responseCode: 550, response: '550 5.1.1 No such user here' },
        { recipient: 'full@x', responseCode: 452, response: '452 4.2.2 Mailbox full, try again later' },
        { recipient: 'far@y', responseCode: 550, response: '550 5.7.1 Relay access denied' },
      ],
    };
    assert.deepEqual(sendProblem(failure, 'a@x'), {
      code: 'recipientsRefused',
      refused: [
        { address: 'nobody@x', reason: 'unknown', detail: 'No such user here' },
        { address: 'full@x', reason: 'full', detail: 'Mailbox full, try again later' },
        { address: 'far@y', reason: 'relay', detail: 'Relay access denied' },
      ],
    });
    assert.deepEqual(refusedRecipients({ rejected: [] }), []);
  });
});
