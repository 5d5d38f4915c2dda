import 'server-only';
import { TemporarilyUnavailableError } from '@kontor/core';

/**
 * imapflow rejects a command the server answered NO or BAD with an error
 * carrying `responseStatus`: for webmail that is a folder that is not (any
 * more) there, or a UID that is gone; never a reason for an error page.
 */
export function isServerRefusal(error: unknown): boolean {
  if (!error || typeof error !== 'object') return false;
  const status = (error as { responseStatus?: unknown }).responseStatus;
  return status === 'NO' || status === 'BAD';
}

export type ImapFailure = 'unavailable' | 'notFound';

/** The user-facing kind of an IMAP failure, or null for a bug (rethrown by the caller). */
export function imapFailure(error: unknown): ImapFailure | null {
  if (error instanceof TemporarilyUnavailableError) return 'unavailable';
  if (isServerRefusal(error)) return 'notFound';
  return null;
}
