'use client';

import { useTranslations } from 'next-intl';
import { Tabs } from '@/components/tabs.tsx';

/** Mailboxes (with their count), Aliases, DNS, Self-test, Reports, Settings; on a phone they wrap onto a second line. */
export function DomainTabs({ base, mailboxes, aliases }: { base: string; mailboxes: number; aliases: number }) {
  const t = useTranslations('domains.tabs');
  return (
    <Tabs
      label={t('label')}
      testId="domain-tabs"
      tabs={[
        { href: base, label: t('mailboxes'), count: mailboxes },
        { href: `${base}/aliases`, label: t('aliases'), count: aliases },
        { href: `${base}/dns`, label: t('dns') },
        { href: `${base}/selftest`, label: t('selftest') },
        { href: `${base}/reports`, label: t('reports') },
        { href: `${base}/settings`, label: t('settings') },
      ]}
    />
  );
}
