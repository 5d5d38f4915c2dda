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

/** A mailbox's own forwarding met while resolving (Mailbox.forwardTo). */
export interface AppliedForwarding {
  /** The mailbox that forwards. */
  from: LocalTarget;
  /** Its forward addresses as configured. */
  to: string[];
  /** Whether it keeps the message too: its keep-copy setting, or because its forwarding reached nobody. */
  keepCopy: boolean;
  /** The envelope recipient is this mailbox itself (not reached through an alias or another forward). */
  addressed: boolean;
}

export type RecipientResolution =
  | {
      kind: 'deliver';
      /** Mailboxes that store the message. */
      mailboxes: LocalTarget[];
      /** External addresses it is forwarded to (through the outbound queue, with SRS from the MX). */
      forwards: string[];
      /** Mailbox forwardings on the way, in the order met. */
      forwardings: AppliedForwarding[];
    }
  /** The domain is not hosted here: only authenticated senders may relay. */
  | { kind: 'not-local' }
  | { kind: 'domain-inactive' }
  | { kind: 'unknown' }
  | { kind: 'inactive' }
  | { kind: 'loop'; chain: string[] }
  | { kind: 'too-deep' };

/** Where an accepted recipient goes: what `deliver` carries, without the kind. */
export type DeliveryTargets = Omit<Extract<RecipientResolution, { kind: 'deliver' }>, 'kind'>;

export interface ResolveOptions {
  /**
   * Follow mailboxes' own forwarding (default). Off for questions about
   * who an address belongs to (may this mailbox send as it, is it named
   * in To:) rather than where a message goes.
   */
  followForwarding?: boolean;
}

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
 * address met twice on one path of aliases is a loop and the whole
 * recipient is refused (delivering half of a loop would hide the mistake).
 *
 * A mailbox with forwarding (Mailbox.forwardTo) sends the message on to
 * its addresses, and keeps it as well only with forwardKeepCopy. Each
 * mailbox's forwarding is followed once per message: a forward that comes
 * back round to a mailbox already reached ends there (no ping-pong; that
 * mailbox has its copy already if it keeps one), and a mailbox whose
 * forwarding reaches nobody (targets unknown, switched off, or only back
 * round the circle) keeps the message itself rather than losing it. The
 * depth limit counts forwards and aliases together.
 */
export async function resolveRecipient(db: DbTx, address: string, options: ResolveOptions = {}): Promise<RecipientResolution> {
  const followForwarding = options.followForwarding ?? true;
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
  const forwardings: AppliedForwarding[] = [];
  /** Mailboxes whose forwarding is being followed (true) or has been (false). */
  const forwarding = new Map<number, boolean>();

  /** 'ok': someone takes the message on this branch; 'unknown'/'inactive': nobody does. */
  type Outcome = 'ok' | 'unknown' | 'inactive' | { loop: string[] } | 'too-deep';
  const fatal = (o: Outcome) => o === 'too-deep' || typeof o === 'object';
  /** `path`: every address on the way (the depth); `aliases`: those since the last mailbox forward (a loop of aliases). */
  const visit = async (target: Split, path: string[], aliases: string[]): Promise<Outcome> => {
    const key = `${target.local}@${target.domain}`;
    if (aliases.includes(key)) return { loop: [...aliases, key] };
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
        select: { id: true, active: true, quotaBytes: true, usedBytes: true, forwardTo: true, forwardKeepCopy: true },
      });
      if (mailbox) {
        if (!mailbox.active) return 'inactive';
        const here: LocalTarget = {
          mailboxId: mailbox.id,
          address: `${local}@${target.domain}`,
          quotaBytes: mailbox.quotaBytes,
          usedBytes: mailbox.usedBytes,
        };
        if (!followForwarding || mailbox.forwardTo.length === 0) {
          mailboxes.set(mailbox.id, here);
          return 'ok';
        }
        const state = forwarding.get(mailbox.id);
        // Back round a circle of forwards: this branch ends (the mailbox's own decision stands).
        if (state === true) return 'unknown';
        if (state === false) return 'ok';
        forwarding.set(mailbox.id, true);
        const applied: AppliedForwarding = { from: here, to: mailbox.forwardTo, keepCopy: mailbox.forwardKeepCopy, addressed: path.length === 0 };
        forwardings.push(applied);
        if (mailbox.forwardKeepCopy) mailboxes.set(mailbox.id, here);
        const outcome = await expand(mailbox.forwardTo, [...path, key], []);
        forwarding.set(mailbox.id, false);
        if (fatal(outcome)) return outcome;
        if (outcome !== 'ok' && !mailbox.forwardKeepCopy) {
          applied.keepCopy = true;
          mailboxes.set(mailbox.id, here);
        }
        return 'ok';
      }
      const alias = await db.alias.findUnique({ where: { domainId_localPart: { domainId: domain.id, localPart: local } } });
      if (alias?.active) return expand(alias.destinations, [...path, key], [...aliases, key]);
    }
    const catchAll = await db.alias.findUnique({ where: { domainId_localPart: { domainId: domain.id, localPart: CATCH_ALL } } });
    if (catchAll?.active) return expand(catchAll.destinations, [...path, key], [...aliases, key]);
    return 'unknown';
  };
  /** 'ok' when at least one destination takes the message. */
  const expand = async (destinations: string[], path: string[], aliases: string[]): Promise<Outcome> => {
    let taken = false;
    for (const destination of destinations) {
      const next = split(destination);
      if (!next) continue;
      // External local parts keep their case; ours are lower case.
      const domain = await domainOf(next.domain);
      if (!domain) {
        forwards.add(`${localPartOf(destination)}@${next.domain}`);
        taken = true;
        continue;
      }
      const outcome = await visit(next, path, aliases);
      if (fatal(outcome)) return outcome;
      if (outcome === 'ok') taken = true;
    }
    return taken ? 'ok' : 'unknown';
  };

  const outcome = await visit(start, [], []);
  if (outcome === 'unknown' || outcome === 'inactive' || outcome === 'too-deep') {
    // An alias whose destinations all take nothing is as unknown as no alias.
    return { kind: outcome };
  }
  if (typeof outcome === 'object') return { kind: 'loop', chain: outcome.loop };
  if (!mailboxes.size && !forwards.size) return { kind: 'unknown' };
  return { kind: 'deliver', mailboxes: [...mailboxes.values()], forwards: [...forwards], forwardings };
}
