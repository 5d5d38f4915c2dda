/**
 * The two kinds of Redis connection a process holds, and how their
 * trouble is logged.
 *
 * - A **queue** connection (BullMQ workers and queues) keeps commands
 *   while Redis is away and sends them once it is back: a job waits, no
 *   one is left hanging on it.
 * - An **interactive** connection serves work a client is waiting on
 *   (login and connection limiters, locks, \Recent marks). Without an
 *   offline queue and with a command timeout, a command fails within
 *   about a second when Redis is down or stuck, and the caller decides
 *   (a limiter lets the attempt through, a lock answers "try later").
 *
 * ioredis emits 'error' on every failed reconnect; without a listener it
 * prints raw dumps on stderr. `reportRedisOutages` logs the first error of
 * an outage and the recovery, as JSON through pino, and nothing between.
 */
import { Redis, type RedisOptions } from 'ioredis';
import type { Logger } from './logger.ts';

/** How long a command on an interactive connection may take before it fails. */
export const INTERACTIVE_COMMAND_TIMEOUT_MS = 1000;

/** Logs "unavailable" once when something starts failing and "available again" once it works; silent in between. */
export class OutageLog {
  private down = false;

  constructor(
    private readonly log: Pick<Logger, 'warn' | 'info'>,
    private readonly what: string,
    private readonly context: Record<string, unknown> = {},
  ) {}

  get isDown(): boolean {
    return this.down;
  }

  failed(error: unknown): void {
    if (this.down) return;
    this.down = true;
    this.log.warn({ ...this.context, err: error }, `${this.what} unavailable`);
  }

  recovered(): void {
    if (!this.down) return;
    this.down = false;
    this.log.info(this.context, `${this.what} available again`);
  }
}

/** One log line when `client` loses Redis, one when it is back (see above). */
export function reportRedisOutages(client: Redis, log: Pick<Logger, 'warn' | 'info'>, name: string): OutageLog {
  const outage = new OutageLog(log, 'Redis', { redis: name });
  client.on('error', (error: Error) => outage.failed(error));
  client.on('ready', () => outage.recovered());
  return outage;
}

/** A connection whose commands wait for Redis to come back (BullMQ needs `maxRetriesPerRequest: null`). */
export function createQueueRedis(url: string, log: Pick<Logger, 'warn' | 'info'>, options: RedisOptions = {}): Redis {
  const client = new Redis(url, { maxRetriesPerRequest: null, lazyConnect: true, ...options });
  reportRedisOutages(client, log, 'queue');
  return client;
}

/** A connection whose commands fail within about a second when Redis is down or unresponsive. */
export function createInteractiveRedis(url: string, log: Pick<Logger, 'warn' | 'info'>, options: RedisOptions = {}): Redis {
  const client = new Redis(url, {
    lazyConnect: true,
    enableOfflineQueue: false,
    maxRetriesPerRequest: 0,
    commandTimeout: INTERACTIVE_COMMAND_TIMEOUT_MS,
    connectTimeout: INTERACTIVE_COMMAND_TIMEOUT_MS,
    // Reconnect quickly and keep trying: the connection must be there again as soon as Redis is.
    retryStrategy: (attempt) => Math.min(100 * attempt, 1000),
    ...options,
  });
  reportRedisOutages(client, log, 'interactive');
  return client;
}

/**
 * BullMQ queues and workers re-emit their connection's errors; a queue
 * without an 'error' listener prints each one raw. This logs the first of
 * an outage and the recovery (when `connection` is ready again).
 */
export function reportQueueOutages(
  emitter: { on(event: 'error', listener: (error: Error) => void): unknown },
  connection: Redis,
  log: Pick<Logger, 'warn' | 'info'>,
  name: string,
): void {
  const outage = new OutageLog(log, 'Redis', { queue: name });
  emitter.on('error', (error) => outage.failed(error));
  connection.on('ready', () => outage.recovered());
}
