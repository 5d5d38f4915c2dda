import type { DnsResolver } from '@kontor/core/dns';
import type { DNSResolver } from 'mailauth';

// The resolver is @kontor/core's (the panel's live DNS check and the CLI ask DNS the same way).
export { createResolver, createStaticResolver, type DnsResolver, type ResolverOptions } from '@kontor/core/dns';

/**
 * The resolver as mailauth's options type it. mailauth declares only the
 * TXT shape (`string[][]`), but it also asks for MX, A and PTR and reads
 * the answers node:dns gives (objects, strings): our resolver returns
 * exactly those, so the declared type is narrower than the contract.
 */
export function forMailauth(resolver: DnsResolver): DNSResolver {
  return resolver as DNSResolver;
}
