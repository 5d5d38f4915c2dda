/**
 * What the live DNS check found about a record, as codes with values: the
 * panel words them in the reader's language (apps/web/messages/dns-check.ts),
 * the CLI and the API in English (`describeDnsIssue`). `problem` issues make
 * a record wrong; the others are notes beside a record that works.
 */
export const DNS_ISSUE_TEXTS = {
  lookupFailed: { problem: true, en: 'The DNS server did not answer ({code}); the record could not be checked' },
  notPublished: { problem: true, en: 'Not published' },
  mxElsewhere: { problem: true, en: 'The MX records point to {hosts}, not to this server' },
  mxAlsoOthers: { problem: false, en: 'Other MX hosts are listed too: {hosts}' },
  cnameElsewhere: { problem: true, en: 'Points to {target}, not to this server' },
  addressInsteadOfCname: { problem: false, en: 'An address record instead of the CNAME; it names this server, so it works' },
  srvElsewhere: { problem: true, en: 'Points to {targets}, not to this server and port' },
  spfMultiple: { problem: true, en: '{count} SPF records: receivers treat that as an error (RFC 7208 §4.5); merge them into one' },
  spfTooManyLookups: { problem: true, en: 'Needs {count} DNS lookups; receivers give up after 10 (RFC 7208 §4.6.4)' },
  spfLookups: { problem: false, en: '{count} of at most 10 DNS lookups' },
  spfNotAuthorised: { problem: true, en: 'Does not authorise this server ({ip}): receivers get "{result}"' },
  spfAuthorised: { problem: false, en: 'Authorises this server ({ips})' },
  spfUnevaluated: {
    problem: false,
    en: "This server's address is unknown (MAIL_HOSTNAME has no A/AAAA record, PUBLIC_ADDRESSES is empty): compared as text only",
  },
  spfAllowsAll: { problem: true, en: '"+all" lets anyone send as this domain' },
  dkimKeyDiffers: { problem: true, en: 'A different key is published: signatures of this server fail' },
  dkimInvalid: { problem: true, en: 'Not a DKIM key record ({reason})' },
  dkimMultiple: { problem: true, en: 'More than one record under this selector' },
  dmarcInvalid: { problem: true, en: 'Does not parse as DMARC ({reason})' },
  dmarcMultiple: { problem: true, en: 'More than one DMARC record: receivers ignore them all (RFC 7489 §6.6.3)' },
  dmarcMonitorOnly: { problem: false, en: 'p=none: receivers only report, they act on nothing' },
  dmarcReportsElsewhere: { problem: false, en: 'Aggregate reports go to {addresses}, not to Kontor ({expected})' },
  mtaStsInvalid: { problem: true, en: 'Not an MTA-STS record (v=STSv1; id=…)' },
  mtaStsMultiple: { problem: true, en: 'More than one MTA-STS record: senders ignore them (RFC 8461 §3.1)' },
  mtaStsStaleId: { problem: true, en: 'Its id ({id}) is not the current policy’s: senders keep an old policy' },
  tlsRptInvalid: { problem: true, en: 'Not a TLS-RPT record (v=TLSRPTv1; rua=…)' },
  tlsRptReportsElsewhere: { problem: false, en: 'TLS reports go to {addresses}, not to Kontor ({expected})' },
  addressNotThisServer: { problem: true, en: 'Other addresses than this server’s ({expected}) are published' },
  ptrOtherName: { problem: true, en: 'The reverse name is {names}, not MAIL_HOSTNAME' },
  ptrNotConfirmed: { problem: true, en: '{name} does not resolve back to {ip} (not forward-confirmed)' },
  tlsaDiffers: { problem: true, en: 'Does not match the current certificate’s key: DANE senders refuse to deliver' },
  listed: { problem: true, en: 'Listed ({answer})' },
  dnsblRefused: { problem: false, en: 'The blocklist refused to answer this resolver ({answer}); use a resolver of your own' },
} as const satisfies Record<string, { problem: boolean; en: string }>;

export type DnsIssueCode = keyof typeof DNS_ISSUE_TEXTS;
export type DnsIssueValues = Record<string, string | number>;

export interface DnsIssue {
  code: DnsIssueCode;
  values?: DnsIssueValues;
}

export function isProblem(issue: DnsIssue): boolean {
  return DNS_ISSUE_TEXTS[issue.code].problem;
}

function fill(template: string, values: DnsIssueValues = {}): string {
  return template.replace(/\{(\w+)\}/g, (whole, key: string) => (key in values ? String(values[key]) : whole));
}

export function describeDnsIssue(issue: DnsIssue): string {
  return fill(DNS_ISSUE_TEXTS[issue.code].en, issue.values);
}

/** Server-wide findings shown above the records: configurations that cannot work. */
export const DNS_WARNING_TEXTS = {
  hostnameNotPublic: 'MAIL_HOSTNAME is {hostname}, not a public name: MX, SPF and PTR cannot point at it (the SPF hint is a permerror for every receiver)',
  hostnameUnresolved: 'MAIL_HOSTNAME ({hostname}) has no A or AAAA record',
  noPtr: 'The address {ip} has no PTR record naming MAIL_HOSTNAME: many receivers refuse mail from it',
  blocklisted: 'The address {ip} is on the blocklist {zone} ({answer}): mail from it is refused or marked as spam',
  relayHost: 'Outbound mail goes through the smarthost {relay}: its addresses must be in SPF too (include its SPF record)',
} as const;

export type DnsWarningCode = keyof typeof DNS_WARNING_TEXTS;

export interface DnsWarning {
  code: DnsWarningCode;
  values: DnsIssueValues;
}

export function describeDnsWarning(warning: DnsWarning): string {
  return fill(DNS_WARNING_TEXTS[warning.code], warning.values);
}
