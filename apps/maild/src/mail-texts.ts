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
  /** The drift watch's mail to admins when DNS records that were right are not any more (dns-watch/alert-mail.ts). */
  dnsAlert: {
    fromName: string;
    /** `scope`: a domain, or this server's name. */
    subject(scope: string, count: number): string;
    intro(scope: string): string;
    serverScope(hostname: string): string;
    status: { MISSING: string; MISMATCH: string };
    expected: string;
    found: string;
    nothing: string;
    /** Where to look: the DNS tab, when PUBLIC_URL says where the panel is. */
    outro(link: string | undefined): string;
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
    dnsAlert: {
      fromName: 'Kontor',
      subject: (scope, count) => `DNS problem at ${scope}: ${count === 1 ? 'a record is' : `${count} records are`} no longer right`,
      intro: (scope) =>
        `Kontor checks the DNS records of ${scope} regularly. These were right at the last check and are not any more, so mail may be refused, marked as spam or not arrive:`,
      serverScope: (hostname) => `this server (${hostname})`,
      status: { MISSING: 'no longer published', MISMATCH: 'published with a wrong value' },
      expected: 'expected',
      found: 'published',
      nothing: '(nothing)',
      outro: (link) =>
        `${link ? `The DNS tab shows every record and what to publish: ${link}` : 'The domain’s DNS tab in the panel shows every record and what to publish.'}\n\nYou get this mail once per problem; the notice in the panel goes away when the records are right again.`,
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
    dnsAlert: {
      fromName: 'Kontor',
      subject: (scope, count) => `DNS-Problem bei ${scope}: ${count === 1 ? 'ein Eintrag stimmt' : `${count} Einträge stimmen`} nicht mehr`,
      intro: (scope) =>
        `Kontor prüft die DNS-Einträge von ${scope} regelmäßig. Diese waren bei der letzten Prüfung richtig und sind es nicht mehr. E-Mails können deshalb abgelehnt, als Spam markiert oder gar nicht zugestellt werden:`,
      serverScope: (hostname) => `diesem Server (${hostname})`,
      status: { MISSING: 'nicht mehr veröffentlicht', MISMATCH: 'mit falschem Wert veröffentlicht' },
      expected: 'erwartet',
      found: 'veröffentlicht',
      nothing: '(nichts)',
      outro: (link) =>
        `${link ? `Der Reiter „DNS“ zeigt alle Einträge und was einzutragen ist: ${link}` : 'Der Reiter „DNS“ der Domain im Verwaltungsbereich zeigt alle Einträge und was einzutragen ist.'}\n\nSie erhalten diese E-Mail einmal je Problem; der Hinweis im Verwaltungsbereich verschwindet, sobald die Einträge wieder stimmen.`,
    },
  },
};

/** The texts for a domain's language; English for anything else. */
export function mailTexts(language: string | null | undefined): MailTexts {
  return MAIL_TEXTS[isLocale(language) ? language : DEFAULT_LOCALE];
}
