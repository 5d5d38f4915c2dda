import { defineMessages } from './define.ts';

export const nav = defineMessages({
  en: {
    main: 'Main',
    mainCompact: 'Main (compact)',
    dashboard: 'Dashboard',
    domains: 'Domains',
    queue: 'Mail queue',
    certificates: 'Certificates',
    trace: 'Message trace',
    admins: 'Administrators',
    audit: 'Audit log',
    apiKeys: 'API keys',
    account: 'Your account',
    menu: 'Menu',
  },
  de: {
    main: 'Hauptmenü',
    mainCompact: 'Hauptmenü (kompakt)',
    dashboard: 'Übersicht',
    domains: 'Domains',
    queue: 'Warteschlange',
    certificates: 'Zertifikate',
    trace: 'Nachrichtenverfolgung',
    admins: 'Administratoren',
    audit: 'Protokoll',
    apiKeys: 'API-Schlüssel',
    account: 'Ihr Konto',
    menu: 'Menü',
  },
});
