import { listAliasesPage, listQuery } from '@kontor/db';
import type { Metadata } from 'next';
import { getTranslations } from 'next-intl/server';
import { Pagination, SearchForm } from '@/components/list-controls.tsx';
import { ListToolbar } from '@/components/list-toolbar.tsx';
import { ActiveBadge, Badge, Card, CardBody, CellLabel, EmptyRow, Table, Td, Th } from '@/components/ui.tsx';
import { getDb } from '@/lib/db.ts';
import { loadDomain } from '@/lib/domain.ts';
import { requireActor } from '@/lib/session.ts';
import { CreateAliasForm } from '../../create-alias-form.tsx';
import { DeleteAliasButton } from '../../delete-alias-button.tsx';
import { EditAliasForm } from '../../edit-alias-form.tsx';

type Props = { params: Promise<{ id: string }>; searchParams: Promise<Record<string, string | string[] | undefined>> };

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const [domain, t] = await Promise.all([loadDomain((await params).id), getTranslations('aliases')]);
  return { title: t('pageTitle', { domain: domain.unicodeName }) };
}

export default async function DomainAliasesPage({ params, searchParams }: Props) {
  const domain = await loadDomain((await params).id);
  const search = await searchParams;
  const query = listQuery.parse({ q: search.q, page: search.page });
  const { actor } = await requireActor();
  const [list, t] = await Promise.all([listAliasesPage(getDb(), actor, domain.id, query), getTranslations('aliases')]);
  const path = `/domains/${domain.id}/aliases`;
  return (
    <div className="space-y-6">
      <ListToolbar
        search={<SearchForm path={path} q={query.q} label={t('searchLabel')} placeholder={t('searchPlaceholder')} />}
        addLabel={t('add.open')}
        panelId="add-alias"
        openInitially={list.total === 0 && !query.q}
      >
        <Card title={t('add.title')} description={t('add.description')}>
          <CardBody>
            <CreateAliasForm domainId={domain.id} domainName={domain.unicodeName} />
          </CardBody>
        </Card>
      </ListToolbar>
      <Card>
        {/* Phones: each alias is a card (rows and cells as blocks), wide screens a table. */}
        <Table label={t('tableLabel')}>
          <thead className="hidden bg-slate-50 sm:table-header-group">
            <tr>
              <Th>{t('address')}</Th>
              <Th>{t('deliversTo')}</Th>
              <Th>{t('status')}</Th>
              <Th>
                <span className="sr-only">{t('actions')}</span>
              </Th>
            </tr>
          </thead>
          <tbody className="divide-y divide-slate-100">
            {list.rows.length === 0 && <EmptyRow colSpan={4}>{query.q ? t('noMatch', { q: query.q }) : t('empty')}</EmptyRow>}
            {list.rows.map((alias) => (
              <tr key={alias.id} className="block py-2 align-top hover:bg-slate-50 sm:table-row sm:py-0" data-alias={alias.address}>
                <Td stacked>
                  <span className="flex flex-wrap items-center gap-2">
                    <span className="font-medium break-all text-slate-900">{alias.displayAddress}</span>
                    {alias.catchAll && <Badge tone="amber">{t('catchAll')}</Badge>}
                  </span>
                </Td>
                <Td stacked>
                  <CellLabel>{t('deliversTo')}</CellLabel>
                  <ul className="space-y-1">
                    {alias.targets.map((target) => (
                      <li key={target.address} className="flex flex-wrap items-center gap-x-2 gap-y-0.5">
                        <span className="font-mono text-xs break-all">{target.address}</span>
                        {target.external ? (
                          <Badge tone="blue" title={t('externalTitle')}>
                            {t('external')}
                          </Badge>
                        ) : (
                          <Badge tone="gray" title={t('internalTitle')}>
                            {t('internal')}
                          </Badge>
                        )}
                      </li>
                    ))}
                  </ul>
                </Td>
                <Td stacked>
                  <ActiveBadge active={alias.active} />
                </Td>
                <Td stacked className="sm:text-right">
                  <div className="flex flex-wrap items-start gap-2 sm:flex-col sm:items-end">
                    <EditAliasForm aliasId={alias.id} address={alias.displayAddress} destinations={alias.destinations} active={alias.active} />
                    <DeleteAliasButton aliasId={alias.id} address={alias.displayAddress} />
                  </div>
                </Td>
              </tr>
            ))}
          </tbody>
        </Table>
        <Pagination path={path} params={{ q: query.q }} page={query.page} pageSize={query.pageSize} total={list.total} />
      </Card>
    </div>
  );
}
