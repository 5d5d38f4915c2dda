import {
  ConflictError,
  checkPasswordPolicy,
  type EmailAddress,
  formatSize,
  hashPassword,
  NotFoundError,
  parseLocalPart,
  parseMailboxAddress,
  ValidationError,
} from '@kontor/core';
import { z } from 'zod';
import { type Actor, domainScope } from './actor.ts';
import { writeAudit } from './audit.ts';
import type { Db, DbTx } from './client.ts';
import { getDomain, type ReleaseBlobs } from './domains.ts';
import { DEFAULT_FOLDERS } from './folders.ts';
import { booleanField, countField, idField, mapUniqueViolation, parseInput, sizeField } from './validate.ts';

const localPartField = z.string({ message: 'Enter the part before the @' }).transform((value, ctx) => {
  const parsed = parseLocalPart(value);
  if (!parsed.ok) {
    ctx.addIssue({ code: 'custom', message: parsed.error });
    return z.NEVER;
  }
  return parsed.value;
});

export const createMailboxInput = z.object({
  domainId: idField,
  localPart: localPartField,
  displayName: z.string().trim().max(200, 'At most 200 characters').optional(),
  password: z.string({ message: 'Enter a password' }),
  /** Empty or absent: the domain's default quota. */
  quota: sizeField.optional(),
  active: booleanField.optional(),
});
export type CreateMailboxInput = z.input<typeof createMailboxInput>;

/** A sending limit as typed: empty or null is the server's default (SEND_LIMIT_PER_HOUR/DAY), 0 is no limit. */
const sendLimitField = z.preprocess((value) => (typeof value === 'string' && value.trim() === '' ? null : value), countField(1_000_000).nullable());

export const updateMailboxInput = z.object({
  displayName: z.string().trim().max(200, 'At most 200 characters').optional(),
  /** Absent or empty: unchanged. */
  password: z.string().optional(),
  quota: sizeField.optional(),
  active: booleanField.optional(),
  /** Absent: unchanged; null or empty: the server's default. */
  sendLimitPerHour: sendLimitField.optional(),
  sendLimitPerDay: sendLimitField.optional(),
});
export type UpdateMailboxInput = z.input<typeof updateMailboxInput>;

function requirePasswordPolicy(password: string, address: string): void {
  const problem = checkPasswordPolicy(password, { address });
  if (problem) throw new ValidationError({ password: problem });
}

function withAddress<T extends { localPart: string; domain: { name: string; unicodeName: string } }>(mailbox: T) {
  return {
    ...mailbox,
    address: `${mailbox.localPart}@${mailbox.domain.name}`,
    displayAddress: `${mailbox.localPart}@${mailbox.domain.unicodeName}`,
  };
}

const mailboxSelect = {
  id: true,
  domainId: true,
  localPart: true,
  displayName: true,
  quotaBytes: true,
  usedBytes: true,
  messageCount: true,
  active: true,
  saveSentCopy: true,
  sendLimitPerHour: true,
  sendLimitPerDay: true,
  lastLoginAt: true,
  createdAt: true,
  updatedAt: true,
  domain: { select: { name: true, unicodeName: true } },
} as const;

export async function listMailboxes(db: DbTx, actor: Actor, domainId: number) {
  const domain = await getDomain(db, actor, domainId);
  const rows = await db.mailbox.findMany({ where: { domainId: domain.id }, orderBy: { localPart: 'asc' }, select: mailboxSelect });
  return rows.map(withAddress);
}

export async function getMailbox(db: DbTx, actor: Actor, id: number) {
  const row = await db.mailbox.findFirst({ where: { id, domain: domainScope(actor) }, select: mailboxSelect });
  if (!row) throw new NotFoundError(`No mailbox ${id}`);
  return withAddress(row);
}

export async function getMailboxByAddress(db: DbTx, actor: Actor, address: string) {
  let parsed: EmailAddress;
  try {
    parsed = parseMailboxAddress(address);
  } catch {
    throw new NotFoundError(`No mailbox ${address}`);
  }
  const row = await db.mailbox.findFirst({
    where: { localPart: parsed.localPart, domain: { name: parsed.domain.ascii, ...domainScope(actor) } },
    select: mailboxSelect,
  });
  if (!row) throw new NotFoundError(`No mailbox ${address}`);
  return withAddress(row);
}

/** Creates the mailbox with its default folders. */
export async function createMailbox(db: Db, actor: Actor, input: CreateMailboxInput) {
  const data = parseInput(createMailboxInput, input);
  const domain = await getDomain(db, actor, data.domainId);
  const address = `${data.localPart}@${domain.name}`;
  requirePasswordPolicy(data.password, address);
  const passwordHash = await hashPassword(data.password);
  try {
    return await db.$transaction(async (tx) => {
      // Lock the domain row so the mailbox limit holds under concurrent creates.
      await tx.$queryRaw`SELECT id FROM "Domain" WHERE id = ${domain.id} FOR UPDATE`;
      if (domain.maxMailboxes > 0) {
        const count = await tx.mailbox.count({ where: { domainId: domain.id } });
        if (count >= domain.maxMailboxes) {
          throw new ConflictError(`${domain.unicodeName} already has its maximum of ${domain.maxMailboxes} mailboxes`, 'localPart');
        }
      }
      if (await tx.alias.findUnique({ where: { domainId_localPart: { domainId: domain.id, localPart: data.localPart } } })) {
        throw new ConflictError(`${data.localPart}@${domain.unicodeName} is already an alias`, 'localPart');
      }
      const mailbox = await tx.mailbox.create({
        data: {
          domainId: domain.id,
          localPart: data.localPart,
          displayName: data.displayName ?? '',
          passwordHash,
          quotaBytes: data.quota ?? domain.defaultQuotaBytes,
          active: data.active ?? true,
          folders: { create: DEFAULT_FOLDERS.map((f) => ({ name: f.name, specialUse: f.specialUse })) },
          // The standard folders start subscribed, so every client shows them (docs/imap.md).
          subscriptions: { create: DEFAULT_FOLDERS.map((f) => ({ name: f.name })) },
        },
        select: mailboxSelect,
      });
      await writeAudit(tx, actor, {
        action: 'mailbox.create',
        targetType: 'mailbox',
        targetId: mailbox.id,
        domainId: domain.id,
        after: { ...mailbox, address },
      });
      return withAddress(mailbox);
    });
  } catch (error) {
    mapUniqueViolation(error, `The mailbox ${data.localPart}@${domain.unicodeName} already exists`, 'localPart');
  }
}

export async function updateMailbox(db: Db, actor: Actor, id: number, input: UpdateMailboxInput) {
  const data = parseInput(updateMailboxInput, input);
  const before = await getMailbox(db, actor, id);
  let passwordHash: string | undefined;
  if (data.password) {
    requirePasswordPolicy(data.password, before.address);
    passwordHash = await hashPassword(data.password);
  }
  if (data.quota && data.quota < before.usedBytes) {
    throw new ValidationError({
      quota: `This mailbox already holds ${formatSize(before.usedBytes)}: enter at least that, or 0 for unlimited (a smaller quota would refuse all new mail)`,
    });
  }
  return db.$transaction(async (tx) => {
    const mailbox = await tx.mailbox.update({
      where: { id: before.id },
      data: {
        displayName: data.displayName,
        quotaBytes: data.quota,
        active: data.active,
        sendLimitPerHour: data.sendLimitPerHour,
        sendLimitPerDay: data.sendLimitPerDay,
        passwordHash,
      },
      select: mailboxSelect,
    });
    await writeAudit(tx, actor, {
      action: passwordHash ? 'mailbox.update+password' : 'mailbox.update',
      targetType: 'mailbox',
      targetId: id,
      domainId: before.domainId,
      before,
      after: mailbox,
    });
    return withAddress(mailbox);
  });
}

/** Removes a mailbox with its folders and mail (the store's `releaseBlobsOf` lowers the blob counts). */
export async function deleteMailbox(db: Db, actor: Actor, id: number, options: { releaseBlobs: ReleaseBlobs }) {
  return db.$transaction(async (tx) => {
    const mailbox = await getMailbox(tx, actor, id);
    await options.releaseBlobs(tx, { mailboxId: id });
    await tx.mailbox.delete({ where: { id } });
    await writeAudit(tx, actor, { action: 'mailbox.delete', targetType: 'mailbox', targetId: id, domainId: mailbox.domainId, before: mailbox });
    return mailbox;
  });
}
