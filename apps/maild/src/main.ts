// maild: the mail daemon. One entry; MAILD_ROLES picks what this process
// runs (smtp, imap, pop3, workers), so instances can be scaled by role.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { Redis } from 'ioredis';
import { createLogger, loadConfig } from '@kontor/core';
import { createDb } from '@kontor/db';
import { resolveDatabaseUrl } from '@kontor/db/embedded';
import { createMailStore } from '@kontor/mailstore';
import { createResolver, createStaticResolver, type DnsResolver } from './dns/resolver.ts';
import { createOutboundQueue } from './queue/outbound-queue.ts';
import { createInboundDelivery } from './smtp/deliver-inbound.ts';
import { createInboundServer } from './smtp/inbound-server.ts';
import { ConnectionLimits } from './smtp/steps/connection-limits.ts';
import { listen } from './listen.ts';
import { startImap } from './imap/index.ts';
import { startPop3 } from './pop3/index.ts';
import type { Listener, RoleContext } from './role-context.ts';
import { LoginLimiter, loginLimiterOptions } from '@kontor/core/login-limiter';
import { loadCertificate } from './tls/certificate.ts';

const config = loadConfig();
const log = createLogger('maild', config.LOG_LEVEL);

function dnsResolver(): DnsResolver {
  if (config.DNS_RECORDS_FILE) {
    return createStaticResolver(JSON.parse(readFileSync(config.DNS_RECORDS_FILE, 'utf8')) as Record<string, unknown[]>);
  }
  return createResolver();
}

async function main() {
  const stops: Array<() => Promise<unknown>> = [];
  let stopping = false;
  const shutdown = async (signal: string, code = 0) => {
    if (stopping) return;
    stopping = true;
    log.info({ signal }, 'maild stopping');
    for (const stop of stops.reverse()) await stop().catch((error: unknown) => log.error({ err: error }, 'stop failed'));
    process.exit(code);
  };
  process.on('SIGINT', () => void shutdown('SIGINT'));
  process.on('SIGTERM', () => void shutdown('SIGTERM'));

  const { url, poolMax } = resolveDatabaseUrl(config);
  const db = createDb({ url, max: poolMax });
  await db.$queryRaw`SELECT 1`;
  stops.push(() => db.$disconnect());

  const redis = new Redis(config.REDIS_URL, { maxRetriesPerRequest: null, lazyConnect: true });
  await redis.connect();
  stops.push(() => redis.quit());

  const store = createMailStore({ db, dataDir: config.DATA_DIR, redis, log });
  stops.push(() => store.close());
  const certificate = await loadCertificate(config);
  const resolver = dnsResolver();
  const listeners: Listener[] = [];
  const context: RoleContext = { config, db, store, redis, certificate, resolver, loginLimiter: new LoginLimiter(redis, loginLimiterOptions(config)), log };

  if (config.MAILD_ROLES.has('smtp')) {
    const outbound = createOutboundQueue(redis);
    stops.push(() => outbound.close());
    const inbound = createInboundServer({
      db,
      delivery: createInboundDelivery({ db, store, forwards: outbound, log }),
      certificate,
      resolver,
      log: log.child({ service: 'smtp' }),
      hostname: config.MAIL_HOSTNAME,
      spoolDir: path.join(config.DATA_DIR, 'spool'),
      maxMessageSize: config.MAX_MESSAGE_SIZE,
      maxRecipients: config.SMTP_MAX_RECIPIENTS,
      connectionLimits: new ConnectionLimits(config.SMTP_MAX_CONNECTIONS_PER_IP, { redis, perMinute: config.SMTP_CONNECTIONS_PER_MINUTE }),
      dmarcRejectAction: config.DMARC_REJECT_ACTION,
    });
    listeners.push(await listen('smtp', inbound, config.SMTP_PORT, config.BIND_ADDRESS));
  }

  if (config.MAILD_ROLES.has('imap')) listeners.push(...(await startImap({ ...context, log: log.child({ service: 'imap' }) })));
  if (config.MAILD_ROLES.has('pop3')) listeners.push(...(await startPop3({ ...context, log: log.child({ service: 'pop3' }) })));

  if (config.MAILD_ROLES.has('workers')) {
    // Unreferenced blobs (expunged mail, deliveries that never committed) go once an hour.
    const sweep = setInterval(() => {
      store.sweepBlobs().then(
        (result) => log.info({ ...result }, 'blob sweep'),
        (error: unknown) => log.error({ err: error }, 'blob sweep failed'),
      );
    }, 3600_000);
    sweep.unref();
    stops.push(async () => clearInterval(sweep));
  }

  // Stop taking connections first, then close what they use.
  stops.push(() => Promise.all(listeners.map((l) => l.close())));
  log.info(
    { hostname: config.MAIL_HOSTNAME, roles: [...config.MAILD_ROLES], listening: Object.fromEntries(listeners.map((l) => [l.name, l.port])), selfSignedCertificate: certificate.selfSigned },
    'maild ready',
  );
}

main().catch((error: unknown) => {
  log.fatal({ err: error }, 'maild failed to start');
  process.exit(1);
});
