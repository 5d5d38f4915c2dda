import { formatQuota, LOCALE_NAMES, LOCALES, timeZoneNames } from '@kontor/core';
import { getCatchAll } from '@kontor/db';
import type { Metadata } from 'next';
import { getTranslations } from 'next-intl/server';
import { Badge, Card, CardBody } from '@/components/ui.tsx';
import { getDb } from '@/lib/db.ts';
import { loadAliases, loadDomain, loadMailboxes } from '@/lib/domain.ts';
import { requireActor } from '@/lib/session.ts';
import { DeleteDomainForm } from '../../delete-domain-form.tsx';
import { CatchAllForm, DomainLocaleForm, DomainSettingsForm, UserForwardingForm } from '../../domain-settings-form.tsx';
import { MtaStsForm } from './mta-sts-form.tsx';

type Props = { params: Promise<{ id: string }> };

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const domain = await loadDomain((await params).id);
  const t = await getTranslations('domainSettings');
  return { title: t('metaTitle', { domain: domain.unicodeName }) };
}

export default async function DomainSettingsPage({ params }: Props) {
  const domain = await loadDomain((await params).id);
  const { actor, superadmin } = await requireActor();
  const [t, tm, mailboxes, aliases, catchAll] = await Promise.all([
    getTranslations('domainSettings'),
    getTranslations('dnsCheck.mtaSts'),
    loadMailboxes(domain.id),
    loadAliases(domain.id),
    getCatchAll(getDb(), actor, domain.id),
  ]);
  const catchAllOn = Boolean(catchAll?.active);
  return (
    <div className="space-y-8">
      <Card title={t('general.title')}>
        <CardBody>
          <DomainSettingsForm
            domainId={domain.id}
            superadmin={superadmin}
            current={{
              description: domain.description,
              defaultQuota: formatQuota(domain.defaultQuotaBytes),
              maxMailboxes: String(domain.maxMailboxes),
              active: domain.active,
            }}
          />
        </CardBody>
      </Card>
      <Card title={t('locale.title')} description={t('locale.description')}>
        <CardBody>
          <DomainLocaleForm
            domainId={domain.id}
            current={{ language: domain.language, timeZone: domain.timeZone }}
            languages={LOCALES.map((value) => ({ value, label: LOCALE_NAMES[value] }))}
            timeZones={timeZoneNames()}
          />
        </CardBody>
      </Card>
      <Card
        title={
          <span className="flex flex-wrap items-center gap-2">
            {t('catchAll.title')}
            <span data-testid="catch-all-state" data-state={catchAllOn ? 'on' : 'off'}>
              <Badge tone={catchAllOn ? 'green' : 'gray'}>{catchAllOn ? t('catchAll.on') : t('catchAll.off')}</Badge>
            </span>
          </span>
        }
        description={t('catchAll.description', { domain: domain.unicodeName })}
      >
        <CardBody>
          <CatchAllForm domainId={domain.id} current={{ enabled: catchAllOn, destinations: catchAll ? catchAll.destinations.join('\n') : '' }} />
        </CardBody>
      </Card>
      <Card title={t('userForwarding.title')} description={t('userForwarding.description', { domain: domain.unicodeName })} id="user-forwarding">
        <CardBody>
          <UserForwardingForm domainId={domain.id} domainName={domain.unicodeName} current={domain.userForwarding} />
        </CardBody>
      </Card>
      <Card title={tm('title')} description={tm('description', { domain: domain.name })} id="mta-sts">
        <CardBody>
          <MtaStsForm domainId={domain.id} current={domain.mtaStsMode} />
        </CardBody>
      </Card>
      {superadmin && (
        <Card title={t('delete.title')} description={t('delete.description')} className="border-red-200">
          <CardBody>
            <DeleteDomainForm domainId={domain.id} domainName={domain.unicodeName} empty={mailboxes.length === 0 && aliases.length === 0} />
          </CardBody>
        </Card>
      )}
    </div>
  );
}
