import { DNS_CHECK_QUEUE } from '@kontor/core';
import type { DbTx } from './client.ts';

/**
 * Asks the workers to check a domain's DNS at once (after a change that
 * alters its records: a new domain, a DKIM rotation, a new MTA-STS mode, or
 * a live check in the panel that disagrees with the stored one). An outbox
 * row of the caller's transaction, so the job exists exactly when the
 * change does; maild's relay hands it to the `kontor-dns-check` queue.
 */
export async function requestDnsCheck(db: DbTx, domainId: number): Promise<void> {
  await db.outbox.create({ data: { queue: DNS_CHECK_QUEUE, name: 'check-domain', data: { domainId } } });
}
