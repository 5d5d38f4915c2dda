import 'server-only';
import { createLogger, loadConfig } from '@kontor/core';
import { LoginLimiter, loginLimiterOptions } from '@kontor/core/login-limiter';
import { createInteractiveRedis } from '@kontor/core/redis';

// One limiter per server process, also across Next.js's module instances.
declare global {
  var kontorLoginLimiter: LoginLimiter | undefined;
}
const cache = globalThis;

/** The panel's share of the brute-force limits IMAP, POP3 and SMTP use (Redis, all processes). */
export function getLoginLimiter(): LoginLimiter {
  if (!cache.kontorLoginLimiter) {
    const config = loadConfig();
    const log = createLogger('web', config.LOG_LEVEL);
    // Commands fail within a second while Redis is away; the limiter then lets sign-ins through, and the outage is logged once.
    const redis = createInteractiveRedis(config.REDIS_URL, log);
    redis.connect().catch(() => undefined);
    cache.kontorLoginLimiter = new LoginLimiter(redis, { ...loginLimiterOptions(config), keyPrefix: `${config.REDIS_PREFIX}:login:panel`, log });
  }
  return cache.kontorLoginLimiter;
}

/** Thrown from authorize(); its message reaches the sign-in form. */
export class TooManyAttemptsError extends Error {
  constructor(retryAfterMs: number) {
    super(`Too many failed sign-ins. Try again in ${Math.max(1, Math.ceil(retryAfterMs / 60_000))} minute(s).`);
  }
}
