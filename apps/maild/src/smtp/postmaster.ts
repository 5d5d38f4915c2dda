import type { Db, RecipientResolution } from '@kontor/db';

/** `RCPT TO:<Postmaster>` without a domain, in any case (RFC 5321 §4.5.1). */
export function isBarePostmaster(address: string): boolean {
  return address.toLowerCase() === 'postmaster';
}

/**
 * Where a bare `postmaster` goes: to postmaster@ of the primary domain,
 * which is MAIL_HOSTNAME's domain. `postmaster@<MAIL_HOSTNAME>` is tried
 * first, then each parent domain (mx.example.com → example.com), down to
 * two labels; the first that resolves to a mailbox or an alias wins.
 * Resolves with the address it went to, so the trace, the DeliveryLog row
 * and forwarding (SRS) see a real address.
 */
export async function resolveBarePostmaster(
  db: Db,
  hostname: string,
  resolve: (db: Db, address: string) => Promise<RecipientResolution>,
): Promise<{ address: string; resolution: RecipientResolution }> {
  const labels = hostname.toLowerCase().replace(/\.$/, '').split('.');
  let first: { address: string; resolution: RecipientResolution } | undefined;
  for (let i = 0; i === 0 || labels.length - i >= 2; i++) {
    const address = `postmaster@${labels.slice(i).join('.')}`;
    const resolution = await resolve(db, address);
    if (resolution.kind === 'deliver') return { address, resolution };
    first ??= { address, resolution };
    if (labels.length - i <= 2) break;
  }
  // Nothing hosted answers for postmaster: the refusal says so (no such user).
  return {
    address: first?.address ?? 'postmaster',
    resolution: first?.resolution.kind === 'not-local' ? { kind: 'unknown' } : (first?.resolution ?? { kind: 'unknown' }),
  };
}
