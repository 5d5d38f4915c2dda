import { localPartOf, parseDomainName, splitAddress } from '@kontor/core';
import { CATCH_ALL } from './aliases.ts';
import type { DbTx } from './client.ts';

/** How deep alias chains may go before we call it a misconfiguration. */
export const MAX_ALIAS_DEPTH = 10;

export interface LocalTarget {
  mailboxId: number;
  /** The mailbox's own address. */
  address: string;
  quotaBytes: bigint;
  usedBytes: bigint;
}

export type RecipientResolution =
  | { kind: 'deliver'; mailboxes: LocalTarget[]; forwards: string[] }
  /** The domain is not hosted here: only authenticated senders may relay. */
  | { kind: 'not-local' }
  | { kind: 'domain-inactive' }
  | { kind: 'unknown' }
  | { kind: 'inactive' }
  | { kind: 'loop'; chain: string[] }
  | { kind: 'too-deep' };

interface Split {
  local: string;
  domain: string;
}

function split(address: string): Split | null {
  const parts = splitAddress(address);
  if (!parts) return null;
  const domain = parseDomainName(parts.domain);
  if (!domain.ok) return null;
  return { local: parts.local.toLowerCase(), domain: domain.value.ascii };
}

/**
 * Resolves an envelope recipient to the mailboxes that receive it and the
 * external addresses it is forwarded to. Order of lookup for an address of
 * a hosted domain: mailbox, alias, the same two without a `+tag`, then the
 * domain's catch-all. Alias chains are followed to MAX_ALIAS_DEPTH; an
 * address met twice on one path is a loop and the whole recipient is
 * refused (delivering half of a loop would hide the mistake).
 */
export async function resolveRecipient(db: DbTx, address: string): Promise<RecipientResolution> {
  const start = split(address);
  if (!start) return { kind: 'unknown' };
  const domains = new Map<string, { id: number; active: boolean } | null>();
  const domainOf = async (name: string) => {
    if (!domains.has(name)) domains.set(name, await db.domain.findUnique({ where: { name }, select: { id: true, active: true } }));
    return domains.get(name) ?? null;
  };

  const first = await domainOf(start.domain);
  if (!first) return { kind: 'not-local' };
  if (!first.active) return { kind: 'domain-inactive' };

  const mailboxes = new Map<number, LocalTarget>();
  const forwards = new Set<string>();

  type Outcome = 'ok' | 'unknown' | 'inactive' | { loop: string[] } | 'too-deep';
  const visit = async (target: Split, path: string[]): Promise<Outcome> => {
    const key = `${target.local}@${target.domain}`;
    if (path.includes(key)) return { loop: [...path, key] };
    if (path.length > MAX_ALIAS_DEPTH) return 'too-deep';
    const domain = await domainOf(target.domain);
    if (!domain) {
      forwards.add(key);
      return 'ok';
    }
    if (!domain.active) return 'unknown';
    const base = target.local.includes('+') ? target.local.slice(0, target.local.indexOf('+')) : null;
    for (const local of base ? [target.local, base] : [target.local]) {
      const mailbox = await db.mailbox.findUnique({
        where: { domainId_localPart: { domainId: domain.id, localPart: local } },
        select: { id: true, active: true, quotaBytes: true, usedBytes: true },
      });
      if (mailbox) {
        if (!mailbox.active) return 'inactive';
        mailboxes.set(mailbox.id, {
          mailboxId: mailbox.id,
          address: `${local}@${target.domain}`,
          quotaBytes: mailbox.quotaBytes,
          usedBytes: mailbox.usedBytes,
        });
        return 'ok';
      }
      const alias = await db.alias.findUnique({ where: { domainId_localPart: { domainId: domain.id, localPart: local } } });
      if (alias?.active) return expand(alias.destinations, [...path, key]);
    }
    const catchAll = await db.alias.findUnique({ where: { domainId_localPart: { domainId: domain.id, localPart: CATCH_ALL } } });
    if (catchAll?.active) return expand(catchAll.destinations, [...path, key]);
    return 'unknown';
  };
  const expand = async (destinations: string[], path: string[]): Promise<Outcome> => {
    for (const destination of destinations) {
      const next = split(destination);
      if (!next) continue;
      // External local parts keep their case; ours are lower case.
      const domain = await domainOf(next.domain);
      if (!domain) {
        forwards.add(`${localPartOf(destination)}@${next.domain}`);
        continue;
      }
      const outcome = await visit(next, path);
      if (outcome !== 'ok' && outcome !== 'unknown' && outcome !== 'inactive') return outcome;
    }
    return 'ok';
  };

  const outcome = await visit(start, []);
  if (outcome === 'unknown' || outcome === 'inactive' || outcome === 'too-deep') return { kind: outcome };
  if (typeof outcome === 'object') return { kind: 'loop', chain: outcome.loop };
  if (!mailboxes.size && !forwards.size) return { kind: 'unknown' };
  return { kind: 'deliver', mailboxes: [...mailboxes.values()], forwards: [...forwards] };
}
