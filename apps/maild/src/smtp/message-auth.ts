import type { Readable } from 'node:stream';
import { ruaMailtoAddresses } from '@kontor/core/reports';
import type { DmarcEvaluationInput } from '@kontor/db';
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
  /** What an aggregate report to the sender domain says of this message (RFC 7489 §7.2), when its DMARC record has rua=; the disposition is the receiver's to add. */
  dmarcEvaluation?: Omit<DmarcEvaluationInput, 'disposition' | 'sourceIp'>;
  /** Per-signature and alignment detail, for the deliverability self-test (selftest/probe-verdicts.ts). */
  detail?: AuthDetail;
}

export interface AuthDetail {
  spfDomain: string;
  dkimSignatures: Array<{ domain: string; algorithm: string; result: string }>;
  dmarcRecord: boolean;
  spfAligned: boolean;
  dkimAligned: boolean;
}

type MailauthResult = Awaited<ReturnType<typeof authenticate>>;

const tagOf = (record: string, tag: string) => new RegExp(`(?:^|;)\\s*${tag}\\s*=\\s*([^;\\s]+)`, 'i').exec(record)?.[1]?.toLowerCase();

/** The report row of a message whose sender domain asks for aggregate reports; undefined otherwise. */
function dmarcEvaluationOf(result: MailauthResult, envelopeFrom: string): AuthVerdicts['dmarcEvaluation'] {
  const dmarc = (result.dmarc || undefined) as
    | {
        status?: { result?: string; header?: { from?: string; d?: string } };
        rr?: string;
        p?: string;
        sp?: string;
        pct?: number;
        alignment?: { spf?: { result?: unknown }; dkim?: { result?: unknown } };
      }
    | undefined;
  if (!dmarc?.rr || !['pass', 'fail'].includes(dmarc.status?.result ?? '')) return undefined;
  const rua = ruaMailtoAddresses(dmarc.rr);
  if (!rua.length) return undefined;
  const dkim = result.dkim as { headerFrom?: string[]; results?: Array<{ signingDomain?: string; selector?: string; status: { result: string } }> } | undefined;
  const spf = (result.spf || undefined) as { domain?: string; status?: { result?: string } } | undefined;
  const from = dkim?.headerFrom?.[0] ?? '';
  const headerFrom = (from.includes('@') ? from.slice(from.lastIndexOf('@') + 1) : from).toLowerCase() || (dmarc.status?.header?.d ?? '');
  return {
    policyDomain: dmarc.status?.header?.d ?? headerFrom,
    headerFrom,
    envelopeFrom: envelopeFrom.includes('@') ? envelopeFrom.slice(envelopeFrom.lastIndexOf('@') + 1).toLowerCase() : '',
    dkimAligned: Boolean(dmarc.alignment?.dkim?.result),
    spfAligned: Boolean(dmarc.alignment?.spf?.result),
    dkimResults: (dkim?.results ?? [])
      .filter((r) => r.signingDomain)
      .map((r) => ({ domain: String(r.signingDomain), ...(r.selector ? { selector: r.selector } : {}), result: r.status.result })),
    spfResults: spf?.domain ? [{ domain: spf.domain, scope: 'mfrom', result: spf.status?.result ?? 'none' }] : [],
    policy: {
      p: dmarc.p ?? 'none',
      ...(dmarc.sp ? { sp: dmarc.sp } : {}),
      ...(typeof dmarc.pct === 'number' ? { pct: dmarc.pct } : {}),
      adkim: tagOf(dmarc.rr, 'adkim') === 's' ? 's' : 'r',
      aspf: tagOf(dmarc.rr, 'aspf') === 's' ? 's' : 'r',
    },
    rua,
  };
}

function authDetailOf(result: MailauthResult, dkim: string[]): AuthDetail {
  const signatures = (result.dkim?.results ?? []) as Array<{ signingDomain?: string; algo?: string }>;
  const dmarc = (result.dmarc || undefined) as { rr?: string; alignment?: { spf?: { result?: unknown }; dkim?: { result?: unknown } } } | undefined;
  const spf = (result.spf || undefined) as { domain?: string } | undefined;
  return {
    spfDomain: spf?.domain ?? '',
    dkimSignatures: signatures.map((s, i) => ({ domain: s.signingDomain ?? '', algorithm: s.algo ?? '', result: dkim[i] ?? 'none' })),
    dmarcRecord: Boolean(dmarc?.rr),
    spfAligned: Boolean(dmarc?.alignment?.spf?.result),
    dkimAligned: Boolean(dmarc?.alignment?.dkim?.result),
  };
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
    detail: authDetailOf(result, dkim),
    ...(() => {
      const evaluation = dmarcEvaluationOf(result, envelope.sender);
      return evaluation ? { dmarcEvaluation: evaluation } : {};
    })(),
  };
}
