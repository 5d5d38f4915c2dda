import 'server-only';
import {
  ConfirmationRequiredError,
  ConflictError,
  ForbiddenError,
  isTemporaryOutage,
  NotFoundError,
  TemporarilyUnavailableError,
  ValidationError,
} from '@kontor/core';
import type { ApiErrorBody } from './schemas.ts';

type ErrorCode = ApiErrorBody['error']['code'];

/** An answer the API layer itself gives (no key, a limit): status, code and headers. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: ErrorCode,
    message: string,
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
  }
}

export function unauthorized(message = 'Send a valid API key: Authorization: Bearer kontor_…'): ApiError {
  return new ApiError(401, 'unauthorized', message, { 'WWW-Authenticate': 'Bearer realm="kontor"' });
}

export function rateLimited(retryAfterMs: number, message: string): ApiError {
  return new ApiError(429, 'rate_limited', message, { 'Retry-After': String(Math.max(1, Math.ceil(retryAfterMs / 1000))) });
}

export function jsonResponse(status: number, body: unknown, headers: Record<string, string> = {}): Response {
  return new Response(status === 204 ? null : JSON.stringify(body), {
    status,
    headers: { ...(status === 204 ? {} : { 'Content-Type': 'application/json; charset=utf-8' }), 'Cache-Control': 'no-store', ...headers },
  });
}

/**
 * The one place where the core's typed errors become HTTP: 400 with one
 * message per field, 403, 404, 409 (a conflict, or a removal that needs
 * `?confirm=true`), 429 with Retry-After, 503 while a service is away.
 * Anything else is a bug: logged by the caller, answered 500 without detail.
 */
export function errorResponse(error: unknown): Response {
  const body = (code: ErrorCode, message: string, extra: Omit<ApiErrorBody['error'], 'code' | 'message'> = {}): ApiErrorBody => ({
    error: { code, message, ...extra },
  });
  if (error instanceof ApiError) return jsonResponse(error.status, body(error.code, error.message), error.headers);
  if (error instanceof ValidationError) return jsonResponse(400, body('validation', error.message, { fields: error.fields }));
  if (error instanceof ConfirmationRequiredError) {
    return jsonResponse(
      409,
      body('confirmation_required', `${error.message}: repeat with ?confirm=true to remove it all`, { consequences: error.consequences }),
    );
  }
  if (error instanceof ConflictError) return jsonResponse(409, body('conflict', error.message, error.field ? { field: error.field } : {}));
  if (error instanceof ForbiddenError) return jsonResponse(403, body('forbidden', error.message || 'This key may not do that'));
  if (error instanceof NotFoundError) return jsonResponse(404, body('not_found', error.message || 'Not found'));
  if (error instanceof TemporarilyUnavailableError || isTemporaryOutage(error)) {
    return jsonResponse(503, body('unavailable', 'A service Kontor needs is unavailable; try again shortly'), { 'Retry-After': '5' });
  }
  return jsonResponse(500, body('internal', 'Something went wrong on the server; it has been logged'));
}

/** Whether errorResponse treats this as a bug (to log it with its stack). */
export function isUnexpected(error: unknown): boolean {
  return !(
    error instanceof ApiError ||
    error instanceof ValidationError ||
    error instanceof ConfirmationRequiredError ||
    error instanceof ConflictError ||
    error instanceof ForbiddenError ||
    error instanceof NotFoundError ||
    error instanceof TemporarilyUnavailableError ||
    isTemporaryOutage(error)
  );
}
