import type { Config } from '../config.ts';

/** Where mail clients connect, as autoconfig, autodiscover and mobileconfig describe it. */
export interface MailServerSettings {
  hostname: string;
  imaps: number;
  imap: number;
  pop3s: number;
  pop3: number;
  /** Implicit TLS submission (RFC 8314 prefers it). */
  smtps: number;
  submission: number;
}

export function mailServerSettings(
  config: Pick<Config, 'MAIL_HOSTNAME' | 'IMAPS_PORT' | 'IMAP_PORT' | 'POP3S_PORT' | 'POP3_PORT' | 'SMTPS_PORT' | 'SUBMISSION_PORT'>,
): MailServerSettings {
  return {
    hostname: config.MAIL_HOSTNAME,
    imaps: config.IMAPS_PORT,
    imap: config.IMAP_PORT,
    pop3s: config.POP3S_PORT,
    pop3: config.POP3_PORT,
    smtps: config.SMTPS_PORT,
    submission: config.SUBMISSION_PORT,
  };
}

export function escapeXml(text: string): string {
  return text.replace(/[<>&'"]/g, (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', "'": '&apos;', '"': '&quot;' })[c]!);
}
