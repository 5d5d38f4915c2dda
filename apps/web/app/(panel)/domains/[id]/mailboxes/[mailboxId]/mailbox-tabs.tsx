'use client';

import { useTranslations } from 'next-intl';
import { Tabs } from '@/components/tabs.tsx';

/** Settings, Autoresponder, Forwarding: on a phone three equal columns ("Abwesenheit" fits), else a row. */
export function MailboxTabs({ base }: { base: string }) {
  const t = useTranslations('mailbox');
  return (
    <Tabs
      label={t('sections')}
      testId="mailbox-tabs"
      phone="columns"
      tabs={[
        { href: base, label: t('tabs.settings') },
        { href: `${base}/autoresponder`, label: t('tabs.autoresponder') },
        { href: `${base}/forwarding`, label: t('tabs.forwarding') },
      ]}
    />
  );
}
