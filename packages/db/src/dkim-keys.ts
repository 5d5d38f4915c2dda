import {
  type DkimAlgorithm,
  type DkimKeyring,
  type DnsRecordHint,
  type DnsRecordSettings,
  dkimKeyringFromConfig,
  dnsRecordHints,
  ed25519Selector,
  generateDkimKeyPair,
  generateEd25519DkimKeyPair,
  isMtaStsMode,
  loadConfig,
  NotFoundError,
} from '@kontor/core';
import type { Actor } from './actor.ts';
import { writeAudit } from './audit.ts';
import type { Db, DbTx } from './client.ts';
import { requestDnsCheck } from './dns-check-requests.ts';
import { getDomain } from './domains.ts';

/**
 * Each domain's DKIM keys, a pair: RSA-2048 under Domain.dkimSelector and
 * Ed25519 under the selector beside it (`kontor` → `kontor-ed25519`); mail
 * is signed with both (RFC 8463 §3: receivers that cannot verify Ed25519
 * use the RSA signature). A rotation adds a new pair under a new selector
 * (published beside the old one) and `activateDkimKey` switches to it,
 * retiring the old pair.
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

type DkimKeyRow = { selector: string; algorithm: string; privateKeyEncrypted: string; publicKey: string };

/** One new key, encrypted, ready to insert (made outside any transaction: RSA generation takes a moment). */
async function newKeyRow(keyring: DkimKeyring, selector: string, algorithm: 'rsa-sha256' | 'ed25519-sha256'): Promise<DkimKeyRow> {
  const pair = algorithm === 'rsa-sha256' ? await generateDkimKeyPair() : await generateEd25519DkimKeyPair();
  return { selector, algorithm, privateKeyEncrypted: keyring.encrypt(pair.privateKeyPem), publicKey: pair.publicKey };
}

/** A new pair, RSA under `selector` and Ed25519 beside it. */
export async function newDkimKeyRows(keyring: DkimKeyring, selector: string): Promise<DkimKeyRow[]> {
  return Promise.all([newKeyRow(keyring, selector, 'rsa-sha256'), newKeyRow(keyring, ed25519Selector(selector), 'ed25519-sha256')]);
}

/** The selectors of the pair named by an RSA selector. */
function pairSelectors(selector: string): string[] {
  return [selector, ed25519Selector(selector)];
}

/** The keys to publish: the active pair first (RSA, Ed25519), then those waiting for activation. Retired keys are not listed. */
async function publishedKeys(db: DbTx, domain: { id: number; dkimSelector: string }) {
  const keys = await db.dkimKey.findMany({ where: { domainId: domain.id, retiredAt: null }, orderBy: [{ createdAt: 'asc' }, { id: 'asc' }] });
  const active = pairSelectors(domain.dkimSelector);
  const rank = (k: { selector: string; algorithm: string }) => (active.includes(k.selector) ? 0 : 2) + (k.algorithm === 'rsa-sha256' ? 0 : 1);
  return keys
    .map((key, i) => ({ key, i }))
    .sort((a, b) => rank(a.key) - rank(b.key) || a.i - b.i)
    .map(({ key }) => key);
}

/**
 * Gives a domain the keys of its active pair that it lacks: a domain made
 * before DKIM keys existed gets both, one made before Ed25519 its Ed25519
 * key. Returns the pair, RSA first.
 */
export async function ensureDkimKey(db: Db, domain: { id: number; dkimSelector: string }, options: DkimOptions = dkimOptionsFromConfig()) {
  const selectors = pairSelectors(domain.dkimSelector);
  const existing = await db.dkimKey.findMany({ where: { domainId: domain.id, selector: { in: selectors } } });
  if (existing.length < selectors.length) {
    const rows = (await newDkimKeyRows(options.keyring, domain.dkimSelector)).filter((r) => !existing.some((k) => k.selector === r.selector));
    for (const row of rows) {
      await db.dkimKey.upsert({
        where: { domainId_selector: { domainId: domain.id, selector: row.selector } },
        create: { ...row, domainId: domain.id },
        update: {},
      });
    }
    return db.dkimKey.findMany({ where: { domainId: domain.id, selector: { in: selectors } }, orderBy: { algorithm: 'desc' } });
  }
  return existing.sort((a, b) => (a.algorithm === 'rsa-sha256' ? -1 : b.algorithm === 'rsa-sha256' ? 1 : 0));
}

/** The records a domain should publish (MX, SPF, both DKIM keys, DMARC, MTA-STS, TLS-RPT, autoconfig, SRV). */
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
  return dnsRecordHints(
    {
      name: domain.name,
      dkimKeys: keys.map((k) => ({ selector: k.selector, publicKey: k.publicKey, algorithm: k.algorithm })),
      mtaStsMode: isMtaStsMode(domain.mtaStsMode) ? domain.mtaStsMode : undefined,
    },
    settings,
  );
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
    state: pairSelectors(domain.dkimSelector).includes(k.selector) ? ('active' as const) : k.retiredAt ? ('retired' as const) : ('pending' as const),
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
 * Step one of a rotation: a new pair under a new selector (SELECTORyyyymm,
 * and its Ed25519 selector), to be published beside the active one.
 * Signing goes on with the active pair until `activateDkimKey`. A second
 * call while a pair waits returns it. `key` is the new RSA key, `keys` both.
 */
export async function rotateDkimKey(db: Db, actor: Actor, idOrName: number | string, options: DkimOptions = dkimOptionsFromConfig()) {
  const domain = await getDomain(db, actor, idOrName);
  await ensureDkimKey(db, domain, options);
  const keys = await db.dkimKey.findMany({ where: { domainId: domain.id } });
  const active = pairSelectors(domain.dkimSelector);
  const waiting = keys.find((k) => !active.includes(k.selector) && !k.retiredAt && k.algorithm === 'rsa-sha256');
  if (waiting) {
    const pair = keys.filter((k) => pairSelectors(waiting.selector).includes(k.selector));
    return { domain, key: waiting, keys: [waiting, ...pair.filter((k) => k !== waiting)], created: false };
  }
  const base = options.selector.replace(/\d+$/, '') || 'kontor';
  const rows = await newDkimKeyRows(options.keyring, nextSelector(base, new Set(keys.map((k) => k.selector))));
  const created = await db.$transaction(async (tx) => {
    // Typed: the root type-check reads an untyped [] as never[].
    const made: Awaited<ReturnType<typeof tx.dkimKey.create>>[] = [];
    for (const row of rows) made.push(await tx.dkimKey.create({ data: { ...row, domainId: domain.id } }));
    await writeAudit(tx, actor, {
      action: 'dkim.rotate',
      targetType: 'domain',
      targetId: domain.id,
      domainId: domain.id,
      after: { selector: made[0]!.selector, selectors: made.map((k) => k.selector) },
    });
    await requestDnsCheck(tx, domain.id);
    return made;
  });
  return { domain, key: created[0]!, keys: created, created: true };
}

/**
 * Step two: sign with the waiting key from now on; the old key is retired
 * (keep its DNS record a few days for mail still on its way).
 */
export async function activateDkimKey(db: Db, actor: Actor, idOrName: number | string) {
  const domain = await getDomain(db, actor, idOrName);
  const waiting = await db.dkimKey.findFirst({
    where: { domainId: domain.id, retiredAt: null, algorithm: 'rsa-sha256', selector: { notIn: pairSelectors(domain.dkimSelector) } },
    orderBy: { createdAt: 'desc' },
  });
  if (!waiting) throw new NotFoundError(`${domain.unicodeName} has no new DKIM key waiting; run a rotation first`);
  return db.$transaction(async (tx) => {
    await tx.dkimKey.updateMany({ where: { domainId: domain.id, selector: { in: pairSelectors(domain.dkimSelector) } }, data: { retiredAt: new Date() } });
    const updated = await tx.domain.update({ where: { id: domain.id }, data: { dkimSelector: waiting.selector } });
    await writeAudit(tx, actor, {
      action: 'dkim.activate',
      targetType: 'domain',
      targetId: domain.id,
      domainId: domain.id,
      before: { dkimSelector: domain.dkimSelector },
      after: { dkimSelector: updated.dkimSelector },
    });
    await requestDnsCheck(tx, domain.id);
    return { domain: updated, previousSelector: domain.dkimSelector, selector: waiting.selector };
  });
}

/**
 * The keys maild signs a domain's mail with (decrypted): `keys` the active
 * pair, RSA first; `selector`, `privateKeyPem` and `publicKey` the RSA key.
 * Null when the domain is not hosted here.
 */
export async function dkimSigningKey(db: Db, domainName: string, options: DkimOptions = dkimOptionsFromConfig()) {
  const domain = await db.domain.findUnique({ where: { name: domainName.toLowerCase() }, select: { id: true, name: true, dkimSelector: true } });
  if (!domain) return null;
  const keys = (await ensureDkimKey(db, domain, options)).map((key) => ({
    selector: key.selector,
    algorithm: key.algorithm as DkimAlgorithm,
    privateKeyPem: options.keyring.decrypt(key.privateKeyEncrypted),
    publicKey: key.publicKey,
  }));
  const rsa = keys.find((k) => k.algorithm === 'rsa-sha256')!;
  return { domain: domain.name, selector: rsa.selector, privateKeyPem: rsa.privateKeyPem, publicKey: rsa.publicKey, keys };
}
