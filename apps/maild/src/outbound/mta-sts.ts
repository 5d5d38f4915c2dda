import type { Logger } from '@kontor/core';
import type { Redis } from 'ioredis';
import type { MTASTSPolicy } from 'mailauth';
import { getPolicy, resolvePolicy, validateMx } from 'mailauth/lib/mta-sts.js';
import { type DnsResolver, forMailauth } from '../dns/resolver.ts';

/** What a recipient domain's MTA-STS policy (RFC 8461) asks of us, as mailauth parses it. */
export type MtaStsPolicy = MTASTSPolicy;

export type PolicyFetcher = (domain: string, known: MtaStsPolicy | undefined) => Promise<{ policy: MtaStsPolicy; status: string }>;
/** The policy id in DNS (`_mta-sts.DOMAIN` TXT), false when there is none; throws on DNS trouble. */
export type PolicyIdLookup = (domain: string) => Promise<string | false>;

/**
 * Policies are looked up through mailauth (DNS through our resolver, the
 * policy file over HTTPS) and cached in Redis for their max_age, so every
 * maild instance shares them and a policy survives the web server being
 * down (RFC 8461 §5.1: keep using a cached policy when a refresh fails).
 */
export class MtaStsPolicies {
  private readonly fetcher: PolicyFetcher;
  private readonly policyId: PolicyIdLookup;

  constructor(
    private readonly redis: Redis,
    resolver: DnsResolver,
    private readonly log: Logger,
    lookups: { fetcher?: PolicyFetcher; policyId?: PolicyIdLookup } = {},
    private readonly prefix = 'kontor',
  ) {
    const options = { resolver: forMailauth(resolver) };
    this.fetcher = lookups.fetcher ?? ((domain, known) => getPolicy(domain, known, options));
    this.policyId = lookups.policyId ?? ((domain) => resolvePolicy(domain, options));
  }

  private key(domain: string) {
    return `${this.prefix}:mta-sts:${domain.toLowerCase()}`;
  }

  async policyFor(domain: string): Promise<MtaStsPolicy> {
    const cachedText = await this.redis.get(this.key(domain)).catch(() => null);
    const cached = cachedText ? (JSON.parse(cachedText) as MtaStsPolicy) : undefined;
    if (cached) {
      // RFC 8461 §5.1: a cached policy stands while its id is still the one in DNS,
      // and also while DNS fails or the record is gone (until max_age runs out).
      const id = await this.policyId(domain).catch(() => undefined);
      if (id === undefined || id === false || id === cached.id) return cached;
    }
    let result: { policy: MtaStsPolicy; status: string };
    try {
      result = await this.fetcher(domain, cached);
    } catch (error) {
      this.log.warn({ err: error, domain }, 'MTA-STS policy lookup failed');
      return cached ?? { mode: 'none' };
    }
    if (result.status === 'errored') return cached ?? { mode: 'none' };
    if (result.status === 'not_found') {
      if (cached) await this.redis.del(this.key(domain)).catch(() => undefined);
      return { mode: 'none' };
    }
    const policy = result.policy;
    if (policy.mode !== 'none' && policy.maxAge) {
      await this.redis.set(this.key(domain), JSON.stringify(policy), 'EX', Math.max(60, Math.min(policy.maxAge, 31_557_600))).catch(() => undefined);
    }
    return policy;
  }
}

/** Whether `mx` is allowed by the policy (testing mode: always, but reported). */
export function mxAllowed(mx: string, policy: MtaStsPolicy): { allowed: boolean; enforced: boolean } {
  if (policy.mode === 'none') return { allowed: true, enforced: false };
  const result = validateMx(mx, policy);
  return policy.mode === 'enforce' ? { allowed: result.valid, enforced: true } : { allowed: true, enforced: false };
}
