import { dmarcReportAddress, splitAddress, tlsReportAddress } from '@kontor/core';
import type { Db, RecipientResolution } from '@kontor/db';

/**
 * The addresses the DNS tab hints for reports, dmarc-reports@ (DMARC rua=,
 * RFC 7489 §7.2) and tls-reports@ (TLS-RPT, RFC 8460 §3) of every hosted
 * domain, always take mail: a mailbox or alias of that name gets it, and
 * otherwise it goes where postmaster@ of the domain goes. The reports are
 * then read at delivery (report-ingest.ts).
 */
export function withReportAddresses(
  resolve: (db: Db, address: string) => Promise<RecipientResolution>,
): (db: Db, address: string) => Promise<RecipientResolution> {
  return async (db, address) => {
    const resolution = await resolve(db, address);
    if (resolution.kind !== 'unknown') return resolution;
    const parts = splitAddress(address);
    if (!parts) return resolution;
    const domain = parts.domain.toLowerCase();
    const lower = address.toLowerCase();
    if (lower !== dmarcReportAddress(domain) && lower !== tlsReportAddress(domain)) return resolution;
    return resolve(db, `postmaster@${domain}`);
  };
}
