import { loadConfig } from '@kontor/core';
import { listDkimKeys } from '@kontor/db';
import type { Metadata } from 'next';
import { getFormatter, getTranslations } from 'next-intl/server';
import { Suspense } from 'react';
import { Badge, Card, CardBody } from '@/components/ui.tsx';
import { getDb } from '@/lib/db.ts';
import { loadDomain } from '@/lib/domain.ts';
import { requireActor } from '@/lib/session.ts';
import { DkimRotation } from './dkim-rotation.tsx';
import { DnsHistory } from './history.tsx';
import { LiveCheck } from './live-check.tsx';

type Props = { params: Promise<{ id: string }> };

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const [domain, t] = await Promise.all([loadDomain((await params).id), getTranslations('dns')]);
  return { title: t('pageTitle', { domain: domain.unicodeName }) };
}

export default async function DomainDnsPage({ params }: Props) {
  const domain = await loadDomain((await params).id);
  const { actor } = await requireActor();
  const [keys, t, tc, format] = await Promise.all([
    listDkimKeys(getDb(), actor, domain.id),
    getTranslations('dns'),
    getTranslations('dnsCheck'),
    getFormatter(),
  ]);
  const date = (d: Date) => format.dateTime(d, { dateStyle: 'medium', timeStyle: 'short' });
  return (
    <div className="space-y-8">
      {/* DNS answers take a moment: the rest of the page does not wait for them. */}
      <Suspense
        fallback={
          <Card title={t('recordsTitle')} description={t('recordsDescription')}>
            <CardBody>
              <p className="text-sm text-slate-500" role="status">
                {tc('checking')}
              </p>
            </CardBody>
          </Card>
        }
      >
        <LiveCheck domainId={domain.id} actor={actor} />
      </Suspense>
      <Card title={t('dkimTitle')} description={t('dkimDescription')}>
        <CardBody className="space-y-4">
          <ul className="space-y-2">
            {keys.map((key) => (
              <li key={key.selector} className="flex flex-wrap items-center gap-2 text-sm">
                <span className="font-mono break-all">{key.selector}</span>
                <span className="font-mono text-xs text-slate-500">{key.algorithm}</span>
                <Badge tone={key.state === 'active' ? 'green' : key.state === 'pending' ? 'amber' : 'gray'}>{t(`states.${key.state}`)}</Badge>
                <span className="text-xs text-slate-500">
                  {t('made', { date: date(key.createdAt) })}
                  {key.retiredAt ? `, ${t('retired', { date: date(key.retiredAt) })}` : ''}
                </span>
              </li>
            ))}
          </ul>
          <DkimRotation domainId={domain.id} pending={keys.some((k) => k.state === 'pending')} />
        </CardBody>
      </Card>
      <DnsHistory domainId={domain.id} actor={actor} intervalMs={loadConfig().DNS_CHECK_INTERVAL} />
    </div>
  );
}
