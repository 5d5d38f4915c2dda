import {
  type AutoresponderState,
  autoresponderActive,
  autoresponderState,
  type FieldErrors,
  LOCAL_DATE_TIME,
  ValidationError,
  zonedLocalToUtc,
} from '@kontor/core';
import { z } from 'zod';
import { type Actor, SYSTEM_ACTOR } from './actor.ts';
import { writeAudit } from './audit.ts';
import type { Db, DbTx } from './client.ts';
import { getMailboxForActor } from './self-service-mailbox.ts';
import { booleanField } from './validate.ts';

/**
 * A mailbox's autoresponder (vacation reply): what the panel, the API and
 * the CLI read and change, and what maild asks on every delivery. The
 * rules of when a message is answered (RFC 3834) are in @kontor/core.
 */

export const AUTORESPONDER_SUBJECT_MAX = 200;
export const AUTORESPONDER_BODY_MAX = 10_000;
/** Answer a sender at most once per this many days (RFC 3834 §2: "not more than once" within a period). */
export const AUTORESPONDER_INTERVAL_MIN = 1;
export const AUTORESPONDER_INTERVAL_MAX = 30;
export const AUTORESPONDER_INTERVAL_DEFAULT = 4;

const INTERVAL_MESSAGE = `Enter a whole number of days from ${AUTORESPONDER_INTERVAL_MIN} to ${AUTORESPONDER_INTERVAL_MAX}`;
const DATE_MESSAGE = 'Enter a date and time, for example 2026-12-24 18:00';

/**
 * A start or end: a Date, an ISO 8601 instant with its offset
 * (`2026-12-24T17:00:00Z`, what the API sends), or a wall-clock time
 * without one (`2026-12-24T18:00`, what the panel's date field sends),
 * read in the domain's time zone. Empty or null: no start / no end.
 */
const momentField = z.union([z.date(), z.string(), z.null()]);

export const autoresponderInput = z.object({
  enabled: booleanField.optional(),
  subject: z.string().optional(),
  body: z.string().optional(),
  startsAt: momentField.optional(),
  endsAt: momentField.optional(),
  intervalDays: z.union([z.number(), z.string()]).optional(),
});
/** Absent fields keep what is saved (or the default for a new autoresponder). */
export type AutoresponderInput = z.input<typeof autoresponderInput>;

export interface AutoresponderSettings {
  enabled: boolean;
  subject: string;
  body: string;
  startsAt: Date | null;
  endsAt: Date | null;
  intervalDays: number;
}

const OFF: AutoresponderSettings = {
  enabled: false,
  subject: '',
  body: '',
  startsAt: null,
  endsAt: null,
  intervalDays: AUTORESPONDER_INTERVAL_DEFAULT,
};

/** A moment as typed (see momentField) → Date, null for none, or an error message. */
function parseMoment(value: Date | string | null, timeZone: string): Date | null | { error: string } {
  if (value === null) return null;
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? { error: DATE_MESSAGE } : value;
  const text = value.trim();
  if (!text) return null;
  // As typed in German without a date picker: 24.12.2026 18:00.
  const german = /^(\d{1,2})\.(\d{1,2})\.(\d{4}),?\s+(\d{1,2}):(\d{2})$/.exec(text);
  if (german) {
    const [day = '', month = '', year = '', hour = '', minute = ''] = german.slice(1);
    const iso = `${year}-${month.padStart(2, '0')}-${day.padStart(2, '0')}T${hour.padStart(2, '0')}:${minute}`;
    return zonedLocalToUtc(iso, timeZone) ?? { error: DATE_MESSAGE };
  }
  if (LOCAL_DATE_TIME.test(text)) return zonedLocalToUtc(text, timeZone) ?? { error: DATE_MESSAGE };
  if (/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})$/i.test(text)) {
    const date = new Date(text);
    if (!Number.isNaN(date.getTime())) return date;
  }
  return { error: DATE_MESSAGE };
}

/**
 * The settings that result from `input` over `current`, checked as a
 * whole: every problem at once, each under its field's name.
 */
function resolveSettings(current: AutoresponderSettings, raw: unknown, timeZone: string, now: Date): AutoresponderSettings {
  const parsed = autoresponderInput.safeParse(raw);
  if (!parsed.success) throw new ValidationError({ [String(parsed.error.issues[0]?.path[0] ?? 'form')]: 'Invalid input' });
  const input = parsed.data;
  const errors: FieldErrors = {};
  const next: AutoresponderSettings = { ...current };
  if (input.enabled !== undefined) next.enabled = input.enabled;
  if (input.subject !== undefined) {
    const subject = input.subject.trim();
    if (/[\r\n]/.test(subject)) errors.subject = 'The subject must be one line';
    else if (subject.length > AUTORESPONDER_SUBJECT_MAX) errors.subject = `At most ${AUTORESPONDER_SUBJECT_MAX} characters`;
    next.subject = subject;
  }
  if (input.body !== undefined) {
    // Line ends as CRLF go out; trailing blanks are noise.
    const body = input.body.replace(/\r\n?/g, '\n').replace(/\s+$/, '');
    if (body.length > AUTORESPONDER_BODY_MAX) errors.body = `At most ${AUTORESPONDER_BODY_MAX} characters`;
    next.body = body;
  }
  for (const field of ['startsAt', 'endsAt'] as const) {
    const value = input[field];
    if (value === undefined) continue;
    const moment = parseMoment(value, timeZone);
    if (moment && 'error' in moment) errors[field] = moment.error;
    else next[field] = moment;
  }
  if (input.intervalDays !== undefined) {
    const text = String(input.intervalDays).trim();
    const days = /^\d+$/.test(text) ? Number(text) : Number.NaN;
    if (!Number.isSafeInteger(days) || days < AUTORESPONDER_INTERVAL_MIN || days > AUTORESPONDER_INTERVAL_MAX) errors.intervalDays = INTERVAL_MESSAGE;
    else next.intervalDays = days;
  }
  if (next.enabled) {
    if (!errors.subject && !next.subject) errors.subject = 'Enter a subject for the reply';
    if (!errors.body && !next.body.trim()) errors.body = 'Enter the text of the reply';
  }
  if (!errors.startsAt && !errors.endsAt && next.startsAt && next.endsAt && next.endsAt <= next.startsAt) {
    errors.endsAt = 'The end must be after the start';
  }
  if (!errors.endsAt && next.enabled && next.endsAt && next.endsAt <= now) {
    errors.endsAt = 'This end has already passed: choose a later one, or switch the reply off';
  }
  if (Object.keys(errors).length) throw new ValidationError(errors);
  return next;
}

function settingsOf(row: AutoresponderSettings | null): AutoresponderSettings {
  if (!row) return { ...OFF };
  return { enabled: row.enabled, subject: row.subject, body: row.body, startsAt: row.startsAt, endsAt: row.endsAt, intervalDays: row.intervalDays };
}

export interface AutoresponderView {
  mailbox: { id: number; domainId: number; address: string; displayAddress: string; displayName: string };
  domain: { id: number; name: string; unicodeName: string; timeZone: string; language: string };
  /** As saved, except that an autoresponder past its end reads as switched off. */
  settings: AutoresponderSettings;
  state: AutoresponderState;
  /** Whether a row exists at all (never set up: false). */
  saved: boolean;
  updatedAt: Date | null;
}

async function mailboxWithDomain(db: DbTx, actor: Actor, mailboxId: number) {
  // Its administrators, or its own user in webmail (one set of rules for both).
  const mailbox = await getMailboxForActor(db, actor, mailboxId);
  const domain = await db.domain.findUniqueOrThrow({
    where: { id: mailbox.domainId },
    select: { id: true, name: true, unicodeName: true, timeZone: true, language: true },
  });
  return { mailbox, domain };
}

/** A mailbox's autoresponder for the actor (NotFound outside their domains, Forbidden for another mailbox's user); never set up reads as off. */
export async function getAutoresponder(db: DbTx, actor: Actor, mailboxId: number, now = new Date()): Promise<AutoresponderView> {
  const { mailbox, domain } = await mailboxWithDomain(db, actor, mailboxId);
  const row = await db.autoresponder.findUnique({ where: { mailboxId: mailbox.id } });
  const settings = settingsOf(row);
  // Past its end is off, whether or not the sweep has written that yet; and
  // once switched off it still reads as ended rather than merely off.
  const ended = settings.endsAt !== null && settings.endsAt < now;
  const state: AutoresponderState = ended ? 'expired' : autoresponderState(settings, now);
  if (ended) settings.enabled = false;
  return {
    mailbox: {
      id: mailbox.id,
      domainId: mailbox.domainId,
      address: mailbox.address,
      displayAddress: mailbox.displayAddress,
      displayName: mailbox.displayName,
    },
    domain,
    settings,
    state,
    saved: row !== null,
    updatedAt: row?.updatedAt ?? null,
  };
}

/**
 * Sets a mailbox's autoresponder (creates it the first time). Dates without
 * an offset are read in the domain's time zone. Switching it on again
 * forgets whom it answered before, so a new absence answers everyone once.
 */
export async function upsertAutoresponder(db: Db, actor: Actor, mailboxId: number, input: AutoresponderInput, now = new Date()) {
  return db.$transaction(async (tx) => {
    const { mailbox, domain } = await mailboxWithDomain(tx, actor, mailboxId);
    const row = await tx.autoresponder.findUnique({ where: { mailboxId: mailbox.id } });
    const before = settingsOf(row);
    // One past its end counts as off: saving it again needs a new end.
    if (autoresponderState(before, now) === 'expired') before.enabled = false;
    const next = resolveSettings(before, input, domain.timeZone, now);
    const saved = await tx.autoresponder.upsert({
      where: { mailboxId: mailbox.id },
      create: { mailboxId: mailbox.id, ...next },
      update: next,
    });
    if (next.enabled && !row?.enabled) await tx.autoresponderReply.deleteMany({ where: { autoresponderId: saved.id } });
    await writeAudit(tx, actor, {
      action: 'autoresponder.update',
      targetType: 'mailbox',
      targetId: mailbox.id,
      domainId: mailbox.domainId,
      before: row ? { address: mailbox.address, ...settingsOf(row) } : null,
      after: { address: mailbox.address, ...next },
    });
    return { ...saved, state: autoresponderState(next, now), timeZone: domain.timeZone };
  });
}

/**
 * Switches off, for good, the autoresponders whose end has passed (all, or
 * those of `mailboxIds`), each with an audit row by "system". A conditional
 * update, so several maild instances sweeping at once switch each off once.
 * Returns how many were switched off.
 */
export async function switchOffExpiredAutoresponders(db: Db, options: { now?: Date; mailboxIds?: number[] } = {}): Promise<number> {
  const now = options.now ?? new Date();
  const expired = await db.autoresponder.findMany({
    where: { enabled: true, endsAt: { lt: now }, ...(options.mailboxIds ? { mailboxId: { in: options.mailboxIds } } : {}) },
    select: { id: true, mailboxId: true, endsAt: true, mailbox: { select: { localPart: true, domainId: true, domain: { select: { name: true } } } } },
    orderBy: { id: 'asc' },
    take: 1000,
  });
  let switched = 0;
  for (const row of expired) {
    await db.$transaction(async (tx) => {
      const { count } = await tx.autoresponder.updateMany({ where: { id: row.id, enabled: true, endsAt: { lt: now } }, data: { enabled: false } });
      if (!count) return;
      switched++;
      const address = `${row.mailbox.localPart}@${row.mailbox.domain.name}`;
      await writeAudit(tx, SYSTEM_ACTOR, {
        action: 'autoresponder.expire',
        targetType: 'mailbox',
        targetId: row.mailboxId,
        domainId: row.mailbox.domainId,
        before: { address, enabled: true, endsAt: row.endsAt },
        after: { address, enabled: false, endsAt: row.endsAt },
      });
    });
  }
  return switched;
}

/** The switched-on autoresponders of these mailboxes: one small query, nearly always empty (asked after every delivery). */
function switchedOn(db: DbTx, mailboxIds: number[]) {
  return db.autoresponder.findMany({
    where: { mailboxId: { in: mailboxIds }, enabled: true },
    select: { id: true, enabled: true, startsAt: true, endsAt: true },
  });
}

async function details(db: DbTx, ids: number[]) {
  const rows = await db.autoresponder.findMany({
    where: { id: { in: ids } },
    include: { mailbox: { select: { localPart: true, displayName: true, active: true, domain: { select: { name: true } } } } },
  });
  return rows
    .filter((r) => r.mailbox.active)
    .map((r) => ({
      id: r.id,
      mailboxId: r.mailboxId,
      address: `${r.mailbox.localPart}@${r.mailbox.domain.name}`,
      displayName: r.mailbox.displayName,
      subject: r.subject,
      body: r.body,
      intervalDays: r.intervalDays,
      startsAt: r.startsAt,
      endsAt: r.endsAt,
      enabled: r.enabled,
    }));
}

/**
 * Autoresponders of the given mailboxes that are switched on and inside
 * their dates now, with what the reply needs.
 */
export async function activeAutoresponders(db: DbTx, mailboxIds: number[], now = new Date()) {
  if (!mailboxIds.length) return [];
  const active = (await switchedOn(db, mailboxIds)).filter((r) => autoresponderActive(r, now));
  return active.length
    ? details(
        db,
        active.map((r) => r.id),
      )
    : [];
}

/**
 * activeAutoresponders for a delivery: the ones found past their end are
 * switched off on the way (a mailbox that gets mail is the first to notice).
 */
export async function autorespondersForDelivery(db: Db, mailboxIds: number[], now = new Date()) {
  if (!mailboxIds.length) return [];
  const on = await switchedOn(db, mailboxIds);
  if (!on.length) return [];
  if (on.some((r) => autoresponderState(r, now) === 'expired')) await switchOffExpiredAutoresponders(db, { now, mailboxIds });
  const active = on.filter((r) => autoresponderActive(r, now));
  return active.length
    ? details(
        db,
        active.map((r) => r.id),
      )
    : [];
}

/**
 * Claims the right to answer `sender` now: true at most once per
 * `intervalDays` per sender, however many workers ask at the same moment
 * (one row per autoresponder and sender, updated only when old enough).
 */
export async function claimAutoreply(db: DbTx, autoresponderId: number, sender: string, intervalDays: number, now = new Date()): Promise<boolean> {
  const cutoff = new Date(now.getTime() - Math.max(0, intervalDays) * 86_400_000);
  const rows = await db.$queryRaw<Array<{ id: number }>>`
    INSERT INTO "AutoresponderReply" ("autoresponderId", sender, "repliedAt")
    VALUES (${autoresponderId}, ${sender.toLowerCase()}, ${now})
    ON CONFLICT ("autoresponderId", sender) DO UPDATE SET "repliedAt" = EXCLUDED."repliedAt"
    WHERE "AutoresponderReply"."repliedAt" <= ${cutoff}
    RETURNING id`;
  return rows.length > 0;
}

/** Forgets a claim when the reply could not be sent after all. */
export async function releaseAutoreplyClaim(db: DbTx, autoresponderId: number, sender: string): Promise<void> {
  await db.autoresponderReply.deleteMany({ where: { autoresponderId, sender: sender.toLowerCase() } });
}
