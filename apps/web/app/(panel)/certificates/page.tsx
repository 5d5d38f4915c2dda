import { isAcmeName, loadConfig } from '@kontor/core';
import { listTlsCertificates } from '@kontor/db';
import type { Metadata } from 'next';
import { notFound } from 'next/navigation';
import { getFormatter, getTranslations } from 'next-intl/server';
import { Fragment } from 'react';
import { Alert, Badge, Card, CellLabel, cx, EmptyRow, PageHeader, Table, Td, Th } from '@/components/ui.tsx';
import { CERTIFICATE_STATE_TONE, certificateState } from '@/lib/certificate-status.ts';
import { getDb } from '@/lib/db.ts';
import { requireActor } from '@/lib/session.ts';
import { RenewButton } from './renew-button.tsx';

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations('certificates'))('title') };
}

export const dynamic = 'force-dynamic';

/** The automatic certificates (docs/tls.md): one row per name set, with its renewal state and "renew now". */
export default async function CertificatesPage() {
  const { actor, superadmin } = await requireActor();
  if (!superadmin) notFound();
  const config = loadConfig();
  const [t, format, rows] = await Promise.all([getTranslations('certificates'), getFormatter(), listTlsCertificates(getDb(), actor)]);
  const when = (d: Date | null) => (d ? format.dateTime(d, { dateStyle: 'medium', timeStyle: 'short' }) : t('never'));
  const now = new Date();
  const manual = Boolean(config.TLS_CERT_FILE);
  return (
    <>
      <PageHeader title={t('title')} description={t('description', { days: String(config.ACME_RENEW_DAYS) })} />
      <div className="mb-6 space-y-3">
        {config.ACME_EMAIL ? (
          <Alert tone="blue">{t('acmeOn', { email: config.ACME_EMAIL, directory: config.ACME_DIRECTORY })}</Alert>
        ) : (
          <Alert tone="amber">{t('acmeOff')}</Alert>
        )}
        <p className="text-sm text-slate-600">{manual ? t('defaultFiles') : t('defaultAcme', { hostname: config.MAIL_HOSTNAME })}</p>
        {config.ACME_EMAIL && !isAcmeName(config.MAIL_HOSTNAME) && <Alert tone="amber">{t('localHostname', { hostname: config.MAIL_HOSTNAME })}</Alert>}
      </div>
      <Card>
        <Table label={t('table')}>
          <thead className="hidden bg-slate-50 sm:table-header-group">
            <tr>
              <Th>{t('names')}</Th>
              <Th>{t('status')}</Th>
              <Th>{t('issuer')}</Th>
              <Th>{t('expires')}</Th>
              <Th>{t('lastRenewal')}</Th>
              <Th>{t('nextAttempt')}</Th>
              <Th className="relative">
                <span className="sr-only">{t('actions')}</span>
              </Th>
            </tr>
          </thead>
          <tbody className="divide-y divide-slate-100">
            {rows.length === 0 && <EmptyRow colSpan={7}>{t('empty')}</EmptyRow>}
            {rows.map((row) => {
              const state = certificateState(row, now, config.ACME_RENEW_DAYS);
              return (
                <Fragment key={row.id}>
                  <tr className={cx('block py-2 align-top sm:table-row sm:py-0', row.lastError && 'border-b-0')} data-certificate={row.nameSet}>
                    <Td stacked>
                      <CellLabel>{t('names')}</CellLabel>
                      <ul className="space-y-0.5">
                        {row.names.map((name) => (
                          <li key={name} className="font-mono text-xs break-all text-slate-900 sm:break-normal sm:whitespace-nowrap">
                            {name}
                          </li>
                        ))}
                      </ul>
                      {row.serial && (
                        <div className="mt-1 font-mono text-[11px] break-all text-slate-400 sm:break-normal sm:whitespace-nowrap">{row.serial}</div>
                      )}
                    </Td>
                    <Td stacked>
                      <CellLabel>{t('status')}</CellLabel>
                      <Badge tone={CERTIFICATE_STATE_TONE[state]}>{t(`states.${state}`)}</Badge>
                      {row.renewRequestedAt && <div className="mt-1 text-xs text-slate-500">{t('renewalRequested')}</div>}
                    </Td>
                    <Td stacked className="text-xs">
                      <CellLabel>{t('issuer')}</CellLabel>
                      {row.issuer ?? '—'}
                    </Td>
                    <Td stacked className="text-xs">
                      <CellLabel>{t('expires')}</CellLabel>
                      {row.notAfter ? when(row.notAfter) : '—'}
                    </Td>
                    <Td stacked className="text-xs">
                      <CellLabel>{t('lastRenewal')}</CellLabel>
                      {when(row.renewedAt)}
                    </Td>
                    <Td stacked className="text-xs">
                      <CellLabel>{t('nextAttempt')}</CellLabel>
                      {row.renewRequestedAt || row.nextAttemptAt <= now ? t('asSoonAsPossible') : when(row.nextAttemptAt)}
                    </Td>
                    <Td stacked>
                      <RenewButton id={row.id} names={row.names.join(', ')} />
                    </Td>
                  </tr>
                  {row.lastError && (
                    // A row of its own: CA errors are long (a URL, the CA's problem document) and would widen the table.
                    <tr className="block sm:table-row">
                      <td colSpan={7} className="block px-5 pt-0 pb-4 sm:table-cell">
                        <div role="status" className="rounded-md border border-red-200 bg-red-50 px-3 py-2 text-xs break-words text-red-800">
                          <span className="font-semibold">{t('failedAttempts', { count: row.failures })}:</span> {row.lastError}
                        </div>
                      </td>
                    </tr>
                  )}
                </Fragment>
              );
            })}
          </tbody>
        </Table>
      </Card>
    </>
  );
}
