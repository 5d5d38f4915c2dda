import { dkimTxtValue } from './dkim-keys.ts';
import { type MtaStsMode, mtaStsPolicy } from './dns/mta-sts-policy.ts';
import { reverseName } from './dns/names.ts';

/**
 * The DNS records a hosted domain should publish, and the server's own, as
 * a DNS provider's form or a zone file wants them: `name` fully qualified
 * (no trailing dot), `value` the record data (MX with its preference, SRV
 * with priority, weight and port, targets ending in a dot; TXT unquoted).
 * `purpose` says what the record is for (the live check compares by it);
 * `optional` records help but nothing breaks without them.
 */
export type DnsRecordType = 'MX' | 'TXT' | 'CNAME' | 'SRV' | 'A' | 'AAAA' | 'PTR' | 'TLSA';

export const DNS_RECORD_PURPOSES = [
  'mx',
  'spf',
  'dkim',
  'dmarc',
  'mta-sts',
  'mta-sts-host',
  'tls-rpt',
  'autoconfig',
  'autodiscover',
  'srv',
  'host-spf',
  'address',
  'ptr',
  'tlsa',
  'dnsbl',
] as const;
export type DnsRecordPurpose = (typeof DNS_RECORD_PURPOSES)[number];

export interface DnsRecordHint {
  type: DnsRecordType;
  name: string;
  value: string;
  purpose: DnsRecordPurpose;
  optional?: boolean;
}

export interface DnsRecordSettings {
  /** MAIL_HOSTNAME: where MX, SRV, autoconfig and autodiscover point. */
  mailHostname: string;
  /** Ports clients reach (the public ones: 993, 587, 465, 995 in production). */
  imapsPort: number;
  submissionPort: number;
  smtpsPort: number;
  pop3sPort: number;
  /** IMAP and POP3 with STARTTLS (RFC 6186 lists them after the implicit-TLS ones, RFC 8314 §5.1). Default 143, 110. */
  imapPort?: number;
  pop3Port?: number;
  /** Where the web app answers HTTPS (autodiscover, the MTA-STS policy). Default 443. */
  httpsPort?: number;
  /** max_age of the served MTA-STS policy (MTA_STS_MAX_AGE). Default a week. */
  mtaStsMaxAgeSeconds?: number;
}

export interface DnsRecordDomain {
  /** ASCII (A-label) name. */
  name: string;
  /** Published DKIM keys: the active ones first (RSA, then Ed25519), then any waiting for a rotation. */
  dkimKeys: Array<{ selector: string; publicKey: string; algorithm?: string }>;
  /** Domain.mtaStsMode; default testing. */
  mtaStsMode?: MtaStsMode;
}

/** Where DMARC aggregate reports (rua=) go: a Kontor address of the domain itself, so no cross-domain authorisation record is needed (RFC 7489 §7.1). */
export function dmarcReportAddress(domain: string): string {
  return `dmarc-reports@${domain.toLowerCase()}`;
}

/** Where TLS reports (RFC 8460) go. */
export function tlsReportAddress(domain: string): string {
  return `tls-reports@${domain.toLowerCase()}`;
}

const bare = (name: string) => name.toLowerCase().replace(/\.$/, '');

/** The MTA-STS policy Kontor serves for a domain, and its id. */
export function domainMtaStsPolicy(settings: DnsRecordSettings, mode: MtaStsMode = 'testing') {
  return mtaStsPolicy({ mode, mx: [bare(settings.mailHostname)], maxAgeSeconds: settings.mtaStsMaxAgeSeconds ?? 604_800 });
}

export function dnsRecordHints(domain: DnsRecordDomain, settings: DnsRecordSettings): DnsRecordHint[] {
  const name = bare(domain.name);
  const host = `${bare(settings.mailHostname)}.`;
  const mode = domain.mtaStsMode ?? 'testing';
  // RFC 6186 §3.4: priorities order IMAP before POP3 and implicit TLS first (RFC 8314 §5.1).
  const srv = (service: string, priority: number, port: number): DnsRecordHint => ({
    type: 'SRV',
    name: `_${service}._tcp.${name}`,
    value: `${priority} 1 ${port} ${host}`,
    purpose: 'srv',
    optional: true,
  });
  return [
    { type: 'MX', name, value: `10 ${host}`, purpose: 'mx' },
    { type: 'TXT', name, value: `v=spf1 mx a:${host.slice(0, -1)} -all`, purpose: 'spf' },
    ...domain.dkimKeys.map(
      (key): DnsRecordHint => ({ type: 'TXT', name: `${key.selector}._domainkey.${name}`, value: dkimTxtValue(key.publicKey, key.algorithm), purpose: 'dkim' }),
    ),
    { type: 'TXT', name: `_dmarc.${name}`, value: `v=DMARC1; p=quarantine; adkim=r; aspf=r; rua=mailto:${dmarcReportAddress(name)}`, purpose: 'dmarc' },
    // With mode none the policy only withdraws an earlier one: a domain that never had one needs neither record.
    { type: 'TXT', name: `_mta-sts.${name}`, value: `v=STSv1; id=${domainMtaStsPolicy(settings, mode).id}`, purpose: 'mta-sts', optional: mode === 'none' },
    { type: 'CNAME', name: `mta-sts.${name}`, value: host, purpose: 'mta-sts-host', optional: mode === 'none' },
    { type: 'TXT', name: `_smtp._tls.${name}`, value: `v=TLSRPTv1; rua=mailto:${tlsReportAddress(name)}`, purpose: 'tls-rpt' },
    { type: 'CNAME', name: `autoconfig.${name}`, value: host, purpose: 'autoconfig' },
    { type: 'CNAME', name: `autodiscover.${name}`, value: host, purpose: 'autodiscover' },
    srv('imaps', 0, settings.imapsPort),
    srv('imap', 10, settings.imapPort ?? 143),
    srv('pop3s', 20, settings.pop3sPort),
    srv('pop3', 30, settings.pop3Port ?? 110),
    srv('submissions', 0, settings.smtpsPort),
    srv('submission', 10, settings.submissionPort),
    { type: 'SRV', name: `_autodiscover._tcp.${name}`, value: `0 0 ${settings.httpsPort ?? 443} ${host}`, purpose: 'srv', optional: true },
  ];
}

/**
 * The server's own records, the same for every domain: SPF for
 * MAIL_HOSTNAME (the HELO name, which null-sender bounces and autoreplies
 * are judged on, RFC 7208 §2.3), its addresses, their PTR records, and a
 * DANE TLSA record of the current key for port 25 (RFC 7672; optional).
 * `addresses` are this server's public addresses; empty when not known
 * (the A record then has no expected value).
 */
export function serverDnsRecordHints(settings: DnsRecordSettings, addresses: string[], tlsa?: string): DnsRecordHint[] {
  const host = bare(settings.mailHostname);
  const v4 = addresses.filter((a) => !a.includes(':'));
  const v6 = addresses.filter((a) => a.includes(':'));
  return [
    { type: 'TXT', name: host, value: 'v=spf1 a -all', purpose: 'host-spf' },
    ...(v4.length
      ? v4.map((a): DnsRecordHint => ({ type: 'A', name: host, value: a, purpose: 'address' }))
      : [{ type: 'A' as const, name: host, value: '', purpose: 'address' as const }]),
    ...v6.map((a): DnsRecordHint => ({ type: 'AAAA', name: host, value: a, purpose: 'address' })),
    ...addresses.map((a): DnsRecordHint => ({ type: 'PTR', name: reverseName(a), value: `${host}.`, purpose: 'ptr' })),
    ...(tlsa ? [{ type: 'TLSA' as const, name: `_25._tcp.${host}`, value: tlsa, purpose: 'tlsa' as const, optional: true }] : []),
  ];
}

/** The settings above from configuration. */
export function dnsRecordSettings(config: {
  MAIL_HOSTNAME: string;
  IMAPS_PORT: number;
  SUBMISSION_PORT: number;
  SMTPS_PORT: number;
  POP3S_PORT: number;
  IMAP_PORT?: number;
  POP3_PORT?: number;
  PUBLIC_URL?: string;
  MTA_STS_MAX_AGE?: number;
}): DnsRecordSettings {
  const url = config.PUBLIC_URL ? new URL(config.PUBLIC_URL) : undefined;
  return {
    mailHostname: config.MAIL_HOSTNAME,
    imapsPort: config.IMAPS_PORT,
    submissionPort: config.SUBMISSION_PORT,
    smtpsPort: config.SMTPS_PORT,
    pop3sPort: config.POP3S_PORT,
    imapPort: config.IMAP_PORT,
    pop3Port: config.POP3_PORT,
    httpsPort: url?.protocol === 'https:' && url.port ? Number(url.port) : 443,
    mtaStsMaxAgeSeconds: config.MTA_STS_MAX_AGE !== undefined ? Math.round(config.MTA_STS_MAX_AGE / 1000) : undefined,
  };
}

/** A zone-file line per record (TXT split into 255-octet strings, as zone files need); records without a known value are left out. */
export function zoneFileLines(records: Array<{ type: string; name: string; value: string }>, ttl = 3600): string[] {
  return records
    .filter((r) => r.value)
    .map((r) => {
      const data = r.type === 'TXT' ? (r.value.match(/.{1,255}/g) ?? ['']).map((s) => `"${s.replace(/(["\\])/g, '\\$1')}"`).join(' ') : r.value;
      return `${r.name}.\t${ttl}\tIN\t${r.type}\t${data}`;
    });
}
