import { getRequestConfig } from 'next-intl/server';
import { PANEL_TIME_ZONE, requestLocale } from '@/lib/locale.ts';
import { messagesFor } from '@/messages/index.ts';

// next-intl asks this once per request; the panel has no locale in its URLs.
export default getRequestConfig(async () => {
  const locale = await requestLocale();
  return { locale, messages: messagesFor(locale), timeZone: PANEL_TIME_ZONE };
});
