/** `kontor domain reports DOMAIN [--days N] [--json]`: the DMARC and TLS reports received for a domain. */
import { type CommandSpec, JSON_OPTION } from '../args.ts';
import { data } from '../deps.ts';
import { CliError } from '../errors.ts';
import { table, toJson } from '../output.ts';
import { findDomain } from './common.ts';

const PERIODS = [7, 30, 90] as const;

export const domainReportsCommand: CommandSpec = {
  name: 'reports',
  summary: 'Show the DMARC and TLS reports received for a domain: sending sources (failing first), TLS sessions, unreadable reports',
  positionals: [{ name: 'DOMAIN' }],
  options: { days: { type: 'string', value: 'DAYS', help: 'The period: 7, 30 (default) or 90 days' }, json: JSON_OPTION },
  examples: ['kontor domain reports example.com', 'kontor domain reports example.com --days 7 --json'],
  notes: [
    'JSON: {"dmarc":{"totals","sources":[…],"reports":[…],"failures":[…]},"tls":{"totals","policies":[…],"reports":[…],"failures":[…]}} (as GET /api/v1/domains/{id}/reports/dmarc and /tls).',
  ],
  async run(ctx, input) {
    const days = PERIODS.find((p) => String(p) === (input.string('days') ?? '30'));
    if (!days) throw new CliError('--days must be 7, 30 or 90');
    const { CLI_ACTOR, dmarcReportSummary, tlsReportSummary } = await data();
    const domain = await findDomain(ctx, input.arg('DOMAIN'));
    const db = await ctx.db();
    const [dmarc, tls] = await Promise.all([dmarcReportSummary(db, CLI_ACTOR, domain.id, days), tlsReportSummary(db, CLI_ACTOR, domain.id, days)]);
    if (input.flag('json')) {
      ctx.print(toJson({ dmarc, tls }));
      return;
    }
    const out = [
      `DMARC reports for ${domain.unicodeName}, last ${days} days: ${dmarc.reports.length} reports, ${dmarc.totals.messages} messages, ${dmarc.totals.dmarcFail} failed DMARC`,
    ];
    if (dmarc.sources.length) {
      out.push(
        '',
        table(
          [
            { header: 'DMARC', value: (s: (typeof dmarc.sources)[number]) => (s.dmarcFail ? 'FAIL' : 'pass') },
            { header: 'SOURCE', value: (s) => s.sourceIp },
            { header: 'MESSAGES', value: (s) => String(s.messages) },
            { header: 'FAILED', value: (s) => String(s.dmarcFail) },
            { header: 'DKIM PASS/FAIL', value: (s) => `${s.dkimAlignedPass}/${s.dkimAlignedFail}` },
            { header: 'SPF PASS/FAIL', value: (s) => `${s.spfAlignedPass}/${s.spfAlignedFail}` },
            {
              header: 'DISPOSITION',
              value: (s) =>
                Object.entries(s.dispositions)
                  .map(([d, c]) => `${d} ${c}`)
                  .join(', '),
            },
            { header: 'REPORTERS', value: (s) => s.reporters.join(', ') },
          ],
          dmarc.sources,
        ),
      );
    }
    out.push('', `TLS reports: ${tls.reports.length} reports, ${tls.totals.successful} sessions succeeded, ${tls.totals.failed} failed`);
    if (tls.policies.length) {
      out.push(
        '',
        table(
          [
            { header: 'REPORTER', value: (p: (typeof tls.policies)[number]) => p.reporter },
            { header: 'POLICY', value: (p) => `${p.policyType} ${p.policyDomain}` },
            { header: 'OK', value: (p) => String(p.successful) },
            { header: 'FAILED', value: (p) => String(p.failed) },
            {
              header: 'FAILURES',
              value: (p) =>
                Object.entries(p.failures)
                  .map(([type, c]) => `${type} ${c}`)
                  .join(', '),
            },
          ],
          tls.policies,
        ),
      );
    }
    const failures = [...dmarc.failures, ...tls.failures];
    if (failures.length)
      out.push(
        '',
        'Unreadable reports (delivered as mail):',
        ...failures.map((f) => `  ${f.receivedAt.toISOString()} ${f.mailFrom || '<>'}: ${f.refusal}: ${f.reason}`),
      );
    ctx.print(out.join('\n'));
  },
};
