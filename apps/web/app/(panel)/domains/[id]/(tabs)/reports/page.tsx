import { dmarcReportAddress, tlsReportAddress } from '@kontor/core';
import { dmarcReportSummary, REPORT_PERIODS, type ReportPeriod, tlsReportSummary } from '@kontor/db';
import type { Metadata } from 'next';
import Link from 'next/link';
import { getFormatter, getTranslations } from 'next-intl/server';
import { Card, CardBody, cx } from '@/components/ui.tsx';
import { getDb } from '@/lib/db.ts';
import { loadDomain } from '@/lib/domain.ts';
import { requireActor } from '@/lib/session.ts';
import { DmarcSources } from './dmarc-sources.tsx';
import { ReceivedReports, UnreadableReports } from './received.tsx';
import { TlsPolicies } from './tls-policies.tsx';

type Props = { params: Promise<{ id: string }>; searchParams: Promise<{ days?: string }> };

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const [domain, t] = await Promise.all([loadDomain((await params).id), getTranslations('reports')]);
  return { title: t('pageTitle', { domain: domain.unicodeName }) };
}

function periodOf(value: string | undefined): ReportPeriod {
  const days = Number(value);
  return REPORT_PERIODS.find((p) => p === days) ?? 30;
}

/** DMARC and TLS reports received for the domain over a chosen period (docs/dns.md, Reports). */
export default async function DomainReportsPage({ params, searchParams }: Props) {
  const domain = await loadDomain((await params).id);
  const days = periodOf((await searchParams).days);
  const { actor } = await requireActor();
  const db = getDb();
  const [dmarc, tls, t, format] = await Promise.all([
    dmarcReportSummary(db, actor, domain.id, days),
    tlsReportSummary(db, actor, domain.id, days),
    getTranslations('reports'),
    getFormatter(),
  ]);
  const base = `/domains/${domain.id}/reports`;
  const failing = dmarc.sources.filter((s) => s.dmarcFail > 0).length;
  const number = (n: number) => format.number(n);
  return (
    <div className="space-y-8" data-testid="domain-reports">
      <nav aria-label={t('period')} data-testid="report-period" className="flex flex-wrap items-center gap-2 text-sm">
        <span className="text-slate-500">{t('period')}:</span>
        {REPORT_PERIODS.map((p) => (
          <Link
            key={p}
            href={`${base}?days=${p}`}
            aria-current={p === days ? 'page' : undefined}
            className={cx(
              'rounded-md px-2.5 py-1 ring-1 ring-inset',
              p === days ? 'bg-slate-900 text-white ring-slate-900' : 'text-slate-700 ring-slate-200 hover:bg-slate-50',
            )}
          >
            {t('days', { count: String(p) })}
          </Link>
        ))}
      </nav>

      <Card title={t('dmarcTitle')} description={t('dmarcDescription', { address: dmarcReportAddress(domain.name) })}>
        {dmarc.sources.length === 0 ? (
          <CardBody>
            <p className="text-sm text-slate-500">{t('dmarcEmpty')}</p>
          </CardBody>
        ) : (
          <>
            <CardBody className="space-y-1 text-sm">
              <p data-testid="dmarc-summary">
                {t('dmarcSummary', {
                  messages: dmarc.totals.messages,
                  sources: dmarc.sources.length,
                  pass: number(dmarc.totals.dmarcPass),
                  fail: number(dmarc.totals.dmarcFail),
                })}
              </p>
              <p data-testid="dmarc-verdict" className={failing ? 'font-semibold text-red-700' : 'text-green-700'}>
                {failing ? t('failingSources', { count: failing }) : t('noFailingSources')}
              </p>
            </CardBody>
            <DmarcSources sources={dmarc.sources} />
          </>
        )}
      </Card>

      <Card title={t('tlsTitle')} description={t('tlsDescription', { address: tlsReportAddress(domain.name) })}>
        {tls.policies.length === 0 ? (
          <CardBody>
            <p className="text-sm text-slate-500">{t('tlsEmpty')}</p>
          </CardBody>
        ) : (
          <>
            <CardBody className="text-sm">
              <p data-testid="tls-summary">{t('tlsSummary', { successful: number(tls.totals.successful), failed: number(tls.totals.failed) })}</p>
            </CardBody>
            <TlsPolicies policies={tls.policies} />
          </>
        )}
      </Card>

      <ReceivedReports base={base} dmarc={dmarc.reports} tls={tls.reports} />
      <UnreadableReports
        failures={[...dmarc.failures.map((f) => ({ ...f, kind: 'dmarc' as const })), ...tls.failures.map((f) => ({ ...f, kind: 'tls' as const }))]}
      />
    </div>
  );
}
