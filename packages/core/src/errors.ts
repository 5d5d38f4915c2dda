/**
 * Typed errors of the core. Edges map them: HTTP status in the panel, exit
 * code and one line in the CLI, protocol replies in maild.
 */
export type FieldErrors = Record<string, string>;

export abstract class KontorError extends Error {
  abstract readonly code: string;
}

/** Input that breaks a rule; `fields` says which field and why. */
export class ValidationError extends KontorError {
  readonly code = 'validation';
  constructor(
    readonly fields: FieldErrors,
    message = Object.values(fields)[0] ?? 'Invalid input',
  ) {
    super(message);
  }
}

export class NotFoundError extends KontorError {
  readonly code = 'not_found';
}

/** A uniqueness rule would be broken (duplicate domain, address taken, ...). */
export class ConflictError extends KontorError {
  readonly code = 'conflict';
  constructor(
    message: string,
    readonly field?: string,
  ) {
    super(message);
  }
}

/** The actor may not see or change this. */
export class ForbiddenError extends KontorError {
  readonly code = 'forbidden';
}

/** A destructive change that needs an explicit yes; `consequences` lists what goes. */
export class ConfirmationRequiredError extends KontorError {
  readonly code = 'confirmation_required';
  constructor(
    message: string,
    readonly consequences: string[],
  ) {
    super(message);
  }
}

export function isKontorError(error: unknown): error is KontorError {
  return error instanceof KontorError;
}

/**
 * A service this work needs (PostgreSQL, Redis) is unreachable for now; the
 * same request may succeed later. Edges answer "try again": SMTP 451,
 * IMAP `NO [UNAVAILABLE]` (RFC 5530), POP3 `-ERR [SYS/TEMP]` (RFC 3206).
 */
export class TemporarilyUnavailableError extends KontorError {
  readonly code = 'unavailable';
  constructor(
    readonly service: string,
    options?: { cause?: unknown },
  ) {
    super(`The ${service} is temporarily unavailable`, options);
  }
}

// PostgreSQL SQLSTATEs of a server going away or not taking connections:
// class 08 (connection exception), 57P01-57P03 (admin/crash shutdown, cannot connect now), 53300 (too many connections).
const UNAVAILABLE_SQLSTATE = /^(08...|57P0[123]|53300)$/;
// Node socket errors on the way to a server.
const UNAVAILABLE_ERRNO = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH', 'EPIPE', 'ENOTFOUND', 'EAI_AGAIN']);
// Prisma: can't reach the server, timeout, closed the connection, pool timeout (P1001, P1002, P1017, P2024).
const UNAVAILABLE_PRISMA = new Set(['P1001', 'P1002', 'P1017', 'P2024']);
// Messages the pg driver and adapter use when a connection ends or the pool gives up.
const UNAVAILABLE_MESSAGE =
  /Connection terminated|timeout exceeded when trying to connect|Client has encountered a connection error|terminating connection due to administrator command|the database system is (starting up|shutting down)|Can't reach database server|Server has closed the connection|Timed out fetching a new connection/i;

/**
 * True when `error` says a server we depend on (PostgreSQL above all) could
 * not be reached or dropped the connection, so retrying later may work (as
 * opposed to a bug or bad data). Looks through `cause` chains: Prisma's
 * driver adapters wrap pg's errors.
 */
export function isTemporaryOutage(error: unknown): boolean {
  for (let current = error, depth = 0; current && depth < 6; depth++) {
    if (current instanceof TemporarilyUnavailableError) return true;
    if (typeof current !== 'object') return false;
    const fields = current as { code?: unknown; message?: unknown; cause?: unknown; originalCode?: unknown; errorCode?: unknown };
    for (const code of [fields.code, fields.originalCode, fields.errorCode]) {
      if (typeof code !== 'string') continue;
      if (UNAVAILABLE_SQLSTATE.test(code) || UNAVAILABLE_ERRNO.has(code) || UNAVAILABLE_PRISMA.has(code)) return true;
    }
    if (typeof fields.message === 'string' && UNAVAILABLE_MESSAGE.test(fields.message)) return true;
    current = fields.cause;
  }
  return false;
}

/** `error` as a TemporarilyUnavailableError when it is an outage of `service`, else unchanged. */
export function asTemporaryError(error: unknown, service = 'database'): unknown {
  if (error instanceof TemporarilyUnavailableError) return error;
  return isTemporaryOutage(error) ? new TemporarilyUnavailableError(service, { cause: error }) : error;
}
