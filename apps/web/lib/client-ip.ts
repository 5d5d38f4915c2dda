import 'server-only';
import { loadConfig } from '@kontor/core';
import { type ClientIpResolver, clientIpResolver } from '@kontor/core/client-ip';
import { PEER_ADDRESS_HEADER } from './peer-address.ts';

let resolver: ClientIpResolver | undefined;

type HeaderBag = Headers | Record<string, string | string[] | undefined> | undefined;

function header(headers: HeaderBag, name: string): string | string[] | undefined {
  if (!headers) return undefined;
  if (headers instanceof Headers) return headers.get(name) ?? undefined;
  return headers[name];
}

/** The client's address for the limiter and the audit log (WEB_TRUSTED_PROXIES decides whom to believe). */
export function clientIp(headers: HeaderBag): string | undefined {
  resolver ??= clientIpResolver(loadConfig().WEB_TRUSTED_PROXIES);
  const peer = header(headers, PEER_ADDRESS_HEADER);
  return resolver({
    peer: Array.isArray(peer) ? peer[0] : peer,
    forwardedFor: header(headers, 'x-forwarded-for'),
    realIp: header(headers, 'x-real-ip'),
  });
}
