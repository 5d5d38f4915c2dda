/** `kontor domain check DOMAIN`: every DNS record of a domain (and the server's) against DNS, now. */
import type { DnsRecordCheck } from '@kontor/core/dns';
import { type CommandSpec, JSON_OPTION } from '../args.ts';
import { core, data } from '../deps.ts';
import { CliError } from '../errors.ts';
import { table, toJson } from '../output.ts';
import { findDomain } from './common.ts';

const dns = () => import('@kontor/core/dns');
const checks = () => import('@kontor/db/dns-checks');

/** Long values (DKIM keys) shortened for the table; --json has them whole. */
function short(value: string, max = 56): string {
  return value.length > max ? `${value.slice(0, max - 1)}…` : value;
}

function lines(records: DnsRecordCheck[], describe: (issue: DnsRecordCheck['issues'][number]) => string): string {
  const rows = records.flatMap((r) => [
    {
      status: r.optional && r.status === 'missing' ? 'optional' : r.status,
      type: r.type,
      name: r.name,
      expected: short(r.value || '(any)'),
      found: short(r.found.join(' | ') || '–'),
    },
    ...r.issues.filter((i) => i.code !== 'notPublished').map((i) => ({ status: '', type: '', name: `  ${describe(i)}`, expected: '', found: '' })),
  ]);
  return table(
    [
      { header: 'STATUS', value: (r: (typeof rows)[number]) => r.status },
      { header: 'TYPE', value: (r) => r.type },
      { header: 'NAME', value: (r) => r.name },
      { header: 'EXPECTED', value: (r) => r.expected },
      { header: 'FOUND', value: (r) => r.found },
    ],
    rows,
  );
}

export const domainCheckCommand: CommandSpec = {
  name: 'check',
  summary: "Check a domain's DNS records (and the server's) against DNS now: found, missing or wrong, and why",
  positionals: [{ name: 'DOMAIN' }],
  options: { json: JSON_OPTION },
  examples: ['kontor domain check example.com', 'kontor domain check example.com --json'],
  notes: [
    'Asks the resolvers of DNS_SERVERS (default: the system’s). SPF is evaluated for this server’s addresses (PUBLIC_ADDRESSES, else what MAIL_HOSTNAME resolves to).',
    'Exit code 1 when a record that must be there is missing or wrong, or the server is on a blocklist (DNSBL_ZONES).',
    'JSON: {"domain","checkedAt","ok","records":[{"type","name","value","purpose","optional","status","found","issues":[{"code","values","text"}],"diff"}],"server":{…,"warnings"}}.',
  ],
  async run(ctx, input) {
    const [{ loadConfig }, { describeDnsIssue, describeDnsWarning, describedDnsReport }, { dnsCheckOptions, liveDnsCheck }, { CLI_ACTOR }] = await Promise.all([
      core(),
      dns(),
      checks(),
      data(),
    ]);
    const domain = await findDomain(ctx, input.arg('DOMAIN'));
    const db = await ctx.db();
    const config = loadConfig();
    const report = await liveDnsCheck(db, CLI_ACTOR, domain.id, await dnsCheckOptions(db, config));
    if (input.flag('json')) ctx.print(toJson(describedDnsReport(report)));
    else {
      const server = report.server;
      const from = { configured: 'PUBLIC_ADDRESSES', dns: `what ${server.hostname} resolves to`, none: 'unknown' }[server.addressSource];
      ctx.print(
        [
          `DNS check of ${domain.unicodeName} at ${report.checkedAt} (resolvers: ${config.DNS_SERVERS.join(', ') || 'the system’s'})`,
          '',
          lines(report.records, describeDnsIssue),
          '',
          `Server ${server.hostname}: ${server.addresses.join(', ') || 'no address'} (${from})`,
          '',
          lines([...server.records, ...server.blocklists], describeDnsIssue),
          ...(server.warnings.length ? ['', 'Warnings:', ...server.warnings.map((w) => `  ! ${describeDnsWarning(w)}`)] : []),
        ].join('\n'),
      );
    }
    if (!report.ok) {
      const bad = [...report.records, ...serverProblems(report)].filter((r) => r.status !== 'ok' && !(r.optional && r.status === 'missing')).length;
      throw new CliError(`${bad} DNS ${bad === 1 ? 'record is' : 'records are'} not right for ${domain.unicodeName}`);
    }
  },
};

function serverProblems(report: { server: { records: DnsRecordCheck[]; blocklists: DnsRecordCheck[] } }): DnsRecordCheck[] {
  return [...report.server.records, ...report.server.blocklists.filter((b) => b.status === 'wrong')];
}
