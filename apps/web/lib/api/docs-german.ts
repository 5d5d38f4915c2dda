/**
 * German for the texts the API reference page (/api-docs) shows from the
 * OpenAPI document: summaries, descriptions, tags, fields. The document
 * itself (/api/v1/openapi.json) stays English, written once in the
 * operation records and zod schemas; this table is keyed by that English,
 * so an edited text falls back to English until its German is added here
 * (tests/api-docs.test.ts lists any text without one). Server-side only: it
 * is not part of the panel's message catalogue, which every page sends to
 * the browser.
 */
import type { Locale } from '@kontor/core';

const GERMAN: ReadonlyMap<string, string> = new Map([
  [
    'Manage domains, mailboxes, aliases, autoresponders, forwarding, administrators and the mail queue, read the message trace, and send mail. Authenticate with an API key from the panel (API keys): `Authorization: Bearer kontor_…`. JSON in and out.',
    'Domains, Postfächer, Aliase, Abwesenheitsnotizen, Weiterleitungen, Administratoren und die Warteschlange verwalten, die Nachrichtenverfolgung lesen und E-Mails senden. Anmeldung mit einem API-Schlüssel aus dem Panel (API-Schlüssel): `Authorization: Bearer kontor_…`. JSON hinein und heraus.',
  ],
  ['Hosted domains, their DNS records and catch-all', 'Gehostete Domains, ihre DNS-Einträge und das Catch-all'],
  ['Mailboxes, their autoresponder and forwarding', 'Postfächer, ihre Abwesenheitsnotiz und Weiterleitung'],
  ['Addresses that deliver elsewhere', 'Adressen, die anderswohin zustellen'],
  ['Who may sign in to the panel (superadmin keys only)', 'Wer sich am Panel anmelden darf (nur Superadmin-Schlüssel)'],
  ['Outgoing mail waiting for delivery (superadmin keys only)', 'Ausgehende E-Mails, die auf Zustellung warten (nur Superadmin-Schlüssel)'],
  ['What happened to a message (the delivery log)', 'Was mit einer Nachricht geschah (das Zustellprotokoll)'],
  ['Sending mail (sending keys only)', 'E-Mails senden (nur Sende-Schlüssel)'],
  ['This document', 'Dieses Dokument'],
  ['List domains', 'Domains auflisten'],
  [
    'The domains the key may manage, by name; `q` searches name and description.',
    'Die Domains, die der Schlüssel verwalten darf, nach Name; `q` sucht in Name und Beschreibung.',
  ],
  ['OK', 'OK'],
  ['Add a domain', 'Domain hinzufügen'],
  [
    'Superadmin keys only. The domain gets its first DKIM key; publish the records of GET /domains/{id}/dns.',
    'Nur Superadmin-Schlüssel. Die Domain bekommt ihren ersten DKIM-Schlüssel; veröffentlichen Sie die Einträge von GET /domains/{id}/dns.',
  ],
  ['The domain, e.g. example.com (Unicode names are accepted)', 'Die Domain, z. B. example.com (Unicode-Namen werden angenommen)'],
  ['A size such as "2G" or "500M", a number of bytes, or 0 for unlimited', 'Eine Größe wie "2G" oder "500M", eine Zahl von Bytes oder 0 für unbegrenzt'],
  ['Read a domain', 'Domain lesen'],
  ['The row id', 'Die ID der Zeile'],
  ['Change a domain', 'Domain ändern'],
  [
    'Fields left out stay as they are. A domain key may change the description, language and time zone; limits and `active` need a superadmin key.',
    'Weggelassene Felder bleiben, wie sie sind. Ein Domain-Schlüssel darf Beschreibung, Sprache und Zeitzone ändern; Limits und `active` brauchen einen Superadmin-Schlüssel.',
  ],
  ['en or de: the language of bounces and notices', 'en oder de: die Sprache von Unzustellbarkeitsnachrichten und Hinweisen'],
  ['IANA time zone, e.g. Europe/Berlin', 'IANA-Zeitzone, z. B. Europe/Berlin'],
  ['Remove a domain', 'Domain entfernen'],
  [
    'Superadmin keys only. A domain that still holds mailboxes or aliases is answered 409 `confirmation_required` with what would go; repeat with `?confirm=true` to remove it with all its mail.',
    'Nur Superadmin-Schlüssel. Enthält die Domain noch Postfächer oder Aliase, lautet die Antwort 409 `confirmation_required` mit dem, was wegfiele; mit `?confirm=true` wiederholt, wird sie mit allen E-Mails entfernt.',
  ],
  ['Also remove its mailboxes (with their mail) and aliases', 'Auch ihre Postfächer (mit ihren E-Mails) und Aliase entfernen'],
  ['Done', 'Erledigt'],
  ['DNS records to publish', 'Zu veröffentlichende DNS-Einträge'],
  ['Check the DNS records now', 'Die DNS-Einträge jetzt prüfen'],
  [
    "Every record of GET /domains/{id}/dns, and the server's own (SPF of MAIL_HOSTNAME, A/AAAA, PTR, TLSA, blocklists), looked up now with the resolvers of DNS_SERVERS: found, missing or wrong, with the findings and the difference marked.",
    'Jeder Eintrag von GET /domains/{id}/dns und die des Servers (SPF von MAIL_HOSTNAME, A/AAAA, PTR, TLSA, Sperrlisten), jetzt über die Resolver von DNS_SERVERS abgefragt: gefunden, fehlend oder falsch, mit den Befunden und markiertem Unterschied.',
  ],
  ['What was found, e.g. spfNotAuthorised, dkimKeyDiffers, notPublished', 'Was gefunden wurde, z. B. spfNotAuthorised, dkimKeyDiffers, notPublished'],
  ['The finding in English', 'Der Befund auf Englisch'],
  [
    'Expected and published value in pieces; `changed` marks the pieces the other side lacks',
    'Erwarteter und veröffentlichter Wert in Stücken; `changed` markiert die Stücke, die der anderen Seite fehlen',
  ],
  ['The value to publish (empty: any address of this server)', 'Der einzutragende Wert (leer: irgendeine Adresse dieses Servers)'],
  ['ok, missing, wrong, or error (DNS did not answer)', 'ok, missing, wrong oder error (DNS hat nicht geantwortet)'],
  ['The published values that matter for this record', 'Die veröffentlichten Werte, auf die es bei diesem Eintrag ankommt'],
  ['Every record that must be there is right, and the server is on no blocklist', 'Jeder nötige Eintrag stimmt, und der Server steht auf keiner Sperrliste'],
  [
    'MX, SPF, DKIM (every published key, RSA and Ed25519), DMARC, MTA-STS, TLS-RPT, autoconfig/autodiscover and SRV records for the domain.',
    'MX, SPF, DKIM (jeder veröffentlichte Schlüssel, RSA und Ed25519), DMARC, MTA-STS, TLS-RPT, Autoconfig/Autodiscover und SRV-Einträge der Domain.',
  ],
  ["Read the domain's catch-all", 'Catch-all der Domain lesen'],
  [
    'The alias `*@domain` that takes mail for addresses that are neither mailbox nor alias; `alias` is null when there has never been one.',
    'Der Alias `*@domain`, der E-Mails an Adressen annimmt, die weder Postfach noch Alias sind; `alias` ist null, wenn es nie einen gab.',
  ],
  ["Switch the domain's catch-all on or off", 'Catch-all der Domain ein- oder ausschalten'],
  ['On needs `destinations`; off keeps them for the next time.', 'Einschalten braucht `destinations`; Ausschalten behält sie für das nächste Mal.'],
  ["List a domain's mailboxes", 'Postfächer einer Domain auflisten'],
  ['`q` searches the address and the display name.', '`q` sucht in Adresse und Anzeigename.'],
  ['Add a mailbox', 'Postfach anlegen'],
  [
    'With its standard folders. The password must meet the password policy; the quota defaults to the domain’s.',
    'Mit seinen Standardordnern. Das Passwort muss die Passwortregeln erfüllen; das Kontingent ist ohne Angabe das der Domain.',
  ],
  ['The part before the @', 'Der Teil vor dem @'],
  ['At least the policy’s length; not containing the address', 'Mindestens die Länge der Passwortregeln; darf die Adresse nicht enthalten'],
  ['Read a mailbox', 'Postfach lesen'],
  ['Change a mailbox', 'Postfach ändern'],
  [
    'Fields left out stay as they are. A new `password` replaces the old one (app passwords stay valid).',
    'Weggelassene Felder bleiben, wie sie sind. Ein neues `password` ersetzt das alte (App-Passwörter bleiben gültig).',
  ],
  ['A new password (left out: unchanged)', 'Ein neues Passwort (weggelassen: unverändert)'],
  ['Off: no sign-in, no mail accepted', 'Aus: keine Anmeldung, keine E-Mails angenommen'],
  ['Remove a mailbox with all its mail', 'Postfach mit allen E-Mails entfernen'],
  ["Read a mailbox's autoresponder", 'Abwesenheitsnotiz eines Postfachs lesen'],
  [
    'One never set up reads as off; one past its end reads as off with state `expired`.',
    'Eine nie eingerichtete liest sich als aus; eine nach ihrem Ende als aus mit dem Zustand `expired`.',
  ],
  ["Set a mailbox's autoresponder", 'Abwesenheitsnotiz eines Postfachs setzen'],
  [
    'Fields left out keep what is saved. Dates are ISO 8601 with an offset (`2026-12-24T17:00:00Z`) or without one (`2026-12-24T18:00`, read in the domain’s time zone); null or "" for none. Replies follow RFC 3834: never to lists, bulk mail or machines.',
    'Weggelassene Felder behalten das Gespeicherte. Zeitpunkte in ISO 8601 mit Zeitverschiebung (`2026-12-24T17:00:00Z`) oder ohne (`2026-12-24T18:00`, gelesen in der Zeitzone der Domain); null oder "" für keinen. Antworten folgen RFC 3834: nie an Listen, Massen-E-Mails oder Maschinen.',
  ],
  ['Switch replies on or off', 'Antworten ein- oder ausschalten'],
  [
    'Answer each sender at most once in this many days (1 to 30, default 4)',
    'Jedem Absender höchstens einmal in so vielen Tagen antworten (1 bis 30, Vorgabe 4)',
  ],
  ["Read a mailbox's forwarding", 'Weiterleitung eines Postfachs lesen'],
  ["Set or remove a mailbox's forwarding", 'Weiterleitung eines Postfachs setzen oder entfernen'],
  [
    'Every message the mailbox receives goes on to `forwardTo` (outside addresses through the queue, with SRS); with `keepCopy` false nothing stays in the mailbox. `enabled: false` removes the forwarding.',
    'Jede Nachricht an das Postfach geht weiter an `forwardTo` (äußere Adressen über die Warteschlange, mit SRS); mit `keepCopy` false bleibt nichts im Postfach. `enabled: false` entfernt die Weiterleitung.',
  ],
  [
    'One or more addresses (an array, or text separated by commas or new lines)',
    'Eine oder mehrere Adressen (eine Liste oder Text, durch Kommas oder Zeilenumbrüche getrennt)',
  ],
  ["List a domain's aliases", 'Aliase einer Domain auflisten'],
  ['The catch-all first; `q` searches the address and the destinations.', 'Das Catch-all zuerst; `q` sucht in Adresse und Zielen.'],
  ['Add an alias', 'Alias anlegen'],
  [
    'An address that delivers elsewhere. `localPart` "*" makes the catch-all. It may not shadow a mailbox.',
    'Eine Adresse, die anderswohin zustellt. `localPart` "*" ergibt das Catch-all. Ein Alias darf kein Postfach verdecken.',
  ],
  ['The part before the @, or * for the catch-all', 'Der Teil vor dem @, oder * für das Catch-all'],
  [
    'One or more addresses: hosted ones must exist, others are forwarded through the queue (an array, or text separated by commas or new lines)',
    'Eine oder mehrere Adressen: gehostete müssen existieren, andere werden über die Warteschlange weitergeleitet (eine Liste oder Text, durch Kommas oder Zeilenumbrüche getrennt)',
  ],
  ['Read an alias', 'Alias lesen'],
  ['Change an alias', 'Alias ändern'],
  [
    '`destinations` replaces the whole list; fields left out stay as they are.',
    '`destinations` ersetzt die ganze Liste; weggelassene Felder bleiben, wie sie sind.',
  ],
  ['Remove an alias', 'Alias entfernen'],
  ['List administrators', 'Administratoren auflisten'],
  ['Superadmin keys only. `q` searches the address and the name.', 'Nur Superadmin-Schlüssel. `q` sucht in Adresse und Name.'],
  ['Add an administrator', 'Administrator hinzufügen'],
  [
    'Superadmin keys only. A domain admin manages the mailboxes and aliases of `domainIds`; a superadmin manages everything.',
    'Nur Superadmin-Schlüssel. Ein Domain-Admin verwaltet die Postfächer und Aliase der `domainIds`; ein Superadmin verwaltet alles.',
  ],
  ['The sign-in address', 'Die Anmeldeadresse'],
  ['Must meet the password policy; tell it to them in person', 'Muss die Passwortregeln erfüllen; teilen Sie es der Person persönlich mit'],
  ['Read an administrator', 'Administrator lesen'],
  ['Superadmin keys only.', 'Nur Superadmin-Schlüssel.'],
  ['Change an administrator', 'Administrator ändern'],
  [
    'Superadmin keys only. Applied in the order domainIds, active, password, each audited; the first refusal stops there (earlier changes stay).',
    'Nur Superadmin-Schlüssel. Angewandt in der Reihenfolge domainIds, active, password, jeweils protokolliert; die erste Ablehnung hält an (frühere Änderungen bleiben).',
  ],
  ['Domain admins: exactly these domains from now on', 'Domain-Admins: von nun an genau diese Domains'],
  [
    'Switching off ends their sessions at once; the last active superadmin stays on',
    'Ausschalten beendet die Sitzungen sofort; der letzte aktive Superadmin bleibt eingeschaltet',
  ],
  ['A new password (ends their other sessions)', 'Ein neues Passwort (beendet die anderen Sitzungen)'],
  ['Remove an administrator', 'Administrator entfernen'],
  ['Superadmin keys only. The last active superadmin cannot be removed.', 'Nur Superadmin-Schlüssel. Der letzte aktive Superadmin kann nicht entfernt werden.'],
  ['Outgoing mail not delivered yet', 'Noch nicht zugestellte ausgehende E-Mails'],
  [
    'Superadmin keys only. Oldest first, each job (one message to one remote domain) with its recipients’ state.',
    'Nur Superadmin-Schlüssel. Die älteste zuerst, jeder Auftrag (eine Nachricht an eine fremde Domain) mit dem Zustand seiner Empfänger.',
  ],
  ['Try a queued message again now', 'Eine wartende Nachricht jetzt erneut versuchen'],
  ['Superadmin keys only. 409 when no recipient is left to try.', 'Nur Superadmin-Schlüssel. 409, wenn kein Empfänger mehr zu versuchen ist.'],
  ['The job id from GET /queue (outbox-…)', 'Die Auftrags-ID aus GET /queue (outbox-…)'],
  ['Stop delivering a queued message', 'Zustellung einer wartenden Nachricht beenden'],
  [
    'Superadmin keys only. Its pending recipients are cancelled; with `bounce` (default) the sender gets a bounce. A recipient being attempted right now is cancelled when the attempt ends, unless it delivers.',
    'Nur Superadmin-Schlüssel. Ihre offenen Empfänger werden abgebrochen; mit `bounce` (Vorgabe) bekommt der Absender eine Unzustellbarkeitsnachricht. Ein Empfänger, der gerade versucht wird, wird nach dem Versuch abgebrochen, außer er wird zugestellt.',
  ],
  ['Tell the sender with a bounce (default true)', 'Den Absender mit einer Unzustellbarkeitsnachricht benachrichtigen (Vorgabe true)'],
  ['Search the delivery log', 'Das Zustellprotokoll durchsuchen'],
  [
    "Newest first. `q` is an address (sender or recipient), a Message-ID or a queue id. A domain key sees its domains' mail only. At most 10000 matches are counted (`capped`).",
    'Die neuesten zuerst. `q` ist eine Adresse (Absender oder Empfänger), eine Message-ID oder eine Queue-ID. Ein Domain-Schlüssel sieht nur die E-Mails seiner Domains. Höchstens 10000 Treffer werden gezählt (`capped`).',
  ],
  ['From this moment on', 'Ab diesem Zeitpunkt'],
  ['Before this moment', 'Vor diesem Zeitpunkt'],
  ["One message's journey", 'Der Weg einer Nachricht'],
  [
    'By its queue id (as POST /messages returns it, or from a Received: header): received or submitted, each local folder, forwards, autoreplies, every outbound attempt with the remote reply, the bounce.',
    'Nach ihrer Queue-ID (wie POST /messages sie zurückgibt, oder aus einer Kopfzeile `Received:`): empfangen oder eingeliefert, jeder lokale Ordner, Weiterleitungen, automatische Antworten, jeder ausgehende Versuch mit der Antwort der Gegenseite, die Unzustellbarkeitsnachricht.',
  ],
  ['The queue id', 'Die Queue-ID'],
  ['Send a message', 'Eine Nachricht senden'],
  [
    'Sending keys only, from one of the key’s senders. The message goes through the outbound queue like mail sent from a mail program: DKIM-signed with the sender domain’s key, retried when a receiver defers, bounced to the sender when it fails for good; hosted recipients get it at once, and their autoresponders answer it. When `from` is a mailbox, a read copy goes to its Sent folder. The answer’s `queueId` finds it in the trace and the queue. The sender’s mailbox limits apply (per hour and day, shared with its SMTP sending; 429 with Retry-After); an address without a mailbox has the server’s default limits, counted per key.',
    'Nur Sende-Schlüssel, von einem der Absender des Schlüssels. Die Nachricht geht wie E-Mail aus einem E-Mail-Programm durch die ausgehende Warteschlange: mit dem DKIM-Schlüssel der Absenderdomain signiert, erneut versucht, wenn ein Empfänger aufschiebt, und dem Absender als unzustellbar gemeldet, wenn sie endgültig scheitert; gehostete Empfänger bekommen sie sofort, und ihre Abwesenheitsnotizen antworten darauf. Ist `from` ein Postfach, kommt eine gelesene Kopie in dessen Ordner Gesendet. Mit der `queueId` der Antwort finden Sie sie in der Nachrichtenverfolgung und der Warteschlange. Es gelten die Sendelimits des Absenderpostfachs (pro Stunde und Tag, gemeinsam mit seinem Versand über SMTP; 429 mit Retry-After); eine Adresse ohne Postfach hat die Vorgaben des Servers, gezählt pro Schlüssel.',
  ],
  ['This OpenAPI 3.1 document', 'Dieses OpenAPI-3.1-Dokument'],
  ['Needs no key. A readable version is the panel page /api-docs.', 'Braucht keinen Schlüssel. Eine lesbare Fassung ist die Panel-Seite /api-docs.'],
  ['validation: one message per field', 'validation: eine Meldung pro Feld'],
  ['conflict: the field that collides', 'conflict: das Feld, das kollidiert'],
  ['confirmation_required: what would be removed; repeat with ?confirm=true', 'confirmation_required: was entfernt würde; mit ?confirm=true wiederholen'],
  ['ASCII (A-label) form, as DNS and SMTP use it', 'ASCII-Form (A-Label), wie DNS und SMTP sie verwenden'],
  ['The name as people write it', 'Der Name, wie Menschen ihn schreiben'],
  ['Quota of new mailboxes; 0 = unlimited', 'Kontingent neuer Postfächer; 0 = unbegrenzt'],
  ['0 = no limit', '0 = kein Limit'],
  ['Language of the mail Kontor writes for the domain: en or de', 'Sprache der E-Mails, die Kontor für die Domain schreibt: en oder de'],
  [
    'The record data as it goes in the zone (MX: priority and host; SRV: priority, weight, port and target)',
    'Die Daten des Eintrags, wie sie in die Zone gehören (MX: Priorität und Host; SRV: Priorität, Gewicht, Port und Ziel)',
  ],
  ['"*" for the catch-all', '"*" für das Catch-all'],
  ['Forwarded out through the queue', 'Über die Warteschlange hinaus weitergeleitet'],
  ['An autoresponder is on and inside its dates now', 'Eine Abwesenheitsnotiz ist eingeschaltet und gerade innerhalb ihrer Daten'],
  ['The address with the domain in Unicode', 'Die Adresse mit der Domain in Unicode'],
  ['0 = unlimited', '0 = unbegrenzt'],
  ['Plain text', 'Reiner Text'],
  ['No replies before this moment (null: from now)', 'Keine Antworten vor diesem Zeitpunkt (null: ab jetzt)'],
  [
    'No replies after this moment (null: until switched off); past it, the autoresponder switches itself off',
    'Keine Antworten nach diesem Zeitpunkt (null: bis zum Ausschalten); danach schaltet sich die Abwesenheitsnotiz selbst aus',
  ],
  ['Each sender is answered at most once in this many days', 'Jeder Absender bekommt höchstens einmal in so vielen Tagen eine Antwort'],
  ["The domain's time zone, in which dates without an offset are read", 'Die Zeitzone der Domain, in der Zeitpunkte ohne Zeitverschiebung gelesen werden'],
  ['Sent on through the queue (with SRS)', 'Über die Warteschlange weitergesendet (mit SRS)'],
  ['A copy stays in the mailbox too', 'Eine Kopie bleibt auch im Postfach'],
  ['Domain admins: the domains they administer', 'Domain-Admins: die Domains, die sie verwalten'],
  ['The job id (outbox-…), used by the queue actions', 'Die Auftrags-ID (outbox-…), für die Aktionen der Warteschlange'],
  [
    'The message’s queue id, as in Received: headers and the trace',
    'Die Queue-ID der Nachricht, wie in Kopfzeilen `Received:` und in der Nachrichtenverfolgung',
  ],
  ['active, waiting, delayed (a retry is scheduled) or failed', 'active, waiting, delayed (ein neuer Versuch ist geplant) oder failed'],
  ['queued, deferred, delivered, bounced or cancelled', 'queued, deferred, delivered, bounced oder cancelled'],
  ['Cancelled now (cancel), or to be tried now (retry)', 'Jetzt abgebrochen (cancel) oder jetzt zu versuchen (retry)'],
  [
    'Being attempted right now: cancelled when the attempt ends, unless it delivers',
    'Wird gerade versucht: nach dem Versuch abgebrochen, außer er wird zugestellt',
  ],
  ['More matches than were counted', 'Mehr Treffer, als gezählt wurden'],
  [
    'accepted, forwarded, rejected, deferred, queued, delivered, bounced or deleted',
    'accepted, forwarded, rejected, deferred, queued, delivered, bounced oder deleted',
  ],
  ['SPF/DKIM/DMARC results, TLS, the client and the like, as logged', 'SPF/DKIM/DMARC-Ergebnisse, TLS, der Client und Ähnliches, wie protokolliert'],
  ['submitted: the mailbox, or api:<key> for the sending API', 'submitted: das Postfach, oder api:<Schlüssel> für die Sende-API'],
  ['One step; `type` says which of the other fields it has', 'Ein Schritt; `type` sagt, welche der anderen Felder er hat'],
  [
    'Find the message with it in the trace (GET /trace?queueId=…) and the queue',
    'Damit finden Sie die Nachricht in der Nachrichtenverfolgung (GET /trace?queueId=…) und der Warteschlange',
  ],
  [
    'One of the key’s senders (an address of a domain the key may send for)',
    'Einer der Absender des Schlüssels (eine Adresse einer Domain, für die der Schlüssel senden darf)',
  ],
  ['Shown as the sender’s name, e.g. "Example Shop"', 'Als Name des Absenders angezeigt, z. B. "Example Shop"'],
  ['One or more addresses (an array, or text separated by commas)', 'Eine oder mehrere Adressen (eine Liste oder Text, durch Kommas getrennt)'],
  ['Receive the message, but appear in no header', 'Bekommt die Nachricht, erscheint aber in keiner Kopfzeile'],
  ['Where replies go, when not to `from`', 'Wohin Antworten gehen, wenn nicht an `from`'],
  ['Plain-text body', 'Inhalt als reiner Text'],
  ['HTML body; send `text` as well for clients that show no HTML', 'HTML-Inhalt; senden Sie auch `text` für Programme, die kein HTML zeigen'],
  ['The file, base64-encoded', 'Die Datei, Base64-kodiert'],
  ['Default: from the file name', 'Vorgabe: nach dem Dateinamen'],
  ['An API key made in the panel: kontor_…', 'Ein im Panel erstellter API-Schlüssel: kontor_…'],
  ['Invalid input: `error.fields` holds one message per field', 'Ungültige Eingabe: `error.fields` enthält eine Meldung pro Feld'],
  ['No key, or an unknown or revoked one', 'Kein Schlüssel, oder ein unbekannter oder widerrufener'],
  ['The key may not do this', 'Das darf der Schlüssel nicht'],
  ['No such thing, or not in the key’s domains', 'Gibt es nicht, oder nicht in den Domains des Schlüssels'],
  [
    'Clashes with what exists (`error.field`), or a removal that needs `?confirm=true`',
    'Kollidiert mit Bestehendem (`error.field`), oder ein Entfernen, das `?confirm=true` braucht',
  ],
  ['A rate limit: wait the seconds of the Retry-After header', 'Ein Ratenlimit: warten Sie die Sekunden aus der Kopfzeile Retry-After'],
  ['Seconds to wait', 'Sekunden bis zum nächsten Versuch'],
  ['DMARC aggregate reports received', 'Empfangene DMARC-Sammelberichte'],
  [
    'Figures of the DMARC aggregate reports received at dmarc-reports@ of the domain: per sending source (failing sources first), messages, aligned SPF/DKIM pass and fail, dispositions; the reports and the mails that could not be read.',
    'Zahlen der DMARC-Sammelberichte, die an dmarc-reports@ der Domain eingegangen sind: je sendender Quelle (fehlschlagende zuerst) Nachrichten, ausgerichtetes SPF/DKIM bestanden und fehlgeschlagen, angewandte Maßnahmen; die Berichte und die E-Mails, die nicht gelesen werden konnten.',
  ],
  ['TLS reports received', 'Empfangene TLS-Berichte'],
  [
    'Figures of the SMTP TLS reports (RFC 8460) received at tls-reports@ of the domain: sessions that succeeded and failed per reporter and policy, failures by result type; the reports and the mails that could not be read.',
    'Zahlen der SMTP-TLS-Berichte (RFC 8460), die an tls-reports@ der Domain eingegangen sind: gelungene und fehlgeschlagene Sitzungen je Berichtendem und Richtlinie, Fehler nach Ergebnistyp; die Berichte und die E-Mails, die nicht gelesen werden konnten.',
  ],
  ['The period: reports that ended in the last 7, 30 or 90 days', 'Der Zeitraum: Berichte, die in den letzten 7, 30 oder 90 Tagen endeten'],
  ['too_big, not_a_report, malformed or wrong_schema', 'too_big, not_a_report, malformed oder wrong_schema'],
  ['Start a deliverability self-test', 'Einen Zustellbarkeits-Selbsttest starten'],
  [
    'maild sends a probe from postmaster@ of the domain through the outbound queue (DKIM, MX lookup of MAIL_HOSTNAME) to its own MX, which evaluates it as a receiver would. Answers 202 with the pending run; poll GET /domains/{id}/selftest until its state is done or timed-out.',
    'maild sendet eine Testnachricht von postmaster@ der Domain über die ausgehende Warteschlange (DKIM, MX-Abfrage von MAIL_HOSTNAME) an den eigenen MX, der sie wie ein Empfänger bewertet. Antwortet 202 mit dem wartenden Lauf; GET /domains/{id}/selftest abfragen, bis sein Zustand done oder timed-out ist.',
  ],
  ['The latest deliverability self-test', 'Der letzte Zustellbarkeits-Selbsttest'],
  [
    'The latest run with its verdicts (SPF, DKIM per key, DMARC alignment, TLS, PTR/HELO, blocklists, size and headers), each with its fix where it fails; 404 when none ran.',
    'Der letzte Lauf mit seinen Ergebnissen (SPF, DKIM je Schlüssel, DMARC-Ausrichtung, TLS, PTR/HELO, Sperrlisten, Größe und Kopfzeilen), jeweils mit der Behebung, wo es scheitert; 404, wenn keiner lief.',
  ],
  [
    'What the receiving side found, e.g. "pass (d=example.com, a=ed25519-sha256)"',
    'Was die empfangende Seite fand, z. B. "pass (d=example.com, a=ed25519-sha256)"',
  ],
  ['Why it does not pass, as a code', 'Warum es nicht besteht, als Code'],
  ['What to do, in English; empty when it passes', 'Was zu tun ist, auf Englisch; leer, wenn es besteht'],
  [
    'pending until the probe arrives (at most 60 s), then done or timed-out',
    'pending, bis die Testnachricht ankommt (höchstens 60 s), dann done oder timed-out',
  ],
  [
    'One per check once done: spf, dkim-rsa, dkim-ed25519, dmarc, tls, ptr-helo, blocklist, size, headers',
    'Eines je Prüfung, sobald fertig: spf, dkim-rsa, dkim-ed25519, dmarc, tls, ptr-helo, blocklist, size, headers',
  ],
]);

/** A text of the OpenAPI document in the page's language (English when no German is known). */
export function apiDocText(text: string, locale: Locale): string {
  return locale === 'de' ? (GERMAN.get(text) ?? text) : text;
}

/** The English texts that have German, for the test that every shown text has one. */
export function germanApiDocTexts(): ReadonlySet<string> {
  return new Set(GERMAN.keys());
}
