import type { RecipientResolution } from '@kontor/db';
import type { PolicyStep } from '../policy.ts';
import { reject } from '../reply.ts';

export interface RecipientContext {
  address: string;
  resolution: RecipientResolution;
  /** Recipients already accepted in this transaction. */
  accepted: number;
  maxRecipients: number;
  /** Declared message size, or 0. */
  declaredSize: number;
}

export const recipientLimit: PolicyStep<RecipientContext> = {
  name: 'recipient-limit',
  run: ({ accepted, maxRecipients }) => (accepted >= maxRecipients ? reject(452, '4.5.3', 'Too many recipients') : undefined),
};

/** Local mailbox, alias or catch-all: accepted; anything else gets its precise refusal. */
export const recipientExists: PolicyStep<RecipientContext> = {
  name: 'recipient-exists',
  run({ resolution }) {
    switch (resolution.kind) {
      case 'deliver':
        return undefined;
      case 'not-local':
        return reject(550, '5.7.1', 'Relay access denied');
      case 'domain-inactive':
        return reject(550, '5.1.2', 'This domain does not accept mail');
      case 'unknown':
        return reject(550, '5.1.1', 'No such user here');
      case 'inactive':
        return reject(550, '5.2.1', 'Mailbox disabled');
      case 'loop':
        return reject(550, '5.4.6', 'Alias routing loop detected');
      case 'too-deep':
        return reject(550, '5.4.6', 'Alias chain too long');
    }
  },
};

/**
 * Over quota is temporary (452): the owner may make room, and the sender's
 * server will retry. Checked with the declared size, or at least 1 byte.
 */
export const recipientQuota: PolicyStep<RecipientContext> = {
  name: 'recipient-quota',
  run({ resolution, declaredSize }) {
    if (resolution.kind !== 'deliver') return undefined;
    const size = BigInt(Math.max(declaredSize, 1));
    const full = resolution.mailboxes.find((m) => m.quotaBytes > 0n && m.usedBytes + size > m.quotaBytes);
    return full ? reject(452, '4.2.2', 'Mailbox full, try again later') : undefined;
  },
};
