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
  | { kind: 'records'; name: string; records: TlsaAnswer[] }
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
  return async (host, port = 25) => {
    const name = `_${port}._tcp.${host}`;
    let reason: string;
    try {
      const reply = await ask(name, 'TLSA');
      if (reply.rcode === 0 || reply.rcode === 3) {
        const records = tlsaAnswers(reply.answers);
        if (!reply.authenticated) return { kind: 'none', name, reason: records.length ? 'unauthenticated' : 'not-found' };
        return records.length ? { kind: 'records', name, records } : { kind: 'none', name, reason: 'not-found' };
      }
      reason = `rcode ${reply.rcode === 2 ? 'SERVFAIL' : reply.rcode}`;
    } catch (error) {
      reason = (error as { code?: string }).code ?? (error as Error).message;
    }
    // §2.2.2: only a host whose address records are secure gets DANE; an insecure one falls back to opportunistic TLS.
    const secure = (type: 'A' | 'AAAA') =>
      ask(host, type).then(
        (reply) => reply.rcode === 0 && reply.authenticated,
        () => false,
      );
    const secureHost = (await secure('A')) || (await secure('AAAA'));
    return secureHost ? { kind: 'failed', name, reason } : { kind: 'none', name, reason: 'unauthenticated' };
  };
}
