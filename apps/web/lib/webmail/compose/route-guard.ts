import 'server-only';
import { TemporarilyUnavailableError } from '@kontor/core';
import { currentMailUser, type MailUser } from '../mail-session.ts';

/**
 * The request comes from a page of this site: its Origin is our own
 * (the host the browser addressed, as Next's server actions compare it).
 * A browser always sends Origin on a cross-site POST, and on fetch/XHR
 * POSTs of its own; a request without one is refused too.
 */
export function sameOrigin(request: Request): boolean {
  const origin = request.headers.get('origin');
  const host = request.headers.get('x-forwarded-host') ?? request.headers.get('host');
  if (!origin || !host) return false;
  try {
    return new URL(origin).host === host;
  } catch {
    return false;
  }
}

export function json(body: unknown, status = 200): Response {
  return Response.json(body, { status, headers: { 'Cache-Control': 'no-store' } });
}

/**
 * One wrapper for the compose route handlers: same-origin (CSRF), the
 * signed-in mailbox user (only their session's mailbox is reached), and
 * an IMAP outage as 503 instead of a crash.
 */
export async function composeRoute(request: Request, handler: (user: MailUser) => Promise<Response>): Promise<Response> {
  if (!sameOrigin(request)) return json({ status: 'error', problem: 'origin' }, 403);
  const user = await currentMailUser();
  if (!user || user === 'admin-only') return json({ status: 'error', problem: 'sessionEnded' }, 401);
  try {
    return await handler(user);
  } catch (error) {
    if (error instanceof TemporarilyUnavailableError) return json({ status: 'error', problem: 'unavailable' }, 503);
    throw error;
  }
}
