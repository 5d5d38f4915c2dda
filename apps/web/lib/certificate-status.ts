/** What the certificates page says of a row: failing beats everything, then by validity. */
export type CertificateState = 'valid' | 'expiring' | 'expired' | 'pending' | 'failing';

export function certificateState(
  row: { certPem: string | null; notAfter: Date | null; lastError: string | null },
  now: Date,
  renewDays: number,
): CertificateState {
  if (row.lastError) return 'failing';
  if (!row.certPem || !row.notAfter) return 'pending';
  const left = row.notAfter.getTime() - now.getTime();
  if (left <= 0) return 'expired';
  return left <= renewDays * 86_400_000 ? 'expiring' : 'valid';
}

export const CERTIFICATE_STATE_TONE = { valid: 'green', expiring: 'amber', expired: 'red', pending: 'gray', failing: 'red' } as const;
