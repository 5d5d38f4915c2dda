/** `kontor alias add|list|remove` */
import type { getAliasByAddress } from '@kontor/db';
import { type GroupSpec, JSON_OPTION } from '../args.ts';
import { data } from '../deps.ts';
import { table, toJson, yesNo } from '../output.ts';
import { findDomain, splitAddress } from './common.ts';

type AliasRow = Awaited<ReturnType<typeof getAliasByAddress>>;

/** The JSON shape of one element of `kontor alias list --json`. */
export function aliasJson(alias: AliasRow) {
  return {
    address: alias.address,
    displayAddress: alias.displayAddress,
    destinations: alias.destinations,
    targets: alias.targets,
    catchAll: alias.catchAll,
    active: alias.active,
    createdAt: alias.createdAt.toISOString(),
  };
}

function describeSource(alias: AliasRow): string {
  return alias.catchAll ? `${alias.displayAddress} (catch-all)` : alias.displayAddress;
}

export const aliasCommands: GroupSpec = {
  name: 'alias',
  summary: 'Add, list and remove aliases (forwards) and catch-alls',
  commands: [
    {
      name: 'add',
      summary: 'Forward SOURCE to one or more addresses, here or elsewhere',
      positionals: [{ name: 'SOURCE' }, { name: 'DEST', label: 'DEST[,DEST…]', variadic: true }],
      options: {},
      examples: [
        'kontor alias add sales@example.com anna@example.com,ben@example.com',
        'kontor alias add *@example.com info@example.com   # catch-all; quote * in a shell: "*@example.com"',
        'kontor alias add team@example.com someone@elsewhere.org',
      ],
      notes: ['A destination in a domain hosted here must already be a mailbox or alias.'],
      async run(ctx, input) {
        const { localPart, domainName } = splitAddress(input.arg('SOURCE'), 'alias address');
        const { CLI_ACTOR, createAlias } = await data();
        const domain = await findDomain(ctx, domainName, { adding: true });
        const alias = await createAlias(await ctx.db(), CLI_ACTOR, {
          domainId: domain.id,
          localPart,
          destinations: input.args('DEST').join(','),
        });
        ctx.print(`Created ${alias.catchAll ? 'catch-all' : 'alias'} ${alias.displayAddress} → ${alias.destinations.join(', ')}`);
      },
    },
    {
      name: 'list',
      summary: 'List the aliases of a domain',
      positionals: [{ name: 'DOMAIN' }],
      options: { json: JSON_OPTION },
      examples: ['kontor alias list example.com', 'kontor alias list example.com --json'],
      async run(ctx, input) {
        const { CLI_ACTOR, listAliases } = await data();
        const domain = await findDomain(ctx, input.arg('DOMAIN'));
        const aliases = await listAliases(await ctx.db(), CLI_ACTOR, domain.id);
        if (input.flag('json')) return ctx.print(toJson(aliases.map(aliasJson)));
        if (aliases.length === 0) return ctx.print(`No aliases in ${domain.unicodeName} yet.`);
        ctx.print(
          table(
            [
              { header: 'ALIAS', value: describeSource },
              { header: 'ACTIVE', value: (a) => yesNo(a.active) },
              { header: 'DESTINATIONS', value: (a) => a.targets.map((t) => (t.external ? `${t.address} (external)` : t.address)).join(', ') },
            ],
            aliases,
          ),
        );
      },
    },
    {
      name: 'remove',
      summary: 'Remove an alias or catch-all',
      positionals: [{ name: 'SOURCE' }],
      options: {},
      examples: ['kontor alias remove sales@example.com', 'kontor alias remove "*@example.com"'],
      async run(ctx, input) {
        const { CLI_ACTOR, deleteAlias, getAliasByAddress } = await data();
        const db = await ctx.db();
        const alias = await getAliasByAddress(db, CLI_ACTOR, input.arg('SOURCE').trim());
        await deleteAlias(db, CLI_ACTOR, alias.id);
        ctx.print(`Removed ${alias.catchAll ? 'catch-all' : 'alias'} ${alias.displayAddress}`);
      },
    },
  ],
};
