import { escapeXml, type MailServerSettings } from './mail-settings.ts';

/**
 * Thunderbird's autoconfig file (clientConfig v1.1), served at
 * /mail/config-v1.1.xml and /.well-known/autoconfig/mail/config-v1.1.xml.
 * Servers are listed in order of preference: implicit TLS first (RFC 8314),
 * STARTTLS second; IMAP before POP3.
 */
export function autoconfigXml(settings: MailServerSettings, domain: { name: string; unicodeName: string }): string {
  const host = escapeXml(settings.hostname);
  const server = (kind: 'incomingServer' | 'outgoingServer', type: string, port: number, socketType: 'SSL' | 'STARTTLS') =>
    `    <${kind} type="${type}">
      <hostname>${host}</hostname>
      <port>${port}</port>
      <socketType>${socketType}</socketType>
      <authentication>password-cleartext</authentication>
      <username>%EMAILADDRESS%</username>
    </${kind}>`;
  return `<?xml version="1.0" encoding="UTF-8"?>
<clientConfig version="1.1">
  <emailProvider id="${escapeXml(domain.name)}">
    <domain>${escapeXml(domain.name)}</domain>
    <displayName>${escapeXml(domain.unicodeName)} mail</displayName>
    <displayShortName>${escapeXml(domain.unicodeName)}</displayShortName>
${server('incomingServer', 'imap', settings.imaps, 'SSL')}
${server('incomingServer', 'imap', settings.imap, 'STARTTLS')}
${server('incomingServer', 'pop3', settings.pop3s, 'SSL')}
${server('incomingServer', 'pop3', settings.pop3, 'STARTTLS')}
${server('outgoingServer', 'smtp', settings.smtps, 'SSL')}
${server('outgoingServer', 'smtp', settings.submission, 'STARTTLS')}
  </emailProvider>
</clientConfig>
`;
}
