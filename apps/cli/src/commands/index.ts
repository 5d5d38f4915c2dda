/** The command table: every group and command `kontor` knows, in help order. */
import type { GroupSpec } from '../args.ts';
import { adminCommands } from './admin.ts';
import { aliasCommands } from './alias.ts';
import { domainCommands } from './domain.ts';
import { mailboxCommands } from './mailbox.ts';

export const GROUPS: GroupSpec[] = [domainCommands, mailboxCommands, aliasCommands, adminCommands];

/** Words operators bring from other tools (docker-mailserver's `setup email add`, `rm`, `ls`). */
export const SYNONYMS: Record<string, string> = {
  email: 'mailbox',
  user: 'mailbox',
  account: 'mailbox',
  domains: 'domain',
  mailboxes: 'mailbox',
  aliases: 'alias',
  admins: 'admin',
  forward: 'alias',
  del: 'remove',
  delete: 'remove',
  rm: 'remove',
  ls: 'list',
  create: 'add',
  new: 'add',
  passwd: 'password',
  info: 'show',
  get: 'show',
};
