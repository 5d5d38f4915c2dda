/**
 * German for the messages the core's typed errors carry (they are English
 * for the CLI, the logs and the API). `{x}` stands for any text, copied
 * into the translation; a message without an entry stays English.
 */
export const CORE_ERRORS_DE: ReadonlyArray<readonly [english: string, german: string]> = [
  ['Enter a domain name', 'Geben Sie einen Domainnamen ein'],
  ['Enter a password', 'Geben Sie ein Passwort ein'],
  ['Enter a size such as 500M, 2G or 0 for unlimited', 'Geben Sie eine Größe wie 500M, 2G oder 0 für unbegrenzt ein'],
  ['Enter at most {max} (or 0 for unlimited)', 'Höchstens {max} (oder 0 für unbegrenzt)'],
  ['Enter a whole number', 'Geben Sie eine ganze Zahl ein'],
  ['Enter 0 or more', 'Geben Sie 0 oder mehr ein'],
  ['Enter at most {max}', 'Höchstens {max}'],
  ['Enter an address such as admin@example.com', 'Geben Sie eine Adresse wie admin@example.com ein'],
  ['Enter an address', 'Geben Sie eine Adresse ein'],
  ['Enter at least one destination address', 'Geben Sie mindestens eine Zieladresse ein'],
  ['Enter the part before the @, or * for catch-all', 'Geben Sie den Teil vor dem @ ein, oder * für Catch-all'],
  ['Enter the part before the @', 'Geben Sie den Teil vor dem @ ein'],
  ['At most {n} characters', 'Höchstens {n} Zeichen'],
  ['At most {n} destinations', 'Höchstens {n} Ziele'],
  ['Not a valid id', 'Keine gültige ID'],
  ['This administrator account no longer exists', 'Dieses Administratorkonto gibt es nicht mehr'],
  ['This session has ended', 'Diese Sitzung ist beendet'],
  ['{address} is already an alias', '{address} ist bereits ein Alias'],
  ['{address} is already a mailbox', '{address} ist bereits ein Postfach'],
  ['{domain} already has its maximum of {n} mailboxes', '{domain} hat bereits die höchstens erlaubten {n} Postfächer'],
  ['{domain} already has a catch-all', '{domain} hat bereits ein Catch-all'],
  ['The alias {address} already exists', 'Den Alias {address} gibt es bereits'],
  ['{domain} has no new DKIM key waiting; run a rotation first', '{domain} hat keinen wartenden neuen DKIM-Schlüssel; starten Sie zuerst einen Wechsel'],
  [
    '{id} has no recipient left to cancel: delivered, bounced or cancelled already',
    '{id} hat keinen Empfänger mehr zum Abbrechen: bereits zugestellt, zurückgewiesen oder abgebrochen',
  ],
  [
    '{id} has no recipient left to retry: delivered, bounced or cancelled already',
    '{id} hat keinen Empfänger mehr für einen neuen Versuch: bereits zugestellt, zurückgewiesen oder abgebrochen',
  ],
  ['No administrator {x}', 'Kein Administrator {x}'],
  ['No alias {x}', 'Kein Alias {x}'],
  ['No domain {x}', 'Keine Domain {x}'],
  ['No mailbox {x}', 'Kein Postfach {x}'],
  ['No queued message {x}', 'Keine Nachricht {x} in der Warteschlange'],
  ['Only a superadmin can {what}', 'Nur ein Superadmin darf das'],
];
