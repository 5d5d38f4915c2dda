// maild: the mail daemon. One entry; MAILD_ROLES picks what this process
// runs (smtp, imap, pop3, workers), so instances can be scaled by role.
import { readFileSync } from 'node:fs';
import { createLogger, createSrs, dkimKeyringFromConfig, instanceSecret, loadConfig } from '@kontor/core';
import { createTlsaLookup } from '@kontor/core/dns';
import { LoginLimiter, loginLimiterOptions } from '@kontor/core/login-limiter';
import { trustedNetworks } from '@kontor/core/proxy-protocol';
import { createInteractiveRedis, createQueueRedis, reportQueueOutages } from '@kontor/core/redis';
import { createDb, dkimOptionsFromConfig, resolveRecipientWithSrs } from '@kontor/db';
import { resolveDatabaseUrl } from '@kontor/db/embedded';
import { createMailStore } from '@kontor/mailstore';
import { createAutoreplyQueue } from './autoreply/queue.ts';
import { AutoreplyWorker } from './autoreply/worker.ts';
import { createAcmeIssuer } from './certificates/acme-issuer.ts';
import { createCertificateAlert } from './certificates/certificate-alert.ts';
import { startCertificateWorker } from './certificates/certificate-worker.ts';
import { createDmarcReportQueue, DmarcReportWorker } from './dmarc-reports/worker.ts';
import { createResolver, createStaticResolver, type DnsResolver } from './dns/resolver.ts';
import { createDnsCheckQueue } from './dns-watch/queue.ts';
import { DnsWatchWorker } from './dns-watch/worker.ts';
import { startImap } from './imap/index.ts';
import { startMonitoring } from './monitoring/metrics-server.ts';
import { registerScrapeGauges } from './monitoring/scrape-gauges.ts';
import { Bouncer } from './outbound/bounce.ts';
import { DkimSigner } from './outbound/dkim-signer.ts';
import { MailRouter } from './outbound/route.ts';
import { OutboundWorker, parseRelay } from './outbound/worker.ts';
import { startPop3 } from './pop3/index.ts';
import { createOutboundQueue, forwardJobs } from './queue/outbound-queue.ts';
import { OutboxRelay } from './queue/outbox-relay.ts';
import type { Listener, RoleContext } from './role-context.ts';
import { createSelftestQueue, SelftestWorker } from './selftest/probe-sender.ts';
import { createInboundDelivery } from './smtp/deliver-inbound.ts';
import { createInboundServer } from './smtp/inbound-server.ts';
import { withReportAddresses } from './smtp/report-addresses.ts';
import { listenSmtp } from './smtp/smtp-listener.ts';
import { spoolDirOf, sweepSpool } from './smtp/spool.ts';
import { ConnectionLimits } from './smtp/steps/connection-limits.ts';
import { startSubmission } from './submission/index.ts';
import { announceCertificateChange, loadIssuedPairs, watchCertificateChanges } from './tls/issued-certificates.ts';
import { createTlsSource } from './tls/tls-source.ts';
import { createTlsReportQueue, TlsReportWorker } from './tls-reports/worker.ts';

const config = loadConfig();
const log = createLogger('maild', config.LOG_LEVEL);

/** `cached: false` for the DNS check, which must see a record the moment it is fixed. */
function dnsResolver(cached = true): DnsResolver {
  if (config.DNS_RECORDS_FILE) {
    return createStaticResolver(JSON.parse(readFileSync(config.DNS_RECORDS_FILE, 'utf8')) as Record<string, unknown[]>);
  }
  return createResolver({ servers: config.DNS_SERVERS, ...(cached ? {} : { cacheTtlMs: 0 }) });
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

  // Queues wait for Redis; what a client waits on (limiters, locks, \Recent) fails within a second (docs/running.md).
  const redis = createQueueRedis(config.REDIS_URL, log);
  await redis.connect();
  stops.push(() => redis.quit());
  const interactiveRedis = createInteractiveRedis(config.REDIS_URL, log);
  await interactiveRedis.connect();
  stops.push(() => interactiveRedis.quit());

  const store = createMailStore({ db, dataDir: config.DATA_DIR, redis, log, redisPrefix: config.REDIS_PREFIX });
  stops.push(() => store.close());
  // /metrics, /healthz, /readyz (docs/monitoring.md): up before the roles, so a starting maild answers "not ready" rather than nothing.
  const monitoring = await startMonitoring({ config, db, redis: interactiveRedis, blobRoot: store.blobs.root, log: log.child({ service: 'metrics' }) });
  if (monitoring) stops.push(() => monitoring.close());
  // The files (or self-signed) pair, and the automatic certificates the workers role stores in PostgreSQL (docs/tls.md).
  const keyring = dkimKeyringFromConfig(config);
  const tlsLog = log.child({ service: 'tls' });
  const tls = await createTlsSource(config, { log: tlsLog, loadIssued: () => loadIssuedPairs(db, keyring) });
  stops.push(async () => tls.close());
  // A renewed certificate reaches new handshakes on SIGHUP too (and when its files change, or the certificate job says so).
  process.on('SIGHUP', () => void tls.reload('SIGHUP'));
  const stopWatching = await watchCertificateChanges({
    redis,
    redisPrefix: config.REDIS_PREFIX,
    pollMs: 5 * 60_000,
    log: tlsLog,
    onChange: (reason) => void tls.reload(reason),
  });
  stops.push(stopWatching);
  const resolver = dnsResolver();
  const listeners: Listener[] = [];
  const context: RoleContext = {
    config,
    db,
    store,
    redis,
    interactiveRedis,
    tls,
    resolver,
    loginLimiter: new LoginLimiter(interactiveRedis, { ...loginLimiterOptions(config), keyPrefix: `${config.REDIS_PREFIX}:login`, log }),
    isTrustedProxy: trustedNetworks(config.PROXY_PROTOCOL_TRUSTED),
    log,
  };

  // Mail on its way: the outbound queue, autoreply jobs, and the router that
  // files local copies and queues remote ones (submission, bounces, autoreplies).
  const sending = config.MAILD_ROLES.has('smtp') || config.MAILD_ROLES.has('workers');
  const srs = createSrs(instanceSecret({ configured: config.SRS_SECRET, dataDir: config.DATA_DIR, name: 'srs-secret' }));
  const outbound = sending ? createOutboundQueue(redis, config.REDIS_PREFIX) : undefined;
  if (outbound) reportQueueOutages(outbound.queue, redis, log, outbound.queue.name);
  const autoreplies = sending ? createAutoreplyQueue({ redis, log: log.child({ service: 'autoreply' }), redisPrefix: config.REDIS_PREFIX }) : undefined;
  // The DNS drift watch: its schedule is set by the workers; any relay hands it the checks asked for after a change.
  const dnsChecks = sending
    ? createDnsCheckQueue({
        redis,
        log: log.child({ service: 'dns-watch' }),
        redisPrefix: config.REDIS_PREFIX,
        intervalMs: config.MAILD_ROLES.has('workers') ? config.DNS_CHECK_INTERVAL : undefined,
      })
    : undefined;
  if (dnsChecks) stops.push(() => dnsChecks.close());
  // Deliverability self-test probes (selftest/): asked for by the panel, the API and the CLI through the outbox.
  const selftests = sending ? createSelftestQueue({ redis, log: log.child({ service: 'selftest' }), redisPrefix: config.REDIS_PREFIX }) : undefined;
  if (selftests) stops.push(() => selftests.close());
  // Jobs are outbox rows of the transaction that causes them; the relay hands them to BullMQ.
  const relay =
    outbound && autoreplies
      ? new OutboxRelay({
          store,
          queues: new Map([
            [outbound.queue.name, outbound.queue],
            [autoreplies.queue.name, autoreplies.queue],
            ...(dnsChecks ? [[dnsChecks.queue.name, dnsChecks.queue] as const] : []),
            ...(selftests ? [[selftests.queue.name, selftests.queue] as const] : []),
          ]),
          log: log.child({ service: 'outbox' }),
        })
      : undefined;
  const router = relay ? new MailRouter({ db, store, relay, log: log.child({ service: 'outbound' }) }) : undefined;
  if (outbound) stops.push(() => outbound.close());
  if (autoreplies) {
    reportQueueOutages(autoreplies.queue, redis, log, autoreplies.queue.name);
    stops.push(() => autoreplies.close());
  }
  if (relay) {
    relay.start();
    stops.push(() => relay.close());
  }

  // Before any SMTP session can spool a message: what is there is a previous run's.
  for (const role of ['smtp', 'submission'] as const) {
    if (config.MAILD_ROLES.has(role)) await sweepSpool(spoolDirOf(config.DATA_DIR, role), log.child({ service: role }));
  }
  if (config.MAILD_ROLES.has('smtp') && relay && router) {
    const inbound = createInboundServer({
      db,
      delivery: createInboundDelivery({ db, store, forwards: forwardJobs, relay, log, recordDmarc: config.DMARC_REPORTS_SEND }),
      tls,
      resolver,
      log: log.child({ service: 'smtp' }),
      hostname: config.MAIL_HOSTNAME,
      spoolDir: spoolDirOf(config.DATA_DIR, 'smtp'),
      maxMessageSize: config.MAX_MESSAGE_SIZE,
      maxRecipients: config.SMTP_MAX_RECIPIENTS,
      dnsblZones: config.DNSBL_ZONES,
      connectionLimits: new ConnectionLimits(config.SMTP_MAX_CONNECTIONS_PER_IP, {
        redis: interactiveRedis,
        log: log.child({ service: 'smtp' }),
        perMinute: config.SMTP_CONNECTIONS_PER_MINUTE,
        keyPrefix: `${config.REDIS_PREFIX}:smtp:conn`,
      }),
      dmarcRejectAction: config.DMARC_REJECT_ACTION,
      // Bounces to our SRS addresses go back to the original sender (docs/sending.md).
      // The report addresses of the DNS hints always take mail (smtp/report-addresses.ts).
      resolveRecipient: withReportAddresses((db, address) => resolveRecipientWithSrs(db, address, srs, config.MAIL_HOSTNAME)),
    });
    listeners.push(
      await listenSmtp(inbound, {
        name: 'smtp',
        port: config.SMTP_PORT,
        host: config.BIND_ADDRESS,
        log: log.child({ service: 'smtp' }),
        isTrustedProxy: context.isTrustedProxy,
      }),
    );
    listeners.push(...(await startSubmission({ ...context, log: log.child({ service: 'submission' }) }, router)));
  }

  if (config.MAILD_ROLES.has('imap')) listeners.push(...(await startImap({ ...context, log: log.child({ service: 'imap' }) })));
  if (config.MAILD_ROLES.has('pop3')) listeners.push(...(await startPop3({ ...context, log: log.child({ service: 'pop3' }) })));

  if (config.MAILD_ROLES.has('workers') && router) {
    const outboundLog = log.child({ service: 'outbound' });
    const worker = new OutboundWorker(
      {
        db,
        store,
        redis,
        resolver,
        tlsa: config.DNS_RECORDS_FILE || !config.DANE ? undefined : createTlsaLookup({ servers: config.DNS_SERVERS }),
        signer: new DkimSigner(db, dkimOptionsFromConfig()),
        srs,
        bouncer: new Bouncer({ db, store, router, hostname: config.MAIL_HOSTNAME, log: outboundLog }),
        log: outboundLog,
        redisPrefix: config.REDIS_PREFIX,
      },
      {
        hostname: config.MAIL_HOSTNAME,
        port: config.OUTBOUND_PORT,
        connectTimeoutMs: config.OUTBOUND_CONNECT_TIMEOUT,
        relay: parseRelay(config),
        mtaSts: config.MTA_STS,
        dane: config.DANE,
        tlsReports: config.TLS_REPORTS_SEND,
        retryBaseMs: config.QUEUE_RETRY_BASE,
        retryMaxMs: config.QUEUE_RETRY_MAX,
        lifetimeMs: config.QUEUE_LIFETIME,
        concurrency: config.QUEUE_CONCURRENCY,
        lockMs: config.QUEUE_LOCK_TIMEOUT,
      },
    );
    const autoreplyWorker = new AutoreplyWorker({ db, store, redis, router, log: log.child({ service: 'autoreply' }), redisPrefix: config.REDIS_PREFIX });
    // Deliveries in progress get 10 s to finish; the rest stall and are taken
    // over by another worker (or this one after a restart) once their lock expires.
    const closeWithin = (close: () => Promise<void>) => Promise.race([close(), new Promise((resolve) => setTimeout(resolve, 10_000).unref())]);
    stops.push(() => closeWithin(() => worker.close()));
    stops.push(() => closeWithin(() => autoreplyWorker.close()));
    const dnsWatch = new DnsWatchWorker({
      db,
      store,
      redis,
      router,
      config,
      resolver: dnsResolver(false),
      log: log.child({ service: 'dns-watch' }),
      redisPrefix: config.REDIS_PREFIX,
    });
    stops.push(() => closeWithin(() => dnsWatch.close()));
    const selftestWorker = new SelftestWorker({
      db,
      store,
      redis,
      router,
      hostname: config.MAIL_HOSTNAME,
      log: log.child({ service: 'selftest' }),
      redisPrefix: config.REDIS_PREFIX,
    });
    stops.push(() => closeWithin(() => selftestWorker.close()));
    if (config.TLS_REPORTS_SEND) {
      const tlsReportLog = log.child({ service: 'tls-reports' });
      const tlsReportQueue = createTlsReportQueue({ redis, log: tlsReportLog, redisPrefix: config.REDIS_PREFIX, schedule: true });
      const tlsReports = new TlsReportWorker({
        db,
        store,
        redis,
        router,
        resolver,
        hostname: config.MAIL_HOSTNAME,
        log: tlsReportLog,
        redisPrefix: config.REDIS_PREFIX,
      });
      stops.push(() => closeWithin(() => tlsReports.close()));
      stops.push(() => tlsReportQueue.close());
    }
    if (config.DMARC_REPORTS_SEND) {
      // Daily DMARC aggregate reports to the rua= of the domains mail came from (dmarc-reports/).
      const dmarcReportLog = log.child({ service: 'dmarc-reports' });
      const dmarcReportQueue = createDmarcReportQueue({ redis, log: dmarcReportLog, redisPrefix: config.REDIS_PREFIX, schedule: true });
      const dmarcReports = new DmarcReportWorker({
        db,
        store,
        redis,
        router,
        resolver,
        hostname: config.MAIL_HOSTNAME,
        log: dmarcReportLog,
        redisPrefix: config.REDIS_PREFIX,
      });
      stops.push(() => closeWithin(() => dmarcReports.close()));
      stops.push(() => dmarcReportQueue.close());
    }

    if (config.ACME_EMAIL) {
      const certificateLog = log.child({ service: 'certificates' });
      const certificates = await startCertificateWorker({
        db,
        redis,
        redisPrefix: config.REDIS_PREFIX,
        keyring,
        issue: createAcmeIssuer({ db, keyring, directoryUrl: config.ACME_DIRECTORY, email: config.ACME_EMAIL, log: certificateLog }),
        alert: createCertificateAlert({ db, store, router, hostname: config.MAIL_HOSTNAME, log: certificateLog }),
        announce: () => announceCertificateChange(redis, config.REDIS_PREFIX),
        mailHostname: config.MAIL_HOSTNAME,
        renewDays: config.ACME_RENEW_DAYS,
        ...(config.ACME_EXPORT_DIR ? { exportDir: config.ACME_EXPORT_DIR } : {}),
        intervalMs: config.ACME_CHECK_INTERVAL,
        log: certificateLog,
      });
      stops.push(() => closeWithin(() => certificates.close()));
    }

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

  // The queue and table gauges of /metrics, read at scrape time.
  registerScrapeGauges(
    db,
    [outbound?.queue, autoreplies?.queue, dnsChecks?.queue, selftests?.queue].filter((queue) => queue !== undefined),
  );

  // Stop taking connections first, then close what they use.
  stops.push(() => Promise.all(listeners.map((l) => l.close())));
  log.info(
    {
      hostname: config.MAIL_HOSTNAME,
      roles: [...config.MAILD_ROLES],
      listening: Object.fromEntries([...listeners, ...(monitoring ? [monitoring] : [])].map((l) => [l.name, l.port])),
      selfSignedCertificate: tls.certificate.selfSigned,
    },
    'maild ready',
  );
}

main().catch((error: unknown) => {
  log.fatal({ err: error }, 'maild failed to start');
  process.exit(1);
});
