import type { Readable } from 'node:stream';
import { authenticate } from 'mailauth';
import { type DnsResolver, forMailauth } from '../dns/resolver.ts';

export interface AuthVerdicts {
  spf: string;
  dkim: string[];
  dmarc: string;
  /** The sender domain's DMARC policy when DMARC failed ('reject', 'quarantine', 'none'), else ''. */
  dmarcFailedPolicy: string;
  /** The DMARC record's `pct` (RFC 7489 §6.6.4) when DMARC failed and the record has one. */
  dmarcPct?: number;
  arc: string;
  /** Header lines (CRLF-terminated) to prepend: Received-SPF, Authentication-Results. */
  headers: string;
}

/**
 * SPF (client IP and HELO), DKIM, DMARC and ARC for one message, through
 * mailauth with our resolver. A DNS failure yields temperror verdicts, it
 * never fails the delivery.
 */
export async function verifyMessage(
  message: Readable,
  envelope: { ip: string; helo: string; sender: string; mta: string; resolver: DnsResolver },
): Promise<AuthVerdicts> {
  const result = await authenticate(message, {
    ip: envelope.ip,
    helo: envelope.helo,
    sender: envelope.sender,
    mta: envelope.mta,
    resolver: forMailauth(envelope.resolver),
    disableBimi: true,
  });
  const dmarc = result.dmarc ? (result.dmarc.status?.result ?? 'none') : 'none';
  // mailauth calls a body hash mismatch "neutral"; RFC 6376 §6.1.3 makes it
  // PERMFAIL, which RFC 8601 reports as "fail" (the signature was checked
  // and did not verify), as OpenDKIM and Gmail do.
  const dkim = (result.dkim?.results ?? []).map((r: { status: { result: string; comment?: string } }) =>
    r.status.result === 'neutral' && r.status.comment === 'body hash did not verify' ? 'fail' : r.status.result,
  );
  const headers = result.headers.replace(/dkim=neutral \(body hash did not verify\)/g, 'dkim=fail (body hash did not verify)');
  const dmarcRecord = result.dmarc as { policy?: string; pct?: number } | undefined;
  return {
    spf: result.spf ? (result.spf.status?.result ?? 'none') : 'none',
    dkim,
    dmarc,
    dmarcFailedPolicy: dmarc === 'fail' && dmarcRecord ? String(dmarcRecord.policy ?? 'none') : '',
    ...(dmarc === 'fail' && typeof dmarcRecord?.pct === 'number' ? { dmarcPct: dmarcRecord.pct } : {}),
    arc: result.arc ? (result.arc.status?.result ?? 'none') : 'none',
    headers,
  };
}
