import { domainToASCII } from 'node:url';
import { canonicalTimeZone, DEFAULT_LOCALE, domainOfAddress, isLocale, type Locale, MTA_STS_MODES } from '@kontor/core';
import { z } from 'zod';
import type { Actor } from './actor.ts';
import { CATCH_ALL, createAlias, getAlias, updateAlias } from './aliases.ts';
import { writeAudit } from './audit.ts';
import type { Db, DbTx } from './client.ts';
import { requestDnsCheck } from './dns-check-requests.ts';
import { getDomain } from './domains.ts';
import { USER_FORWARDING_POLICIES, type UserForwardingPolicy } from './self-service-mailbox.ts';
import { booleanField, parseInput } from './validate.ts';

/**
 * A domain's own settings beside its limits: the language of the mail
 * Kontor writes for it (bounces, notifications), the time zone its people
 * enter and read dates in (autoresponder start and end), and its
 * catch-all. Domain admins may change these for their domains.
 */

/** One of LOCALES; any text is accepted as input, so a wrong one is a message beside the field. */
export const domainLanguageField = z.string({ message: 'Choose English or Deutsch' }).transform((value, ctx) => {
  if (isLocale(value)) return value;
  ctx.addIssue({ code: 'custom', message: 'Choose English or Deutsch' });
  return z.NEVER;
});

export const timeZoneField = z.string({ message: 'Choose a time zone, for example Europe/Berlin' }).transform((value, ctx) => {
  const zone = canonicalTimeZone(value);
  if (!zone) {
    ctx.addIssue({ code: 'custom', message: 'Choose a time zone, for example Europe/Berlin' });
    return z.NEVER;
  }
  return zone;
});

export const domainLocaleInput = z.object({ language: domainLanguageField.optional(), timeZone: timeZoneField.optional() });
export type DomainLocaleInput = z.input<typeof domainLocaleInput>;

/** Sets the domain's language and time zone (absent fields stay), audited as domain.update. */
export async function updateDomainLocale(db: Db, actor: Actor, domainId: number, input: DomainLocaleInput) {
  const data = parseInput(domainLocaleInput, input);
  return db.$transaction(async (tx) => {
    const before = await getDomain(tx, actor, domainId);
    const domain = await tx.domain.update({ where: { id: before.id }, data: { language: data.language, timeZone: data.timeZone } });
    await writeAudit(tx, actor, {
      action: 'domain.update',
      targetType: 'domain',
      targetId: domain.id,
      domainId: domain.id,
      before: { language: before.language, timeZone: before.timeZone },
      after: { language: domain.language, timeZone: domain.timeZone },
    });
    return domain;
  });
}

export const userForwardingField = z.enum(USER_FORWARDING_POLICIES, { message: 'Choose what mailbox users may forward to' });

/**
 * What the domain's mailbox users may set as forwarding themselves in
 * webmail: 'any' address (the default), 'internal' (only addresses of this
 * domain) or 'off'. Forwarding set before stays until someone changes it;
 * administrators set any forwarding on the mailbox page. Audited as
 * domain.update.
 */
export async function updateDomainUserForwarding(db: Db, actor: Actor, domainId: number, policy: string) {
  const userForwarding: UserForwardingPolicy = parseInput(z.object({ userForwarding: userForwardingField }), { userForwarding: policy }).userForwarding;
  return db.$transaction(async (tx) => {
    const before = await getDomain(tx, actor, domainId);
    const domain = await tx.domain.update({ where: { id: before.id }, data: { userForwarding } });
    await writeAudit(tx, actor, {
      action: 'domain.update',
      targetType: 'domain',
      targetId: domain.id,
      domainId: domain.id,
      before: { userForwarding: before.userForwarding },
      after: { userForwarding },
    });
    // Mailboxes whose forwarding (set before) goes further than the new rule allows, for the admin to look at.
    const forwarding = await tx.mailbox.findMany({ where: { domainId: domain.id, NOT: { forwardTo: { isEmpty: true } } }, select: { forwardTo: true } });
    const beyond = forwarding.filter(
      (m) => userForwarding === 'off' || (userForwarding === 'internal' && m.forwardTo.some((a) => domainOfAddress(a) !== domain.name)),
    );
    return { domain, mailboxesBeyond: userForwarding === 'any' ? 0 : beyond.length };
  });
}

export const mtaStsModeField = z.enum(MTA_STS_MODES, { message: 'Choose none, testing or enforce' });

/**
 * The MTA-STS mode of the policy served at mta-sts.<domain> (RFC 8461 §5):
 * testing (the default: senders report, deliver anyway), enforce (senders
 * deliver only over verified TLS to the listed MX), none (withdraws the
 * policy). The policy's id changes with it, so the `_mta-sts` TXT record
 * must be updated: a DNS check is asked for at once. Audited as domain.update.
 */
export async function updateDomainMtaStsMode(db: Db, actor: Actor, domainId: number, mode: string) {
  const { mtaStsMode } = parseInput(z.object({ mtaStsMode: mtaStsModeField }), { mtaStsMode: mode });
  return db.$transaction(async (tx) => {
    const before = await getDomain(tx, actor, domainId);
    const domain = await tx.domain.update({ where: { id: before.id }, data: { mtaStsMode } });
    await writeAudit(tx, actor, {
      action: 'domain.update',
      targetType: 'domain',
      targetId: domain.id,
      domainId: domain.id,
      before: { mtaStsMode: before.mtaStsMode },
      after: { mtaStsMode },
    });
    if (before.mtaStsMode !== mtaStsMode) await requestDnsCheck(tx, domain.id);
    return domain;
  });
}

/**
 * The language of mail Kontor writes to `address` (a bounce to a sender):
 * its domain's language when the domain is hosted here, else English.
 */
export async function mailLanguageOf(db: DbTx, address: string): Promise<Locale> {
  const domain = domainOfAddress(address).replace(/\.$/, '');
  if (!domain) return DEFAULT_LOCALE;
  const row = await db.domain.findUnique({ where: { name: domainToASCII(domain) || domain }, select: { language: true } });
  return row && isLocale(row.language) ? row.language : DEFAULT_LOCALE;
}

/** The domain's catch-all alias (`*@domain`), on or off, or null when it has never had one. */
export async function getCatchAll(db: DbTx, actor: Actor, domainId: number) {
  const domain = await getDomain(db, actor, domainId);
  const row = await db.alias.findUnique({ where: { domainId_localPart: { domainId: domain.id, localPart: CATCH_ALL } }, select: { id: true } });
  return row ? getAlias(db, actor, row.id) : null;
}

export const catchAllInput = z.object({
  enabled: booleanField,
  /** Needed to switch it on; kept (not checked) when switching off. */
  destinations: z.union([z.string(), z.array(z.string())]).optional(),
});
export type CatchAllInput = z.input<typeof catchAllInput>;

/**
 * The catch-all toggle: on takes all mail to addresses of the domain that
 * are neither mailbox nor alias to the destinations (created the first
 * time, updated after); off deactivates it and keeps its destinations for
 * the next time. Checked and audited as any alias change.
 */
export async function setCatchAll(db: Db, actor: Actor, domainId: number, input: CatchAllInput) {
  const data = parseInput(catchAllInput, input);
  const current = await getCatchAll(db, actor, domainId);
  if (!data.enabled) {
    if (!current?.active) return current;
    return updateAlias(db, actor, current.id, { active: false });
  }
  const destinations = data.destinations ?? '';
  if (current) return updateAlias(db, actor, current.id, { destinations, active: true });
  return createAlias(db, actor, { domainId, localPart: CATCH_ALL, destinations, active: true });
}
