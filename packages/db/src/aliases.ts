import {
  ConflictError,
  domainOfAddress,
  localPartOf,
  NotFoundError,
  parseDestinationAddress,
  parseDomainName,
  parseLocalPart,
  splitAddress,
  ValidationError,
} from '@kontor/core';
import { z } from 'zod';
import { type Actor, domainScope, type MailboxActor } from './actor.ts';
import { writeAudit } from './audit.ts';
import { type Db, type DbTx, Prisma } from './client.ts';
import { getDomain } from './domains.ts';
import { MAX_ALIAS_DEPTH } from './recipients.ts';
import { mayUseSenderAddress } from './sending.ts';
import { booleanField, containsPattern, idField, type ListPage, type ListQuery, mapUniqueViolation, pageWindow, parseInput } from './validate.ts';

/** The local part that makes an alias the domain's catch-all. */
export const CATCH_ALL = '*';
const MAX_DESTINATIONS = 50;

const aliasLocalPart = z.string({ message: 'Enter the part before the @, or * for catch-all' }).transform((value, ctx) => {
  if (value.trim() === CATCH_ALL) return CATCH_ALL;
  const parsed = parseLocalPart(value);
  if (!parsed.ok) {
    ctx.addIssue({ code: 'custom', message: parsed.error });
    return z.NEVER;
  }
  return parsed.value;
});

/** Accepts an array or text separated by commas, spaces or new lines. */
const destinationsField = z.union([z.string(), z.array(z.string())]).transform((value, ctx) => {
  const items = (Array.isArray(value) ? value : value.split(/[\s,;]+/)).map((s) => s.trim()).filter(Boolean);
  if (items.length === 0) {
    ctx.addIssue({ code: 'custom', message: 'Enter at least one destination address' });
    return z.NEVER;
  }
  if (items.length > MAX_DESTINATIONS) {
    ctx.addIssue({ code: 'custom', message: `At most ${MAX_DESTINATIONS} destinations` });
    return z.NEVER;
  }
  try {
    return [...new Set(items.map((item) => parseDestinationAddress(item)))];
  } catch (error) {
    ctx.addIssue({ code: 'custom', message: (error as ValidationError).message });
    return z.NEVER;
  }
});

export const createAliasInput = z.object({
  domainId: idField,
  localPart: aliasLocalPart,
  destinations: destinationsField,
  active: booleanField.optional(),
});
export type CreateAliasInput = z.input<typeof createAliasInput>;

export const updateAliasInput = z.object({ destinations: destinationsField.optional(), active: booleanField.optional() });
export type UpdateAliasInput = z.input<typeof updateAliasInput>;

function withAddress<T extends { localPart: string; destinations: string[] }>(alias: T, domain: { name: string; unicodeName: string }, hosted: Set<string>) {
  return {
    ...alias,
    address: `${alias.localPart}@${domain.name}`,
    displayAddress: `${alias.localPart}@${domain.unicodeName}`,
    catchAll: alias.localPart === CATCH_ALL,
    /** Internal: hosted here; external: forwarded through the outbound queue. */
    targets: alias.destinations.map((address) => ({ address, external: !hosted.has(domainOfAddress(address)) })),
  };
}

/**
 * The destinations' domains that are local for this actor. A domain admin's
 * view stops at their own domains: an address in someone else's hosted
 * domain is external to them, checked and shown as any outside address, so
 * the alias form cannot be used to learn which addresses exist there.
 */
async function hostedDomainNames(db: DbTx, actor: Actor, destinations: string[]): Promise<Set<string>> {
  const names = [...new Set(destinations.map(domainOfAddress))];
  const rows = await db.domain.findMany({ where: { name: { in: names }, ...domainScope(actor) }, select: { name: true } });
  return new Set(rows.map((r) => r.name));
}

/**
 * A destination in one of the actor's domains must exist (mailbox, alias
 * or catch-all): a typo there would silently lose mail.
 */
async function checkLocalDestinations(db: DbTx, actor: Actor, destinations: string[], self: string): Promise<void> {
  const hosted = await hostedDomainNames(db, actor, destinations);
  for (const destination of destinations) {
    if (destination === self) throw new ValidationError({ destinations: 'An alias cannot point to itself' });
    const domainName = domainOfAddress(destination);
    if (!hosted.has(domainName)) continue;
    const localPart = localPartOf(destination).toLowerCase();
    const where = { domain: { name: domainName } };
    const found =
      (await db.mailbox.count({ where: { ...where, localPart } })) + (await db.alias.count({ where: { ...where, localPart: { in: [localPart, CATCH_ALL] } } }));
    if (!found) throw new ValidationError({ destinations: `${destination} is not a mailbox or alias here` });
  }
}

export async function listAliases(db: DbTx, actor: Actor, domainId: number) {
  const domain = await getDomain(db, actor, domainId);
  const rows = await db.alias.findMany({ where: { domainId: domain.id }, orderBy: { localPart: 'asc' } });
  const hosted = await hostedDomainNames(
    db,
    actor,
    rows.flatMap((r) => r.destinations),
  );
  return rows.map((row) => withAddress(row, domain, hosted));
}

export type AliasView = Awaited<ReturnType<typeof listAliases>>[number];

/**
 * One page of a domain's aliases, searched by address or destination ("who
 * forwards to anna@…?"); the catch-all sorts first.
 */
export async function listAliasesPage(db: DbTx, actor: Actor, domainId: number, query: ListQuery): Promise<ListPage<AliasView>> {
  const domain = await getDomain(db, actor, domainId);
  const { skip, take } = pageWindow(query);
  // Destinations are a text[]: a substring of any of them needs SQL Prisma's filters cannot express.
  const pattern = `%${containsPattern(query.q.toLowerCase())}%`;
  const match = query.q ? Prisma.sql`AND ("localPart" LIKE ${pattern} OR lower(array_to_string(destinations, ' ')) LIKE ${pattern})` : Prisma.empty;
  const [counted, found] = await Promise.all([
    db.$queryRaw<Array<{ total: bigint }>>`SELECT count(*) AS total FROM "Alias" WHERE "domainId" = ${domain.id} ${match}`,
    db.$queryRaw<
      Array<{ id: number }>
    >`SELECT id FROM "Alias" WHERE "domainId" = ${domain.id} ${match} ORDER BY "localPart" = '*' DESC, "localPart" LIMIT ${take} OFFSET ${skip}`,
  ]);
  const ids = found.map((r) => r.id);
  const order = new Map(ids.map((id, index) => [id, index]));
  const rows = (ids.length ? await db.alias.findMany({ where: { id: { in: ids } } }) : []).sort((a, b) => order.get(a.id)! - order.get(b.id)!);
  const hosted = await hostedDomainNames(
    db,
    actor,
    rows.flatMap((r) => r.destinations),
  );
  return { rows: rows.map((row) => withAddress(row, domain, hosted)), total: Number(counted[0]?.total ?? 0), page: query.page, pageSize: query.pageSize };
}

export async function getAlias(db: DbTx, actor: Actor, id: number) {
  const row = await db.alias.findFirst({ where: { id, domain: domainScope(actor) }, include: { domain: true } });
  if (!row) throw new NotFoundError(`No alias ${id}`);
  const { domain, ...alias } = row;
  return withAddress(alias, domain, await hostedDomainNames(db, actor, alias.destinations));
}

/** Finds an alias by its address (`sales@example.com`, `*@example.com`). */
export async function getAliasByAddress(db: DbTx, actor: Actor, address: string) {
  const parts = splitAddress(address);
  const domainName = parseDomainName(parts?.domain ?? '');
  if (!parts || !domainName.ok) throw new NotFoundError(`No alias ${address}`);
  const row = await db.alias.findFirst({
    where: { localPart: parts.local.trim().toLowerCase(), domain: { name: domainName.value.ascii, ...domainScope(actor) } },
  });
  if (!row) throw new NotFoundError(`No alias ${address}`);
  return getAlias(db, actor, row.id);
}

export async function createAlias(db: Db, actor: Actor, input: CreateAliasInput) {
  const data = parseInput(createAliasInput, input);
  const domain = await getDomain(db, actor, data.domainId);
  const display = `${data.localPart}@${domain.unicodeName}`;
  try {
    return await db.$transaction(async (tx) => {
      if (await tx.mailbox.findUnique({ where: { domainId_localPart: { domainId: domain.id, localPart: data.localPart } } })) {
        throw new ConflictError(`${display} is already a mailbox`, 'localPart');
      }
      await checkLocalDestinations(tx, actor, data.destinations, `${data.localPart}@${domain.name}`);
      const alias = await tx.alias.create({
        data: { domainId: domain.id, localPart: data.localPart, destinations: data.destinations, active: data.active ?? true },
      });
      await writeAudit(tx, actor, {
        action: 'alias.create',
        targetType: 'alias',
        targetId: alias.id,
        domainId: domain.id,
        after: { ...alias, address: `${alias.localPart}@${domain.name}` },
      });
      return withAddress(alias, domain, await hostedDomainNames(tx, actor, alias.destinations));
    });
  } catch (error) {
    mapUniqueViolation(
      error,
      data.localPart === CATCH_ALL ? `${domain.unicodeName} already has a catch-all` : `The alias ${display} already exists`,
      'localPart',
    );
  }
}

export async function updateAlias(db: Db, actor: Actor, id: number, input: UpdateAliasInput) {
  const data = parseInput(updateAliasInput, input);
  return db.$transaction(async (tx) => {
    const before = await getAlias(tx, actor, id);
    if (data.destinations) await checkLocalDestinations(tx, actor, data.destinations, before.address);
    const alias = await tx.alias.update({ where: { id }, data: { destinations: data.destinations, active: data.active }, include: { domain: true } });
    await writeAudit(tx, actor, {
      action: 'alias.update',
      targetType: 'alias',
      targetId: id,
      domainId: alias.domainId,
      before,
      after: { ...alias, address: before.address },
    });
    const { domain, ...rest } = alias;
    return withAddress(rest, domain, await hostedDomainNames(tx, actor, rest.destinations));
  });
}

export async function deleteAlias(db: Db, actor: Actor, id: number) {
  return db.$transaction(async (tx) => {
    const alias = await getAlias(tx, actor, id);
    await tx.alias.delete({ where: { id } });
    await writeAudit(tx, actor, { action: 'alias.delete', targetType: 'alias', targetId: id, domainId: alias.domainId, before: alias });
    return alias;
  });
}

/**
 * The aliases a signed-in mailbox user may send as (webmail's From
 * choices): active aliases whose destinations reach the mailbox, directly
 * or through other aliases (team → sales → anna). Each candidate is checked
 * with mayUseSenderAddress, submission's own rule, so webmail never offers
 * an address submission would refuse. The catch-all is never one.
 */
export async function listOwnSenderAliases(db: DbTx, actor: MailboxActor): Promise<string[]> {
  const reached = new Set([actor.address.toLowerCase()]);
  let frontier = [...reached];
  const candidates = new Set<string>();
  for (let depth = 0; depth < MAX_ALIAS_DEPTH && frontier.length; depth++) {
    const rows = await db.alias.findMany({
      where: { destinations: { hasSome: frontier }, active: true, localPart: { not: CATCH_ALL } },
      select: { localPart: true, domain: { select: { name: true } } },
    });
    frontier = [];
    for (const row of rows) {
      const address = `${row.localPart}@${row.domain.name}`;
      if (reached.has(address)) continue;
      reached.add(address);
      candidates.add(address);
      frontier.push(address);
    }
  }
  const allowed: string[] = [];
  for (const address of candidates) if (await mayUseSenderAddress(db, actor.id, address)) allowed.push(address);
  return allowed.sort();
}
