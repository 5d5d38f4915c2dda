/**
 * maild's monitoring listener (METRICS_PORT on METRICS_BIND_ADDRESS):
 * `/metrics` for Prometheus, `/healthz` (the process answers) and `/readyz`
 * (PostgreSQL, Redis and the blob directory reachable; 503 naming what is
 * not). Off loopback it must be protected by METRICS_TOKEN, which /metrics
 * then asks for; /healthz and /readyz say nothing secret and stay open.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { Config, Logger } from '@kontor/core';
import { pingRedis, probeBlobDirectory, readinessBody, readinessFailures } from '@kontor/core/health';
import { isLoopbackBind, METRICS_CONTENT_TYPE, metricsAllowed, metricsText } from '@kontor/core/metrics';
import type { Db } from '@kontor/db';
import type { Redis } from 'ioredis';
import { listen } from '../listen.ts';
import type { Listener } from '../role-context.ts';

export interface MonitoringDeps {
  config: Pick<Config, 'METRICS_PORT' | 'METRICS_BIND_ADDRESS' | 'METRICS_TOKEN'>;
  db: Db;
  redis: Redis;
  /** DATA_DIR/blobs. */
  blobRoot: string;
  log: Logger;
}

export class MetricsConfigError extends Error {}

export async function startMonitoring(deps: MonitoringDeps): Promise<Listener | undefined> {
  const { METRICS_PORT: port, METRICS_BIND_ADDRESS: host, METRICS_TOKEN: token } = deps.config;
  if (port === 0) return undefined;
  if (!token && !isLoopbackBind(host)) {
    throw new MetricsConfigError(`METRICS_BIND_ADDRESS=${host} is not a loopback address: set METRICS_TOKEN, or bind METRICS_PORT to 127.0.0.1`);
  }
  const server = createServer((request, response) => {
    handle(deps, request, response).catch((error: unknown) => {
      deps.log.error({ err: error }, 'monitoring request failed');
      if (!response.headersSent) send(response, 500, 'text/plain', 'internal error\n');
    });
  });
  return listen('metrics', server, port, host);
}

async function handle(deps: MonitoringDeps, request: IncomingMessage, response: ServerResponse) {
  const url = new URL(request.url ?? '/', 'http://localhost');
  if (request.method !== 'GET' && request.method !== 'HEAD') return send(response, 405, 'text/plain', 'GET only\n');
  switch (url.pathname) {
    case '/healthz':
      return send(response, 200, 'application/json', JSON.stringify({ status: 'ok' }));
    case '/readyz': {
      const { status, body } = readinessBody(await readiness(deps));
      return send(response, status, 'application/json', JSON.stringify(body));
    }
    case '/metrics': {
      // A token, when set, is asked of every caller; without one this listener is on loopback only.
      const allowed = !deps.config.METRICS_TOKEN || metricsAllowed(deps.config.METRICS_TOKEN, request.headers.authorization, undefined);
      if (!allowed) return send(response, 401, 'text/plain', 'METRICS_TOKEN required (Authorization: Bearer …)\n', { 'www-authenticate': 'Bearer' });
      return send(response, 200, METRICS_CONTENT_TYPE, await metricsText(deps.log));
    }
    default:
      return send(response, 404, 'text/plain', 'not found\n');
  }
}

/** What is not reachable: database, redis, blob-store. */
function readiness(deps: MonitoringDeps): Promise<string[]> {
  return readinessFailures({
    database: () => deps.db.$queryRaw`SELECT 1`,
    redis: () => pingRedis(deps.redis),
    'blob-store': () => probeBlobDirectory(deps.blobRoot),
  });
}

function send(response: ServerResponse, status: number, type: string, body: string, headers: Record<string, string> = {}) {
  response.writeHead(status, { 'content-type': type, 'cache-control': 'no-store', ...headers });
  response.end(body);
}
