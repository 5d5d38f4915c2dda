import { dkimTxtValue } from './dkim-keys.ts';

/**
 * The DNS records a hosted domain should publish, as a DNS provider's form
 * or a zone file wants them: `name` fully qualified (no trailing dot),
 * `value` the record data (MX with its preference, SRV with priority,
 * weight and port, targets ending in a dot; TXT unquoted).
 */
export interface DnsRecordHint {
  type: 'MX' | 'TXT' | 'CNAME' | 'SRV';
  name: string;
  value: string;
}

export interface DnsRecordSettings {
  /** MAIL_HOSTNAME: where MX, SRV, autoconfig and autodiscover point. */
  mailHostname: string;
  /** Ports clients reach (the public ones: 993, 587, 465, 995 in production). */
  imapsPort: number;
  submissionPort: number;
  smtpsPort: number;
  pop3sPort: number;
}

export interface DnsRecordDomain {
  /** ASCII (A-label) name. */
  name: string;
  /** Published DKIM keys: the active one first, then any waiting for a rotation. */
  dkimKeys: Array<{ selector: string; publicKey: string }>;
}

export function dnsRecordHints(domain: DnsRecordDomain, settings: DnsRecordSettings): DnsRecordHint[] {
  const name = domain.name.toLowerCase().replace(/\.$/, '');
  const host = `${settings.mailHostname.toLowerCase().replace(/\.$/, '')}.`;
  const srv = (service: string, port: number): DnsRecordHint => ({ type: 'SRV', name: `_${service}._tcp.${name}`, value: `0 1 ${port} ${host}` });
  return [
    { type: 'MX', name, value: `10 ${host}` },
    { type: 'TXT', name, value: `v=spf1 mx a:${host.slice(0, -1)} -all` },
    ...domain.dkimKeys.map((key): DnsRecordHint => ({ type: 'TXT', name: `${key.selector}._domainkey.${name}`, value: dkimTxtValue(key.publicKey) })),
    { type: 'TXT', name: `_dmarc.${name}`, value: `v=DMARC1; p=quarantine; adkim=r; aspf=r` },
    { type: 'CNAME', name: `autoconfig.${name}`, value: host },
    { type: 'CNAME', name: `autodiscover.${name}`, value: host },
    srv('imaps', settings.imapsPort),
    srv('submission', settings.submissionPort),
    srv('submissions', settings.smtpsPort),
    srv('pop3s', settings.pop3sPort),
  ];
}

/** The settings above from configuration. */
export function dnsRecordSettings(config: {
  MAIL_HOSTNAME: string;
  IMAPS_PORT: number;
  SUBMISSION_PORT: number;
  SMTPS_PORT: number;
  POP3S_PORT: number;
}): DnsRecordSettings {
  return {
    mailHostname: config.MAIL_HOSTNAME,
    imapsPort: config.IMAPS_PORT,
    submissionPort: config.SUBMISSION_PORT,
    smtpsPort: config.SMTPS_PORT,
    pop3sPort: config.POP3S_PORT,
  };
}

/** A zone-file line per record (TXT split into 255-octet strings, as zone files need). */
export function zoneFileLines(records: DnsRecordHint[], ttl = 3600): string[] {
  return records.map((r) => {
    const data = r.type === 'TXT' ? (r.value.match(/.{1,255}/g) ?? ['']).map((s) => `"${s.replace(/(["\\])/g, '\\$1')}"`).join(' ') : r.value;
    return `${r.name}.\t${ttl}\tIN\t${r.type}\t${data}`;
  });
}
