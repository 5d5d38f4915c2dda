import 'server-only';
import { NotFoundError, ValidationError } from '@kontor/core';
import { type ApiKeyActor, authenticateApiKey, writeAudit } from '@kontor/db';
import { z } from 'zod';
import { clientIp } from '@/lib/client-ip.ts';
import { getDb } from '@/lib/db.ts';
import { ApiError, errorResponse, isUnexpected, jsonResponse, rateLimited, unauthorized } from './errors.ts';
import type { ApiMethod, ApiOperation } from './operation.ts';
import { apiRateLimits } from './rate-limit.ts';
import { apiLog } from './runtime.ts';

export const API_BASE = '/api/v1';

type RouteContext = { params: Promise<Record<string, string | string[] | undefined>> };
export type RouteHandler = (request: Request, context: RouteContext) => Promise<Response>;

const DEFAULT_MAX_BODY = 1024 * 1024;

function bearerKey(request: Request): string | null {
  const header = request.headers.get('authorization') ?? '';
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
  return match?.[1] ?? null;
}

/** The key's actor, or a 401 (counted against the client's address) or a 429. */
async function authenticate(request: Request, ip: string | undefined): Promise<ApiKeyActor> {
  const limits = apiRateLimits();
  const client = ip ?? 'unknown';
  const verdict = await limits.checkFailures(client);
  if (!verdict.allowed) throw rateLimited(verdict.retryAfterMs, 'Too many calls with unknown or revoked keys from this address; wait a moment');
  const key = bearerKey(request);
  const actor = key ? await authenticateApiKey(getDb(), key, ip) : null;
  if (!actor) {
    await limits.recordFailure(client);
    throw unauthorized(key ? 'This API key is unknown or revoked' : undefined);
  }
  return actor;
}

function checkAccess(operation: ApiOperation, actor: ApiKeyActor): void {
  if (operation.access === 'send' && actor.scope !== 'send') throw new ApiError(403, 'forbidden', 'Only a sending key can send messages');
  if (operation.access !== 'send' && actor.scope === 'send')
    throw new ApiError(403, 'forbidden', 'A sending key can only send messages (POST /api/v1/messages)');
  if (operation.access === 'superadmin' && !actor.global) throw new ApiError(403, 'forbidden', 'Only a superadmin key can do this');
}

/** Issues as field errors, the first per field, as the data functions' parseInput reports them. */
function issuesToFields(issues: readonly z.core.$ZodIssue[], fallback: string): Record<string, string> {
  const fields: Record<string, string> = {};
  for (const issue of issues) fields[String(issue.path[0] ?? fallback)] ??= issue.message;
  return fields;
}

async function readBody(request: Request, operation: ApiOperation): Promise<unknown> {
  if (operation.method === 'GET' || operation.method === 'DELETE') return {};
  const limit = (typeof operation.maxBodyBytes === 'function' ? operation.maxBodyBytes() : operation.maxBodyBytes) ?? DEFAULT_MAX_BODY;
  const declared = Number(request.headers.get('content-length') ?? 0);
  if (declared > limit) throw new ValidationError({ body: `The body may be at most ${limit} bytes` });
  const text = await request.text();
  if (Buffer.byteLength(text) > limit) throw new ValidationError({ body: `The body may be at most ${limit} bytes` });
  let parsed: unknown = {};
  try {
    if (text.trim()) parsed = JSON.parse(text);
  } catch {
    throw new ValidationError({ body: 'The body is not valid JSON' });
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw new ValidationError({ body: 'Send a JSON object' });
  if (operation.body) {
    const result = operation.body.safeParse(parsed);
    if (!result.success) throw new ValidationError(issuesToFields(result.error.issues, 'body'));
  }
  return parsed;
}

function queryObject(url: URL): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of url.searchParams) out[name] = value;
  return out;
}

/** Query-string issues as field errors (what a data function's ValidationError would say). */
function parseQuery(schema: z.ZodObject | undefined, url: URL): Record<string, unknown> {
  if (!schema) return {};
  const result = schema.safeParse(queryObject(url));
  if (result.success) return result.data;
  throw new ValidationError(issuesToFields(result.error.issues, 'query'));
}

/**
 * Runs one operation: key, access and rate limit, parameters, body, the
 * handler, the answer encoded by its schema, errors mapped in one place.
 * Every call with a valid key leaves an `api.call` audit row (method, path,
 * answer, client address) and the key's last use; changes the data
 * functions make are audited by them as well, under the key's name.
 */
async function run(operation: ApiOperation, request: Request, context: RouteContext): Promise<Response> {
  const started = Date.now();
  const url = new URL(request.url);
  const ip = clientIp(request.headers);
  let actor: ApiKeyActor | undefined;
  let response: Response;
  try {
    if (operation.access !== 'public') {
      actor = await authenticate(request, ip);
      checkAccess(operation, actor);
      const verdict = await apiRateLimits().consume(actor.id);
      if (!verdict.allowed) throw rateLimited(verdict.retryAfterMs, 'Too many calls with this key; wait a moment');
    }
    const rawParams = await context.params;
    let params: Record<string, unknown> = {};
    if (operation.params) {
      const parsed = operation.params.safeParse(rawParams);
      if (!parsed.success) throw new NotFoundError(`No such ${operation.tag.replace(/s$/, '')}`);
      params = parsed.data;
    }
    const query = parseQuery(operation.query, url);
    const body = await readBody(request, operation);
    const result = await operation.handler({ actor: actor as ApiKeyActor, db: getDb(), params, query, body, request });
    const status = operation.status ?? 200;
    response = status === 204 || !operation.response ? jsonResponse(204, null) : jsonResponse(status, z.encode(operation.response, result));
  } catch (error) {
    if (isUnexpected(error)) apiLog().error({ err: error, method: operation.method, path: url.pathname, key: actor?.prefix }, 'API call failed');
    response = errorResponse(error);
  }
  const log = { event: 'api.call', key: actor?.prefix, method: operation.method, path: url.pathname, status: response.status, ip, ms: Date.now() - started };
  apiLog().info(log, 'api call');
  // A refused flood (429) is not written row by row; the log line above has it.
  if (actor && response.status !== 429) {
    await writeAudit(getDb(), actor, {
      action: 'api.call',
      targetType: 'api',
      targetId: `${operation.method} ${url.pathname}`,
      domainId: actor.domainIds.length === 1 ? actor.domainIds[0] : null,
      after: { status: response.status, operation: operation.id },
    }).catch((error: unknown) => apiLog().warn({ err: error, ...log }, 'API call not audited'));
  }
  return response;
}

/**
 * The route file's exports: `export const { GET, POST } = routeHandlers(listDomains, createDomain)`.
 */
export function routeHandlers<const Ops extends readonly ApiOperation[]>(...operations: Ops): { [K in Ops[number]['method']]: RouteHandler } {
  const handlers: Partial<Record<ApiMethod, RouteHandler>> = {};
  for (const operation of operations) handlers[operation.method] = (request, context) => run(operation, request, context);
  return handlers as { [K in Ops[number]['method']]: RouteHandler };
}
