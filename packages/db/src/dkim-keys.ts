import {
  type DkimKeyring,
  type DnsRecordHint,
  type DnsRecordSettings,
  dkimKeyringFromConfig,
  dnsRecordHints,
  generateDkimKeyPair,
  loadConfig,
  NotFoundError,
} from '@kontor/core';
import type { Actor } from './actor.ts';
import { writeAudit } from './audit.ts';
import type { Db, DbTx } from './client.ts';
import { getDomain } from './domains.ts';

/**
 * Each domain's DKIM keys. The key named by Domain.dkimSelector signs; a
 * rotation adds a key under a new selector (published beside the old one)
 * and `activateDkimKey` switches to it, retiring the old one.
 */
export interface DkimOptions {
  keyring: DkimKeyring;
  /** Selector of a domain's first key (DKIM_SELECTOR). */
  selector: string;
}

/** DKIM_ENCRYPTION_KEY (or the DATA_DIR key file) and DKIM_SELECTOR from the configuration. */
export function dkimOptionsFromConfig(): DkimOptions {
  const config = loadConfig();
  return { keyring: dkimKeyringFromConfig(config), selector: config.DKIM_SELECTOR };
}

/** A new key pair, encrypted, ready to insert (made outside any transaction: RSA generation takes a moment). */
export async function newDkimKeyRow(keyring: DkimKeyring, selector: string) {
  const pair = await generateDkimKeyPair();
  return { selector, algorithm: 'rsa-sha256', privateKeyEncrypted: keyring.encrypt(pair.privateKeyPem), publicKey: pair.publicKey };
}

/** The keys to publish: the active one first, then those waiting for activation (newest last). Retired keys are not listed. */
async function publishedKeys(db: DbTx, domain: { id: number; dkimSelector: string }) {
  const keys = await db.dkimKey.findMany({ where: { domainId: domain.id, retiredAt: null }, orderBy: { createdAt: 'asc' } });
  return [...keys.filter((k) => k.selector === domain.dkimSelector), ...keys.filter((k) => k.selector !== domain.dkimSelector)];
}

/** Gives a domain made before DKIM keys existed its key under its selector. */
export async function ensureDkimKey(db: Db, domain: { id: number; dkimSelector: string }, options: DkimOptions = dkimOptionsFromConfig()) {
  const existing = await db.dkimKey.findUnique({ where: { domainId_selector: { domainId: domain.id, selector: domain.dkimSelector } } });
  if (existing) return existing;
  const row = await newDkimKeyRow(options.keyring, domain.dkimSelector);
  return db.dkimKey.upsert({
    where: { domainId_selector: { domainId: domain.id, selector: domain.dkimSelector } },
    create: { ...row, domainId: domain.id },
    update: {},
  });
}

/** The records a domain should publish (MX, SPF, DKIM, DMARC, autoconfig, SRV). */
export async function domainDnsRecords(
  db: Db,
  actor: Actor,
  idOrName: number | string,
  settings: DnsRecordSettings,
  options?: DkimOptions,
): Promise<DnsRecordHint[]> {
  const domain = await getDomain(db, actor, idOrName);
  await ensureDkimKey(db, domain, options);
  const keys = await publishedKeys(db, domain);
  return dnsRecordHints({ name: domain.name, dkimKeys: keys.map((k) => ({ selector: k.selector, publicKey: k.publicKey })) }, settings);
}

/** The domain's keys with their state, for the panel and the CLI. */
export async function listDkimKeys(db: DbTx, actor: Actor, idOrName: number | string) {
  const domain = await getDomain(db, actor, idOrName);
  const keys = await db.dkimKey.findMany({ where: { domainId: domain.id }, orderBy: { createdAt: 'asc' } });
  return keys.map((k) => ({
    selector: k.selector,
    algorithm: k.algorithm,
    publicKey: k.publicKey,
    createdAt: k.createdAt,
    retiredAt: k.retiredAt,
    state: k.selector === domain.dkimSelector ? ('active' as const) : k.retiredAt ? ('retired' as const) : ('pending' as const),
  }));
}

function nextSelector(base: string, taken: Set<string>, now = new Date()): string {
  const stamp = `${now.getUTCFullYear()}${String(now.getUTCMonth() + 1).padStart(2, '0')}`;
  for (let n = 0; ; n++) {
    const candidate = `${base}${stamp}${n ? `-${n}` : ''}`;
    if (!taken.has(candidate)) return candidate;
  }
}

/**
 * Step one of a rotation: a new key under a new selector (SELECTORyyyymm),
 * to be published beside the active one. Signing goes on with the active
 * key until `activateDkimKey`. A second call while a key waits returns it.
 */
export async function rotateDkimKey(db: Db, actor: Actor, idOrName: number | string, options: DkimOptions = dkimOptionsFromConfig()) {
  const domain = await getDomain(db, actor, idOrName);
  await ensureDkimKey(db, domain, options);
  const keys = await db.dkimKey.findMany({ where: { domainId: domain.id } });
  const waiting = keys.find((k) => k.selector !== domain.dkimSelector && !k.retiredAt);
  if (waiting) return { domain, key: waiting, created: false };
  const base = options.selector.replace(/\d+$/, '') || 'kontor';
  const row = await newDkimKeyRow(options.keyring, nextSelector(base, new Set(keys.map((k) => k.selector))));
  const key = await db.$transaction(async (tx) => {
    const created = await tx.dkimKey.create({ data: { ...row, domainId: domain.id } });
    await writeAudit(tx, actor, {
      action: 'dkim.rotate',
      targetType: 'domain',
      targetId: domain.id,
      domainId: domain.id,
      after: { selector: created.selector },
    });
    return created;
  });
  return { domain, key, created: true };
}

/**
 * Step two: sign with the waiting key from now on; the old key is retired
 * (keep its DNS record a few days for mail still on its way).
 */
export async function activateDkimKey(db: Db, actor: Actor, idOrName: number | string) {
  const domain = await getDomain(db, actor, idOrName);
  const waiting = await db.dkimKey.findFirst({
    where: { domainId: domain.id, retiredAt: null, selector: { not: domain.dkimSelector } },
    orderBy: { createdAt: 'desc' },
  });
  if (!waiting) throw new NotFoundError(`${domain.unicodeName} has no new DKIM key waiting; run a rotation first`);
  return db.$transaction(async (tx) => {
    await tx.dkimKey.updateMany({ where: { domainId: domain.id, selector: domain.dkimSelector }, data: { retiredAt: new Date() } });
    const updated = await tx.domain.update({ where: { id: domain.id }, data: { dkimSelector: waiting.selector } });
    await writeAudit(tx, actor, {
      action: 'dkim.activate',
      targetType: 'domain',
      targetId: domain.id,
      domainId: domain.id,
      before: { dkimSelector: domain.dkimSelector },
      after: { dkimSelector: updated.dkimSelector },
    });
    return { domain: updated, previousSelector: domain.dkimSelector, selector: waiting.selector };
  });
}

/**
 * The key maild signs a domain's mail with (decrypted), or null when the
 * domain is not hosted here.
 */
export async function dkimSigningKey(db: Db, domainName: string, options: DkimOptions = dkimOptionsFromConfig()) {
  const domain = await db.domain.findUnique({ where: { name: domainName.toLowerCase() }, select: { id: true, name: true, dkimSelector: true } });
  if (!domain) return null;
  const key = await ensureDkimKey(db, domain, options);
  return { domain: domain.name, selector: key.selector, privateKeyPem: options.keyring.decrypt(key.privateKeyEncrypted), publicKey: key.publicKey };
}
