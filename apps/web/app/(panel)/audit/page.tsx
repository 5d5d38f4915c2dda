import { AUDIT_COUNT_CAP, auditActions, listDomains, searchAuditLog } from '@kontor/db';
import type { Metadata } from 'next';
import Link from 'next/link';
import { getTranslations } from 'next-intl/server';
import { AuditTable } from '@/components/audit-table.tsx';
import { listHref, Pagination } from '@/components/list-controls.tsx';
import { Alert, buttonClass, Card, PageHeader } from '@/components/ui.tsx';
import { getDb } from '@/lib/db.ts';
import { requireActor } from '@/lib/session.ts';
import { ActionFilter } from './action-filter.tsx';
import { auditFilters } from './filters.ts';

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations('audit'))('title') };
}

const fieldClass =
  'block w-full min-w-0 rounded-lg border-0 bg-white px-3 py-2 text-sm text-slate-900 shadow-sm ring-1 ring-slate-300 ring-inset placeholder:text-slate-400 focus:ring-2 focus:ring-indigo-600 focus:outline-none';

/** Every change, filtered by who, action, target and date, a page at a time; the same as CSV. */
export default async function AuditPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const { actor, superadmin } = await requireActor();
  const t = await getTranslations('audit');
  const db = getDb();
  const { text, filters, query, invalid, filtered, pageSize } = auditFilters(await searchParams);
  const [page, domains, actions] = await Promise.all([searchAuditLog(db, actor, { ...query, ...filters }), listDomains(db, actor), auditActions(db, actor)]);
  const kept = { ...text, pageSize };
  const field = (name: keyof typeof text, label: string, type: 'text' | 'date', placeholder?: string) => (
    <label className={type === 'date' ? 'basis-36' : 'min-w-0 flex-1 basis-44'}>
      <span className="mb-1 block text-xs font-medium text-slate-600">{label}</span>
      <input type={type} name={name} defaultValue={text[name]} placeholder={placeholder} className={fieldClass} />
    </label>
  );
  return (
    <>
      <PageHeader
        title={t('title')}
        description={superadmin ? t('description') : t('descriptionOwn')}
        actions={
          <a href={listHref('/audit/export', kept, {})} className={buttonClass.secondary} title={t('downloadCsvHint')} download>
            {t('downloadCsv')}
          </a>
        }
      />
      <Card>
        <div className="border-b border-slate-100 px-5 py-4">
          <search>
            <form method="get" action="/audit" aria-label={t('filters')} className="flex min-w-0 flex-wrap items-end gap-2">
              {pageSize && <input type="hidden" name="pageSize" value={pageSize} />}
              {field('actor', t('actor'), 'text', t('actorPlaceholder'))}
              <ActionFilter actions={actions} current={text.action} label={t('action')} className={fieldClass} />
              {field('target', t('target'), 'text', t('targetPlaceholder'))}
              {field('from', t('from'), 'date')}
              {field('to', t('to'), 'date')}
              <div className="flex gap-2">
                <button type="submit" className={buttonClass.secondary}>
                  {t('apply')}
                </button>
                {filtered && (
                  <Link href="/audit" className={buttonClass.secondary}>
                    {t('reset')}
                  </Link>
                )}
              </div>
            </form>
          </search>
          {invalid.length > 0 && (
            <div className="mt-3">
              <Alert tone="amber">{invalid.map((value) => t('badDate', { value })).join(' ')}</Alert>
            </div>
          )}
          {page.capped && (
            <div className="mt-3">
              <Alert tone="blue">{t('capped', { count: AUDIT_COUNT_CAP })}</Alert>
            </div>
          )}
        </div>
        <AuditTable entries={page.rows} domainNames={new Map(domains.map((d) => [d.id, d.unicodeName]))} filtered={filtered} />
        <Pagination path="/audit" params={kept} page={page.page} pageSize={page.pageSize} total={page.total} />
      </Card>
    </>
  );
}
