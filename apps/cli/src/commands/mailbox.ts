/** `kontor mailbox add|list|show|password|remove` */
import type { getMailboxByAddress } from '@kontor/db';
import { type GroupSpec, JSON_OPTION, type OptionSpec } from '../args.ts';
import { core, data, store } from '../deps.ts';
import { CliError } from '../errors.ts';
import { keyValues, plural, table, toJson, yesNo } from '../output.ts';
import { resolvePassword } from '../password.ts';
import { findDomain, splitAddress } from './common.ts';

type MailboxRow = Awaited<ReturnType<typeof getMailboxByAddress>>;

/** The JSON shape of `kontor mailbox show --json` (and of each `list --json` element). */
export function mailboxJson(mailbox: MailboxRow) {
  return {
    address: mailbox.address,
    displayAddress: mailbox.displayAddress,
    displayName: mailbox.displayName,
    messages: mailbox.messageCount,
    usedBytes: Number(mailbox.usedBytes),
    quotaBytes: Number(mailbox.quotaBytes),
    active: mailbox.active,
    lastLoginAt: mailbox.lastLoginAt?.toISOString() ?? null,
    createdAt: mailbox.createdAt.toISOString(),
  };
}

async function usage(mailbox: MailboxRow): Promise<string> {
  const { formatQuota, formatSize } = await core();
  if (mailbox.quotaBytes === 0n) return `${formatSize(mailbox.usedBytes)} (no quota)`;
  const percent = Math.round((Number(mailbox.usedBytes) / Number(mailbox.quotaBytes)) * 100);
  return `${formatSize(mailbox.usedBytes)} of ${formatQuota(mailbox.quotaBytes)} (${percent}%)`;
}

const PASSWORD_OPTION: OptionSpec = {
  type: 'string',
  value: 'PW',
  required: true,
  help: 'The password (at least 10 characters); - reads it from stdin',
};
const PASSWORD_NOTE = 'Use --password - to keep the password out of shell history: kontor reads the first line of stdin, or asks twice on a terminal.';

export const mailboxCommands: GroupSpec = {
  name: 'mailbox',
  summary: 'Add, list, show and remove mailboxes; reset their passwords',
  commands: [
    {
      name: 'add',
      summary: 'Add a mailbox to an existing domain',
      positionals: [{ name: 'ADDRESS' }],
      options: {
        password: PASSWORD_OPTION,
        quota: { type: 'string', value: 'SIZE', help: "500M, 2G, 0 = unlimited (default: the domain's default quota)" },
        name: { type: 'string', value: 'NAME', help: 'Display name, for example "Info Desk"' },
      },
      examples: [
        'kontor mailbox add info@example.com --password - --name "Info Desk"',
        'printf \'%s\\n\' "$PW" | kontor mailbox add info@example.com --password - --quota 2G',
      ],
      notes: [PASSWORD_NOTE],
      async run(ctx, input) {
        const { localPart, domainName } = splitAddress(input.arg('ADDRESS'), 'address');
        const password = await resolvePassword(input.string('password')!);
        const [{ formatQuota }, { CLI_ACTOR, createMailbox }] = await Promise.all([core(), data()]);
        const domain = await findDomain(ctx, domainName, { adding: true });
        const mailbox = await createMailbox(await ctx.db(), CLI_ACTOR, {
          domainId: domain.id,
          localPart,
          password,
          displayName: input.string('name'),
          quota: input.string('quota'),
        });
        ctx.print(`Created mailbox ${mailbox.displayAddress} (quota ${formatQuota(mailbox.quotaBytes)})`);
      },
    },
    {
      name: 'list',
      summary: 'List the mailboxes of a domain',
      positionals: [{ name: 'DOMAIN' }],
      options: { json: JSON_OPTION },
      examples: ['kontor mailbox list example.com', 'kontor mailbox list example.com --json'],
      async run(ctx, input) {
        const [{ formatQuota, formatSize }, { CLI_ACTOR, listMailboxes }] = await Promise.all([core(), data()]);
        const domain = await findDomain(ctx, input.arg('DOMAIN'));
        const mailboxes = await listMailboxes(await ctx.db(), CLI_ACTOR, domain.id);
        if (input.flag('json')) return ctx.print(toJson(mailboxes.map(mailboxJson)));
        if (mailboxes.length === 0) {
          return ctx.print(`No mailboxes in ${domain.unicodeName} yet. Add one with: kontor mailbox add info@${domain.unicodeName} --password -`);
        }
        ctx.print(
          table(
            [
              { header: 'ADDRESS', value: (m) => m.displayAddress },
              { header: 'NAME', value: (m) => m.displayName },
              { header: 'MESSAGES', value: (m) => String(m.messageCount), align: 'right' },
              { header: 'USED', value: (m) => formatSize(m.usedBytes), align: 'right' },
              { header: 'QUOTA', value: (m) => formatQuota(m.quotaBytes), align: 'right' },
              { header: 'ACTIVE', value: (m) => yesNo(m.active) },
            ],
            mailboxes,
          ),
        );
      },
    },
    {
      name: 'show',
      summary: 'Show one mailbox: name, messages, storage used and quota',
      positionals: [{ name: 'ADDRESS' }],
      options: { json: JSON_OPTION },
      examples: ['kontor mailbox show info@example.com', 'kontor mailbox show info@example.com --json'],
      async run(ctx, input) {
        const { CLI_ACTOR, getMailboxByAddress } = await data();
        const mailbox = await getMailboxByAddress(await ctx.db(), CLI_ACTOR, input.arg('ADDRESS'));
        if (input.flag('json')) return ctx.print(toJson(mailboxJson(mailbox)));
        ctx.print(
          keyValues([
            ['Address', mailbox.displayAddress === mailbox.address ? mailbox.address : `${mailbox.displayAddress} (${mailbox.address})`],
            ['Name', mailbox.displayName || '-'],
            ['Messages', String(mailbox.messageCount)],
            ['Used', await usage(mailbox)],
            ['Active', yesNo(mailbox.active)],
            ['Last login', mailbox.lastLoginAt?.toISOString() ?? 'never'],
            ['Created', mailbox.createdAt.toISOString()],
          ]),
        );
      },
    },
    {
      name: 'password',
      summary: "Set a new password for a mailbox (a reset: the old one isn't needed)",
      positionals: [{ name: 'ADDRESS' }],
      options: { password: PASSWORD_OPTION },
      examples: ['kontor mailbox password info@example.com --password -'],
      notes: [PASSWORD_NOTE],
      async run(ctx, input) {
        const password = await resolvePassword(input.string('password')!);
        const { CLI_ACTOR, getMailboxByAddress, updateMailbox } = await data();
        const db = await ctx.db();
        const mailbox = await getMailboxByAddress(db, CLI_ACTOR, input.arg('ADDRESS'));
        await updateMailbox(db, CLI_ACTOR, mailbox.id, { password });
        ctx.print(`Changed the password of ${mailbox.displayAddress}`);
      },
    },
    {
      name: 'remove',
      summary: 'Remove a mailbox with its folders and mail',
      positionals: [{ name: 'ADDRESS' }],
      options: { yes: { type: 'boolean', help: 'Remove it even if it still holds mail' } },
      examples: ['kontor mailbox remove info@example.com', 'kontor mailbox remove info@example.com --yes'],
      notes: ['An empty mailbox goes at once; one that holds messages needs --yes.'],
      async run(ctx, input) {
        const [{ formatSize }, { CLI_ACTOR, deleteMailbox, getMailboxByAddress }, { releaseBlobsOf }] = await Promise.all([core(), data(), store()]);
        const db = await ctx.db();
        const mailbox = await getMailboxByAddress(db, CLI_ACTOR, input.arg('ADDRESS'));
        const held = `${plural(mailbox.messageCount, 'message')} (${formatSize(mailbox.usedBytes)})`;
        if (mailbox.messageCount > 0 && !input.flag('yes')) {
          throw new CliError(`${mailbox.displayAddress} still holds ${held}; run again with --yes to remove it and its mail`);
        }
        await deleteMailbox(db, CLI_ACTOR, mailbox.id, { releaseBlobs: releaseBlobsOf });
        ctx.print(`Removed mailbox ${mailbox.displayAddress}${mailbox.messageCount > 0 ? ` and its ${held}` : ''}`);
      },
    },
  ],
};
