import { ForbiddenError } from '@kontor/core';

/**
 * Who is acting. Every data function takes one: it decides what rows are
 * visible and it names the author of the audit log row.
 */
export type Actor =
  | { kind: 'superadmin'; id: number; email: string; ip?: string }
  | { kind: 'domain_admin'; id: number; email: string; ip?: string }
  | ApiKeyActor
  | MailboxActor
  | { kind: 'cli' }
  | { kind: 'system' };

/**
 * A call of the REST API, made with an API key (packages/db/src/api-keys.ts).
 * `global`: a superadmin key; otherwise it sees only `domainIds`, like a
 * domain admin. A sending key has no domains and only `senders`.
 */
export interface ApiKeyActor {
  kind: 'api_key';
  id: number;
  /** The key's public part (`kontor_…`), which names it in the audit log. */
  prefix: string;
  name: string;
  scope: 'superadmin' | 'domains' | 'send';
  global: boolean;
  domainIds: number[];
  /** Sending keys: the From addresses (`info@example.com`) or whole domains (`@example.com`) it may use. */
  senders: string[];
  ip?: string;
}

/**
 * A mailbox user signed in to webmail. They see and change only their own
 * mailbox (isOwnMailbox); every admin data function refuses them.
 */
export interface MailboxActor {
  kind: 'mailbox';
  /** The mailbox's id. */
  id: number;
  domainId: number;
  /** local@ascii-domain, as stored. */
  address: string;
  ip?: string;
}

export const CLI_ACTOR: Actor = { kind: 'cli' };
export const SYSTEM_ACTOR: Actor = { kind: 'system' };

export function actorName(actor: Actor): string {
  switch (actor.kind) {
    case 'superadmin':
    case 'domain_admin':
      return `admin:${actor.email}`;
    case 'api_key':
      return `api:${actor.prefix}`;
    case 'mailbox':
      return `mailbox:${actor.address}`;
    default:
      return actor.kind;
  }
}

/** Superadmins, superadmin API keys, the CLI and the system see everything; domain admins and domain keys see their domains. */
export function isGlobal(actor: Actor): boolean {
  if (actor.kind === 'api_key') return actor.global;
  return actor.kind !== 'domain_admin' && actor.kind !== 'mailbox';
}

export function requireGlobal(actor: Actor, what: string): void {
  if (!isGlobal(actor)) throw new ForbiddenError(`Only a superadmin can ${what}`);
}

/** Whether the actor is the signed-in administrator `adminId` themself (an API key never is). */
export function isSelf(actor: Actor, adminId: number): boolean {
  return (actor.kind === 'superadmin' || actor.kind === 'domain_admin') && actor.id === adminId;
}

/** A Prisma `where` on Domain that keeps only the actor's domains. */
export function domainScope(actor: Actor) {
  // Under AND, not as `id`: callers spread this beside their own `id` or `name` condition.
  if (actor.kind === 'api_key') return actor.global ? {} : { AND: [{ id: { in: actor.domainIds } }] };
  // A mailbox user administers no domain, not even their own.
  if (actor.kind === 'mailbox') return { AND: [{ id: { in: [] as number[] } }] };
  return actor.kind === 'domain_admin' ? { admins: { some: { adminId: actor.id } } } : {};
}

/** Whether the actor is the mailbox user `mailboxId` themself, signed in to webmail. */
export function isOwnMailbox(actor: Actor, mailboxId: number): actor is MailboxActor {
  return actor.kind === 'mailbox' && actor.id === mailboxId;
}
