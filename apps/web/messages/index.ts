import type { Locale } from '@kontor/core';
import { common } from './common.ts';
import { nav } from './nav.ts';

/**
 * Every namespace of panel strings. A page or feature adds its own file
 * (messages/<feature>.ts) and one line here.
 */
const catalogs = {
  common,
  nav,
};

export type Messages = { [Namespace in keyof typeof catalogs]: (typeof catalogs)[Namespace]['en'] };

export function messagesFor(locale: Locale): Messages {
  return Object.fromEntries(Object.entries(catalogs).map(([namespace, catalog]) => [namespace, catalog[locale]])) as Messages;
}
