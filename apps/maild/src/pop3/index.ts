/**
 * The pop3 role: POP3_PORT (plain, STLS offered) and POP3S_PORT (implicit
 * TLS), one Pop3Server behind both; PROXY_PROTOCOL_TRUSTED peers start
 * with a PROXY header. See docs/pop3.md.
 */
import { countSession } from '@kontor/core/metrics';
import { Pop3Server } from '@kontor/pop3-server';
import { createClientListenerPair } from '../client-listener.ts';
import { listen } from '../listen.ts';
import type { Listener, RoleContext } from '../role-context.ts';
import { RedisLoginDelay } from './login-delay.ts';
import { createAuthenticator, createMaildropStorage, type MailboxUser } from './maildrop.ts';
import { RedisMaildropLocks } from './maildrop-lock.ts';
import { pop3Settings } from './settings.ts';

/** Starts the POP3 listeners (POP3_PORT with STLS, POP3S_PORT implicit TLS). */
export async function startPop3(context: RoleContext): Promise<Listener[]> {
  const { config, db, store, interactiveRedis, tls, loginLimiter, log } = context;
  const settings = pop3Settings(config);
  const pop3 = new Pop3Server<MailboxUser>({
    hostname: config.MAIL_HOSTNAME,
    auth: createAuthenticator(db),
    storage: createMaildropStorage(store),
    locks: new RedisMaildropLocks<MailboxUser>(interactiveRedis, {
      leaseMs: settings.lockLeaseMs,
      log,
      keyPrefix: `${config.REDIS_PREFIX}:pop3:maildrop-lock`,
    }),
    loginGuard: loginLimiter,
    ...(settings.loginDelaySeconds > 0
      ? { loginDelay: new RedisLoginDelay<MailboxUser>(interactiveRedis, settings.loginDelaySeconds, `${config.REDIS_PREFIX}:pop3:last-login`) }
      : {}),
    secureContext: tls.secureContext,
    sniCallback: tls.sniCallback,
    allowPlaintextAuthFromLoopback: config.ALLOW_PLAINTEXT_AUTH_LOOPBACK,
    log,
  });

  const { plain, implicit } = createClientListenerPair({
    name: 'pop3',
    log,
    isTrustedProxy: context.isTrustedProxy,
    secureContext: tls.secureContext,
    sniCallback: tls.sniCallback,
    onClient: ({ socket, ...client }) => (countSession('pop3', socket), void pop3.handle(socket, client)),
  });

  const listeners = [
    await listen('pop3', plain, config.POP3_PORT, config.BIND_ADDRESS),
    await listen('pop3s', implicit, config.POP3S_PORT, config.BIND_ADDRESS),
  ];
  // net.Server#close stops accepting but waits for open connections, which
  // may idle for 10 minutes: end the sessions too (they are told
  // -ERR [SYS/TEMP] and keep their mail).
  let ending: Promise<void> | undefined;
  return listeners.map((listener) => ({
    ...listener,
    async close() {
      const closed = listener.close();
      ending ??= pop3.closeAll();
      await ending;
      await closed;
    },
  }));
}
