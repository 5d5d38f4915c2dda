import type { Locale } from '@kontor/core';
import type { Messages } from '../messages/index.ts';

// Typed keys: t('nav.dashboard') is checked against the English catalog.
declare module 'next-intl' {
  interface AppConfig {
    Locale: Locale;
    Messages: Messages;
  }
}
