import type { DmarcSource } from '@kontor/db';
import { useFormatter, useTranslations } from 'next-intl';
import { Badge, CellLabel, cx, Table, Td, Th } from '@/components/ui.tsx';

/** The sending sources of the DMARC reports, failing ones first and marked red. */
export function DmarcSources({ sources }: { sources: DmarcSource[] }) {
  const t = useTranslations('reports');
  const format = useFormatter();
  const n = (value: number) => format.number(value);
  return (
    <Table label={t('sourcesTable')}>
      <thead className="hidden bg-slate-50 sm:table-header-group">
        <tr>
          <Th>{t('source')}</Th>
          <Th>{t('messages')}</Th>
          <Th>{t('dmarc')}</Th>
          <Th>{t('dkimAligned')}</Th>
          <Th>{t('spfAligned')}</Th>
          <Th>{t('disposition')}</Th>
        </tr>
      </thead>
      <tbody className="divide-y divide-slate-100">
        {sources.map((s) => {
          const fails = s.dmarcFail > 0;
          return (
            <tr
              key={s.sourceIp}
              data-source={s.sourceIp}
              data-failing={fails ? 'true' : 'false'}
              className={cx('block py-2 align-top sm:table-row sm:py-0', fails && 'bg-red-50')}
            >
              <Td stacked>
                <CellLabel>{t('source')}</CellLabel>
                <div className={cx('font-mono text-xs break-all', fails ? 'font-semibold text-red-800' : 'text-slate-900')}>{s.sourceIp}</div>
                <div className="mt-0.5 text-xs text-slate-500">
                  {t('reporters')}: {s.reporters.join(', ')}
                </div>
                <div className="text-xs break-all text-slate-400">{s.headerFroms.join(', ')}</div>
              </Td>
              <Td stacked className="tabular-nums">
                <CellLabel>{t('messages')}</CellLabel>
                {n(s.messages)}
              </Td>
              <Td stacked>
                <CellLabel>{t('dmarc')}</CellLabel>
                <Badge tone={fails ? 'red' : 'green'}>{fails ? `${n(s.dmarcFail)} ${t('fails')}` : t('passes')}</Badge>
              </Td>
              <Td stacked className="text-xs tabular-nums">
                <CellLabel>{t('dkimAligned')}</CellLabel>
                <span className={s.dkimAlignedFail ? 'text-red-700' : undefined}>
                  {t('passFail', { pass: n(s.dkimAlignedPass), fail: n(s.dkimAlignedFail) })}
                </span>
              </Td>
              <Td stacked className="text-xs tabular-nums">
                <CellLabel>{t('spfAligned')}</CellLabel>
                <span className={s.spfAlignedFail ? 'text-red-700' : undefined}>{t('passFail', { pass: n(s.spfAlignedPass), fail: n(s.spfAlignedFail) })}</span>
              </Td>
              <Td stacked className="text-xs">
                <CellLabel>{t('disposition')}</CellLabel>
                {Object.entries(s.dispositions)
                  .map(([d, c]) => `${d} ${n(c)}`)
                  .join(', ')}
              </Td>
            </tr>
          );
        })}
      </tbody>
    </Table>
  );
}
