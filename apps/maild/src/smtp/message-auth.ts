import type { Readable } from 'node:stream';
import { authenticate } from 'mailauth';
import type { DnsResolver } from '../dns/resolver.ts';

export interface AuthVerdicts {
  spf: string;
  dkim: string[];
  dmarc: string;
  /** The sender domain's DMARC policy when DMARC failed ('reject', 'quarantine', 'none'), else ''. */
  dmarcFailedPolicy: string;
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
    resolver: envelope.resolver as never,
    disableBimi: true,
  });
  const dmarc = result.dmarc ? result.dmarc.status?.result ?? 'none' : 'none';
  return {
    spf: result.spf ? result.spf.status?.result ?? 'none' : 'none',
    dkim: (result.dkim?.results ?? []).map((r: { status: { result: string } }) => r.status.result),
    dmarc,
    dmarcFailedPolicy: dmarc === 'fail' && result.dmarc ? String((result.dmarc as { policy?: string }).policy ?? 'none') : '',
    arc: result.arc ? result.arc.status?.result ?? 'none' : 'none',
    headers: result.headers,
  };
}
