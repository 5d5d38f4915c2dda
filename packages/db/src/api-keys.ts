/**
 * API keys for the REST API (`/api/v1`). A key is `kontor_<id>_<secret>`:
 * the id part (the row's `prefix`, shown in lists and named in the audit
 * log) finds the row, the secret (256 random bits) is checked against its
 * SHA-256 in constant time. A slow password hash buys nothing for a secret
 * that cannot be guessed, and every API call checks one.
 *
 * Scopes: "superadmin" (everything a superadmin may do), "domains" (what a
 * domain admin of `domainIds` may do), "send" (only POST /messages, From one
 * of `senders`: addresses or "@domain"). A domain admin creates keys only
 * within their own domains, and such a key never reaches further than its
 * creator does today: domains taken from them drop out of the key, and an
 * account switched off stops its keys.
 */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { NotFoundError, parseDomainName, splitAddress, ValidationError } from '@kontor/core';
import { z } from 'zod';
import { type Actor, type ApiKeyActor, domainScope, isGlobal, requireGlobal } from './actor.ts';
import { writeAudit } from './audit.ts';
import type { Db, DbTx } from './client.ts';
import { idField, type ListPage, type ListQuery, pageWindow, parseInput } from './validate.ts';

export const API_KEY_SCOPES = ['superadmin', 'domains', 'send'] as const;
export type ApiKeyScope = (typeof API_KEY_SCOPES)[number];

const KEY_PATTERN = /^kontor_([a-z2-7]{12})_([A-Za-z0-9_-]{43})$/;
const MAX_SENDERS = 50;

export const createApiKeyInput = z.object({
  name: z.string({ message: 'Enter a name' }).trim().min(1, 'Enter a name, for example "Web shop"').max(100, 'At most 100 characters'),
  scope: z.enum(API_KEY_SCOPES, { message: 'Choose what the key may do' }),
  /** Scope "domains": the domains it may manage. */
  domainIds: z.array(idField).max(1000).default([]),
  /** Scope "send": From addresses (`info@example.com`) or whole domains (`@example.com`); an array or text, one per line or comma-separated. */
  senders: z
    .union([z.string(), z.array(z.string())])
    .default([])
    .transform((value) => (Array.isArray(value) ? value : value.split(/[\s,;]+/)).map((s) => s.trim()).filter(Boolean)),
});
export type CreateApiKeyInput = z.input<typeof createApiKeyInput>;

/** What lists show of a key: never its secret or hash. */
const keySelect = {
  id: true,
  name: true,
  prefix: true,
  scope: true,
  domainIds: true,
  senders: true,
  createdById: true,
  createdAt: true,
  lastUsedAt: true,
  lastUsedIp: true,
  revokedAt: true,
  createdBy: { select: { email: true } },
} as const;

function hashSecret(secret: string): string {
  return createHash('sha256').update(secret).digest('hex');
}

/** 12 characters of base32 (a-z, 2-7): 60 random bits, enough to never collide in practice, short enough to read. */
function newPrefix(): string {
  const alphabet = 'abcdefghijklmnopqrstuvwxyz234567';
  return [...randomBytes(12)].map((b) => alphabet[b % 32]).join('');
}

/** `info@example.com` or `@example.com`, lower case, the domain in ASCII; null when it is neither. */
function normaliseSender(value: string): { sender: string; domain: string } | null {
  if (value.startsWith('@')) {
    const domain = parseDomainName(value.slice(1));
    return domain.ok ? { sender: `@${domain.value.ascii}`, domain: domain.value.ascii } : null;
  }
  const parts = splitAddress(value);
  if (!parts || !/^[^\s@"(),:;<>[\\\]]{1,64}$/.test(parts.local)) return null;
  const domain = parseDomainName(parts.domain);
  return domain.ok ? { sender: `${parts.local.toLowerCase()}@${domain.value.ascii}`, domain: domain.value.ascii } : null;
}

/**
 * The scope as stored: domain ids the actor may give, sender entries in
 * the actor's hosted domains. A sending key also records its senders'
 * domains, so domain admins see it in their list.
 */
async function checkedScope(db: DbTx, actor: Actor, data: z.output<typeof createApiKeyInput>) {
  if (data.scope === 'superadmin') {
    requireGlobal(actor, 'create superadmin API keys');
    return { domainIds: [], senders: [] };
  }
  if (data.scope === 'domains') {
    const wanted = [...new Set(data.domainIds)];
    if (!wanted.length) throw new ValidationError({ domainIds: 'Choose at least one domain' });
    const found = await db.domain.findMany({ where: { id: { in: wanted }, ...domainScope(actor) }, select: { id: true } });
    if (found.length !== wanted.length) throw new ValidationError({ domainIds: 'Choose only domains you manage' });
    return { domainIds: wanted.sort((a, b) => a - b), senders: [] };
  }
  if (!data.senders.length) throw new ValidationError({ senders: 'Enter at least one sender address, or @domain for every address of a domain' });
  if (data.senders.length > MAX_SENDERS) throw new ValidationError({ senders: `At most ${MAX_SENDERS} senders` });
  const entries: { sender: string; domain: string }[] = [];
  for (const value of data.senders) {
    const entry = normaliseSender(value);
    if (!entry) throw new ValidationError({ senders: `"${value}" is not an address or @domain` });
    entries.push(entry);
  }
  const names = [...new Set(entries.map((e) => e.domain))];
  const domains = await db.domain.findMany({ where: { name: { in: names }, ...domainScope(actor) }, select: { id: true, name: true } });
  const byName = new Map(domains.map((d) => [d.name, d.id]));
  const foreign = entries.find((e) => !byName.has(e.domain));
  if (foreign) throw new ValidationError({ senders: `${foreign.sender} is not in a domain you manage here` });
  return {
    domainIds: [...new Set(entries.map((e) => byName.get(e.domain)!))].sort((a, b) => a - b),
    senders: [...new Set(entries.map((e) => e.sender))],
  };
}

/** The creating administrator, or null for the CLI. */
function creatorId(actor: Actor): number | null {
  return actor.kind === 'superadmin' || actor.kind === 'domain_admin' ? actor.id : null;
}

/**
 * Creates a key. The whole key is in the answer only: it is stored as a
 * hash and cannot be shown again.
 */
export async function createApiKey(db: Db, actor: Actor, input: CreateApiKeyInput) {
  if (actor.kind === 'api_key') throw new ValidationError({ scope: 'API keys are created in the panel' });
  const data = parseInput(createApiKeyInput, input);
  return db.$transaction(async (tx) => {
    const scope = await checkedScope(tx, actor, data);
    const prefix = `kontor_${newPrefix()}`;
    const secret = randomBytes(32).toString('base64url');
    const row = await tx.apiKey.create({
      data: { name: data.name, prefix, secretHash: hashSecret(secret), scope: data.scope, ...scope, createdById: creatorId(actor) },
      select: keySelect,
    });
    await writeAudit(tx, actor, {
      action: 'apikey.create',
      targetType: 'api_key',
      targetId: row.id,
      domainId: row.domainIds[0] ?? null,
      after: { name: row.name, prefix: row.prefix, scope: row.scope, domainIds: row.domainIds, senders: row.senders },
    });
    return { ...row, key: `${prefix}_${secret}` };
  });
}

export type ApiKeyRow = Awaited<ReturnType<typeof getApiKey>>;

/** May this admin see (and revoke) this key? Superadmins every key; a domain admin the keys wholly within their domains. */
function visibleTo(actor: Actor, key: { scope: string; domainIds: number[] }, ownDomains: Set<number> | null): boolean {
  if (isGlobal(actor)) return true;
  if (key.scope === 'superadmin' || !key.domainIds.length || !ownDomains) return false;
  return key.domainIds.every((id) => ownDomains.has(id));
}

async function ownDomainIds(db: DbTx, actor: Actor): Promise<Set<number> | null> {
  if (isGlobal(actor)) return null;
  return new Set((await db.domain.findMany({ where: domainScope(actor), select: { id: true } })).map((d) => d.id));
}

/** Keys newest first, revoked ones included (marked); `q` searches name and prefix. */
export async function listApiKeys(db: DbTx, actor: Actor, query: ListQuery): Promise<ListPage<ApiKeyRow>> {
  if (actor.kind === 'api_key') requireGlobal(actor, 'list API keys');
  const own = await ownDomainIds(db, actor);
  const where = {
    ...(query.q ? { OR: [{ name: { contains: query.q, mode: 'insensitive' as const } }, { prefix: { contains: query.q.toLowerCase() } }] } : {}),
    ...(own ? { scope: { not: 'superadmin' }, domainIds: { hasSome: [...own] } } : {}),
  };
  if (!own) {
    const [rows, total] = await Promise.all([
      db.apiKey.findMany({ where, orderBy: { id: 'desc' }, select: keySelect, ...pageWindow(query) }),
      db.apiKey.count({ where }),
    ]);
    return { rows, total, page: query.page, pageSize: query.pageSize };
  }
  // "Wholly within" has no Prisma filter; a domain admin's keys are few.
  const rows = (await db.apiKey.findMany({ where, orderBy: { id: 'desc' }, select: keySelect })).filter((k) => visibleTo(actor, k, own));
  const { skip, take } = pageWindow(query);
  return { rows: rows.slice(skip, skip + take), total: rows.length, page: query.page, pageSize: query.pageSize };
}

export async function getApiKey(db: DbTx, actor: Actor, id: number) {
  if (actor.kind === 'api_key') requireGlobal(actor, 'read API keys');
  const row = Number.isSafeInteger(id) && id > 0 ? await db.apiKey.findUnique({ where: { id }, select: keySelect }) : null;
  if (!row || !visibleTo(actor, row, await ownDomainIds(db, actor))) throw new NotFoundError(`No API key ${id}`);
  return row;
}

/** Revokes a key for good (it answers 401 from now on); revoking twice changes nothing. */
export async function revokeApiKey(db: Db, actor: Actor, id: number) {
  return db.$transaction(async (tx) => {
    const before = await getApiKey(tx, actor, id);
    if (before.revokedAt) return before;
    const after = await tx.apiKey.update({ where: { id: before.id }, data: { revokedAt: new Date() }, select: keySelect });
    await writeAudit(tx, actor, {
      action: 'apikey.revoke',
      targetType: 'api_key',
      targetId: id,
      domainId: before.domainIds[0] ?? null,
      before: { name: before.name, prefix: before.prefix, scope: before.scope },
      after: { revokedAt: after.revokedAt },
    });
    return after;
  });
}

/**
 * The Actor of a request's key, or null (unknown, wrong secret, revoked,
 * its creator switched off, or nothing left in its scope). Records when
 * and from where the key was last used.
 */
export async function authenticateApiKey(db: Db, key: string, ip?: string): Promise<ApiKeyActor | null> {
  const match = KEY_PATTERN.exec(key.trim());
  // Unknown prefixes cost a hash too, so timing does not tell which exist.
  const row = match
    ? await db.apiKey.findUnique({
        where: { prefix: `kontor_${match[1]}` },
        include: { createdBy: { select: { role: true, active: true, domains: { select: { domainId: true } } } } },
      })
    : null;
  const given = Buffer.from(hashSecret(match?.[2] ?? key), 'hex');
  const stored = Buffer.from(row?.secretHash ?? '0'.repeat(64), 'hex');
  const ok = row !== null && given.length === stored.length && timingSafeEqual(given, stored);
  if (!row || !ok || row.revokedAt) return null;
  const scope = API_KEY_SCOPES.find((s) => s === row.scope);
  if (!scope) return null;
  let domainIds = row.domainIds;
  if (row.createdBy) {
    if (!row.createdBy.active) return null;
    if (row.createdBy.role === 'DOMAIN_ADMIN') {
      if (scope === 'superadmin') return null;
      const theirs = new Set(row.createdBy.domains.map((d) => d.domainId));
      domainIds = domainIds.filter((id) => theirs.has(id));
    }
  }
  let senders = row.senders;
  if (scope === 'send' && row.createdBy?.role === 'DOMAIN_ADMIN') {
    const names = new Set((await db.domain.findMany({ where: { id: { in: domainIds } }, select: { name: true } })).map((d) => d.name));
    senders = senders.filter((s) => names.has(s.slice(s.lastIndexOf('@') + 1)));
  }
  if (scope === 'domains' && !domainIds.length) return null;
  if (scope === 'send' && !senders.length) return null;
  await db.apiKey.update({ where: { id: row.id }, data: { lastUsedAt: new Date(), lastUsedIp: ip ?? null } });
  return {
    kind: 'api_key',
    id: row.id,
    prefix: row.prefix,
    name: row.name,
    scope,
    global: scope === 'superadmin',
    domainIds: scope === 'domains' ? domainIds : [],
    senders: scope === 'send' ? senders : [],
    ip,
  };
}

/** May a sending key use `address` as From? Its own entries: the exact address, or any address of an "@domain" entry. */
export function apiKeyMaySend(actor: ApiKeyActor, address: string): boolean {
  const entry = normaliseSender(address);
  if (!entry || actor.scope !== 'send') return false;
  return actor.senders.includes(entry.sender) || actor.senders.includes(`@${entry.domain}`);
}
