import { type Logger, pino } from 'pino';

export type { Logger };

/** One JSON logger per process; children add context (`logger.child({ conn })`). */
export function createLogger(name: string, level = process.env.LOG_LEVEL ?? 'info'): Logger {
  return pino({ name, level, base: { pid: process.pid } });
}
