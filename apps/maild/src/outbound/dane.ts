import { createHash, type X509Certificate } from 'node:crypto';
import type { TlsaAnswer } from '@kontor/core/dns';

/** RFC 7672 §3.1: for SMTP only DANE-TA(2) and DANE-EE(3) count; PKIX-TA(0) and PKIX-EE(1) are "unusable". */
export function usableTlsa(records: readonly TlsaAnswer[]): TlsaAnswer[] {
  return records.filter((r) => (r.usage === 2 || r.usage === 3) && (r.selector === 0 || r.selector === 1) && [0, 1, 2].includes(r.matchingType));
}

/** The RFC 8460 §4.3 result types a DANE check can end in. */
export type DaneFailureType = 'tlsa-invalid' | 'certificate-host-mismatch' | 'certificate-expired' | 'validation-failure';

export type DaneVerdict = { ok: true; matched: string } | { ok: false; type: DaneFailureType; reason: string };

/** The selected content (RFC 6698 §2.1.3) of a certificate, hashed as the matching type says (§2.1.4). */
function associationData(cert: X509Certificate, selector: number, matchingType: number): string {
  const selected = selector === 0 ? cert.raw : cert.publicKey.export({ type: 'spki', format: 'der' });
  if (matchingType === 1) return createHash('sha256').update(selected).digest('hex');
  if (matchingType === 2) return createHash('sha512').update(selected).digest('hex');
  return selected.toString('hex');
}

const matches = (cert: X509Certificate, r: TlsaAnswer) => associationData(cert, r.selector, r.matchingType) === r.data.toLowerCase();
const describe = (r: TlsaAnswer) => `${r.usage} ${r.selector} ${r.matchingType}`;

/**
 * The server's certificate chain (leaf first, as presented) against the
 * host's usable TLSA records (RFC 7672 §3.1, RFC 7671 §5):
 * DANE-EE(3) matches the leaf alone, with no name or expiry check
 * (§3.1.1); DANE-TA(2) matches a certificate of the chain that the leaf
 * chains up to, and then the leaf must name the MX host (§3.2.2: or the
 * target of its secure CNAME chain, given first in `hosts`) and be
 * within its validity dates.
 */
export function verifyDane(
  chain: readonly X509Certificate[],
  records: readonly TlsaAnswer[],
  hosts: string | readonly string[],
  now = new Date(),
): DaneVerdict {
  const names = typeof hosts === 'string' ? [hosts] : hosts;
  const leaf = chain[0];
  if (!leaf) return { ok: false, type: 'validation-failure', reason: 'the server presented no certificate' };
  const usable = usableTlsa(records);
  if (!usable.length) return { ok: false, type: 'tlsa-invalid', reason: 'no usable TLSA record' };
  const ee = usable.find((r) => r.usage === 3 && matches(leaf, r));
  if (ee) return { ok: true, matched: `DANE-EE ${describe(ee)}` };
  let taFailure: DaneVerdict | undefined;
  for (const r of usable.filter((x) => x.usage === 2)) {
    const anchorAt = chain.findIndex((cert) => matches(cert, r));
    if (anchorAt < 0) continue;
    if (!chainsUp(chain, anchorAt)) {
      taFailure = { ok: false, type: 'validation-failure', reason: `the certificate does not chain to the trust anchor of TLSA ${describe(r)}` };
      continue;
    }
    if (!names.some((name) => leaf.checkHost(name, { subject: 'default', wildcards: true, partialWildcards: false }))) {
      return { ok: false, type: 'certificate-host-mismatch', reason: `the certificate does not name ${names.join(' or ')}` };
    }
    if (now < new Date(leaf.validFrom) || now > new Date(leaf.validTo)) {
      return { ok: false, type: 'certificate-expired', reason: `the certificate is outside its validity (${leaf.validFrom} – ${leaf.validTo})` };
    }
    return { ok: true, matched: `DANE-TA ${describe(r)}` };
  }
  return taFailure ?? { ok: false, type: 'validation-failure', reason: 'the certificate matches no TLSA record' };
}

/** Each certificate up to the anchor is issued and signed by the next one. */
function chainsUp(chain: readonly X509Certificate[], anchorAt: number): boolean {
  for (let i = 0; i < anchorAt; i++) {
    const cert = chain[i]!;
    const issuer = chain[i + 1]!;
    if (!cert.checkIssued(issuer) || !cert.verify(issuer.publicKey)) return false;
  }
  return true;
}
