/**
 * What ACME needs kept between runs and between processes: the account at
 * each CA (key encrypted with the DKIM keyring), and the HTTP-01
 * challenges being validated, which any web process answers (RFC 8555
 * section 8.3), so the CA may reach whichever instance it likes.
 */
import type { DbTx } from './client.ts';

export interface AcmeAccountRow {
  directoryUrl: string;
  email: string;
  keyEncrypted: string;
  accountUrl: string | null;
}

export async function findAcmeAccount(db: DbTx, directoryUrl: string): Promise<AcmeAccountRow | null> {
  return db.acmeAccount.findUnique({ where: { directoryUrl } });
}

/** Stores a new account, or the URL the CA gave an existing one; the first writer's key wins. */
export async function saveAcmeAccount(db: DbTx, account: AcmeAccountRow): Promise<AcmeAccountRow> {
  return db.acmeAccount.upsert({
    where: { directoryUrl: account.directoryUrl },
    create: account,
    update: { email: account.email, accountUrl: account.accountUrl },
  });
}

export async function setAcmeAccountUrl(db: DbTx, directoryUrl: string, accountUrl: string): Promise<void> {
  await db.acmeAccount.updateMany({ where: { directoryUrl }, data: { accountUrl } });
}

/** Challenges live this long at most; the CA validates within seconds. */
const CHALLENGE_TTL_MS = 60 * 60_000;

export async function putAcmeChallenge(db: DbTx, token: string, keyAuthorization: string, now = new Date()): Promise<void> {
  await db.acmeChallenge.deleteMany({ where: { expiresAt: { lt: now } } });
  const expiresAt = new Date(now.getTime() + CHALLENGE_TTL_MS);
  await db.acmeChallenge.upsert({ where: { token }, create: { token, keyAuthorization, expiresAt }, update: { keyAuthorization, expiresAt } });
}

export async function removeAcmeChallenge(db: DbTx, token: string): Promise<void> {
  await db.acmeChallenge.deleteMany({ where: { token } });
}

/** The body for GET /.well-known/acme-challenge/<token>, or null when no such challenge is open. */
export async function acmeChallengeAnswer(db: DbTx, token: string, now = new Date()): Promise<string | null> {
  // Tokens are base64url (RFC 8555 section 8.1); anything else is not ours to look up.
  if (!/^[A-Za-z0-9_-]{1,256}$/.test(token)) return null;
  const row = await db.acmeChallenge.findUnique({ where: { token } });
  return row && row.expiresAt > now ? row.keyAuthorization : null;
}
