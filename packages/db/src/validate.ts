import { ConflictError, type FieldErrors, formatSize, parseSize, ValidationError } from '@kontor/core';
import { z } from 'zod';

/** Parses with a zod schema; issues become a ValidationError keyed by field. */
export function parseInput<T extends z.ZodType>(schema: T, input: unknown): z.infer<T> {
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  const fields: FieldErrors = {};
  for (const issue of result.error.issues) {
    const field = String(issue.path[0] ?? 'form');
    fields[field] ??= issue.message;
  }
  throw new ValidationError(fields);
}

/** The largest size accepted anywhere (1024 TB): beyond it a typo, and near the column's limit. */
export const MAX_SIZE_BYTES = 1024n ** 5n;

/** A size as typed ("2G", "500M", bytes, "unlimited"/0) → bytes. */
export const sizeField = z.union([z.string(), z.number(), z.bigint()]).transform((value, ctx) => {
  const bytes = typeof value === 'string' ? parseSize(value) : Number.isSafeInteger(Number(value)) ? BigInt(value) : null;
  if (bytes === null || bytes < 0n) {
    ctx.addIssue({ code: 'custom', message: 'Enter a size such as 500M, 2G or 0 for unlimited' });
    return z.NEVER;
  }
  if (bytes > MAX_SIZE_BYTES) {
    ctx.addIssue({ code: 'custom', message: `Enter at most ${formatSize(MAX_SIZE_BYTES)} (or 0 for unlimited)` });
    return z.NEVER;
  }
  return bytes;
});

/** PostgreSQL's integer columns end here; a larger number is refused as input, not by the database. */
export const MAX_INT = 2_147_483_647;

/** A whole number from a form or a flag, from 0 to `max`. */
export function countField(max: number) {
  return z.coerce
    .number({ message: 'Enter a whole number' })
    .int('Enter a whole number')
    .min(0, 'Enter 0 or more')
    .max(max, `Enter at most ${max.toLocaleString('en-US')}`);
}

/** A row id from a form, a flag or a URL. */
export const idField = z.coerce.number({ message: 'Not a valid id' }).int('Not a valid id').positive('Not a valid id').max(MAX_INT, 'Not a valid id');

/** Form checkboxes arrive as "on"/"true"/"false"; the CLI and API send booleans. */
export const booleanField = z
  .union([z.boolean(), z.enum(['on', 'true', 'false', '1', '0'])])
  .transform((v) => v === true || v === 'on' || v === 'true' || v === '1');

/** Maps Prisma's unique-constraint error to a ConflictError, rethrows the rest. */
export function mapUniqueViolation(error: unknown, message: string, field?: string): never {
  if (typeof error === 'object' && error !== null && (error as { code?: string }).code === 'P2002') {
    throw new ConflictError(message, field);
  }
  throw error;
}

/** The rows per page of a panel or API list. */
export const DEFAULT_PAGE_SIZE = 50;
export const MAX_PAGE_SIZE = 200;

/** `?q=&page=&pageSize=` of a searchable list; out-of-range values fall back instead of failing the page. */
export const listQuery = z.object({
  q: z.string().trim().max(200).catch('').default(''),
  page: z.coerce.number().int().min(1).max(1_000_000).catch(1).default(1),
  pageSize: z.coerce.number().int().min(1).max(MAX_PAGE_SIZE).catch(DEFAULT_PAGE_SIZE).default(DEFAULT_PAGE_SIZE),
});
export type ListQuery = z.output<typeof listQuery>;

/** One page of a list and how many rows match in all. */
export interface ListPage<T> {
  rows: T[];
  total: number;
  page: number;
  pageSize: number;
}

/** Prisma's skip/take for a page. */
export function pageWindow(query: ListQuery): { skip: number; take: number } {
  return { skip: (query.page - 1) * query.pageSize, take: query.pageSize };
}

/**
 * `q` as a LIKE pattern that matches it anywhere, taken literally: Prisma's
 * `contains` passes `%` and `_` through as wildcards (prisma/prisma#19506),
 * so a search for "a_b" would also find "axb".
 */
export function containsPattern(q: string): string {
  return q.replace(/[\\%_]/g, (c) => `\\${c}`);
}
