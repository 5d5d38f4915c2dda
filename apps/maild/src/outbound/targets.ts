import type { Logger } from '@kontor/core';
import type { TlsaLookup } from '@kontor/core/dns';
import type { OutboundTlsSessionEntry } from '@kontor/db';
import type { DnsResolver } from '../dns/resolver.ts';
import { usableTlsa } from './dane.ts';
import { type MtaStsPolicies, type MtaStsPolicy, mxAllowed } from './mta-sts.ts';
import { lookupMx } from './mx.ts';
import type { SmtpTarget } from './smtp-attempt.ts';

/** The policy a session with an MX host runs under, as the TLS report names it (RFC 8460 §4.4). */
export type TlsReportPolicy = Pick<OutboundTlsSessionEntry, 'policyType' | 'policyStrings'>;

/** A server to try, and (for an MX host, not a smarthost) the policy its session is reported under. */
export type PlannedTarget = SmtpTarget & { policy?: TlsReportPolicy };

/**
 * An MX host left out before any session under a TLS policy (its TLSA
 * lookup failed on a signed zone, or MTA-STS does not list it): no session
 * to record, but a failure the domain's TLS report counts (RFC 8460 §4.3).
 */
export interface SkippedHost {
  host: string;
  policy: TlsReportPolicy;
  result: 'dnssec-invalid' | 'validation-failure';
  reason: string;
}

/** Why no server can be tried now; `status` as the recipients' outcome. */
export interface NoTargets {
  status: 'failed' | 'deferred';
  response: string;
  /** The trace's TLS note. */
  tls?: string;
}

export interface TargetPlanner {
  resolver: DnsResolver;
  tlsa?: TlsaLookup;
  mtaSts: MtaStsPolicies;
  settings: {
    port: number;
    relay?: { host: string; port: number; auth?: { user: string; pass: string }; verifyCertificate: boolean };
    mtaSts: boolean;
    dane: boolean;
  };
  log: Logger;
}

/** The MTA-STS policy as its policy-string (RFC 8460 §4.4: the policy file's lines). */
function stsStrings(policy: MtaStsPolicy): string[] {
  return ['version: STSv1', `mode: ${policy.mode}`, ...(policy.mx ?? []).map((mx) => `mx: ${mx}`), ...(policy.maxAge ? [`max_age: ${policy.maxAge}`] : [])];
}

type Dane =
  | { kind: 'none' }
  | { kind: 'failed'; reason: string }
  | { kind: 'records'; usable: NonNullable<SmtpTarget['dane']>; strings: string[]; names: string[] };

/** The MX host's TLSA records as DANE uses them (RFC 7672 §2.2). */
async function daneFor(planner: TargetPlanner, host: string): Promise<Dane> {
  if (!planner.settings.dane || !planner.tlsa) return { kind: 'none' };
  const found = await planner.tlsa(host);
  if (found.kind === 'failed') return { kind: 'failed', reason: `${found.name}: ${found.reason}` };
  if (found.kind === 'none') return { kind: 'none' };
  const strings = found.records.map((r) => `${found.name}. IN TLSA ${r.usage} ${r.selector} ${r.matchingType} ${r.data}`);
  return { kind: 'records', usable: usableTlsa(found.records), strings, names: found.hostNames };
}

/**
 * Where a domain's mail goes, in order, and how: the smarthost, or the MX
 * hosts with DANE where their TLSA records are DNSSEC-validated (before
 * MTA-STS, RFC 8461 §2), else as the MTA-STS policy says, else
 * opportunistic TLS.
 */
export async function planTargets(
  planner: TargetPlanner,
  domain: string,
): Promise<({ targets: PlannedTarget[] } | { error: NoTargets }) & { skipped: SkippedHost[] }> {
  const { relay, port } = planner.settings;
  if (relay) {
    const target: PlannedTarget = {
      host: relay.host,
      connectTo: relay.host,
      port: relay.port,
      tls: 'required',
      implicitTls: relay.port === 465,
      verifyCertificate: relay.verifyCertificate,
      auth: relay.auth,
    };
    return { targets: [target], skipped: [] };
  }
  const mx = await lookupMx(planner.resolver, domain);
  if (!mx.ok) return { error: { status: mx.permanent ? 'failed' : 'deferred', response: `${mx.enhanced} ${mx.message}` }, skipped: [] };
  const policy = planner.settings.mtaSts ? await planner.mtaSts.policyFor(domain) : { mode: 'none' as const };
  const sts: TlsReportPolicy | undefined = policy.mode === 'none' ? undefined : { policyType: 'sts', policyStrings: stsStrings(policy) };
  const targets: PlannedTarget[] = [];
  const skipped: SkippedHost[] = [];
  let daneFailure: string | undefined;
  for (const host of mx.hosts) {
    const dane = await daneFor(planner, host.host);
    if (dane.kind === 'failed') {
      daneFailure = dane.reason;
      // The TLSA records are unknown: reported under a tlsa policy without policy strings.
      skipped.push({ host: host.host, policy: { policyType: 'tlsa', policyStrings: [] }, result: 'dnssec-invalid', reason: dane.reason });
      planner.log.warn({ domain, mx: host.host, reason: dane.reason }, 'TLSA lookup failed on a signed zone: MX host skipped for now');
      continue;
    }
    if (dane.kind === 'records') {
      // TLSA present but none usable: TLS still required, unauthenticated (RFC 7672 §2.2).
      const danePolicy: TlsReportPolicy = { policyType: 'tlsa', policyStrings: dane.strings };
      for (const address of host.addresses) {
        const target: PlannedTarget = { host: host.host, connectTo: address, port, tls: 'required', verifyCertificate: false, policy: danePolicy };
        if (dane.usable.length) Object.assign(target, { dane: dane.usable, daneNames: dane.names });
        targets.push(target);
      }
      continue;
    }
    const { allowed, enforced } = mxAllowed(host.host, policy);
    if (!allowed) {
      if (sts) skipped.push({ host: host.host, policy: sts, result: 'validation-failure', reason: 'MX host not listed in the MTA-STS policy' });
      planner.log.warn({ domain, mx: host.host }, 'MX host not in the MTA-STS policy: skipped');
      continue;
    }
    for (const address of host.addresses) {
      targets.push({
        host: host.host,
        connectTo: address,
        port,
        tls: enforced ? 'required' : 'opportunistic',
        verifyCertificate: enforced,
        policy: sts ?? { policyType: 'no-policy-found', policyStrings: [] },
      });
    }
  }
  if (!targets.length) {
    const response = daneFailure
      ? `4.7.5 No MX host of ${domain} can be used now: TLSA lookup failed (${daneFailure})`
      : `4.7.5 No MX host of ${domain} matches its MTA-STS policy`;
    return { error: { status: 'deferred', response, tls: daneFailure ? 'DANE: TLSA lookup failed' : undefined }, skipped };
  }
  return { targets, skipped };
}
