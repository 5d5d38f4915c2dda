import 'server-only';
import path from 'node:path';
import { loadConfig } from '@kontor/core';
import { pingRedis, probeBlobDirectory, readinessBody, readinessFailures } from '@kontor/core/health';
import { METRICS_CONTENT_TYPE, metricsAllowed, metricsText } from '@kontor/core/metrics';
import { apiRedis } from './api/rate-limit.ts';
import { getDb } from './db.ts';
import { PEER_ADDRESS_HEADER } from './peer-address.ts';

const NO_STORE = { 'Cache-Control': 'no-store' };

/**
 * The panel's /metrics: with METRICS_TOKEN set, for its bearer only; without,
 * for a loopback peer only. The peer is the socket's (server.ts), never
 * X-Forwarded-For: a proxy in front of the panel would otherwise open it to all.
 */
export async function metricsResponse(request: Request): Promise<Response> {
  const peer = request.headers.get(PEER_ADDRESS_HEADER) ?? undefined;
  const token = loadConfig().METRICS_TOKEN;
  if (!metricsAllowed(token, request.headers.get('authorization'), peer)) {
    const text = token ? 'METRICS_TOKEN required (Authorization: Bearer …)\n' : 'Only from this machine (or set METRICS_TOKEN)\n';
    return new Response(text, {
      status: token ? 401 : 403,
      headers: { 'Content-Type': 'text/plain; charset=utf-8', ...NO_STORE, ...(token ? { 'WWW-Authenticate': 'Bearer' } : {}) },
    });
  }
  return new Response(await metricsText(), { headers: { 'Content-Type': METRICS_CONTENT_TYPE, ...NO_STORE } });
}

/** PostgreSQL, Redis and the blob directory (the API's sending path stores mail): 200, or 503 naming what failed. */
export async function readinessResponse(): Promise<Response> {
  const failed = await readinessFailures({
    database: () => getDb().$queryRaw`SELECT 1`,
    redis: () => pingRedis(apiRedis()),
    'blob-store': () => probeBlobDirectory(path.join(loadConfig().DATA_DIR, 'blobs')),
  });
  const { status, body } = readinessBody(failed);
  return Response.json(body, { status, headers: NO_STORE });
}

export function healthResponse(): Response {
  return Response.json({ status: 'ok' }, { headers: NO_STORE });
}
