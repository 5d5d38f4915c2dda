// maild: the mail daemon. One entry; MAILD_ROLES picks what this process
// runs (smtp, imap, pop3, workers), so instances can be scaled by role.
import { createLogger, loadConfig } from '@kontor/core';
import { createDb } from '@kontor/db';
import { resolveDatabaseUrl } from '@kontor/db/embedded';

const config = loadConfig();
const log = createLogger('maild', config.LOG_LEVEL);

async function main() {
  const { url, poolMax } = resolveDatabaseUrl(config);
  const db = createDb({ url, max: poolMax });
  await db.$queryRaw`SELECT 1`;

  const stops: Array<() => Promise<void>> = [async () => db.$disconnect()];
  log.info({ hostname: config.MAIL_HOSTNAME }, 'maild ready');

  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    log.info({ signal }, 'maild stopping');
    for (const stop of stops.reverse()) await stop().catch((error) => log.error({ err: error }, 'stop failed'));
    process.exit(0);
  };
  process.on('SIGINT', () => void shutdown('SIGINT'));
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
}

main().catch((error) => {
  log.fatal({ err: error }, 'maild failed to start');
  process.exit(1);
});
