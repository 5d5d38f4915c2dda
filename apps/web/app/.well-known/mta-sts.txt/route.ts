/**
 * The MTA-STS policy (RFC 8461 §3.3): senders fetch
 * https://mta-sts.<domain>/.well-known/mta-sts.txt, without signing in
 * (proxy.ts lets this path through). The Host names the domain; any host
 * that is not mta-sts.<an active hosted domain> gets a 404.
 */
import { dnsRecordSettings, loadConfig } from '@kontor/core';
import { mtaStsPolicyForHost } from '@kontor/db';
import { getDb } from '@/lib/db.ts';

export const dynamic = 'force-dynamic';

export async function GET(request: Request) {
  const host = request.headers.get('host') ?? '';
  const policy = await mtaStsPolicyForHost(getDb(), host, dnsRecordSettings(loadConfig()));
  if (policy === null)
    return new Response('Not found\n', { status: 404, headers: { 'Content-Type': 'text/plain; charset=utf-8', 'Cache-Control': 'no-store' } });
  // §3.3: text/plain; senders cache by max_age and the TXT id, not by HTTP caching.
  return new Response(policy, { headers: { 'Content-Type': 'text/plain; charset=utf-8', 'Cache-Control': 'no-cache' } });
}
