import { ConflictError, type FieldErrors, parseSize, ValidationError } from '@kontor/core';
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

/** A size as typed ("2G", "500M", bytes, "unlimited"/0) → bytes. */
export const sizeField = z.union([z.string(), z.number(), z.bigint()]).transform((value, ctx) => {
  const bytes = typeof value === 'string' ? parseSize(value) : BigInt(value);
  if (bytes === null || bytes < 0n) {
    ctx.addIssue({ code: 'custom', message: 'Enter a size such as 500M, 2G or 0 for unlimited' });
    return z.NEVER;
  }
  return bytes;
});

/** A whole number from a form or a flag. */
export const countField = z.coerce.number({ message: 'Enter a whole number' }).int('Enter a whole number').min(0, 'Enter 0 or more');

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
