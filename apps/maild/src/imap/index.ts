/**
 * The IMAP role of maild: IMAP_PORT (plain, STARTTLS) and IMAPS_PORT
 * (implicit TLS) on BIND_ADDRESS, sessions run by @kontor/imap-server
 * over the message store. Connections from PROXY_PROTOCOL_TRUSTED peers
 * start with a PROXY header. Closing a listener ends every session with
 * `* BYE`.
 */
import { countSession } from '@kontor/core/metrics';
import { createImapServer } from '@kontor/imap-server';
import { createClientListenerPair } from '../client-listener.ts';
import { listen } from '../listen.ts';
import type { Listener, RoleContext } from '../role-context.ts';
import { createImapAuthenticator } from './auth.ts';
import { createRecentMarks } from './recent.ts';
import { createImapStorage } from './storage.ts';

/**
 * Rows stored before the search text and sort keys existed get them in the
 * background (the IMAP server reads their blobs until then). Stops within
 * one batch when the role closes.
 */
function startBackfill(context: RoleContext): { stop(): Promise<void> } {
  let stopped = false;
  const log = context.log.child({ task: 'search-backfill' });
  const running = context.store
    .backfillSearchData({ stopped: () => stopped })
    .then((done) => {
      if (done.messages || done.blobs) log.info(done, 'search text and sort keys filled in for older messages');
    })
    .catch((error: unknown) => {
      // Retried at the next start; until then those messages are searched from their blobs.
      if (!stopped) log.warn({ err: error }, 'search backfill stopped');
    });
  return {
    async stop() {
      stopped = true;
      await running;
    },
  };
}

/** Starts the IMAP listeners (IMAP_PORT with STARTTLS, IMAPS_PORT implicit TLS). */
export async function startImap(context: RoleContext): Promise<Listener[]> {
  const { config, tls, log } = context;
  const imap = createImapServer({
    storage: createImapStorage({ store: context.store, recent: createRecentMarks(context.interactiveRedis, context.config.REDIS_PREFIX, log) }),
    auth: createImapAuthenticator(context.db),
    throttle: context.loginLimiter,
    secureContext: tls.secureContext,
    sniCallback: tls.sniCallback,
    hostname: config.MAIL_HOSTNAME,
    allowPlaintextLoopback: config.ALLOW_PLAINTEXT_AUTH_LOOPBACK,
    log,
    // APPEND takes what SMTP takes.
    parser: { maxAppendLiteralSize: config.MAX_MESSAGE_SIZE },
  });
  const { plain, implicit } = createClientListenerPair({
    name: 'imap',
    log,
    isTrustedProxy: context.isTrustedProxy,
    secureContext: tls.secureContext,
    sniCallback: tls.sniCallback,
    onClient: ({ socket, ...client }) => (countSession('imap', socket), imap.handle(socket, client)),
  });

  const endSessions = () => imap.close();
  const backfill = startBackfill(context);
  const listeners = [
    await listen('imap', plain, config.IMAP_PORT, config.BIND_ADDRESS),
    await listen('imaps', implicit, config.IMAPS_PORT, config.BIND_ADDRESS),
  ];
  return listeners.map((listener) => ({
    ...listener,
    close: async () => {
      await Promise.all([listener.close(), endSessions(), backfill.stop()]);
    },
  }));
}
