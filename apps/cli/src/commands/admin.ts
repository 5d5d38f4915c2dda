/** `kontor admin add|list|remove|assign|unassign` */
import { type GroupSpec, JSON_OPTION } from '../args.ts';
import type { Context } from '../context.ts';
import { data } from '../deps.ts';
import { CliError } from '../errors.ts';
import { table, toJson, yesNo } from '../output.ts';
import { resolvePassword } from '../password.ts';
import { findDomain } from './common.ts';

const ROLES: Record<string, 'SUPERADMIN' | 'DOMAIN_ADMIN'> = { superadmin: 'SUPERADMIN', 'domain-admin': 'DOMAIN_ADMIN' };

/** Domain ids by ASCII name and names by id, for showing assignments. */
async function domainNames(ctx: Context): Promise<Map<number, string>> {
  const { CLI_ACTOR, listDomains } = await data();
  return new Map((await listDomains(await ctx.db(), CLI_ACTOR)).map((d) => [d.id, d.unicodeName]));
}

async function findAdmin(ctx: Context, email: string) {
  const { CLI_ACTOR, getAdminByEmail } = await data();
  return getAdminByEmail(await ctx.db(), CLI_ACTOR, email);
}

export const adminCommands: GroupSpec = {
  name: 'admin',
  summary: 'Add, list and remove panel administrators; give domain admins their domains',
  commands: [
    {
      name: 'add',
      summary: 'Add a superadmin or a domain admin',
      positionals: [{ name: 'EMAIL' }],
      options: {
        password: { type: 'string', value: 'PW', required: true, help: 'The password (at least 10 characters); - reads it from stdin' },
        role: { type: 'string', value: 'ROLE', help: 'superadmin or domain-admin (default: domain-admin)' },
        domains: { type: 'string', value: 'DOMAIN[,DOMAIN…]', help: 'The domains a domain admin administers' },
        name: { type: 'string', value: 'NAME', help: 'Display name' },
      },
      examples: ['kontor admin add anna@example.com --password - --domains example.com', 'kontor admin add it@example.com --password - --role superadmin'],
      notes: ['Use --password - to keep the password out of shell history.'],
      async run(ctx, input) {
        const roleName = input.string('role') ?? 'domain-admin';
        const role = ROLES[roleName];
        if (!role) throw new CliError(`invalid --role: "${roleName}"; use superadmin or domain-admin`);
        const domainList = (input.string('domains') ?? '')
          .split(',')
          .map((d) => d.trim())
          .filter(Boolean);
        if (role === 'SUPERADMIN' && domainList.length) throw new CliError('a superadmin administers every domain; leave out --domains');
        const password = await resolvePassword(input.string('password')!);
        const domains = await Promise.all(domainList.map((name) => findDomain(ctx, name)));
        const { CLI_ACTOR, createAdminAccount } = await data();
        const admin = await createAdminAccount(await ctx.db(), CLI_ACTOR, {
          email: input.arg('EMAIL'),
          password,
          displayName: input.string('name'),
          role,
          domainIds: domains.map((d) => d.id),
        });
        const scope = role === 'SUPERADMIN' ? 'superadmin' : `domain admin of ${domains.map((d) => d.unicodeName).join(', ') || 'no domain yet'}`;
        ctx.print(`Created administrator ${admin?.email} (${scope})`);
      },
    },
    {
      name: 'list',
      summary: 'List the administrators',
      positionals: [],
      options: { json: JSON_OPTION },
      examples: ['kontor admin list', 'kontor admin list --json'],
      async run(ctx, input) {
        const { CLI_ACTOR, listAdminAccounts } = await data();
        const [admins, names] = await Promise.all([listAdminAccounts(await ctx.db(), CLI_ACTOR), domainNames(ctx)]);
        const rows = admins.map((admin) => ({
          email: admin.email,
          displayName: admin.displayName,
          role: admin.role === 'SUPERADMIN' ? 'superadmin' : 'domain-admin',
          active: admin.active,
          domains: admin.domains.map((d) => names.get(d.domainId) ?? String(d.domainId)).sort(),
          lastLoginAt: admin.lastLoginAt?.toISOString() ?? null,
        }));
        if (input.flag('json')) return ctx.print(toJson(rows));
        ctx.print(
          table(
            [
              { header: 'EMAIL', value: (r) => r.email },
              { header: 'ROLE', value: (r) => r.role },
              { header: 'ACTIVE', value: (r) => yesNo(r.active) },
              { header: 'DOMAINS', value: (r) => (r.role === 'superadmin' ? 'all' : r.domains.join(', ') || '-') },
              { header: 'LAST SIGN-IN', value: (r) => r.lastLoginAt ?? 'never' },
            ],
            rows,
          ),
        );
      },
    },
    {
      name: 'remove',
      summary: 'Remove an administrator (its sessions end at once)',
      positionals: [{ name: 'EMAIL' }],
      options: {},
      examples: ['kontor admin remove anna@example.com'],
      notes: ['The last active superadmin cannot be removed.'],
      async run(ctx, input) {
        const admin = await findAdmin(ctx, input.arg('EMAIL'));
        const { CLI_ACTOR, removeAdminAccount } = await data();
        await removeAdminAccount(await ctx.db(), CLI_ACTOR, admin.id);
        ctx.print(`Removed administrator ${admin.email}`);
      },
    },
    {
      name: 'assign',
      summary: 'Let a domain admin administer one more domain',
      positionals: [{ name: 'EMAIL' }, { name: 'DOMAIN' }],
      options: {},
      examples: ['kontor admin assign anna@example.com shop.example'],
      async run(ctx, input) {
        const admin = await findAdmin(ctx, input.arg('EMAIL'));
        const domain = await findDomain(ctx, input.arg('DOMAIN'));
        const { CLI_ACTOR, assignAdminDomain } = await data();
        const changed = await assignAdminDomain(await ctx.db(), CLI_ACTOR, admin.id, domain.id);
        ctx.print(changed ? `${admin.email} now administers ${domain.unicodeName}` : `${admin.email} already administers ${domain.unicodeName}`);
      },
    },
    {
      name: 'unassign',
      summary: 'Take a domain away from a domain admin',
      positionals: [{ name: 'EMAIL' }, { name: 'DOMAIN' }],
      options: {},
      examples: ['kontor admin unassign anna@example.com shop.example'],
      async run(ctx, input) {
        const admin = await findAdmin(ctx, input.arg('EMAIL'));
        const domain = await findDomain(ctx, input.arg('DOMAIN'));
        const { CLI_ACTOR, unassignAdminDomain } = await data();
        const changed = await unassignAdminDomain(await ctx.db(), CLI_ACTOR, admin.id, domain.id);
        if (!changed) throw new CliError(`${admin.email} does not administer ${domain.unicodeName}`);
        ctx.print(`${admin.email} no longer administers ${domain.unicodeName}`);
      },
    },
  ],
};
