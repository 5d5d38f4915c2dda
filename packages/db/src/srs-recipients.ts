import { isSrsAddress, type Srs, splitAddress } from '@kontor/core';
import type { DbTx } from './client.ts';
import { type RecipientResolution, resolveRecipient } from './recipients.ts';

/**
 * Recipient resolution for the MX, with SRS bounces: `SRS0=…@hosted-domain`
 * (or @MAIL_HOSTNAME) with a valid hash and age is the original sender of
 * mail we forwarded, and a bounce to it goes back there (into its mailbox
 * when it is one of ours, else out through the queue). A forged or expired
 * SRS address is unknown (550 5.1.1). Everything else resolves as usual.
 */
export async function resolveRecipientWithSrs(db: DbTx, address: string, srs: Srs, hostname: string): Promise<RecipientResolution> {
  const parts = splitAddress(address);
  if (!parts || !isSrsAddress(parts.local)) return resolveRecipient(db, address);
  const domain = parts.domain.toLowerCase();
  const ours = domain === hostname.toLowerCase() || (await db.domain.count({ where: { name: domain, active: true } })) > 0;
  if (!ours) return resolveRecipient(db, address);
  const reversed = srs.reverse(address);
  if (!reversed.ok) return { kind: 'unknown' };
  const original = await resolveRecipient(db, reversed.address);
  if (original.kind === 'not-local') return { kind: 'deliver', mailboxes: [], forwards: [reversed.address], forwardings: [] };
  return original;
}
