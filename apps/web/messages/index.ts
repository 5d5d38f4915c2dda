import type { Locale } from '@kontor/core';
import { account } from './account.ts';
import { admins } from './admins.ts';
import { aliases } from './aliases.ts';
import { apiDocs } from './api-docs.ts';
import { apiKeys } from './api-keys.ts';
import { audit } from './audit.ts';
import { auditNames } from './audit-names.ts';
import { autoresponder } from './autoresponder.ts';
import { certificates } from './certificates.ts';
import { common } from './common.ts';
import { dashboard } from './dashboard.ts';
import { dns } from './dns.ts';
import { dnsCheck } from './dns-check.ts';
import { domainSettings } from './domain-settings.ts';
import { domains } from './domains.ts';
import { forwarding } from './forwarding.ts';
import { mailbox } from './mailbox.ts';
import { mailboxes } from './mailboxes.ts';
import { nav } from './nav.ts';
import { notFound } from './not-found.ts';
import { queue } from './queue.ts';
import { reports } from './reports.ts';
import { selftest } from './selftest.ts';
import { signin } from './signin.ts';
import { trace } from './trace.ts';
import { ui } from './ui.ts';
import { webmail } from './webmail.ts';
import { webmailCompose } from './webmail-compose.ts';
import { webmailList } from './webmail-list.ts';
import { webmailReader } from './webmail-reader.ts';
import { webmailSettings } from './webmail-settings.ts';

/**
 * Every namespace of panel strings. A page or feature adds its own file
 * (messages/<feature>.ts) and one line here.
 */
const catalogs = {
  audit,
  auditNames,
  dashboard,
  queue,
  reports,
  selftest,
  trace,
  account,
  admins,
  aliases,
  apiDocs,
  apiKeys,
  autoresponder,
  certificates,
  common,
  dns,
  dnsCheck,
  domainSettings,
  domains,
  forwarding,
  mailbox,
  mailboxes,
  nav,
  notFound,
  signin,
  ui,
  webmail,
  webmailCompose,
  webmailList,
  webmailReader,
  webmailSettings,
};

export type Messages = { [Namespace in keyof typeof catalogs]: (typeof catalogs)[Namespace]['en'] };

export function messagesFor(locale: Locale): Messages {
  return Object.fromEntries(Object.entries(catalogs).map(([namespace, catalog]) => [namespace, catalog[locale]])) as Messages;
}
