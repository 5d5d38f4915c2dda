import 'server-only';
import { loadConfig } from '@kontor/core';
import { LoginLimiter, loginLimiterOptions } from '@kontor/core/login-limiter';
import { Redis } from 'ioredis';

// One limiter per server process, also across Next.js's module instances.
declare global {
  var kontorLoginLimiter: LoginLimiter | undefined;
}
const cache = globalThis;

/** The panel's share of the brute-force limits IMAP, POP3 and SMTP use (Redis, all processes). */
export function getLoginLimiter(): LoginLimiter {
  if (!cache.kontorLoginLimiter) {
    const config = loadConfig();
    const redis = new Redis(config.REDIS_URL, { maxRetriesPerRequest: 1, enableOfflineQueue: false, lazyConnect: false });
    redis.on('error', () => {}); // an outage is handled per call (fail open, logged there)
    cache.kontorLoginLimiter = new LoginLimiter(redis, { ...loginLimiterOptions(config), keyPrefix: `${config.REDIS_PREFIX}:login:panel` });
  }
  return cache.kontorLoginLimiter;
}

/** Thrown from authorize(); its message reaches the sign-in form. */
export class TooManyAttemptsError extends Error {
  constructor(retryAfterMs: number) {
    super(`Too many failed sign-ins. Try again in ${Math.max(1, Math.ceil(retryAfterMs / 60_000))} minute(s).`);
  }
}
