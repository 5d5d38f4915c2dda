import { formatSize } from '@kontor/core';
import { listDomainsPage, listQuery } from '@kontor/db';
import type { Metadata } from 'next';
import Link from 'next/link';
import { getLocale, getTranslations } from 'next-intl/server';
import { Pagination, SearchForm } from '@/components/list-controls.tsx';
import { ListToolbar } from '@/components/list-toolbar.tsx';
import { ActiveBadge, Alert, Card, CardBody, EmptyRow, PageHeader, Table, Td, Th } from '@/components/ui.tsx';
import { getDb } from '@/lib/db.ts';
import { requireActor } from '@/lib/session.ts';
import { CreateDomainForm } from './create-domain-form.tsx';

type Props = { searchParams: Promise<Record<string, string | string[] | undefined>> };

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations('domains');
  return { title: t('title') };
}

export default async function DomainsPage({ searchParams }: Props) {
  const { actor, superadmin } = await requireActor();
  const params = await searchParams;
  const query = listQuery.parse({ q: params.q, page: params.page });
  const [t, tc, locale, list] = await Promise.all([getTranslations('domains'), getTranslations('common'), getLocale(), listDomainsPage(getDb(), actor, query)]);
  const size = (bytes: bigint) => formatSize(bytes, locale);
  const quota = (bytes: bigint) => (bytes === 0n ? tc('unlimited') : size(bytes));
  const nothing = list.total === 0 && !query.q;
  return (
    <>
      <PageHeader title={t('title')} description={superadmin ? t('descriptionAll') : t('descriptionOwn')} />
      {params.deleted && (
        <div className="mb-6">
          <Alert tone="green">{t('deleted')}</Alert>
        </div>
      )}
      <div className="space-y-6">
        <ListToolbar
          search={<SearchForm path="/domains" q={query.q} label={t('searchLabel')} placeholder={t('searchPlaceholder')} />}
          addLabel={t('add.open')}
          panelId="add-domain"
          openInitially={nothing}
        >
          {superadmin && (
            <Card title={t('add.title')} description={t('add.description')}>
              <CardBody>
                <CreateDomainForm />
              </CardBody>
            </Card>
          )}
        </ListToolbar>
        <Card>
          <Table label={t('tableLabel')}>
            <thead className="bg-slate-50">
              <tr>
                <Th>{t('domain')}</Th>
                <Th className="hidden text-right sm:table-cell">{t('mailboxes')}</Th>
                <Th className="hidden text-right sm:table-cell">{t('aliases')}</Th>
                <Th className="hidden text-right md:table-cell">{t('storageUsed')}</Th>
                <Th className="hidden lg:table-cell">{t('defaultQuota')}</Th>
                <Th>{t('status')}</Th>
              </tr>
            </thead>
            <tbody className="divide-y divide-slate-100">
              {list.rows.length === 0 && <EmptyRow colSpan={6}>{query.q ? t('noMatch', { q: query.q }) : superadmin ? t('emptyAll') : t('emptyOwn')}</EmptyRow>}
              {list.rows.map((domain) => (
                <tr key={domain.id} className="hover:bg-slate-50" data-domain={domain.name}>
                  <Td className="max-w-0 sm:max-w-none">
                    <Link href={`/domains/${domain.id}`} className="font-medium break-words text-slate-900 hover:text-indigo-600">
                      {domain.unicodeName}
                    </Link>
                    {domain.unicodeName !== domain.name && <span className="ml-2 font-mono text-xs break-all text-slate-500">{domain.name}</span>}
                    {domain.description && <p className="mt-0.5 max-w-md truncate text-xs text-slate-500">{domain.description}</p>}
                    <p className="mt-0.5 text-xs text-slate-500 sm:hidden">
                      {t('summary', { mailboxes: domain.mailboxCount, aliases: domain.aliasCount, used: size(domain.usedBytes) })}
                    </p>
                  </Td>
                  <Td className="hidden text-right tabular-nums sm:table-cell">
                    {domain.mailboxCount.toLocaleString(locale)}
                    {domain.maxMailboxes > 0 && <span className="text-slate-400"> / {domain.maxMailboxes.toLocaleString(locale)}</span>}
                  </Td>
                  <Td className="hidden text-right tabular-nums sm:table-cell">{domain.aliasCount.toLocaleString(locale)}</Td>
                  <Td className="hidden text-right whitespace-nowrap tabular-nums md:table-cell">{size(domain.usedBytes)}</Td>
                  <Td className="hidden whitespace-nowrap lg:table-cell">{quota(domain.defaultQuotaBytes)}</Td>
                  <Td className="w-px">
                    <ActiveBadge active={domain.active} />
                  </Td>
                </tr>
              ))}
            </tbody>
          </Table>
          <Pagination path="/domains" params={{ q: query.q }} page={query.page} pageSize={query.pageSize} total={list.total} />
        </Card>
      </div>
    </>
  );
}
