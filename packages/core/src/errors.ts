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
