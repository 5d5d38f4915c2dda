import { promises as dns } from 'node:dns';
import { rawQuery } from './raw-query.ts';
import { type TlsaAnswer, tlsaAnswers } from './resolver.ts';

/**
 * What DANE (RFC 7672) makes of an MX host's TLSA records:
 * - `records`: a DNSSEC-validated TLSA RRset (usable or not: the caller sorts them, §3.1);
 * - `none`: no TLSA, or an answer the resolver did not validate (insecure zone,
 *   non-validating resolver): opportunistic TLS as without DANE (§2.2);
 * - `failed`: the host's zone is signed but the TLSA lookup failed (SERVFAIL,
 *   bogus, timeout): the host must not be used now (§2.2: defer, never plaintext).
 */
export type DaneTlsa =
  /** `hostNames`: the names the certificate may carry (RFC 7672 §3.2.2): the MX host, and the target of its CNAME chain first. */
  | { kind: 'records'; name: string; records: TlsaAnswer[]; hostNames: string[] }
  | { kind: 'none'; name: string; reason: 'not-found' | 'unauthenticated' }
  | { kind: 'failed'; name: string; reason: string };

export type TlsaLookup = (host: string, port?: number) => Promise<DaneTlsa>;

/**
 * TLSA lookups for DANE through DNS_SERVERS, which must validate DNSSEC
 * (unbound, a validating BIND or Knot Resolver): only its AD bit makes a
 * record count. A resolver that does not validate never sets AD, so DANE
 * then stays off rather than trusting forgeable answers.
 */
export function createTlsaLookup(options: { servers?: string[]; timeoutMs?: number } = {}): TlsaLookup {
  const timeoutMs = options.timeoutMs ?? 5000;
  const servers = options.servers?.length ? options.servers : new dns.Resolver().getServers();
  const ask = async (name: string, type: 'TLSA' | 'A' | 'AAAA') => {
    let lastError: unknown;
    for (const server of servers) {
      try {
        return await rawQuery(server, name, type, timeoutMs);
      } catch (error) {
        lastError = error;
      }
    }
    throw lastError ?? new Error('no DNS server');
  };
  /** One TLSA name: its validated records, none, or why the lookup failed. */
  const tlsaAt = async (name: string): Promise<DaneTlsa | { kind: 'error'; name: string; reason: string }> => {
    try {
      const reply = await ask(name, 'TLSA');
      if (reply.rcode === 0 || reply.rcode === 3) {
        const records = tlsaAnswers(reply.answers);
        if (!reply.authenticated) return { kind: 'none', name, reason: records.length ? 'unauthenticated' : 'not-found' };
        return records.length ? { kind: 'records', name, records, hostNames: [] } : { kind: 'none', name, reason: 'not-found' };
      }
      return { kind: 'error', name, reason: `rcode ${reply.rcode === 2 ? 'SERVFAIL' : reply.rcode}` };
    } catch (error) {
      return { kind: 'error', name, reason: (error as { code?: string }).code ?? (error as Error).message };
    }
  };
  return async (host, port = 25) => {
    // §2.2.3: a secure CNAME chain of the host's address records makes its target the first TLSA base domain.
    const target = await secureCnameTarget((type) => ask(host, type), host);
    const candidates = target && target !== host.toLowerCase() ? [target, host] : [host];
    let found: Awaited<ReturnType<typeof tlsaAt>> = { kind: 'none', name: `_${port}._tcp.${host}`, reason: 'not-found' };
    for (const base of candidates) {
      found = await tlsaAt(`_${port}._tcp.${base}`);
      if (found.kind === 'records') return { ...found, hostNames: candidates };
      if (found.kind === 'error') break;
    }
    if (found.kind !== 'error') return found;
    // §2.2.2: only a host whose address records are secure gets DANE; an insecure one falls back to opportunistic TLS.
    const secure = (type: 'A' | 'AAAA') =>
      ask(host, type).then(
        (reply) => reply.rcode === 0 && reply.authenticated,
        () => false,
      );
    const secureHost = (await secure('A')) || (await secure('AAAA'));
    return secureHost ? { kind: 'failed', name: found.name, reason: found.reason } : { kind: 'none', name: found.name, reason: 'unauthenticated' };
  };
}

/** The end of the host's CNAME chain when the resolver validated it; undefined: no chain, or not secure. */
async function secureCnameTarget(ask: (type: 'A' | 'AAAA') => Promise<Awaited<ReturnType<typeof rawQuery>>>, host: string): Promise<string | undefined> {
  for (const type of ['A', 'AAAA'] as const) {
    const reply = await ask(type).catch(() => undefined);
    if (reply?.rcode !== 0) continue;
    if (!reply.authenticated) return undefined;
    // No data for A (an IPv6-only host): its AAAA answer holds the chain.
    if (!reply.answers.length) continue;
    const aliases = new Map<string, string>();
    for (const answer of reply.answers) if (answer.type === 'CNAME') aliases.set(answer.name.toLowerCase(), String(answer.data).toLowerCase());
    let name = host.toLowerCase();
    for (let hops = 0; aliases.has(name) && hops < 8; hops++) name = aliases.get(name)!;
    return name;
  }
  return undefined;
}
