/** `kontor domain add|list|dns|check|reports|dkim-rotate|remove` */
import type { listDomains } from '@kontor/db';
import { type GroupSpec, JSON_OPTION } from '../args.ts';
import { core, data, store } from '../deps.ts';
import { CliError } from '../errors.ts';
import { table, toJson, yesNo } from '../output.ts';
import { findDomain } from './common.ts';
import { domainCheckCommand } from './domain-check.ts';
import { domainReportsCommand } from './domain-reports.ts';
import { domainSelftestCommand } from './domain-selftest.ts';

type DomainRow = Awaited<ReturnType<typeof listDomains>>[number];

/** `bücher.example (xn--bcher-kva.example)`, or just the name when both forms agree. */
export function domainLabel(domain: { name: string; unicodeName: string }): string {
  return domain.unicodeName === domain.name ? domain.name : `${domain.unicodeName} (${domain.name})`;
}

/** The JSON shape of `kontor domain list --json` (one element). */
export function domainJson(domain: DomainRow) {
  return {
    name: domain.name,
    unicodeName: domain.unicodeName,
    description: domain.description,
    active: domain.active,
    mailboxes: domain.mailboxCount,
    aliases: domain.aliasCount,
    usedBytes: Number(domain.usedBytes),
    defaultQuotaBytes: Number(domain.defaultQuotaBytes),
    maxMailboxes: domain.maxMailboxes,
    createdAt: domain.createdAt.toISOString(),
  };
}

export const domainCommands: GroupSpec = {
  name: 'domain',
  summary: 'Add, list and remove the domains this server receives mail for; their DNS records and DKIM keys',
  commands: [
    {
      name: 'add',
      summary: 'Add a domain (Unicode names are stored in their xn-- form)',
      positionals: [{ name: 'DOMAIN' }],
      options: {
        description: { type: 'string', value: 'TEXT', help: 'A note for admins' },
        quota: { type: 'string', value: 'SIZE', help: 'Default quota of new mailboxes: 500M, 2G, 0 = unlimited (default 1G)' },
        'max-mailboxes': { type: 'string', value: 'N', help: 'At most N mailboxes in this domain (default 0 = no limit)' },
      },
      examples: ['kontor domain add example.com', 'kontor domain add bücher.example --quota 2G --max-mailboxes 20'],
      async run(ctx, input) {
        const [{ formatQuota }, { CLI_ACTOR, createDomain }] = await Promise.all([core(), data()]);
        const domain = await createDomain(await ctx.db(), CLI_ACTOR, {
          name: input.arg('DOMAIN'),
          description: input.string('description'),
          defaultQuota: input.string('quota'),
          maxMailboxes: input.string('max-mailboxes'),
        });
        const details = [
          ...(domain.unicodeName === domain.name ? [] : [domain.name]),
          `default quota ${formatQuota(domain.defaultQuotaBytes)}`,
          domain.maxMailboxes > 0 ? `at most ${domain.maxMailboxes} mailboxes` : 'no mailbox limit',
        ];
        ctx.print(`Created domain ${domain.unicodeName} (${details.join(', ')})`);
      },
    },
    {
      name: 'list',
      summary: 'List all domains with their mailboxes, aliases and storage used',
      positionals: [],
      options: { json: JSON_OPTION },
      examples: ['kontor domain list', 'kontor domain list --json'],
      async run(ctx, input) {
        const [{ formatQuota, formatSize }, { CLI_ACTOR, listDomains }] = await Promise.all([core(), data()]);
        const domains = await listDomains(await ctx.db(), CLI_ACTOR);
        if (input.flag('json')) return ctx.print(toJson(domains.map(domainJson)));
        if (domains.length === 0) return ctx.print('No domains yet. Add one with: kontor domain add example.com');
        ctx.print(
          table<DomainRow>(
            [
              { header: 'DOMAIN', value: domainLabel },
              { header: 'MAILBOXES', value: (d) => String(d.mailboxCount), align: 'right' },
              { header: 'ALIASES', value: (d) => String(d.aliasCount), align: 'right' },
              { header: 'USED', value: (d) => formatSize(d.usedBytes), align: 'right' },
              { header: 'DEFAULT QUOTA', value: (d) => formatQuota(d.defaultQuotaBytes), align: 'right' },
              { header: 'MAX MAILBOXES', value: (d) => (d.maxMailboxes > 0 ? String(d.maxMailboxes) : 'no limit'), align: 'right' },
              { header: 'ACTIVE', value: (d) => yesNo(d.active) },
            ],
            domains,
          ),
        );
      },
    },
    {
      name: 'dns',
      summary: 'Print the DNS records to publish for a domain (MX, SPF, DKIM, DMARC, MTA-STS, TLS-RPT, autoconfig, SRV)',
      positionals: [{ name: 'DOMAIN' }],
      options: { json: JSON_OPTION, zone: { type: 'boolean', help: 'Print zone file lines (TXT split into 255-character strings)' } },
      examples: ['kontor domain dns example.com', 'kontor domain dns example.com --json', 'kontor domain dns example.com --zone'],
      notes: [
        'Names are fully qualified; targets end with a dot. The values point at MAIL_HOSTNAME and the configured ports.',
        'JSON: an array of {"type","name","value","purpose","optional"}. Both DKIM keys (RSA and Ed25519) are listed; during a rotation the new pair too.',
        'Whether they are published right: kontor domain check DOMAIN.',
      ],
      async run(ctx, input) {
        const [{ loadConfig, dnsRecordSettings, zoneFileLines }, { CLI_ACTOR, domainDnsRecords }] = await Promise.all([core(), data()]);
        const domain = await findDomain(ctx, input.arg('DOMAIN'));
        const records = await domainDnsRecords(await ctx.db(), CLI_ACTOR, domain.id, dnsRecordSettings(loadConfig()));
        if (input.flag('json')) return ctx.print(toJson(records));
        if (input.flag('zone')) return ctx.print(zoneFileLines(records).join('\n'));
        ctx.print(
          table(
            [
              { header: 'TYPE', value: (r: (typeof records)[number]) => r.type },
              { header: 'NAME', value: (r) => r.name },
              { header: 'VALUE', value: (r) => r.value },
            ],
            records,
          ),
        );
      },
    },
    domainCheckCommand,
    domainReportsCommand,
    domainSelftestCommand,
    {
      name: 'dkim-rotate',
      summary: 'Rotate the DKIM key: make a new selector to publish beside the old one; --activate signs with it',
      positionals: [{ name: 'DOMAIN' }],
      options: {
        activate: { type: 'boolean', help: 'Switch signing to the new key (publish its record first); the old key is retired' },
        json: JSON_OPTION,
      },
      examples: ['kontor domain dkim-rotate example.com', 'kontor domain dkim-rotate example.com --activate'],
      notes: [
        'Step 1 prints the TXT records of the new pair (RSA and Ed25519); publish them and wait for DNS to show them (a day is safe).',
        'Step 2 (--activate) signs with the new key. Keep the old record a few days for mail still on its way, then remove it.',
      ],
      async run(ctx, input) {
        const [{ dkimTxtValue }, { CLI_ACTOR, activateDkimKey, rotateDkimKey }] = await Promise.all([core(), data()]);
        const domain = await findDomain(ctx, input.arg('DOMAIN'));
        const db = await ctx.db();
        if (input.flag('activate')) {
          const result = await activateDkimKey(db, CLI_ACTOR, domain.id);
          if (input.flag('json')) return ctx.print(toJson({ domain: domain.name, selector: result.selector, previousSelector: result.previousSelector }));
          return ctx.print(
            `${domainLabel(domain)} now signs with selector ${result.selector}; ${result.previousSelector} is retired (remove ${result.previousSelector}._domainkey.${domain.name} from DNS in a few days)`,
          );
        }
        const { key, keys, created } = await rotateDkimKey(db, CLI_ACTOR, domain.id);
        const records = keys.map((k) => ({ type: 'TXT', name: `${k.selector}._domainkey.${domain.name}`, value: dkimTxtValue(k.publicKey, k.algorithm) }));
        if (input.flag('json')) return ctx.print(toJson({ domain: domain.name, selector: key.selector, created, record: records[0], records }));
        ctx.print(
          [
            `${created ? 'New' : 'Waiting'} DKIM keys for ${domainLabel(domain)}: selector ${key.selector} (still signing with ${domain.dkimSelector}).`,
            `Publish these records, then run: kontor domain dkim-rotate ${domain.unicodeName} --activate`,
            '',
            ...records.map((record) => `${record.name}  TXT  ${record.value}`),
          ].join('\n'),
        );
      },
    },
    {
      name: 'remove',
      summary: 'Remove a domain; with --yes also its mailboxes, their mail, and its aliases',
      positionals: [{ name: 'DOMAIN' }],
      options: { yes: { type: 'boolean', help: 'Also remove every mailbox (with its mail) and alias of the domain' } },
      examples: ['kontor domain remove example.com', 'kontor domain remove example.com --yes'],
      notes: ['Without --yes a domain that still has mailboxes or aliases is kept, and kontor lists what would go.'],
      async run(ctx, input) {
        const [{ ConfirmationRequiredError }, { CLI_ACTOR, deleteDomain }, { releaseBlobsOf }] = await Promise.all([core(), data(), store()]);
        const domain = await findDomain(ctx, input.arg('DOMAIN'));
        const db = await ctx.db();
        try {
          await deleteDomain(db, CLI_ACTOR, domain.id, { confirm: false, releaseBlobs: releaseBlobsOf });
          ctx.print(`Removed domain ${domainLabel(domain)}`);
        } catch (error) {
          if (!(error instanceof ConfirmationRequiredError)) throw error;
          if (!input.flag('yes')) {
            throw new CliError(`${domainLabel(domain)} is not empty; removing it would also remove:`, [
              ...error.consequences.map((line) => `  - ${line}`),
              `Run again with --yes to remove it all: kontor domain remove ${domain.unicodeName} --yes`,
            ]);
          }
          await deleteDomain(db, CLI_ACTOR, domain.id, { confirm: true, releaseBlobs: releaseBlobsOf });
          ctx.print(`Removed domain ${domainLabel(domain)}, with ${error.consequences.join('; ')}`);
        }
      },
    },
  ],
};
