import type { Locale } from '@kontor/core';
import { aliases } from './aliases.ts';
import { common } from './common.ts';
import { dns } from './dns.ts';
import { domains } from './domains.ts';
import { mailbox } from './mailbox.ts';
import { mailboxes } from './mailboxes.ts';
import { nav } from './nav.ts';
import { notFound } from './not-found.ts';
import { ui } from './ui.ts';

/**
 * Every namespace of panel strings. A page or feature adds its own file
 * (messages/<feature>.ts) and one line here.
 */
const catalogs = {
  aliases,
  common,
  dns,
  domains,
  mailbox,
  mailboxes,
  nav,
  notFound,
  ui,
};

export type Messages = { [Namespace in keyof typeof catalogs]: (typeof catalogs)[Namespace]['en'] };

export function messagesFor(locale: Locale): Messages {
  return Object.fromEntries(Object.entries(catalogs).map(([namespace, catalog]) => [namespace, catalog[locale]])) as Messages;
}
