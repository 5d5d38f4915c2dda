import { loadConfig, zoneFileLines } from '@kontor/core';
import { recordsOk } from '@kontor/core/dns';
import type { Actor } from '@kontor/db';
import { dnsCheckOptions, liveDnsCheck, requestDnsCheckIfChanged } from '@kontor/db/dns-checks';
import { getFormatter, getTranslations } from 'next-intl/server';
import { CopyButton } from '@/components/copy-button.tsx';
import { Alert, Badge, buttonClass, Card, CardBody } from '@/components/ui.tsx';
import { getDb } from '@/lib/db.ts';
import { warningText } from '@/lib/dns-words.ts';
import { RecordTable, shownStatus } from './record-table.tsx';

/**
 * The domain's records checked against DNS as the page is shown (the
 * resolvers of DNS_SERVERS, uncached), with the server's records and
 * warnings. When what DNS says now differs from the stored history, the
 * workers are asked for a run, so alerts and history follow.
 */
export async function LiveCheck({ domainId, actor }: { domainId: number; actor: Actor }) {
  const db = getDb();
  const config = loadConfig();
  const report = await liveDnsCheck(db, actor, domainId, await dnsCheckOptions(db, config));
  await requestDnsCheckIfChanged(db, domainId, report).catch(() => undefined);
  const [t, tc, format] = await Promise.all([getTranslations('dns'), getTranslations('dnsCheck'), getFormatter()]);
  const server = report.server;
  const attention = report.records.filter((r) => !['ok', 'optional'].includes(shownStatus(r))).length;
  const checkedAt = format.dateTime(new Date(report.checkedAt), { dateStyle: 'medium', timeStyle: 'medium' });
  return (
    <div className="space-y-8">
      {server.warnings.length > 0 && (
        <div className="space-y-2" data-testid="dns-warnings">
          {server.warnings.map((w) => (
            <Alert key={`${w.code} ${JSON.stringify(w.values)}`} tone="amber" role="alert">
              <span data-testid="dns-warning" data-code={w.code}>
                {warningText(tc, w)}
              </span>
            </Alert>
          ))}
        </div>
      )}
      <Card
        title={t('recordsTitle')}
        description={t('recordsDescription')}
        actions={
          <div className="flex flex-wrap items-center gap-2">
            <CopyButton value={`${zoneFileLines(report.records).join('\n')}\n`} label={t('copyZoneLabel')} text={t('copyZone')} />
            <form>
              <button type="submit" className={buttonClass.secondary}>
                {tc('checkAgain')}
              </button>
            </form>
          </div>
        }
      >
        <div className="flex flex-wrap items-center gap-x-3 gap-y-1 border-b border-slate-100 px-4 py-3 text-sm sm:px-6" data-testid="dns-summary">
          {attention === 0 ? (
            <Badge tone="green">{tc('allGood', { count: String(report.records.length) })}</Badge>
          ) : (
            <Badge tone="red">{tc('toFix', { count: attention })}</Badge>
          )}
          <span className="text-xs text-slate-500">{tc('checkedAt', { time: checkedAt })}</span>
          <span className="text-xs text-slate-500">{tc('differenceHint')}</span>
        </div>
        <RecordTable records={report.records} label={t('tableLabel')} />
      </Card>
      <Card title={tc('serverTitle', { hostname: server.hostname })} description={tc('serverDescription')}>
        <CardBody className="space-y-1 border-b border-slate-100 text-sm text-slate-600">
          <p data-testid="dns-addresses">
            {tc('addresses', { addresses: server.addresses.join(', ') || tc('noAddress'), source: tc(`addressSources.${server.addressSource}`) })}
          </p>
        </CardBody>
        <RecordTable records={server.records} label={tc('serverTitle', { hostname: server.hostname })} />
        <CardBody className="border-t border-slate-100">
          <h3 className="text-sm font-medium text-slate-900">{tc('blocklistsTitle')}</h3>
          {server.blocklists.length === 0 ? (
            <p className="mt-1 text-sm text-slate-500">{tc('blocklistsNone')}</p>
          ) : (
            <ul className="mt-2 space-y-1 text-sm" data-ok={recordsOk(server.blocklists) ? 'true' : 'false'}>
              {server.blocklists.map((b) => (
                <li key={b.name} className="flex flex-wrap items-center gap-2" data-testid="dns-blocklist" data-status={b.status}>
                  <Badge tone={b.status === 'ok' ? 'green' : b.status === 'wrong' ? 'red' : 'amber'}>
                    {b.status === 'ok' ? tc('notListed') : b.status === 'wrong' ? tc('listed') : tc('blocklistUnknown')}
                  </Badge>
                  <code className="font-mono text-xs wrap-anywhere text-slate-700">{b.name}</code>
                </li>
              ))}
            </ul>
          )}
        </CardBody>
      </Card>
    </div>
  );
}
