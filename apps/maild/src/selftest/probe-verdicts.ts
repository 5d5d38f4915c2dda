import { isIP } from 'node:net';
import { evaluateSelftest, type Logger, type SelftestFacts } from '@kontor/core';
import { checkBlocklist, checkPtr, type DnsResolver, lookup, reverseName } from '@kontor/core/dns';
import { completeSelftest, type Db } from '@kontor/db';
import type { AuthVerdicts } from '../smtp/message-auth.ts';

export interface ProbeDeps {
  db: Db;
  resolver: DnsResolver;
  log: Logger;
  /** MAIL_HOSTNAME: the name the PTR should give. */
  hostname: string;
  dnsblZones: readonly string[];
  maxMessageSize: number;
}

export interface ReceivedProbe {
  token: string;
  domain: string;
  ip: string;
  helo: string;
  tls: { protocol?: string; cipher?: string } | null;
  verdicts: AuthVerdicts;
  /** The header section as received (latin1). */
  header: string;
  size: number;
}

const hasHeader = (header: string, name: string) => new RegExp(`^${name}:`, 'im').test(header);

/**
 * The PTR names and whether one resolves back to the address. checkPtr
 * confirms only MAIL_HOSTNAME; a PTR naming another host is confirmed here,
 * so the verdict can tell "HELO differs" from "reverse DNS is broken".
 */
async function ptrOf(resolver: DnsResolver, ip: string, ptr: Awaited<ReturnType<typeof checkPtr>>): Promise<SelftestFacts['ptr']> {
  const names = ptr.found.map((n) => n.replace(/\.$/, '').toLowerCase());
  if (ptr.status === 'error') return { names, confirmed: false, error: true };
  if (ptr.status === 'ok' || !ptr.issues.some((i) => i.code === 'ptrOtherName')) return { names, confirmed: ptr.status === 'ok' };
  for (const name of names) {
    const forward = await lookup<string>(resolver, name, isIP(ip) === 4 ? 'A' : 'AAAA');
    if (forward.kind === 'found' && forward.answers.includes(ip)) return { names, confirmed: true };
  }
  return { names, confirmed: false };
}

/** What the MX saw of a probe, plus the PTR and blocklist answers for the connecting address (the checks of the DNS tab). */
async function factsOf(deps: ProbeDeps, probe: ReceivedProbe): Promise<SelftestFacts> {
  const ctx = { resolver: deps.resolver, host: deps.hostname.toLowerCase(), addresses: [probe.ip], domain: '' };
  const ptr = await checkPtr({ type: 'PTR', name: reverseName(probe.ip), value: `${ctx.host}.`, purpose: 'ptr' }, probe.ip, ctx);
  const blocklists = await Promise.all(deps.dnsblZones.map(async (zone) => ({ zone, check: await checkBlocklist(probe.ip, zone, ctx) })));
  const detail = probe.verdicts.detail ?? { spfDomain: '', dkimSignatures: [], dmarcRecord: false, spfAligned: false, dkimAligned: false };
  return {
    domain: probe.domain.toLowerCase(),
    ip: probe.ip,
    helo: probe.helo,
    spf: { result: probe.verdicts.spf, domain: detail.spfDomain },
    dkim: detail.dkimSignatures,
    dmarc: { result: probe.verdicts.dmarc, record: detail.dmarcRecord, spfAligned: detail.spfAligned, dkimAligned: detail.dkimAligned },
    tls: probe.tls,
    ptr: await ptrOf(deps.resolver, probe.ip, ptr),
    blocklists: {
      listed: blocklists.filter((b) => b.check.status === 'wrong').map((b) => b.zone),
      unanswered: blocklists.filter((b) => b.check.status === 'error').map((b) => b.zone),
      zones: blocklists.length,
    },
    size: probe.size,
    maxSize: deps.maxMessageSize,
    headers: { messageId: hasHeader(probe.header, 'Message-ID'), date: hasHeader(probe.header, 'Date'), from: hasHeader(probe.header, 'From') },
  };
}

/** Evaluates a received probe and completes its run; the probe itself is never stored as mail. */
export async function recordProbe(deps: ProbeDeps, probe: ReceivedProbe): Promise<void> {
  const verdicts = evaluateSelftest(await factsOf(deps, probe));
  const completed = await completeSelftest(deps.db, probe.token, verdicts);
  deps.log.info(
    { token: probe.token, domain: probe.domain, completed, failed: verdicts.filter((v) => v.status !== 'pass').map((v) => v.check) },
    'selftest probe evaluated',
  );
}
