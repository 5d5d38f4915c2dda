import { unicodeAddress } from '@kontor/core';
import { type ApiKeyRow, listApiKeys, listDomains, listQuery } from '@kontor/db';
import type { Metadata } from 'next';
import Link from 'next/link';
import { getFormatter, getTranslations } from 'next-intl/server';
import { Pagination, SearchForm } from '@/components/list-controls.tsx';
import { Badge, buttonClass, Card, CardBody, EmptyRow, PageHeader, Table, Td, Th } from '@/components/ui.tsx';
import { getDb } from '@/lib/db.ts';
import { requireActor } from '@/lib/session.ts';
import { CreateKeyForm } from './create-key-form.tsx';
import { RevokeKeyButton } from './revoke-key-button.tsx';

type Props = { searchParams: Promise<Record<string, string | string[] | undefined>> };

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations('apiKeys');
  return { title: t('title') };
}

const SCOPE_TONE = { superadmin: 'indigo', domains: 'blue', send: 'green' } as const;

export default async function ApiKeysPage({ searchParams }: Props) {
  const { actor, superadmin } = await requireActor();
  const params = await searchParams;
  const query = listQuery.parse({ q: params.q, page: params.page });
  const db = getDb();
  const [t, format, list, domainRows] = await Promise.all([getTranslations('apiKeys'), getFormatter(), listApiKeys(db, actor, query), listDomains(db, actor)]);
  const domains = domainRows.map((d) => ({ id: d.id, name: d.unicodeName }));
  const names = new Map(domains.map((d) => [d.id, d.name]));
  const when = (date: Date) => format.dateTime(date, { dateStyle: 'medium', timeStyle: 'short' });
  const scopeOf = (key: ApiKeyRow) => (key.scope === 'superadmin' || key.scope === 'domains' || key.scope === 'send' ? key.scope : 'domains');
  const reach = (key: ApiKeyRow) =>
    key.scope === 'send'
      ? key.senders.map(unicodeAddress).join(', ')
      : key.scope === 'domains'
        ? key.domainIds.map((id) => names.get(id) ?? `#${id}`).join(', ')
        : t('scopeHints.superadmin');
  return (
    <>
      <PageHeader
        title={t('title')}
        description={t('description')}
        actions={
          <Link href="/api-docs" className={buttonClass.secondary}>
            {t('reference')}
          </Link>
        }
      />
      <div className="space-y-6">
        <SearchForm path="/api-keys" q={query.q} label={t('search')} placeholder={t('searchPlaceholder')} />
        <Card>
          <Table label={t('table.label')}>
            <thead className="bg-slate-50">
              <tr>
                <Th>{t('table.name')}</Th>
                <Th className="hidden md:table-cell">{t('table.scope')}</Th>
                <Th className="hidden lg:table-cell">{t('table.lastUsed')}</Th>
                <Th className="hidden lg:table-cell">{t('table.created')}</Th>
                <Th>{t('table.actions')}</Th>
              </tr>
            </thead>
            <tbody className="divide-y divide-slate-100">
              {list.rows.length === 0 && <EmptyRow colSpan={5}>{query.q ? t('table.noMatch', { q: query.q }) : t('table.empty')}</EmptyRow>}
              {list.rows.map((key) => {
                const scope = scopeOf(key);
                const lastUsed = key.lastUsedAt ? (
                  <>
                    {when(key.lastUsedAt)}
                    {key.lastUsedIp && <span className="block text-xs text-slate-500">{t('table.fromIp', { ip: key.lastUsedIp })}</span>}
                  </>
                ) : (
                  <span className="text-slate-500">{t('table.never')}</span>
                );
                return (
                  <tr key={key.id} data-key={key.prefix} className="align-top">
                    <Td className="max-w-0 min-w-40 sm:max-w-none">
                      <p className="font-medium break-words text-slate-900">{key.name}</p>
                      <p className="font-mono text-xs break-all text-slate-500">{key.prefix}_…</p>
                      <div className="mt-1 flex flex-wrap gap-1">
                        {key.revokedAt ? (
                          <Badge tone="gray" title={t('table.revokedAt', { at: when(key.revokedAt) })}>
                            {t('table.revoked')}
                          </Badge>
                        ) : (
                          <Badge tone="green">{t('table.active')}</Badge>
                        )}
                        <span className="md:hidden">
                          <Badge tone={SCOPE_TONE[scope]}>{t(`scopes.${scope}`)}</Badge>
                        </span>
                      </div>
                      <div className="mt-1 text-xs break-words text-slate-500 md:hidden">{reach(key)}</div>
                      <div className="mt-1 text-xs text-slate-500 lg:hidden">
                        {t('table.lastUsed')}: {lastUsed}
                      </div>
                    </Td>
                    <Td className="hidden md:table-cell">
                      <Badge tone={SCOPE_TONE[scope]}>{t(`scopes.${scope}`)}</Badge>
                      <p className="mt-1 max-w-xs text-xs break-words text-slate-500">{reach(key)}</p>
                    </Td>
                    <Td className="hidden whitespace-nowrap lg:table-cell">{lastUsed}</Td>
                    <Td className="hidden lg:table-cell">
                      <span className="whitespace-nowrap">{when(key.createdAt)}</span>
                      {key.createdBy && <span className="block text-xs text-slate-500">{t('table.by', { who: key.createdBy.email })}</span>}
                    </Td>
                    <Td>{!key.revokedAt && <RevokeKeyButton id={key.id} name={key.name} />}</Td>
                  </tr>
                );
              })}
            </tbody>
          </Table>
          <Pagination path="/api-keys" params={{ q: query.q }} page={query.page} pageSize={query.pageSize} total={list.total} />
        </Card>
        <Card id="create-key" title={t('create.title')} description={t('create.description')}>
          <CardBody>
            <CreateKeyForm domains={domains} superadmin={superadmin} />
          </CardBody>
        </Card>
      </div>
    </>
  );
}
