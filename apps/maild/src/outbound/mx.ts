import { isIP } from 'node:net';
import type { DnsResolver } from '../dns/resolver.ts';

/** A server to try for a domain, with the addresses to connect to. */
export interface MxHost {
  /** The MX name (what TLS certificates and MTA-STS policies name). */
  host: string;
  priority: number;
  addresses: string[];
}

export type MxLookup =
  | { ok: true; hosts: MxHost[]; implicit: boolean }
  /** permanent: the domain does not exist or accepts no mail (null MX); temporary: DNS trouble. */
  | { ok: false; permanent: boolean; enhanced: string; message: string };

const code = (error: unknown) => (error as { code?: string }).code ?? '';
const notFound = (error: unknown) => ['ENOTFOUND', 'ENODATA', 'NXDOMAIN'].includes(code(error));

async function addressesOf(resolver: DnsResolver, host: string): Promise<{ addresses: string[]; error?: unknown }> {
  if (isIP(host)) return { addresses: [host] };
  const addresses: string[] = [];
  let error: unknown;
  for (const type of ['A', 'AAAA']) {
    try {
      addresses.push(...((await resolver(host, type)) as string[]));
    } catch (e) {
      if (!notFound(e)) error = e;
    }
  }
  return { addresses, error };
}

/**
 * The hosts to try for a domain, in preference order (RFC 5321 §5.1):
 * its MX records (equal preferences shuffled), or the domain itself when
 * it has no MX but an address. A null MX (RFC 7505) or a domain that does
 * not exist fails for good; a DNS failure is temporary.
 */
export async function lookupMx(resolver: DnsResolver, domain: string): Promise<MxLookup> {
  let records: Array<{ exchange: string; priority: number }> = [];
  try {
    records = (await resolver(domain, 'MX')) as typeof records;
  } catch (error) {
    if (code(error) === 'ENOTFOUND' || code(error) === 'NXDOMAIN') {
      return { ok: false, permanent: true, enhanced: '5.1.2', message: `Domain ${domain} does not exist (DNS: NXDOMAIN)` };
    }
    if (code(error) !== 'ENODATA') {
      return { ok: false, permanent: false, enhanced: '4.4.3', message: `DNS lookup of MX ${domain} failed: ${code(error) || (error as Error).message}` };
    }
  }
  if (records.length === 1 && (records[0]!.exchange === '' || records[0]!.exchange === '.')) {
    return { ok: false, permanent: true, enhanced: '5.1.10', message: `Domain ${domain} accepts no mail (null MX)` };
  }
  if (!records.length) {
    const { addresses, error } = await addressesOf(resolver, domain);
    if (addresses.length) return { ok: true, implicit: true, hosts: [{ host: domain, priority: 0, addresses }] };
    if (error) return { ok: false, permanent: false, enhanced: '4.4.3', message: `DNS lookup of ${domain} failed: ${code(error)}` };
    return { ok: false, permanent: true, enhanced: '5.1.2', message: `Domain ${domain} has no MX and no address record` };
  }
  const shuffled = records
    .map((r) => ({ ...r, exchange: r.exchange.replace(/\.$/, '').toLowerCase(), order: Math.random() }))
    .sort((a, b) => a.priority - b.priority || a.order - b.order);
  const hosts: MxHost[] = [];
  let dnsError: unknown;
  for (const record of shuffled) {
    const { addresses, error } = await addressesOf(resolver, record.exchange);
    if (error) dnsError = error;
    if (addresses.length) hosts.push({ host: record.exchange, priority: record.priority, addresses });
  }
  if (!hosts.length) {
    return dnsError
      ? { ok: false, permanent: false, enhanced: '4.4.3', message: `DNS lookup of the MX hosts of ${domain} failed: ${code(dnsError)}` }
      : { ok: false, permanent: false, enhanced: '4.4.4', message: `No MX host of ${domain} has an address` };
  }
  return { ok: true, implicit: false, hosts };
}
