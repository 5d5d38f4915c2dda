import { promises as dns } from 'node:dns';
import type { DNSResolver } from 'mailauth';

/**
 * The one way maild asks DNS (SPF, DKIM, DMARC, MX, MTA-STS, DNSBL): with
 * a timeout and a small TTL cache. mailauth and the outbound worker take
 * this function; tests pass a static one with fixed answers.
 */
export type DnsResolver = (name: string, rrtype: string) => Promise<unknown>;

/**
 * The resolver as mailauth's options type it. mailauth declares only the
 * TXT shape (`string[][]`), but it also asks for MX, A and PTR and reads
 * the answers node:dns gives (objects, strings): our resolver returns
 * exactly those, so the declared type is narrower than the contract.
 */
export function forMailauth(resolver: DnsResolver): DNSResolver {
  return resolver as DNSResolver;
}

function dnsError(code: string, name: string): Error & { code: string } {
  return Object.assign(new Error(`${code} ${name}`), { code });
}

export interface ResolverOptions {
  timeoutMs?: number;
  cacheTtlMs?: number;
  maxEntries?: number;
  servers?: string[];
}

export function createResolver(options: ResolverOptions = {}): DnsResolver {
  const resolver = new dns.Resolver({ timeout: options.timeoutMs ?? 5000, tries: 2 });
  if (options.servers?.length) resolver.setServers(options.servers);
  const ttl = options.cacheTtlMs ?? 60_000;
  const max = options.maxEntries ?? 10_000;
  const cache = new Map<string, { expires: number; value: Promise<unknown> }>();
  return (name, rrtype) => {
    const key = `${rrtype}:${name.toLowerCase()}`;
    const hit = cache.get(key);
    if (hit && hit.expires > Date.now()) return hit.value;
    const value = (resolver.resolve as (n: string, t: string) => Promise<unknown>)(name, rrtype);
    if (cache.size >= max) cache.delete(cache.keys().next().value as string);
    cache.set(key, { expires: Date.now() + ttl, value });
    // Failures are cached too (negative caching), but only briefly.
    value.catch(() => cache.set(key, { expires: Date.now() + Math.min(ttl, 10_000), value }));
    return value;
  };
}

/**
 * Fixed answers, for tests and offline machines: `{ 'TXT:example.com': [['v=spf1 -all']] }`.
 * A missing name answers ENOTFOUND like a real resolver.
 */
export function createStaticResolver(records: Record<string, unknown[]>): DnsResolver {
  const table = new Map(Object.entries(records).map(([k, v]) => [k.toLowerCase(), v]));
  return async (name, rrtype) => {
    const answer = table.get(`${rrtype}:${name}`.toLowerCase());
    if (answer) return answer;
    const exists = [...table.keys()].some((k) => k.endsWith(`:${name.toLowerCase()}`));
    throw dnsError(exists ? 'ENODATA' : 'ENOTFOUND', name);
  };
}
