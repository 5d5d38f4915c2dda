import 'server-only';
import { type Config, createLogger, type Logger, loadConfig } from '@kontor/core';

declare global {
  var kontorApiLog: Logger | undefined;
}

/** The configuration, parsed once per process (loadConfig caches). */
export function apiConfig(): Config {
  return loadConfig();
}

/** JSON log lines of the API: one per call, and outages. */
export function apiLog(): Logger {
  globalThis.kontorApiLog ??= createLogger('web-api', apiConfig().LOG_LEVEL);
  return globalThis.kontorApiLog;
}
