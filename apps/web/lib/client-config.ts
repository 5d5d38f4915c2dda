import 'server-only';
import { readFileSync } from 'node:fs';
import {
  autoconfigXml,
  autodiscoverErrorXml,
  autodiscoverRequestAddress,
  autodiscoverXml,
  domainOfAddress,
  loadConfig,
  localPartOf,
  mailServerSettings,
  mobileconfigProfile,
  parseDomainName,
} from '@kontor/core';
import { getDomain, SYSTEM_ACTOR } from '@kontor/db';
import { getDb } from './db.ts';

/** An active domain hosted here, by any form of its name; null otherwise. */
async function hostedDomain(name: string | undefined | null) {
  const parsed = name ? parseDomainName(name) : null;
  if (!parsed?.ok) return null;
  const domain = await getDomain(getDb(), SYSTEM_ACTOR, parsed.value.ascii).catch(() => null);
  return domain?.active ? domain : null;
}

const domainOf = (address: string | null) => (address ? domainOfAddress(address) || null : null);

function xml(body: string, status = 200): Response {
  return new Response(body, { status, headers: { 'content-type': 'application/xml; charset=utf-8', 'cache-control': 'no-store' } });
}

/**
 * Thunderbird asks with ?emailaddress=…; the copy served on
 * autoconfig.<domain> may be asked without it, then the Host names the domain.
 */
export async function autoconfigResponse(request: Request): Promise<Response> {
  const url = new URL(request.url);
  const host = (request.headers.get('host') ?? '').replace(/:\d+$/, '');
  const name = domainOf(url.searchParams.get('emailaddress')) ?? (host.startsWith('autoconfig.') ? host.slice('autoconfig.'.length) : null);
  const domain = await hostedDomain(name);
  if (!domain) return new Response('No mail domain of this name is hosted here\n', { status: 404 });
  return xml(autoconfigXml(mailServerSettings(loadConfig()), domain));
}

/** Outlook's POX autodiscover: POST with <EMailAddress>. */
export async function autodiscoverResponse(request: Request): Promise<Response> {
  const address = autodiscoverRequestAddress(await request.text());
  const domain = await hostedDomain(domainOf(address));
  if (!address || !domain) return xml(autodiscoverErrorXml(), 404);
  return xml(autodiscoverXml(mailServerSettings(loadConfig()), address));
}

/**
 * /apple/<address>.mobileconfig: a profile for any address of a hosted
 * domain (no password inside; whether the mailbox exists is not revealed).
 */
export async function mobileconfigResponse(file: string): Promise<Response> {
  const address = decodeURIComponent(file)
    .replace(/\.mobileconfig$/i, '')
    .trim()
    .toLowerCase();
  const domain = await hostedDomain(domainOf(address));
  if (!domain || !/^[^\s@]+@[^\s@]+$/.test(address)) return new Response('No mail domain of this name is hosted here\n', { status: 404 });
  const config = loadConfig();
  const signing =
    config.TLS_CERT_FILE && config.TLS_KEY_FILE ? { cert: readFileSync(config.TLS_CERT_FILE), key: readFileSync(config.TLS_KEY_FILE) } : undefined;
  const profile = await mobileconfigProfile(mailServerSettings(config), { address: `${localPartOf(address)}@${domain.name}` }, signing);
  return new Response(new Uint8Array(profile), {
    headers: {
      'content-type': 'application/x-apple-aspen-config',
      'content-disposition': `attachment; filename="${domain.name}.mobileconfig"`,
      'cache-control': 'no-store',
    },
  });
}
