import { type DnsRecordHint, type DnsRecordSettings, serverDnsRecordHints } from '../dns-records.ts';
import { checkAddress, checkCname, checkMx, checkSrv } from './domain-checks.ts';
import { type DnsWarning, describeDnsIssue, describeDnsWarning } from './issues.ts';
import { canonicalName, isPublicHostname, reverseName } from './names.ts';
import type { DnsRecordCheck, RecordCheckContext } from './record-check.ts';
import type { DnsResolver } from './resolver.ts';
import { checkBlocklist, checkPtr, checkTlsa, serverAddresses, tlsaRecordOf } from './server-checks.ts';
import { checkDkim, checkDmarc, checkMtaSts, checkSpf, checkTlsRpt } from './txt-checks.ts';

export interface DnsCheckOptions {
  resolver: DnsResolver;
  settings: DnsRecordSettings;
  /** PUBLIC_ADDRESSES. */
  publicAddresses?: string[];
  /** DNSBL_ZONES. */
  dnsblZones?: string[];
  /** The certificate MAIL_HOSTNAME presents (PEM), for the TLSA hint. */
  certificatePem?: string;
  /** RELAY_HOST: outbound mail leaves from the smarthost, not from here. */
  relayHost?: string;
}

/** The server's records and findings: the same on every domain's page. */
export interface ServerDnsReport {
  hostname: string;
  addresses: string[];
  /** Where the addresses came from: PUBLIC_ADDRESSES, MAIL_HOSTNAME's A/AAAA, or nowhere. */
  addressSource: 'configured' | 'dns' | 'none';
  records: DnsRecordCheck[];
  blocklists: DnsRecordCheck[];
  warnings: DnsWarning[];
}

export interface DomainDnsReport {
  domain: string;
  checkedAt: string;
  records: DnsRecordCheck[];
  server: ServerDnsReport;
  /** Every record that must be there is right, and no optional one is published wrong. */
  ok: boolean;
}

function contextOf(options: DnsCheckOptions, domain: string, addresses: string[]): RecordCheckContext {
  return { resolver: options.resolver, host: canonicalName(options.settings.mailHostname), addresses, domain };
}

/** One record checked by what it is for. */
function checkHint(hint: DnsRecordHint, ctx: RecordCheckContext, configured: boolean): Promise<DnsRecordCheck> {
  switch (hint.purpose) {
    case 'mx':
      return checkMx(hint, ctx);
    case 'spf':
    case 'host-spf':
      return checkSpf(hint, ctx);
    case 'dkim':
      return checkDkim(hint, ctx);
    case 'dmarc':
      return checkDmarc(hint, ctx);
    case 'mta-sts':
      return checkMtaSts(hint, ctx);
    case 'tls-rpt':
      return checkTlsRpt(hint, ctx);
    case 'autoconfig':
    case 'autodiscover':
    case 'mta-sts-host':
      return checkCname(hint, ctx);
    case 'srv':
      return checkSrv(hint, ctx);
    case 'address':
      return checkAddress(hint, ctx, configured);
    case 'tlsa':
      return checkTlsa(hint, ctx);
    case 'ptr':
    case 'dnsbl':
      throw new Error(`${hint.purpose} records are checked per address`);
  }
}

/** Optional records left out are fine; published, they must be right. */
export function recordsOk(records: DnsRecordCheck[]): boolean {
  return records.every((r) => r.status === 'ok' || (r.optional && r.status === 'missing'));
}

/**
 * MAIL_HOSTNAME's records (SPF, A/AAAA, PTR, TLSA), the blocklists, and
 * the warnings for set-ups that cannot work.
 */
export async function checkServerDns(options: DnsCheckOptions): Promise<ServerDnsReport> {
  const hostname = canonicalName(options.settings.mailHostname);
  const base = contextOf(options, '', []);
  const { addresses, source } = await serverAddresses(base, options.publicAddresses ?? []);
  const ctx = { ...base, addresses };
  const tlsa = options.certificatePem ? tlsaRecordOf(options.certificatePem) : undefined;
  const hints = serverDnsRecordHints(options.settings, addresses, tlsa);
  const records = await Promise.all(
    hints.map((hint) => {
      if (hint.purpose !== 'ptr') return checkHint(hint, ctx, source === 'configured');
      const ip = addresses.find((a) => reverseName(a) === hint.name)!;
      return checkPtr(hint, ip, ctx);
    }),
  );
  const listings = addresses.flatMap((ip) => (options.dnsblZones ?? []).map((zone) => ({ ip, zone })));
  const blocklists = await Promise.all(listings.map(({ ip, zone }) => checkBlocklist(ip, zone, ctx)));
  const warnings: DnsWarning[] = [];
  if (!isPublicHostname(hostname)) warnings.push({ code: 'hostnameNotPublic', values: { hostname } });
  if (records.filter((r) => r.purpose === 'address').every((r) => r.status === 'missing')) warnings.push({ code: 'hostnameUnresolved', values: { hostname } });
  for (const ip of addresses) {
    const ptr = records.find((r) => r.purpose === 'ptr' && r.name === reverseName(ip));
    if (ptr && ptr.status !== 'ok' && ptr.status !== 'error') warnings.push({ code: 'noPtr', values: { ip } });
  }
  blocklists.forEach((listed, i) => {
    if (listed.status === 'wrong') warnings.push({ code: 'blocklisted', values: { ...listings[i]!, answer: listed.found.join(', ') } });
  });
  if (options.relayHost) warnings.push({ code: 'relayHost', values: { relay: options.relayHost } });
  return { hostname, addresses, addressSource: source, records, blocklists, warnings };
}

/** Every record of one domain against DNS; `server` is checked too unless given (one server check serves a run over all domains). */
export async function checkDomainDns(domain: string, hints: DnsRecordHint[], options: DnsCheckOptions, server?: ServerDnsReport): Promise<DomainDnsReport> {
  const serverReport = server ?? (await checkServerDns(options));
  const ctx = contextOf(options, canonicalName(domain), serverReport.addresses);
  const records = await Promise.all(hints.map((hint) => checkHint(hint, ctx, serverReport.addressSource === 'configured')));
  return {
    domain: canonicalName(domain),
    checkedAt: new Date().toISOString(),
    records,
    server: serverReport,
    ok: recordsOk(records) && recordsOk(serverReport.records) && serverReport.blocklists.every((b) => b.status !== 'wrong'),
  };
}

/** The report with an English sentence beside every issue and warning: what the CLI's --json and the REST API answer. */
export function describedDnsReport(report: DomainDnsReport) {
  const records = (list: DnsRecordCheck[]) => list.map((r) => ({ ...r, issues: r.issues.map((i) => ({ ...i, text: describeDnsIssue(i) })) }));
  return {
    ...report,
    records: records(report.records),
    server: {
      ...report.server,
      records: records(report.server.records),
      blocklists: records(report.server.blocklists),
      warnings: report.server.warnings.map((w) => ({ ...w, text: describeDnsWarning(w) })),
    },
  };
}
