import { selftestFixText } from '@kontor/core';
import { latestSelftest, type SelftestRun } from '@kontor/db';
import type { Metadata } from 'next';
import { getFormatter, getLocale, getTranslations } from 'next-intl/server';
import { Alert, Badge, Card, CardBody } from '@/components/ui.tsx';
import { getDb } from '@/lib/db.ts';
import { loadDomain } from '@/lib/domain.ts';
import { requireActor } from '@/lib/session.ts';
import { RefreshWhilePending, RunSelftestButton } from './run-button.tsx';

type Props = { params: Promise<{ id: string }> };

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const [domain, t] = await Promise.all([loadDomain((await params).id), getTranslations('selftest')]);
  return { title: t('pageTitle', { domain: domain.unicodeName }) };
}

const TONES = { pass: 'green', fail: 'red', warn: 'amber' } as const;

async function Verdicts({ run }: { run: SelftestRun }) {
  const [t, locale] = await Promise.all([getTranslations('selftest'), getLocale()]);
  const failed = run.verdicts.filter((v) => v.status === 'fail').length;
  const warned = run.verdicts.filter((v) => v.status === 'warn').length;
  return (
    <>
      <div className="flex flex-wrap items-center gap-2 border-b border-slate-100 px-4 py-3 text-sm sm:px-6" data-testid="selftest-summary">
        {failed === 0 && warned === 0 && <Badge tone="green">{t('allPassed')}</Badge>}
        {failed > 0 && <Badge tone="red">{t('failed', { count: failed })}</Badge>}
        {warned > 0 && <Badge tone="amber">{t('warned', { count: warned })}</Badge>}
      </div>
      <ul className="divide-y divide-slate-100" aria-label={t('listLabel')}>
        {run.verdicts.map((v) => {
          const fix = selftestFixText(v, locale === 'de' ? 'de' : 'en');
          return (
            <li key={v.check} className="px-4 py-3 sm:px-6" data-testid="selftest-verdict" data-check={v.check} data-status={v.status}>
              <div className="flex flex-wrap items-center gap-x-3 gap-y-1">
                <Badge tone={TONES[v.status]}>{t(`statuses.${v.status}`)}</Badge>
                <span className="text-sm font-medium text-slate-900">{t(`checks.${v.check}`)}</span>
                <span className="min-w-0 break-all font-mono text-xs text-slate-500">{v.found}</span>
              </div>
              {fix && (
                <p className="mt-1 text-sm text-slate-700" data-testid="selftest-fix">
                  {fix}
                </p>
              )}
            </li>
          );
        })}
      </ul>
    </>
  );
}

/** The deliverability self-test (docs/dns.md, Self-test): start a run, see the latest one's verdicts. */
export default async function DomainSelftestPage({ params }: Props) {
  const domain = await loadDomain((await params).id);
  const { actor } = await requireActor();
  const [run, t, format] = await Promise.all([latestSelftest(getDb(), actor, domain.id), getTranslations('selftest'), getFormatter()]);
  return (
    <Card title={t('title')} description={t('description', { domain: domain.unicodeName })} actions={<RunSelftestButton domainId={domain.id} />}>
      {run && (
        <CardBody className="border-b border-slate-100 text-xs text-slate-500">
          <span data-testid="selftest-state" data-state={run.state}>
            {t('ranAt', { time: format.dateTime(run.createdAt, { dateStyle: 'medium', timeStyle: 'medium' }) })}
          </span>
        </CardBody>
      )}
      {!run && (
        <CardBody>
          <p className="text-sm text-slate-500">{t('never')}</p>
        </CardBody>
      )}
      {run?.state === 'pending' && (
        <CardBody>
          <RefreshWhilePending />
          <p className="text-sm text-slate-600" role="status">
            {t('pending')}
          </p>
        </CardBody>
      )}
      {run?.state === 'timed-out' && (
        <CardBody>
          <Alert tone="amber">{t('timedOut')}</Alert>
        </CardBody>
      )}
      {run?.state === 'done' && <Verdicts run={run} />}
    </Card>
  );
}
