import { promises as dns } from 'node:dns';
import type dnsPacket from 'dns-packet';
import { rawQuery } from './raw-query.ts';

/**
 * The one way Kontor asks DNS (SPF, DKIM, DMARC, MX, MTA-STS, blocklists,
 * the live DNS check): `resolver(name, rrtype)` answers as node:dns does
 * (TXT as string[][], MX as { exchange, priority }, SRV as { name, port,
 * priority, weight }), and fails with node's codes: ENOTFOUND (no such
 * name), ENODATA (the name exists, not this type), ETIMEOUT, ESERVFAIL,
 * EREFUSED. maild, the panel, the CLI and the workers all use this;
 * tests pass a static one or point DNS_SERVERS at a real server.
 */
export type DnsResolver = (name: string, rrtype: string) => Promise<unknown>;

/** A TLSA answer (RFC 6698 §2.1), `data` as lowercase hex. */
export interface TlsaAnswer {
  usage: number;
  selector: number;
  matchingType: number;
  data: string;
}

export interface ResolverOptions {
  timeoutMs?: number;
  /** 0: no cache (the live DNS check must see a record the moment it is fixed). */
  cacheTtlMs?: number;
  maxEntries?: number;
  /** DNS_SERVERS: `address` or `address:port` (`[v6]:port`); empty = the system's. */
  servers?: string[];
}

export function dnsError(code: string, name: string): Error & { code: string } {
  return Object.assign(new Error(`${code} ${name}`), { code });
}

export function createResolver(options: ResolverOptions = {}): DnsResolver {
  const timeout = options.timeoutMs ?? 5000;
  const resolver = new dns.Resolver({ timeout, tries: 2 });
  if (options.servers?.length) resolver.setServers(options.servers);
  const ask = (name: string, rrtype: string): Promise<unknown> =>
    rrtype === 'TLSA' ? queryTlsa(name, resolver.getServers(), timeout) : (resolver.resolve as (n: string, t: string) => Promise<unknown>)(name, rrtype);
  const ttl = options.cacheTtlMs ?? 60_000;
  if (ttl <= 0) return ask;
  const max = options.maxEntries ?? 10_000;
  const cache = new Map<string, { expires: number; value: Promise<unknown> }>();
  return (name, rrtype) => {
    const key = `${rrtype}:${name.toLowerCase()}`;
    const hit = cache.get(key);
    if (hit && hit.expires > Date.now()) return hit.value;
    const value = ask(name, rrtype);
    if (cache.size >= max) cache.delete(cache.keys().next().value as string);
    cache.set(key, { expires: Date.now() + ttl, value });
    // Failures are cached too (negative caching), but only briefly.
    value.catch(() => cache.set(key, { expires: Date.now() + Math.min(ttl, 10_000), value }));
    return value;
  };
}

/**
 * TLSA with dns-packet (raw-query.ts): Node 20's resolver has no TLSA type.
 * The first server that answers decides; RCODE NXDOMAIN and an empty
 * answer map to ENOTFOUND and ENODATA as node:dns does.
 */
async function queryTlsa(name: string, servers: string[], timeoutMs: number): Promise<TlsaAnswer[]> {
  let lastError: Error = dnsError('ECONNREFUSED', name);
  for (const server of servers.length ? servers : ['127.0.0.1']) {
    try {
      const reply = await rawQuery(server, name, 'TLSA', timeoutMs);
      if (reply.rcode === 3) throw dnsError('ENOTFOUND', name);
      if (reply.rcode !== 0) throw dnsError(reply.rcode === 5 ? 'EREFUSED' : 'ESERVFAIL', name);
      const answers = tlsaAnswers(reply.answers);
      if (!answers.length) throw dnsError('ENODATA', name);
      return answers;
    } catch (error) {
      lastError = error as Error;
      const code = (error as { code?: string }).code;
      if (code === 'ENOTFOUND' || code === 'ENODATA') throw error;
    }
  }
  throw lastError;
}

/** The TLSA records among a reply's answers (CNAMEs on the way skipped). */
export function tlsaAnswers(answers: dnsPacket.Answer[]): TlsaAnswer[] {
  return answers.flatMap((a) =>
    a.type === 'TLSA' ? [{ usage: a.data.usage, selector: a.data.selector, matchingType: a.data.matchingType, data: a.data.certificate.toString('hex') }] : [],
  );
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

/** What a lookup came to: answers, nothing there (NXDOMAIN or NODATA), or a failure to ask. */
export type Lookup<T> = { kind: 'found'; answers: T[] } | { kind: 'none'; code: 'ENOTFOUND' | 'ENODATA' } | { kind: 'error'; code: string };

export async function lookup<T>(resolver: DnsResolver, name: string, rrtype: string): Promise<Lookup<T>> {
  try {
    const answers = (await resolver(name, rrtype)) as T[];
    return answers.length ? { kind: 'found', answers } : { kind: 'none', code: 'ENODATA' };
  } catch (error) {
    const code = (error as { code?: string }).code ?? 'EFAIL';
    if (code === 'ENOTFOUND' || code === 'ENODATA') return { kind: 'none', code };
    return { kind: 'error', code };
  }
}

/** TXT answers as strings: the 255-octet chunks of each record joined (RFC 7208 §3.3). */
export function txtStrings(answers: unknown[]): string[] {
  return answers.map((a) => (Array.isArray(a) ? a.join('') : String(a)));
}
