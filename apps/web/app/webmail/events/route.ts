import { loadConfig } from '@kontor/core';
import { mailboxSessionActor } from '@kontor/db';
import { getDb } from '@/lib/db.ts';
import { type MailboxChange, watchMailbox } from '@/lib/webmail/imap-pool.ts';
import { currentMailUser } from '@/lib/webmail/mail-session.ts';

export const dynamic = 'force-dynamic';

/** A comment line now and then keeps proxies from closing a quiet stream. */
const HEARTBEAT_MS = 25_000;

/**
 * Server-sent events for the open webmail page: each change IMAP reports
 * in the folder the user has open (IDLE on their connection) becomes one
 * `change` event. The stream ends when the session ends or the IMAP
 * connection closes; the browser's EventSource then reconnects by itself.
 */
export async function GET(request: Request) {
  const user = await currentMailUser();
  if (!user || user === 'admin-only') return new Response('Not signed in to webmail', { status: 401 });
  const encoder = new TextEncoder();
  let cleanup = () => {};
  const stream = new ReadableStream<Uint8Array>({
    async start(controller) {
      let open = true;
      const send = (text: string) => {
        if (open) controller.enqueue(encoder.encode(text));
      };
      const close = () => {
        if (!open) return;
        open = false;
        cleanup();
        controller.close();
      };
      let unwatch: () => void = () => {};
      try {
        unwatch = await watchMailbox(user.imap, (change: MailboxChange) => {
          if (change.type === 'closed') close();
          else send(`event: change\ndata: ${JSON.stringify(change)}\n\n`);
        });
      } catch {
        // IMAP unreachable: tell the browser to retry a little later.
        send('retry: 10000\n\n');
        close();
        return;
      }
      const heartbeat = setInterval(() => send(': keep-alive\n\n'), HEARTBEAT_MS);
      const sessionCheck = setInterval(async () => {
        const actor = await mailboxSessionActor(getDb(), { mailboxId: user.actor.id, sessionId: user.sessionId }).catch(() => undefined);
        if (actor === null) close();
      }, loadConfig().WEBMAIL_SESSION_CHECK_INTERVAL);
      cleanup = () => {
        clearInterval(heartbeat);
        clearInterval(sessionCheck);
        unwatch();
      };
      request.signal.addEventListener('abort', close);
      send('retry: 3000\n: connected\n\n');
    },
    cancel() {
      cleanup();
    },
  });
  return new Response(stream, {
    headers: { 'Content-Type': 'text/event-stream; charset=utf-8', 'Cache-Control': 'no-cache, no-transform', 'X-Accel-Buffering': 'no' },
  });
}
