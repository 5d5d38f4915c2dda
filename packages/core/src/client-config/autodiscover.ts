import { escapeXml, type MailServerSettings } from './mail-settings.ts';

/** The address Outlook asks about in its POX autodiscover request, or null. */
export function autodiscoverRequestAddress(body: string): string | null {
  const match = /<EMailAddress>\s*([^<\s]+)\s*<\/EMailAddress>/i.exec(body);
  return match ? match[1]!.trim() : null;
}

/** Outlook's POX autodiscover answer (IMAP and SMTP, implicit TLS). */
export function autodiscoverXml(settings: MailServerSettings, address: string, displayName = ''): string {
  const protocol = (type: 'IMAP' | 'POP3' | 'SMTP', port: number) => `      <Protocol>
        <Type>${type}</Type>
        <Server>${escapeXml(settings.hostname)}</Server>
        <Port>${port}</Port>
        <DomainRequired>off</DomainRequired>
        <LoginName>${escapeXml(address)}</LoginName>
        <SPA>off</SPA>
        <SSL>on</SSL>
        <AuthRequired>on</AuthRequired>${type === 'SMTP' ? '\n        <UsePOPAuth>off</UsePOPAuth>\n        <SMTPLast>off</SMTPLast>' : ''}
      </Protocol>`;
  return `<?xml version="1.0" encoding="utf-8"?>
<Autodiscover xmlns="http://schemas.microsoft.com/exchange/autodiscover/responseschema/2006">
  <Response xmlns="http://schemas.microsoft.com/exchange/autodiscover/outlook/responseschema/2006a">
    <User>
      <DisplayName>${escapeXml(displayName || address)}</DisplayName>
      <EMailAddress>${escapeXml(address)}</EMailAddress>
    </User>
    <Account>
      <AccountType>email</AccountType>
      <Action>settings</Action>
${protocol('IMAP', settings.imaps)}
${protocol('POP3', settings.pop3s)}
${protocol('SMTP', settings.smtps)}
    </Account>
  </Response>
</Autodiscover>
`;
}

/** The error answer for an address we do not host. */
export function autodiscoverErrorXml(): string {
  return `<?xml version="1.0" encoding="utf-8"?>
<Autodiscover xmlns="http://schemas.microsoft.com/exchange/autodiscover/responseschema/2006">
  <Response>
    <Error Time="${new Date().toISOString().slice(11, 19)}" Id="1">
      <ErrorCode>600</ErrorCode>
      <Message>Invalid Request</Message>
      <DebugData />
    </Error>
  </Response>
</Autodiscover>
`;
}
