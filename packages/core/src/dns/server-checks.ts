import { createHash, X509Certificate } from 'node:crypto';
import { isIP } from 'node:net';
import type { DnsRecordHint } from '../dns-records.ts';
import { canonicalName, reversedAddress } from './names.ts';
import { type DnsRecordCheck, type RecordCheckContext, unanswered, verdict } from './record-check.ts';
import { lookup, type TlsaAnswer } from './resolver.ts';

/**
 * The server's public addresses: PUBLIC_ADDRESSES when set, else what
 * MAIL_HOSTNAME resolves to (A and AAAA), else none.
 */
export async function serverAddresses(ctx: Pick<RecordCheckContext, 'resolver' | 'host'>, configured: string[]) {
  if (configured.length) return { addresses: configured, source: 'configured' as const };
  const [a, aaaa] = await Promise.all([lookup<string>(ctx.resolver, ctx.host, 'A'), lookup<string>(ctx.resolver, ctx.host, 'AAAA')]);
  const addresses = [...(a.kind === 'found' ? a.answers : []), ...(aaaa.kind === 'found' ? aaaa.answers : [])];
  return { addresses, source: addresses.length ? ('dns' as const) : ('none' as const) };
}

/** PTR of one address: a name that is MAIL_HOSTNAME and resolves back to the address (forward-confirmed, RFC 8601 §3 "iprev"). */
export async function checkPtr(hint: DnsRecordHint, ip: string, ctx: RecordCheckContext): Promise<DnsRecordCheck> {
  const result = await lookup<string>(ctx.resolver, hint.name, 'PTR');
  if (result.kind !== 'found') return unanswered(hint, result);
  const names = result.answers.map(canonicalName);
  const found = names.map((n) => `${n}.`);
  if (!names.includes(ctx.host)) return verdict(hint, found, [{ code: 'ptrOtherName', values: { names: names.join(', ') } }]);
  const forward = await lookup<string>(ctx.resolver, ctx.host, isIP(ip) === 4 ? 'A' : 'AAAA');
  if (forward.kind === 'error') return unanswered(hint, forward, found);
  const confirmed = forward.kind === 'found' && forward.answers.includes(ip);
  return verdict(hint, found, confirmed ? [] : [{ code: 'ptrNotConfirmed', values: { name: ctx.host, ip } }]);
}

/** `3 1 1 <sha256 of the key>`: DANE-EE, the public key, SHA-256 (RFC 7671 §5.1), of the certificate's leaf. */
export function tlsaRecordOf(certificatePem: string): string | undefined {
  try {
    const spki = new X509Certificate(certificatePem).publicKey.export({ type: 'spki', format: 'der' });
    return `3 1 1 ${createHash('sha256').update(spki).digest('hex')}`;
  } catch {
    return undefined;
  }
}

/** TLSA for port 25 of MAIL_HOSTNAME: when published, one entry must match the current key. */
export async function checkTlsa(hint: DnsRecordHint, ctx: RecordCheckContext): Promise<DnsRecordCheck> {
  const result = await lookup<TlsaAnswer>(ctx.resolver, hint.name, 'TLSA');
  if (result.kind !== 'found') return unanswered(hint, result);
  const found = result.answers.map((t) => `${t.usage} ${t.selector} ${t.matchingType} ${t.data}`);
  return verdict(hint, found, found.includes(hint.value.toLowerCase()) ? [] : [{ code: 'tlsaDiffers' }]);
}

/**
 * One address on one DNS blocklist: listed when the zone answers an
 * address in 127.0.0.0/8. 127.255.255.x is Spamhaus's "refused" (public
 * or unregistered resolvers), not a listing.
 */
export async function checkBlocklist(ip: string, zone: string, ctx: RecordCheckContext): Promise<DnsRecordCheck> {
  const hint: DnsRecordHint = { type: 'A', name: `${reversedAddress(ip)}.${zone}`, value: '', purpose: 'dnsbl' };
  const result = await lookup<string>(ctx.resolver, hint.name, 'A');
  if (result.kind === 'none') return { ...hint, status: 'ok', found: [], issues: [] };
  if (result.kind === 'error') return unanswered(hint, result);
  const refused = result.answers.filter((a) => a.startsWith('127.255.255.'));
  const listed = result.answers.filter((a) => a.startsWith('127.') && !a.startsWith('127.255.255.'));
  if (listed.length) return { ...hint, status: 'wrong', found: result.answers, issues: [{ code: 'listed', values: { answer: listed.join(', ') } }] };
  return { ...hint, status: 'error', found: result.answers, issues: refused.length ? [{ code: 'dnsblRefused', values: { answer: refused.join(', ') } }] : [] };
}
