import type { TlsPolicyFigures } from '@kontor/db';
import { useFormatter, useTranslations } from 'next-intl';
import { Badge, CellLabel, cx, Table, Td, Th } from '@/components/ui.tsx';

/** TLS sessions per reporter and policy; failures by result type (RFC 8460 §4.3). */
export function TlsPolicies({ policies }: { policies: TlsPolicyFigures[] }) {
  const t = useTranslations('reports');
  const format = useFormatter();
  const n = (value: number) => format.number(value);
  return (
    <Table label={t('policiesTable')}>
      <thead className="hidden bg-slate-50 sm:table-header-group">
        <tr>
          <Th>{t('reporter')}</Th>
          <Th>{t('policy')}</Th>
          <Th>{t('successful')}</Th>
          <Th>{t('failed')}</Th>
          <Th>{t('failureTypes')}</Th>
        </tr>
      </thead>
      <tbody className="divide-y divide-slate-100">
        {policies.map((p) => (
          <tr
            key={`${p.reporter} ${p.policyType} ${p.policyDomain}`}
            data-tls-policy={`${p.reporter} ${p.policyType}`}
            className={cx('block py-2 align-top sm:table-row sm:py-0', p.failed > 0 && 'bg-red-50')}
          >
            <Td stacked>
              <CellLabel>{t('reporter')}</CellLabel>
              <span className="text-slate-900">{p.reporter}</span>
            </Td>
            <Td stacked>
              <CellLabel>{t('policy')}</CellLabel>
              <span className="font-mono text-xs">{p.policyType}</span> <span className="text-xs break-all text-slate-500">{p.policyDomain}</span>
            </Td>
            <Td stacked className="tabular-nums">
              <CellLabel>{t('successful')}</CellLabel>
              {n(p.successful)}
            </Td>
            <Td stacked className={cx('tabular-nums', p.failed > 0 && 'font-semibold text-red-700')}>
              <CellLabel>{t('failed')}</CellLabel>
              {n(p.failed)}
            </Td>
            <Td stacked>
              <CellLabel>{t('failureTypes')}</CellLabel>
              <span className="flex flex-wrap gap-1">
                {Object.entries(p.failures).map(([type, count]) => (
                  <Badge key={type} tone="red">
                    {type} {n(count)}
                  </Badge>
                ))}
                {Object.keys(p.failures).length === 0 && '—'}
              </span>
            </Td>
          </tr>
        ))}
      </tbody>
    </Table>
  );
}
