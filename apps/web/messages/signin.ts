import { defineMessages } from './define.ts';

/** The sign-in page (password, then the 2FA code) and the setup page for admins who must turn 2FA on. */
export const signin = defineMessages({
  en: {
    metaTitle: 'Sign in',
    title: 'Sign in to Kontor',
    subtitle: 'Your mail and its administration: one sign-in for both',
    email: 'Email address',
    password: 'Password',
    submit: 'Sign in',
    submitting: 'Signing in…',
    code: {
      title: 'Two-factor authentication',
      intro: 'Enter the 6-digit code your authenticator app shows for {email}.',
      label: 'Code',
      hint: 'Lost your phone? Enter one of your recovery codes instead.',
      submit: 'Verify',
      submitting: 'Checking…',
      back: 'Use another account',
    },
    errors: {
      refused: 'The email address or password is not correct.',
      codeWrong: 'This code is not right, or it was used already. Enter the code your app shows now.',
      codeMissing: 'Enter the code from your app.',
      tooMany: '{minutes, plural, one {Too many failed sign-ins. Try again in # minute.} other {Too many failed sign-ins. Try again in # minutes.}}',
      sessionEnded: 'Your session has ended. Please sign in again.',
      failed: 'Signing in did not work. Please try again.',
      unreachable: 'The server could not be reached. Please try again.',
    },
    enrol: {
      metaTitle: 'Set up two-factor authentication',
      title: 'Set up two-factor authentication',
      intro: 'Two-factor authentication is required for every administrator of this server. Set it up now to continue to the panel.',
      signedInAs: 'Signed in as {email}',
      continue: 'Continue to the panel',
    },
  },
  de: {
    metaTitle: 'Anmelden',
    title: 'Bei Kontor anmelden',
    subtitle: 'Ihre E-Mails und ihre Verwaltung: eine Anmeldung für beides',
    email: 'E-Mail-Adresse',
    password: 'Passwort',
    submit: 'Anmelden',
    submitting: 'Wird angemeldet…',
    code: {
      title: 'Zwei-Faktor-Authentifizierung',
      intro: 'Geben Sie den 6-stelligen Code ein, den Ihre Authenticator-App für {email} anzeigt.',
      label: 'Code',
      hint: 'Telefon verloren? Geben Sie stattdessen einen Ihrer Wiederherstellungscodes ein.',
      submit: 'Bestätigen',
      submitting: 'Wird geprüft…',
      back: 'Mit einem anderen Konto anmelden',
    },
    errors: {
      refused: 'Die E-Mail-Adresse oder das Passwort ist nicht richtig.',
      codeWrong: 'Dieser Code stimmt nicht oder wurde schon verwendet. Geben Sie den Code ein, den Ihre App jetzt anzeigt.',
      codeMissing: 'Geben Sie den Code aus Ihrer App ein.',
      tooMany:
        '{minutes, plural, one {Zu viele fehlgeschlagene Anmeldeversuche. Versuchen Sie es in # Minute noch einmal.} other {Zu viele fehlgeschlagene Anmeldeversuche. Versuchen Sie es in # Minuten noch einmal.}}',
      sessionEnded: 'Ihre Sitzung ist beendet. Bitte melden Sie sich erneut an.',
      failed: 'Die Anmeldung hat nicht geklappt. Bitte versuchen Sie es noch einmal.',
      unreachable: 'Der Server ist nicht erreichbar. Bitte versuchen Sie es noch einmal.',
    },
    enrol: {
      metaTitle: 'Zwei-Faktor-Authentifizierung einrichten',
      title: 'Zwei-Faktor-Authentifizierung einrichten',
      intro:
        'Auf diesem Server ist die Zwei-Faktor-Authentifizierung für alle Administratoren vorgeschrieben. Richten Sie sie jetzt ein, um zur Verwaltung zu gelangen.',
      signedInAs: 'Angemeldet als {email}',
      continue: 'Weiter zur Verwaltung',
    },
  },
});
