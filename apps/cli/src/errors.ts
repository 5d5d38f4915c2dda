/**
 * Every failure ends as `kontor: <one line>` on stderr and exit code 1.
 * This file turns errors (ours, the core's, Prisma's) into that line.
 */
import { core } from './deps.ts';

/** A failure the CLI itself detects; `details` are extra lines printed after the first. */
export class CliError extends Error {
  constructor(
    message: string,
    readonly details: string[] = [],
  ) {
    super(message);
  }
}

/** Bad command line: the message plus a pointer to the right `--help`. */
export class UsageError extends CliError {
  constructor(
    message: string,
    /** `domain add`, `domain`, or '' for the top level. */
    readonly command: string,
  ) {
    super(`${message}; see kontor ${command ? `${command} ` : ''}--help`);
  }
}

/** How the data functions' field names read on the command line. */
const FIELD_LABELS: Record<string, string> = {
  name: 'domain',
  domainId: 'domain',
  localPart: 'address',
  address: 'address',
  destinations: 'destination',
  password: '--password',
  quota: '--quota',
  defaultQuota: '--quota',
  maxMailboxes: '--max-mailboxes',
  displayName: '--name',
  description: '--description',
};

/** The lines to print for an error: the first gets the `kontor: ` prefix. */
export async function describeError(error: unknown): Promise<string[]> {
  if (error instanceof CliError) return [error.message, ...error.details];
  // Other errors come from the core or the data layer, which are then already loaded.
  const { ConfirmationRequiredError, ValidationError, isKontorError } = await core();
  if (error instanceof ValidationError) {
    const [field, message] = Object.entries(error.fields)[0] ?? ['', error.message];
    const label = FIELD_LABELS[field];
    return [label ? `invalid ${label}: ${message}` : message];
  }
  if (error instanceof ConfirmationRequiredError) {
    return [`${error.message}; run again with --yes to go ahead`];
  }
  if (isKontorError(error)) return [error.message];
  const database = describeDatabaseError(error);
  if (database) return [database];
  const message = error instanceof Error ? error.message : String(error);
  // Multi-line messages (configuration errors) become one line.
  return [
    message
      .trim()
      .replace(/:\s*\n\s*/, ': ')
      .split(/\s*\n\s*/)
      .join('; '),
  ];
}

interface PrismaLikeError {
  code?: string;
  message?: string;
  meta?: { driverAdapterError?: { cause?: { kind?: string; host?: string; port?: number; db?: string; table?: string; originalMessage?: string } } };
}

/** Prisma reports connection trouble with a code and a driver cause; say what to do. */
function describeDatabaseError(error: unknown): string | undefined {
  if (typeof error !== 'object' || error === null) return undefined;
  const { code, meta, message } = error as PrismaLikeError;
  if (typeof code !== 'string' || !/^P\d{4}$/.test(code)) return undefined;
  const cause = meta?.driverAdapterError?.cause;
  switch (cause?.kind) {
    case 'DatabaseNotReachable':
      return `cannot reach the database at ${cause.host ?? 'its host'}${cause.port ? `:${cause.port}` : ''}; is PostgreSQL running, and is DATABASE_URL right?`;
    case 'DatabaseDoesNotExist':
      return `the database ${cause.db ?? ''} does not exist; check DATABASE_URL`.replace('  ', ' ');
    case 'DatabaseAccessDenied':
    case 'AuthenticationFailed':
      return `the database refused the login (${cause.originalMessage ?? 'access denied'}); check the user and password in DATABASE_URL`;
    case 'TableDoesNotExist':
      return `the database has no Kontor tables (${cause.table ?? 'missing table'}); run npm run db:migrate`;
  }
  // Prisma's message starts with the call site; its last line says what went wrong.
  const lines = (message ?? '')
    .split('\n')
    .map((line) => line.trim())
    .filter(Boolean);
  return `database error ${code}: ${lines.at(-1) ?? 'unknown'}`;
}
