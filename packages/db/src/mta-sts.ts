import { domainToASCII } from 'node:url';
import { type DnsRecordSettings, domainMtaStsPolicy, isMtaStsMode } from '@kontor/core';
import type { DbTx } from './client.ts';

/**
 * The MTA-STS policy for a request to `mta-sts.<domain>` (RFC 8461 §3.3):
 * the text for an active hosted domain, null for any other host. Public:
 * senders fetch it without signing in.
 */
export async function mtaStsPolicyForHost(db: DbTx, host: string, settings: DnsRecordSettings): Promise<string | null> {
  const name = host.trim().toLowerCase().replace(/:\d+$/, '').replace(/\.$/, '');
  if (!name.startsWith('mta-sts.')) return null;
  const domainName = domainToASCII(name.slice('mta-sts.'.length));
  if (!domainName) return null;
  const domain = await db.domain.findUnique({ where: { name: domainName }, select: { active: true, mtaStsMode: true } });
  if (!domain?.active || !isMtaStsMode(domain.mtaStsMode)) return null;
  return domainMtaStsPolicy(settings, domain.mtaStsMode).text;
}
