import { domainOfAddress, ForbiddenError, localPartOf, parseDestinationAddress, ValidationError } from '@kontor/core';
import { z } from 'zod';
import { type Actor, domainScope, type MailboxActor } from './actor.ts';
import { CATCH_ALL } from './aliases.ts';
import { writeAudit } from './audit.ts';
import type { Db, DbTx } from './client.ts';
import type { getMailbox } from './mailboxes.ts';
import { resolveRecipient } from './recipients.ts';
import { getMailboxForActor, userForwardingPolicy } from './self-service-mailbox.ts';
import { booleanField, parseInput } from './validate.ts';

/** More forward addresses than this is a distribution list: make an alias. */
export const MAX_FORWARD_ADDRESSES = 20;

/** Accepts an array or text separated by commas, spaces, semicolons or new lines. */
const forwardToField = z.union([z.string(), z.array(z.string())]).transform((value, ctx) => {
  const items = (Array.isArray(value) ? value : value.split(/[\s,;]+/)).map((s) => s.trim()).filter(Boolean);
  if (items.length > MAX_FORWARD_ADDRESSES) {
    ctx.addIssue({ code: 'custom', message: `At most ${MAX_FORWARD_ADDRESSES} forward addresses` });
    return z.NEVER;
  }
  try {
    // The same rule as alias destinations: any address another server would accept.
    return [...new Set(items.map((item) => parseDestinationAddress(item, 'forwardTo')))];
  } catch (error) {
    ctx.addIssue({ code: 'custom', message: (error as ValidationError).message });
    return z.NEVER;
  }
});

export const setForwardingInput = z.object({
  /** Off: forwarding is removed (the addresses are not kept) and every message stays in the mailbox. */
  enabled: booleanField.default(true),
  /** Where to forward: one or more addresses, hosted here or elsewhere. Ignored when `enabled` is false. */
  forwardTo: forwardToField.default([]),
  /** Keep a copy in this mailbox as well (default). */
  keepCopy: booleanField.default(true),
});
export type SetForwardingInput = z.input<typeof setForwardingInput>;

/** The mailbox's forwarding as the panel and the API show it. */
export interface ForwardingView {
  mailboxId: number;
  domainId: number;
  address: string;
  displayAddress: string;
  enabled: boolean;
  /** External: not in one of the actor's domains, so sent on through the outbound queue (with SRS). */
  forwardTo: Array<{ address: string; external: boolean }>;
  keepCopy: boolean;
}

/**
 * The forward targets' domains that are local for this actor. As for alias
 * destinations, a domain admin's view stops at their own domains: an
 * address in someone else's hosted domain is shown and checked as an
 * outside one, so this form cannot tell them which addresses exist there.
 */
async function actorDomains(db: DbTx, actor: Actor, addresses: string[]): Promise<Set<string>> {
  const names = [...new Set(addresses.map(domainOfAddress))];
  if (!names.length) return new Set();
  // A mailbox user's view is their own domain: an address there is checked (a typo would lose mail), any other is an outside one.
  const scope = actor.kind === 'mailbox' ? { id: actor.domainId } : domainScope(actor);
  const rows = await db.domain.findMany({ where: { name: { in: names }, ...scope }, select: { name: true } });
  return new Set(rows.map((r) => r.name));
}

function baseLocalPart(address: string): string {
  const local = localPartOf(address).toLowerCase();
  return local.includes('+') ? local.slice(0, local.indexOf('+')) : local;
}

/**
 * A forward to itself is refused (with or without a +tag), and so is a
 * target in one of the actor's domains that does not exist there: a typo
 * would lose mail.
 */
async function checkTargets(db: DbTx, mailbox: { address: string }, targets: string[], hosted: Set<string>): Promise<void> {
  const own = { local: baseLocalPart(mailbox.address), domain: domainOfAddress(mailbox.address) };
  for (const target of targets) {
    const domainName = domainOfAddress(target);
    if (domainName === own.domain && baseLocalPart(target) === own.local) {
      throw new ValidationError({ forwardTo: 'A mailbox cannot forward to itself' });
    }
    if (!hosted.has(domainName)) continue;
    const where = { domain: { name: domainName } };
    const localParts = [...new Set([localPartOf(target).toLowerCase(), baseLocalPart(target)])];
    const found =
      (await db.mailbox.count({ where: { ...where, localPart: { in: localParts } } })) +
      (await db.alias.count({ where: { ...where, localPart: { in: [...localParts, CATCH_ALL] } } }));
    if (!found) throw new ValidationError({ forwardTo: `${target} is not a mailbox or alias here` });
  }
}

async function view(db: DbTx, actor: Actor, mailbox: Awaited<ReturnType<typeof getMailbox>>, forwardTo: string[], keepCopy: boolean): Promise<ForwardingView> {
  const hosted = await actorDomains(db, actor, forwardTo);
  return {
    mailboxId: mailbox.id,
    domainId: mailbox.domainId,
    address: mailbox.address,
    displayAddress: mailbox.displayAddress,
    enabled: forwardTo.length > 0,
    forwardTo: forwardTo.map((address) => ({ address, external: !hosted.has(domainOfAddress(address)) })),
    keepCopy: forwardTo.length > 0 ? keepCopy : true,
  };
}

/**
 * What a domain lets its mailbox users set themselves (Domain.userForwarding,
 * on the panel's domain settings page), as SOGo's SOGoForwardConstraints
 * does for mailcow: 'any', 'internal' (only addresses of the mailbox's own
 * domain: Kontor hosts several businesses, so another hosted domain is
 * another company) or 'off'. Switching forwarding off is always allowed;
 * administrators are not bound by it.
 */
async function checkUserForwardingPolicy(db: DbTx, actor: MailboxActor, targets: string[]): Promise<void> {
  if (!targets.length) return;
  const domain = await db.domain.findUniqueOrThrow({ where: { id: actor.domainId }, select: { name: true, unicodeName: true, userForwarding: true } });
  const policy = userForwardingPolicy(domain.userForwarding);
  if (policy === 'off') throw new ForbiddenError(`The administrator of ${domain.unicodeName} does not allow forwarding`);
  const outside = policy === 'internal' ? targets.find((target) => domainOfAddress(target) !== domain.name) : undefined;
  if (outside) throw new ValidationError({ forwardTo: `Only addresses @${domain.unicodeName} are allowed: ${outside} is not one` });
}

/** A mailbox's forwarding; a mailbox outside the actor's domains is a NotFoundError, another mailbox's user is refused. */
export async function getForwarding(db: DbTx, actor: Actor, mailboxId: number): Promise<ForwardingView> {
  const mailbox = await getMailboxForActor(db, actor, mailboxId);
  const row = await db.mailbox.findUniqueOrThrow({ where: { id: mailbox.id }, select: { forwardTo: true, forwardKeepCopy: true } });
  return view(db, actor, mailbox, row.forwardTo, row.forwardKeepCopy);
}

/**
 * Sets (or, with `enabled: false`, removes) a mailbox's forwarding: every
 * message it receives goes on to `forwardTo` (hosted addresses delivered
 * here, others through the outbound queue with SRS) and stays in the
 * mailbox too only with `keepCopy`. Refused when the mailbox's mail would
 * then run into an alias loop or a chain deeper than MAX_ALIAS_DEPTH. The
 * mailbox's own user (webmail) is bound by the domain's userForwarding.
 * Audited as `mailbox.forwarding`.
 */
export async function setForwarding(db: Db, actor: Actor, mailboxId: number, input: SetForwardingInput): Promise<ForwardingView> {
  const { enabled } = parseInput(setForwardingInput.pick({ enabled: true }), { enabled: input.enabled });
  // Switched off, what is left in the address field does not matter (and is not checked).
  const data = parseInput(setForwardingInput, enabled ? input : { ...input, forwardTo: [] });
  if (enabled && data.forwardTo.length === 0) {
    throw new ValidationError({ forwardTo: 'Enter at least one address to forward to, or switch forwarding off' });
  }
  // Without forwarding every message stays here: the flag is reset, so it can never hide mail.
  const keepCopy = enabled ? data.keepCopy : true;
  return db.$transaction(async (tx) => {
    const mailbox = await getMailboxForActor(tx, actor, mailboxId);
    if (actor.kind === 'mailbox') await checkUserForwardingPolicy(tx, actor, data.forwardTo);
    const before = await tx.mailbox.findUniqueOrThrow({ where: { id: mailbox.id }, select: { forwardTo: true, forwardKeepCopy: true } });
    const hosted = await actorDomains(tx, actor, data.forwardTo);
    await checkTargets(tx, mailbox, data.forwardTo, hosted);
    // Our local parts are lower case: Ben@ and ben@ are one target.
    const forwardTo = [...new Set(data.forwardTo.map((a) => (hosted.has(domainOfAddress(a)) ? a.toLowerCase() : a)))];
    await tx.mailbox.update({ where: { id: mailbox.id }, data: { forwardTo, forwardKeepCopy: keepCopy } });
    if (forwardTo.length) {
      // Seen from the mailbox's own address, in this transaction: the rules delivery will follow.
      const resolution = await resolveRecipient(tx, mailbox.address);
      if (resolution.kind === 'loop') throw new ValidationError({ forwardTo: 'This forwarding would make mail go round in a loop of aliases' });
      if (resolution.kind === 'too-deep') throw new ValidationError({ forwardTo: 'This forwarding would make a chain of forwards and aliases too long' });
    }
    await writeAudit(tx, actor, {
      action: 'mailbox.forwarding',
      targetType: 'mailbox',
      targetId: mailbox.id,
      domainId: mailbox.domainId,
      before: { address: mailbox.address, forwardTo: before.forwardTo, keepCopy: before.forwardKeepCopy },
      after: { address: mailbox.address, forwardTo, keepCopy },
    });
    return view(tx, actor, mailbox, forwardTo, keepCopy);
  });
}
