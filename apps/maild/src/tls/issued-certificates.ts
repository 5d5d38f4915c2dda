/**
 * The automatic certificates every maild instance serves: read from
 * PostgreSQL (keys decrypted with the DKIM keyring), and read again when
 * the certificate job announces a new one on Redis, or at the latest
 * every `pollMs` (an announcement missed while Redis was away).
 */
import type { DkimKeyring, Logger } from '@kontor/core';
import { type Db, issuedTlsCertificates } from '@kontor/db';
import type { Redis } from 'ioredis';
import type { IssuedPair } from './tls-source.ts';

export function certificateChannel(redisPrefix: string): string {
  return `${redisPrefix}:tls:certificates`;
}

export async function loadIssuedPairs(db: Db, keyring: DkimKeyring): Promise<IssuedPair[]> {
  const rows = await issuedTlsCertificates(db);
  return rows.flatMap((row) =>
    row.certPem && row.keyEncrypted ? [{ names: row.names, cert: Buffer.from(row.certPem), key: Buffer.from(keyring.decrypt(row.keyEncrypted)) }] : [],
  );
}

/** Tells every instance that a certificate changed. */
export async function announceCertificateChange(redis: Redis, redisPrefix: string): Promise<void> {
  await redis.publish(certificateChannel(redisPrefix), String(Date.now()));
}

/** Calls `onChange` on each announcement and every `pollMs`; resolves to a stop function. */
export async function watchCertificateChanges(options: {
  redis: Redis;
  redisPrefix: string;
  pollMs: number;
  log: Logger;
  onChange: (reason: string) => void;
}): Promise<() => Promise<void>> {
  const subscriber = options.redis.duplicate();
  subscriber.on('error', (error) => options.log.debug({ err: error }, 'certificate announcements: redis error'));
  subscriber.on('message', () => options.onChange('certificate job'));
  await subscriber.subscribe(certificateChannel(options.redisPrefix)).catch((error: unknown) => {
    options.log.warn({ err: error }, 'certificate announcements not received; polling only');
  });
  const timer = setInterval(() => options.onChange('poll'), options.pollMs);
  timer.unref();
  return async () => {
    clearInterval(timer);
    subscriber.disconnect();
  };
}
