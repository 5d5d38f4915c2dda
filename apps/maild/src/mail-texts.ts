import { DEFAULT_LOCALE, isLocale, type Locale } from '@kontor/core';

/**
 * Every sentence maild writes into mail for people (bounces today; any
 * notification it writes goes here too), in each language a domain can
 * choose (Domain.language). The panel's strings are elsewhere: these go
 * to senders, who may never see the panel.
 */
export interface MailTexts {
  dsn: {
    /** Display name of MAILER-DAEMON. */
    fromName: string;
    subject: string;
    /** For mail programs that cannot show MIME. */
    preamble: string;
    intro(reportingMta: string): string;
    /** Why the message came back, when no more specific reason is given. */
    explanation: string;
    /** Before a remote server's reply to one recipient. */
    remoteSaid(host: string): string;
    notificationDescription: string;
    reportDescription: string;
    headersDescription: string;
  };
  /** To the superadmins when an automatic certificate could not be obtained or renewed. */
  certificateFailure: {
    fromName: string;
    subject(names: string): string;
    body(details: { names: string; server: string; error: string; expires: string | null; nextAttempt: string }): string;
  };
}

export const MAIL_TEXTS: Record<Locale, MailTexts> = {
  en: {
    dsn: {
      fromName: 'Mail Delivery System',
      subject: 'Undelivered Mail Returned to Sender',
      preamble: 'This is a MIME-encapsulated message.',
      intro: (mta) => `This is the mail system at ${mta}.`,
      explanation: 'Your message could not be delivered to one or more recipients. It has been returned with the reasons below.',
      remoteSaid: (host) => `host ${host} said: `,
      notificationDescription: 'Notification',
      reportDescription: 'Delivery report',
      headersDescription: 'Undelivered message headers',
    },
    certificateFailure: {
      fromName: 'Kontor',
      subject: (names) => `Certificate for ${names} could not be renewed`,
      body: ({ names, server, error, expires, nextAttempt }) =>
        [
          `Kontor on ${server} could not obtain a certificate for ${names}.`,
          '',
          `The certificate authority said: ${error}`,
          '',
          expires
            ? `The current certificate stays in use; it expires on ${expires}.`
            : 'There is no certificate for these names yet; clients see the default certificate.',
          `The next attempt is on ${nextAttempt}. You can also renew at once on the Certificates page of the panel.`,
          '',
          'Usual causes: the names do not point at this server in DNS, or port 80 is not reachable from the internet (see docs/tls.md, Troubleshooting).',
        ].join('\n'),
    },
  },
  de: {
    dsn: {
      fromName: 'Mail-Zustellsystem',
      subject: 'Nachricht konnte nicht zugestellt werden',
      preamble: 'Dies ist eine Nachricht im MIME-Format.',
      intro: (mta) => `Dies ist das Mailsystem von ${mta}.`,
      explanation:
        'Ihre Nachricht konnte an einen oder mehrere Empfänger nicht zugestellt werden. Unten finden Sie die Empfänger und die Gründe; die Kopfzeilen Ihrer Nachricht sind angehängt.',
      remoteSaid: (host) => `Server ${host} antwortete: `,
      notificationDescription: 'Benachrichtigung',
      reportDescription: 'Zustellbericht',
      headersDescription: 'Kopfzeilen der nicht zugestellten Nachricht',
    },
    certificateFailure: {
      fromName: 'Kontor',
      subject: (names) => `Zertifikat für ${names} konnte nicht erneuert werden`,
      body: ({ names, server, error, expires, nextAttempt }) =>
        [
          `Kontor auf ${server} konnte kein Zertifikat für ${names} erhalten.`,
          '',
          `Die Zertifizierungsstelle meldete: ${error}`,
          '',
          expires
            ? `Das bisherige Zertifikat bleibt in Gebrauch; es läuft am ${expires} ab.`
            : 'Für diese Namen gibt es noch kein Zertifikat; Clients sehen das Standardzertifikat.',
          `Der nächste Versuch ist am ${nextAttempt}. Sie können es auch sofort auf der Seite „Zertifikate“ im Verwaltungsbereich erneuern.`,
          '',
          'Häufige Ursachen: Die Namen zeigen im DNS nicht auf diesen Server, oder Port 80 ist aus dem Internet nicht erreichbar (siehe docs/tls.md, Fehlersuche).',
        ].join('\n'),
    },
  },
};

/** The texts for a domain's language; English for anything else. */
export function mailTexts(language: string | null | undefined): MailTexts {
  return MAIL_TEXTS[isLocale(language) ? language : DEFAULT_LOCALE];
}
