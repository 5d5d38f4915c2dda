/**
 * The address a web request came from. Forwarded headers are anyone's to
 * write, so they count only when the socket's peer is a configured proxy
 * (WEB_TRUSTED_PROXIES); then X-Forwarded-For is read from the right, each
 * trusted proxy vouching for the hop before it, and the rightmost hop that
 * is not a trusted proxy is the client. Whatever lies left of it was
 * written by the client itself and is ignored.
 */
import net from 'node:net';
import { trustedNetworks, unmapIpv4 } from '../proxy-protocol/trusted-networks.ts';

export interface RequestOrigin {
  /** The socket's remote address, as the server saw it. */
  peer: string | undefined;
  forwardedFor?: string | readonly string[] | null;
  realIp?: string | readonly string[] | null;
}

export type ClientIpResolver = (origin: RequestOrigin) => string | undefined;

/** A resolver for one list of trusted proxies (addresses and CIDR networks). */
export function clientIpResolver(trustedProxies: readonly string[]): ClientIpResolver {
  const isTrusted = trustedNetworks(trustedProxies);
  return (origin) => {
    const peer = normalizeAddress(origin.peer);
    if (!peer || !isTrusted(peer)) return peer;
    const hops = headerValues(origin.forwardedFor).flatMap((value) => value.split(','));
    if (hops.length === 0) return normalizeAddress(headerValues(origin.realIp)[0]) ?? peer;
    let client = peer;
    for (const raw of hops.reverse()) {
      const hop = normalizeAddress(raw);
      // A hop that is not an address cannot be followed further left.
      if (!hop) return client;
      client = hop;
      if (!isTrusted(hop)) return hop;
    }
    return client;
  };
}

function headerValues(value: string | readonly string[] | null | undefined): string[] {
  if (value === null || value === undefined) return [];
  return typeof value === 'string' ? [value] : [...value];
}

/** `1.2.3.4`, `::ffff:1.2.3.4`, `1.2.3.4:5678`, `[2001:db8::1]:443` → the plain address; else undefined. */
export function normalizeAddress(value: string | undefined): string | undefined {
  let text = value?.trim();
  if (!text) return undefined;
  const bracketed = /^\[([^\]]+)\](?::\d+)?$/.exec(text);
  if (bracketed) text = bracketed[1]!;
  else if (/^\d+\.\d+\.\d+\.\d+:\d+$/.test(text)) text = text.slice(0, text.lastIndexOf(':'));
  text = unmapIpv4(text);
  return net.isIP(text) ? text.toLowerCase() : undefined;
}
