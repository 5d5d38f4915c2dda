import { base64Lines, encodeHeaderText, formatMailbox, newMessageId, rfc5322Date } from '@kontor/core';
import type { DnsTransition } from '@kontor/db/dns-checks';
import { mailTexts } from '../mail-texts.ts';

/**
 * The mail that tells admins records broke: one per language, listing each
 * record with what is expected and what is published. It comes from
 * postmaster@MAIL_HOSTNAME with the null sender and Auto-Submitted:
 * auto-generated (RFC 3834 §5), so nothing answers or bounces it.
 */
export function composeDnsAlert(options: {
  hostname: string;
  language: string | null | undefined;
  /** The domain, or null for the server's own records. */
  domain: string | null;
  to: string[];
  broke: DnsTransition[];
  link?: string;
  date?: Date;
}): { raw: string; messageId: string } {
  const texts = mailTexts(options.language).dnsAlert;
  const scope = options.domain ?? texts.serverScope(options.hostname);
  const messageId = newMessageId(options.hostname);
  const lines = options.broke.flatMap((b) => [
    `- ${b.type} ${b.name}: ${b.status === 'MISSING' ? texts.status.MISSING : texts.status.MISMATCH}`,
    `    ${texts.expected}: ${b.expected || '–'}`,
    `    ${texts.found}: ${b.found ? b.found.split('\n').join(' | ') : texts.nothing}`,
  ]);
  const body = [texts.intro(scope), '', ...lines, '', texts.outro(options.link), ''].join('\r\n').replace(/\r?\n/g, '\r\n');
  const headers = [
    `From: ${formatMailbox(`postmaster@${options.hostname}`, texts.fromName)}`,
    `To: ${options.to.map((a) => `<${a}>`).join(', ')}`,
    `Subject: ${encodeHeaderText(texts.subject(scope, options.broke.length))}`,
    `Date: ${rfc5322Date(options.date)}`,
    `Message-ID: ${messageId}`,
    'Auto-Submitted: auto-generated',
    'MIME-Version: 1.0',
    'Content-Type: text/plain; charset=utf-8',
    'Content-Transfer-Encoding: base64',
  ];
  return { raw: `${headers.join('\r\n')}\r\n\r\n${base64Lines(body)}`, messageId };
}
