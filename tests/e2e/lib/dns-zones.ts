// Test zones for the DNS check suites: the server's own records, and a
// domain published right (exactly the hints), wrong, or not at all.
import { zoneFileLines } from '@kontor/core';

/** The server as the zones describe it: MAIL_HOSTNAME, its address (loopback: where the test's mail comes from) and PTR. */
export const MAIL_HOSTNAME = 'mail.example.net';
export const SERVER_ADDRESS = '127.0.0.1';

/** Everything the CLI, the web app and maild are started with, so all three hint the same records. */
export function dnsEnv(server: string): Record<string, string> {
  return {
    MAIL_HOSTNAME,
    DNS_SERVERS: server,
    DNS_RECORDS_FILE: '',
    DNSBL_ZONES: 'bl.example.org',
    PUBLIC_ADDRESSES: '',
    IMAP_PORT: '143',
    IMAPS_PORT: '993',
    POP3_PORT: '110',
    POP3S_PORT: '995',
    SUBMISSION_PORT: '587',
    SMTPS_PORT: '465',
  };
}

export const SERVER_ZONE = [`${MAIL_HOSTNAME}. IN A ${SERVER_ADDRESS}`, `${MAIL_HOSTNAME}. IN TXT "v=spf1 a -all"`];
export const REVERSE_ZONE = [`1.0.0.127.in-addr.arpa. IN PTR ${MAIL_HOSTNAME}.`];

/** A domain's hints as zone lines: published exactly as the DNS tab says. */
export function publishedRight(records: Array<{ type: string; name: string; value: string }>): string[] {
  return zoneFileLines(records).map((line) => line.replace('\t3600\t', '\t60\t'));
}

/** wrong.example.net: every record there, each with a mistake a person makes. */
export function publishedWrong(records: Array<{ type: string; name: string; value: string; purpose?: string }>): string[] {
  const dkim = records.filter((r) => r.name.includes('._domainkey.'));
  return [
    'wrong.example.net. IN MX 10 mx.old-provider.example.org.',
    'wrong.example.net. IN TXT "v=spf1 include:old-provider.example.org -all"',
    'old-provider.example.org. IN TXT "v=spf1 ip4:198.51.100.0/24 -all"',
    // The RSA key of another installation; the Ed25519 key right.
    `${dkim[0]!.name}. IN TXT "v=DKIM1; k=rsa; p=MIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEAwrongwrongwrong"`,
    ...publishedRight(dkim.slice(1, 2)),
    '_dmarc.wrong.example.net. IN TXT "v=DMARC1; p=reject; rua=mailto:reports@old-provider.example.org"',
    '_dmarc.wrong.example.net. IN TXT "v=DMARC1; p=none"',
    '_mta-sts.wrong.example.net. IN TXT "v=STSv1; id=2023"',
    'mta-sts.wrong.example.net. IN CNAME mail.example.net.',
    '_smtp._tls.wrong.example.net. IN TXT "v=TLSRPTv1; rua=mailto:tls@old-provider.example.org"',
    'autoconfig.wrong.example.net. IN CNAME autoconfig.old-provider.example.org.',
    `autodiscover.wrong.example.net. IN A ${SERVER_ADDRESS}`,
    '_imaps._tcp.wrong.example.net. IN SRV 0 1 993 imap.old-provider.example.org.',
  ];
}

/** The statuses the check must give wrong.example.net, by record purpose and name (DKIM: RSA wrong, Ed25519 right). */
export const WRONG_STATUSES: Record<string, string> = {
  'mx wrong.example.net': 'wrong',
  'spf wrong.example.net': 'wrong',
  'dkim kontor._domainkey.wrong.example.net': 'wrong',
  'dkim kontor-ed25519._domainkey.wrong.example.net': 'ok',
  'dmarc _dmarc.wrong.example.net': 'wrong',
  'mta-sts _mta-sts.wrong.example.net': 'wrong',
  'mta-sts-host mta-sts.wrong.example.net': 'ok',
  'tls-rpt _smtp._tls.wrong.example.net': 'ok',
  'autoconfig autoconfig.wrong.example.net': 'wrong',
  'autodiscover autodiscover.wrong.example.net': 'ok',
  'srv _imaps._tcp.wrong.example.net': 'wrong',
  'srv _imap._tcp.wrong.example.net': 'missing',
  'srv _pop3s._tcp.wrong.example.net': 'missing',
  'srv _pop3._tcp.wrong.example.net': 'missing',
  'srv _submissions._tcp.wrong.example.net': 'missing',
  'srv _submission._tcp.wrong.example.net': 'missing',
  'srv _autodiscover._tcp.wrong.example.net': 'missing',
};
