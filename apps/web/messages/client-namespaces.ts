import type { Messages } from './index.ts';

/**
 * The message namespaces each part of the app hands to the browser: what
 * its client components (and what they import) translate, no more. Every
 * page used to get every namespace (about 57 KB on each page and each
 * client-side navigation). A nested provider replaces its parent's
 * messages, so each list is complete for the components under it.
 * lib/client-namespaces.test.ts checks the lists against the components.
 */
const SHARED = ['common', 'ui', 'notFound'] as const satisfies readonly (keyof Messages)[];
const WEBMAIL = [...SHARED, 'webmail', 'webmailList', 'webmailReader'] as const;

export const CLIENT_NAMESPACES = {
  /** app/layout.tsx: the not-found page and whatever no other provider wraps. */
  root: SHARED,
  /** app/signin (the form and the two-factor enrolment). */
  signin: [...SHARED, 'signin', 'account'],
  /** app/(panel). */
  panel: [
    ...SHARED,
    'nav',
    'account',
    'admins',
    'aliases',
    'apiKeys',
    'autoresponder',
    'certificates',
    'dashboard',
    'dns',
    'dnsCheck',
    'domainSettings',
    'domains',
    'forwarding',
    'mailbox',
    'mailboxes',
    'queue',
    'selftest',
    'signin',
  ],
  /** app/webmail: the frame, folders, list, reader, search. */
  webmail: WEBMAIL,
  /** app/webmail/compose. */
  webmailCompose: [...WEBMAIL, 'webmailCompose'],
  /** app/webmail/settings (the self-service forms, some shared with the panel). */
  webmailSettings: [...WEBMAIL, 'webmailSettings', 'webmailCompose', 'account', 'signin', 'autoresponder', 'forwarding'],
} as const satisfies Record<string, readonly (keyof Messages)[]>;

export type ClientArea = keyof typeof CLIENT_NAMESPACES;
