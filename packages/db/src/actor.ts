import { ForbiddenError } from '@kontor/core';

/**
 * Who is acting. Every data function takes one: it decides what rows are
 * visible and it names the author of the audit log row.
 */
export type Actor =
  | { kind: 'superadmin'; id: number; email: string; ip?: string }
  | { kind: 'domain_admin'; id: number; email: string; ip?: string }
  | { kind: 'cli' }
  | { kind: 'system' };

export const CLI_ACTOR: Actor = { kind: 'cli' };
export const SYSTEM_ACTOR: Actor = { kind: 'system' };

export function actorName(actor: Actor): string {
  switch (actor.kind) {
    case 'superadmin':
    case 'domain_admin':
      return `admin:${actor.email}`;
    default:
      return actor.kind;
  }
}

/** Superadmins, the CLI and the system see everything; domain admins see their domains. */
export function isGlobal(actor: Actor): boolean {
  return actor.kind !== 'domain_admin';
}

export function requireGlobal(actor: Actor, what: string): void {
  if (!isGlobal(actor)) throw new ForbiddenError(`Only a superadmin can ${what}`);
}

/** A Prisma `where` on Domain that keeps only the actor's domains. */
export function domainScope(actor: Actor) {
  return actor.kind === 'domain_admin' ? { admins: { some: { adminId: actor.id } } } : {};
}
