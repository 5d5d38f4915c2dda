import { formatQuota, formatSize } from '@kontor/core';
import { listMailboxesPage, listQuery } from '@kontor/db';
import type { Metadata } from 'next';
import Link from 'next/link';
import { getLocale, getTranslations } from 'next-intl/server';
import { Pagination, SearchForm } from '@/components/list-controls.tsx';
import { ListToolbar } from '@/components/list-toolbar.tsx';
import { ActiveBadge, Badge, Card, CardBody, EmptyRow, Table, Td, Th, UsageBar } from '@/components/ui.tsx';
import { getDb } from '@/lib/db.ts';
import { loadDomain } from '@/lib/domain.ts';
import { requireActor } from '@/lib/session.ts';
import { CreateMailboxForm } from '../create-mailbox-form.tsx';

type Props = { params: Promise<{ id: string }>; searchParams: Promise<Record<string, string | string[] | undefined>> };

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const [domain, t] = await Promise.all([loadDomain((await params).id), getTranslations('mailboxes')]);
  return { title: t('pageTitle', { domain: domain.unicodeName }) };
}

export default async function DomainMailboxesPage({ params, searchParams }: Props) {
  const domain = await loadDomain((await params).id);
  const search = await searchParams;
  const query = listQuery.parse({ q: search.q, page: search.page });
  const { actor } = await requireActor();
  const [list, t, tc, locale] = await Promise.all([
    listMailboxesPage(getDb(), actor, domain.id, query),
    getTranslations('mailboxes'),
    getTranslations('common'),
    getLocale(),
  ]);
  const path = `/domains/${domain.id}`;
  const size = (bytes: bigint) => formatSize(bytes, locale);
  const usage = (used: bigint, quota: bigint) => t('usage', { used: size(used), quota: quota === 0n ? tc('unlimited') : size(quota) });
  return (
    <div className="space-y-6">
      <ListToolbar
        search={<SearchForm path={path} q={query.q} label={t('searchLabel')} placeholder={t('searchPlaceholder')} />}
        addLabel={t('add.open')}
        panelId="add-mailbox"
        openInitially={list.total === 0 && !query.q}
      >
        <Card title={t('add.title')} description={t('add.description', { domain: domain.unicodeName })}>
          <CardBody>
            {/* The quota goes into an input: written as parseSize reads it, in any language. */}
            <CreateMailboxForm domainId={domain.id} domainName={domain.unicodeName} defaultQuota={formatQuota(domain.defaultQuotaBytes)} />
          </CardBody>
        </Card>
      </ListToolbar>
      <Card>
        <Table label={t('tableLabel')}>
          <thead className="bg-slate-50">
            <tr>
              <Th>{t('address')}</Th>
              <Th className="hidden w-64 sm:table-cell">{t('storage')}</Th>
              <Th className="hidden text-right md:table-cell">{t('messages')}</Th>
              <Th>{t('status')}</Th>
            </tr>
          </thead>
          <tbody className="divide-y divide-slate-100">
            {list.rows.length === 0 && <EmptyRow colSpan={4}>{query.q ? t('noMatch', { q: query.q }) : t('empty')}</EmptyRow>}
            {list.rows.map((mailbox) => {
              const used = usage(mailbox.usedBytes, mailbox.quotaBytes);
              return (
                <tr key={mailbox.id} className="hover:bg-slate-50" data-mailbox={mailbox.address}>
                  <Td className="max-w-0 sm:max-w-none">
                    <Link href={`${path}/mailboxes/${mailbox.id}`} className="font-medium break-all text-slate-900 hover:text-indigo-600">
                      {mailbox.displayAddress}
                    </Link>
                    {mailbox.displayName && <p className="truncate text-xs text-slate-500">{mailbox.displayName}</p>}
                    {(mailbox.autoresponderActive || mailbox.forwardTo.length > 0) && (
                      <p className="mt-1 flex flex-wrap gap-1.5">
                        {mailbox.autoresponderActive && (
                          <Badge tone="amber" title={t('autoresponderTitle')}>
                            {t('autoresponder')}
                          </Badge>
                        )}
                        {mailbox.forwardTo.length > 0 && (
                          <Badge tone="blue" title={t('forwardingTitle', { to: mailbox.forwardTo.join(', ') })}>
                            {t('forwarding')}
                          </Badge>
                        )}
                      </p>
                    )}
                    <p className="mt-1 text-xs text-slate-500 tabular-nums sm:hidden">{used}</p>
                  </Td>
                  <Td className="hidden sm:table-cell">
                    <UsageBar used={Number(mailbox.usedBytes)} quota={Number(mailbox.quotaBytes)} label={t('storageOf', { address: mailbox.displayAddress })} />
                    <p className="mt-1 text-xs text-slate-500 tabular-nums">{used}</p>
                  </Td>
                  <Td className="hidden text-right tabular-nums md:table-cell">{mailbox.messageCount.toLocaleString(locale)}</Td>
                  <Td className="w-px">
                    <ActiveBadge active={mailbox.active} />
                  </Td>
                </tr>
              );
            })}
          </tbody>
        </Table>
        <Pagination path={path} params={{ q: query.q }} page={query.page} pageSize={query.pageSize} total={list.total} />
      </Card>
    </div>
  );
}
