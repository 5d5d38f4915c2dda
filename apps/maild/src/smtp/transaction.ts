import type { DeliveryTargets } from '@kontor/db';
import type { SMTPServerSession } from 'smtp-server';

/** What the inbound server learns about one mail transaction, step by step. */
export interface InboundTransaction {
  /** MAIL FROM, lower-cased domain; '' for the null sender. */
  mailFrom: string;
  /** SIZE= from MAIL FROM, when the client declared it. */
  declaredSize: number;
  /** Accepted recipients in order, each with where it goes. */
  recipients: Array<{ address: string } & DeliveryTargets>;
  /** A deliverability self-test probe (selftest/): its run's token and domain; it is evaluated, never stored. */
  selftest?: { token: string; domain: string };
}

const transactions = new WeakMap<SMTPServerSession, InboundTransaction>();

export function beginTransaction(session: SMTPServerSession, mailFrom: string, declaredSize: number): InboundTransaction {
  const transaction: InboundTransaction = { mailFrom, declaredSize, recipients: [] };
  transactions.set(session, transaction);
  return transaction;
}

export function currentTransaction(session: SMTPServerSession): InboundTransaction {
  let transaction = transactions.get(session);
  if (!transaction) {
    transaction = { mailFrom: session.envelope.mailFrom ? session.envelope.mailFrom.address : '', declaredSize: 0, recipients: [] };
    transactions.set(session, transaction);
  }
  return transaction;
}
