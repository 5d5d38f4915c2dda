import 'server-only';
import { TemporarilyUnavailableError } from '@kontor/core';
import { currentMailUser, type MailUser } from '@/lib/webmail/mail-session.ts';
import { type MessageRef, messageRef } from '@/lib/webmail/message-source.ts';

/**
 * What every reader route starts with: the signed-in mailbox user (from the
 * session cookie, never from the request) and the message the URL names in
 * that user's mailbox. Anything else is a plain 404, whoever asks.
 */
export type RouteParams = { params: Promise<{ folder: string; uid: string }> };

export async function readerRequest(context: RouteParams): Promise<{ user: MailUser; ref: MessageRef } | null> {
  const user = await currentMailUser();
  if (!user || user === 'admin-only') return null;
  const { folder, uid } = await context.params;
  const ref = messageRef(folder, uid);
  return ref ? { user, ref } : null;
}

/** Headers every reader response carries: never cached, never sniffed. */
export const PRIVATE_HEADERS = { 'Cache-Control': 'private, no-store', 'X-Content-Type-Options': 'nosniff' } as const;

export function notFoundResponse(): Response {
  return new Response('Not found\n', { status: 404, headers: { 'Content-Type': 'text/plain; charset=utf-8', ...PRIVATE_HEADERS } });
}

/** An IMAP outage is a 503 the browser can retry, not an error page; anything else is a bug and rethrown. */
export function failureResponse(error: unknown): Response {
  if (!(error instanceof TemporarilyUnavailableError)) throw error;
  return new Response('The mail server cannot be reached right now.\n', {
    status: 503,
    headers: { 'Content-Type': 'text/plain; charset=utf-8', 'Retry-After': '5', ...PRIVATE_HEADERS },
  });
}
