import { ConfirmationRequiredError, NotFoundError, parseDomainName, ValidationError } from '@kontor/core';
import { z } from 'zod';
import { type Actor, domainScope, requireGlobal } from './actor.ts';
import { writeAudit } from './audit.ts';
import type { Db, DbTx } from './client.ts';
import { type DkimOptions, dkimOptionsFromConfig, newDkimKeyRows } from './dkim-keys.ts';
import {
  booleanField,
  containsPattern,
  countField,
  type ListPage,
  type ListQuery,
  MAX_INT,
  mapUniqueViolation,
  pageWindow,
  parseInput,
  sizeField,
} from './validate.ts';

/** A small business's domain; beyond this a typo (the column holds far more). */
export const MAX_MAILBOXES_PER_DOMAIN = 1_000_000;

const domainNameField = z.string({ message: 'Enter a domain name' }).transform((value, ctx) => {
  const parsed = parseDomainName(value);
  if (!parsed.ok) {
    ctx.addIssue({ code: 'custom', message: parsed.error });
    return z.NEVER;
  }
  return parsed.value;
});

export const createDomainInput = z.object({
  name: domainNameField,
  description: z.string().max(500, 'At most 500 characters').optional(),
  defaultQuota: sizeField.optional(),
  maxMailboxes: countField(MAX_MAILBOXES_PER_DOMAIN).optional(),
  active: booleanField.optional(),
});
export type CreateDomainInput = z.input<typeof createDomainInput>;

export const updateDomainInput = createDomainInput.omit({ name: true }).partial();
export type UpdateDomainInput = z.input<typeof updateDomainInput>;

/** The domains an actor may see, with what they hold. */
export async function listDomains(db: DbTx, actor: Actor) {
  const domains = await db.domain.findMany({
    where: domainScope(actor),
    orderBy: { name: 'asc' },
    include: { _count: { select: { mailboxes: true, aliases: true } } },
  });
  return withUsage(db, domains);
}

export type DomainSummary = Awaited<ReturnType<typeof listDomains>>[number];

/**
 * One page of the domains an actor may see, searched by name (ASCII or
 * Unicode form) or description, with what each holds.
 */
export async function listDomainsPage(db: DbTx, actor: Actor, query: ListQuery): Promise<ListPage<DomainSummary>> {
  const q = query.q.toLowerCase();
  const search = q
    ? {
        OR: [
          { name: { contains: containsPattern(q) } },
          { unicodeName: { contains: containsPattern(q), mode: 'insensitive' as const } },
          { description: { contains: containsPattern(query.q), mode: 'insensitive' as const } },
        ],
      }
    : {};
  const where = { ...domainScope(actor), ...search };
  const [total, domains] = await Promise.all([
    db.domain.count({ where }),
    db.domain.findMany({
      where,
      orderBy: { name: 'asc' },
      include: { _count: { select: { mailboxes: true, aliases: true } } },
      ...pageWindow(query),
    }),
  ]);
  return { rows: await withUsage(db, domains), total, page: query.page, pageSize: query.pageSize };
}

async function withUsage<T extends { id: number; _count: { mailboxes: number; aliases: number } }>(db: DbTx, domains: T[]) {
  const usage = domains.length
    ? await db.mailbox.groupBy({
        by: ['domainId'],
        where: { domainId: { in: domains.map((d) => d.id) } },
        _sum: { usedBytes: true },
      })
    : [];
  const used = new Map(usage.map((u) => [u.domainId, u._sum.usedBytes ?? 0n]));
  return domains.map(({ _count, ...domain }) => ({
    ...domain,
    mailboxCount: _count.mailboxes,
    aliasCount: _count.aliases,
    usedBytes: used.get(domain.id) ?? 0n,
  }));
}

/** How many mailboxes and aliases a domain holds (NotFound outside the actor's scope). */
export async function domainCounts(db: DbTx, actor: Actor, domainId: number): Promise<{ mailboxes: number; aliases: number }> {
  const domain = await getDomain(db, actor, domainId);
  const [mailboxes, aliases] = await Promise.all([db.mailbox.count({ where: { domainId: domain.id } }), db.alias.count({ where: { domainId: domain.id } })]);
  return { mailboxes, aliases };
}

/** By id or by name (Unicode or ASCII); NotFound when absent or outside the actor's scope. */
export async function getDomain(db: DbTx, actor: Actor, idOrName: number | string) {
  let where: { id: number } | { name: string };
  if (typeof idOrName === 'number') {
    if (!Number.isSafeInteger(idOrName) || idOrName <= 0 || idOrName > MAX_INT) throw new NotFoundError(`No domain ${idOrName}`);
    where = { id: idOrName };
  } else {
    const parsed = parseDomainName(idOrName);
    if (!parsed.ok) throw new NotFoundError(`No domain ${idOrName}`);
    where = { name: parsed.value.ascii };
  }
  const domain = await db.domain.findFirst({ where: { ...where, ...domainScope(actor) } });
  if (!domain) throw new NotFoundError(`No domain ${idOrName}`);
  return domain;
}

/**
 * Adds a domain with its first DKIM keys (RSA-2048 under DKIM_SELECTOR and
 * Ed25519 beside it, private keys encrypted with the installation's key).
 * Its first stored DNS check comes when the DNS tab is first looked at
 * (docs/dns.md) or with the next scheduled run.
 */
export async function createDomain(db: Db, actor: Actor, input: CreateDomainInput, options: { dkim?: DkimOptions } = {}) {
  requireGlobal(actor, 'add domains');
  const data = parseInput(createDomainInput, input);
  const dkim = options.dkim ?? dkimOptionsFromConfig();
  const dkimKeys = await newDkimKeyRows(dkim.keyring, dkim.selector);
  try {
    return await db.$transaction(async (tx) => {
      const domain = await tx.domain.create({
        data: {
          name: data.name.ascii,
          unicodeName: data.name.unicode,
          description: data.description ?? '',
          defaultQuotaBytes: data.defaultQuota ?? 1024n ** 3n,
          maxMailboxes: data.maxMailboxes ?? 0,
          active: data.active ?? true,
          dkimSelector: dkim.selector,
          dkimKeys: { create: dkimKeys },
        },
      });
      await writeAudit(tx, actor, { action: 'domain.create', targetType: 'domain', targetId: domain.id, domainId: domain.id, after: domain });
      return domain;
    });
  } catch (error) {
    mapUniqueViolation(error, `The domain ${data.name.unicode} already exists`, 'name');
  }
}

/** Superadmins change everything; a domain admin only the description. */
export async function updateDomain(db: Db, actor: Actor, id: number, input: UpdateDomainInput) {
  const data = parseInput(updateDomainInput, input);
  if (data.defaultQuota !== undefined || data.maxMailboxes !== undefined || data.active !== undefined) {
    requireGlobal(actor, 'change domain limits or switch a domain off');
  }
  return db.$transaction(async (tx) => {
    const before = await getDomain(tx, actor, id);
    if (data.maxMailboxes) {
      const count = await tx.mailbox.count({ where: { domainId: before.id } });
      if (count > data.maxMailboxes) {
        throw new ValidationError({
          maxMailboxes: `${before.unicodeName} already has ${count} mailboxes: enter at least ${count}, or remove mailboxes first (0 means no limit)`,
        });
      }
    }
    const domain = await tx.domain.update({
      where: { id: before.id },
      data: {
        description: data.description,
        defaultQuotaBytes: data.defaultQuota,
        maxMailboxes: data.maxMailboxes,
        active: data.active,
      },
    });
    await writeAudit(tx, actor, { action: 'domain.update', targetType: 'domain', targetId: id, domainId: id, before, after: domain });
    return domain;
  });
}

/**
 * Removes a domain. When it still holds mailboxes or aliases, refuses with
 * the list of what would go unless `confirm` is set; then removes them too,
 * mail included.
 */
export async function deleteDomain(db: Db, actor: Actor, id: number, options: { confirm?: boolean; releaseBlobs: ReleaseBlobs }) {
  requireGlobal(actor, 'remove domains');
  return db.$transaction(async (tx) => {
    const domain = await getDomain(tx, actor, id);
    const mailboxes = await tx.mailbox.findMany({ where: { domainId: id }, select: { localPart: true, messageCount: true } });
    const aliases = await tx.alias.count({ where: { domainId: id } });
    if ((mailboxes.length || aliases) && !options.confirm) {
      const consequences: string[] = [];
      if (mailboxes.length) {
        const messages = mailboxes.reduce((n, m) => n + m.messageCount, 0);
        const names = mailboxes.slice(0, 5).map((m) => `${m.localPart}@${domain.unicodeName}`);
        consequences.push(
          `${mailboxes.length} mailbox${mailboxes.length === 1 ? '' : 'es'} (${names.join(', ')}${mailboxes.length > 5 ? ', …' : ''}) and the ${messages} message${messages === 1 ? '' : 's'} in them`,
        );
      }
      if (aliases) consequences.push(`${aliases} alias${aliases === 1 ? '' : 'es'}`);
      throw new ConfirmationRequiredError(`${domain.unicodeName} still has ${consequences.join(' and ')}`, consequences);
    }
    await options.releaseBlobs(tx, { domainId: id });
    await tx.alias.deleteMany({ where: { domainId: id } });
    await tx.mailbox.deleteMany({ where: { domainId: id } });
    await tx.domain.delete({ where: { id } });
    await writeAudit(tx, actor, {
      action: 'domain.delete',
      targetType: 'domain',
      targetId: id,
      domainId: null,
      before: { ...domain, mailboxes: mailboxes.length, aliases },
    });
    return domain;
  });
}

/**
 * Lowers the blob reference counts of the messages in a mailbox or a domain
 * that is being deleted, inside the deleting transaction. The mail store
 * owns those counts and their lock order, so callers pass its function
 * (`releaseBlobsOf` of @kontor/mailstore), which this package cannot import.
 */
export type ReleaseBlobs = (tx: DbTx, scope: { mailboxId: number } | { domainId: number }) => Promise<void>;
