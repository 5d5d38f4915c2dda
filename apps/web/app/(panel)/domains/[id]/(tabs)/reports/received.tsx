import type { ReceivedReport, ReportKind } from '@kontor/db';
import { useFormatter, useTranslations } from 'next-intl';
import { Badge, Card, CardBody, CellLabel, Table, Td, Th } from '@/components/ui.tsx';

/** The reports received in the period, newest first, each with its original attachment to download. */
export function ReceivedReports({ base, dmarc, tls }: { base: string; dmarc: ReceivedReport[]; tls: ReceivedReport[] }) {
  const t = useTranslations('reports');
  const format = useFormatter();
  const day = (d: Date) => format.dateTime(d, { dateStyle: 'medium' });
  const rows = [...dmarc.map((r) => ({ ...r, kind: 'dmarc' as ReportKind })), ...tls.map((r) => ({ ...r, kind: 'tls' as ReportKind }))].sort(
    (a, b) => b.endAt.getTime() - a.endAt.getTime(),
  );
  return (
    <Card title={t('receivedTitle')} description={t('receivedDescription')}>
      {rows.length === 0 ? (
        <CardBody>
          <p className="text-sm text-slate-500">{t('receivedEmpty')}</p>
        </CardBody>
      ) : (
        <Table label={t('receivedTable')}>
          <thead className="hidden bg-slate-50 sm:table-header-group">
            <tr>
              <Th>{t('kind')}</Th>
              <Th>{t('reporter')}</Th>
              <Th>{t('covers')}</Th>
              <Th>{t('download')}</Th>
            </tr>
          </thead>
          <tbody className="divide-y divide-slate-100">
            {rows.map((r) => (
              <tr key={`${r.kind}-${r.id}`} data-report={r.reportId} className="block py-2 align-top sm:table-row sm:py-0">
                <Td stacked>
                  <CellLabel>{t('kind')}</CellLabel>
                  <Badge tone="blue">{r.kind === 'dmarc' ? 'DMARC' : 'TLS'}</Badge>
                </Td>
                <Td stacked>
                  <CellLabel>{t('reporter')}</CellLabel>
                  <div className="text-slate-900">{r.orgName}</div>
                  <div className="font-mono text-[11px] break-all text-slate-400">{r.reportId}</div>
                </Td>
                <Td stacked className="text-xs">
                  <CellLabel>{t('covers')}</CellLabel>
                  {day(r.beginAt)} – {day(r.endAt)}
                </Td>
                <Td stacked className="text-xs">
                  <CellLabel>{t('download')}</CellLabel>
                  <a href={`${base}/raw/${r.kind}/${r.id}`} className="font-mono break-all text-blue-700 hover:underline" download>
                    {r.filename}
                  </a>
                </Td>
              </tr>
            ))}
          </tbody>
        </Table>
      )}
    </Card>
  );
}

type Failure = { id: number; kind: ReportKind; mailFrom: string; subject: string; refusal: string; reason: string; receivedAt: Date };

const REFUSALS = ['too_big', 'not_a_report', 'malformed', 'wrong_schema'] as const;

/** Mails to the report addresses that held no readable report, with the reason. */
export function UnreadableReports({ failures }: { failures: Failure[] }) {
  const t = useTranslations('reports');
  const format = useFormatter();
  if (failures.length === 0) return null;
  const refusal = (r: string) => (REFUSALS.find((x) => x === r) ? t(`refusals.${r as (typeof REFUSALS)[number]}`) : r);
  return (
    <Card title={t('failuresTitle')} description={t('failuresDescription')}>
      <Table label={t('failuresTable')}>
        <thead className="hidden bg-slate-50 sm:table-header-group">
          <tr>
            <Th>{t('received')}</Th>
            <Th>{t('from')}</Th>
            <Th>{t('reason')}</Th>
          </tr>
        </thead>
        <tbody className="divide-y divide-slate-100">
          {failures.map((f) => (
            <tr key={`${f.kind}-${f.id}`} data-report-failure={f.refusal} className="block py-2 align-top sm:table-row sm:py-0">
              <Td stacked className="text-xs">
                <CellLabel>{t('received')}</CellLabel>
                {format.dateTime(f.receivedAt, { dateStyle: 'medium', timeStyle: 'short' })}
              </Td>
              <Td stacked className="text-xs">
                <CellLabel>{t('from')}</CellLabel>
                <div className="break-all">{f.mailFrom || '<>'}</div>
                <div className="break-all text-slate-500">{f.subject}</div>
              </Td>
              <Td stacked className="text-xs">
                <CellLabel>{t('reason')}</CellLabel>
                <Badge tone="red">{refusal(f.refusal)}</Badge> <span className="break-all text-slate-600">{f.reason}</span>
              </Td>
            </tr>
          ))}
        </tbody>
      </Table>
    </Card>
  );
}
