/**
 * The Prometheus metrics of a Kontor process (docs/monitoring.md): one
 * registry per process, every metric named once here. Labels are of low
 * cardinality only (a listener, a result, a policy step): never an address.
 * Gauges read from PostgreSQL or Redis are filled at scrape time by the
 * process that serves /metrics (`onScrape`).
 */
import { timingSafeEqual } from 'node:crypto';
import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from 'prom-client';
import { within } from './health.ts';
import { isLoopback } from './loopback.ts';

function defineMetrics() {
  const registry = new Registry();
  // The standard process_* and nodejs_* metrics keep their usual names (dashboards expect them).
  collectDefaultMetrics({ register: registry });
  const registers = [registry];
  const smtpConnections = new Counter({
    name: 'kontor_smtp_connections_total',
    help: 'SMTP connections by listener (smtp, submission, smtps) and result (accepted, refused).',
    labelNames: ['listener', 'result'] as const,
    registers,
  });

  const smtpTransactions = new Counter({
    name: 'kontor_smtp_transactions_total',
    help: 'SMTP transactions that reached DATA, by listener and result (accepted, rejected, deferred).',
    labelNames: ['listener', 'result'] as const,
    registers,
  });

  const messagesReceived = new Counter({
    name: 'kontor_messages_received_total',
    help: 'Messages taken in, by listener (smtp: from the internet; submission: from users).',
    labelNames: ['listener'] as const,
    registers,
  });

  const messagesRefused = new Counter({
    name: 'kontor_messages_refused_total',
    help: 'Refusals of the MX by SMTP phase and reason (the refusing policy step, or the reply class such as 5.3.4).',
    labelNames: ['phase', 'reason'] as const,
    registers,
  });

  const outboundDeliveries = new Counter({
    name: 'kontor_outbound_deliveries_total',
    help: 'Outbound attempt results per recipient: delivered, deferred, bounced.',
    labelNames: ['result'] as const,
    registers,
  });

  const outboundDeliverySeconds = new Histogram({
    name: 'kontor_outbound_delivery_duration_seconds',
    help: 'From queueing to the final result (delivered or bounced), per recipient.',
    labelNames: ['result'] as const,
    buckets: [0.5, 1, 5, 15, 60, 300, 900, 3600, 4 * 3600, 24 * 3600, 5 * 24 * 3600],
    registers,
  });

  const openSessions = new Gauge({
    name: 'kontor_sessions',
    help: 'Open IMAP and POP3 sessions of this process, by protocol.',
    labelNames: ['protocol'] as const,
    registers,
  });

  const loginFailures = new Counter({
    name: 'kontor_login_failures_total',
    help: 'Failed logins (wrong user or password) by protocol: imap, pop3, submission, web.',
    labelNames: ['protocol'] as const,
    registers,
  });

  return {
    registry,
    collectors: [] as Array<() => Promise<void>>,
    ...defineStateGauges(registers),
    smtpConnections,
    smtpTransactions,
    messagesReceived,
    messagesRefused,
    outboundDeliveries,
    outboundDeliverySeconds,
    openSessions,
    loginFailures,
  };
}

/** What is read from PostgreSQL and Redis at scrape time (apps/maild/src/monitoring/scrape-gauges.ts). */
function defineStateGauges(registers: Registry[]) {
  const queueJobs = new Gauge({
    name: 'kontor_queue_jobs',
    help: 'Jobs in a BullMQ queue by state (waiting, delayed, active, failed), read at scrape time.',
    labelNames: ['queue', 'state'] as const,
    registers,
  });

  const queueOldestJobAge = new Gauge({
    name: 'kontor_queue_oldest_job_age_seconds',
    help: 'Age of the oldest waiting or delayed job of a queue (0 when empty), read at scrape time.',
    labelNames: ['queue'] as const,
    registers,
  });

  const domainStorageBytes = new Gauge({
    name: 'kontor_domain_storage_bytes',
    help: 'Bytes of stored messages per domain, read at scrape time.',
    labelNames: ['domain'] as const,
    registers,
  });

  const domainMessages = new Gauge({
    name: 'kontor_domain_messages',
    help: 'Stored messages per domain, read at scrape time.',
    labelNames: ['domain'] as const,
    registers,
  });

  const certificateExpiryDays = new Gauge({
    name: 'kontor_certificate_expiry_days',
    help: 'Days until an automatic (ACME) certificate expires, by its first name; negative once expired.',
    labelNames: ['name'] as const,
    registers,
  });

  const dnsCheckRecords = new Gauge({
    name: 'kontor_dns_check_records',
    help: 'DNS records of the latest drift check by domain and status (ok, missing, mismatch, error).',
    labelNames: ['domain', 'status'] as const,
    registers,
  });

  const scrapeErrors = new Counter({
    name: 'kontor_metrics_scrape_errors_total',
    help: 'Scrape-time gauges that could not be read (database or Redis away), by source.',
    labelNames: ['source'] as const,
    registers,
  });

  return { queueJobs, queueOldestJobAge, domainStorageBytes, domainMessages, certificateExpiryDays, dnsCheckRecords, scrapeErrors };
}

// One set per process: Next.js may load this module once per route bundle, and a name registers only once.
declare global {
  var kontorMetrics: ReturnType<typeof defineMetrics> | undefined;
}
globalThis.kontorMetrics ??= defineMetrics();
const metrics = globalThis.kontorMetrics;

export const {
  registry: metricsRegistry,
  smtpConnections,
  smtpTransactions,
  messagesReceived,
  messagesRefused,
  outboundDeliveries,
  outboundDeliverySeconds,
  openSessions,
  loginFailures,
  queueJobs,
  queueOldestJobAge,
  domainStorageBytes,
  domainMessages,
  certificateExpiryDays,
  dnsCheckRecords,
  scrapeErrors,
} = metrics;

type Protocol = 'imap' | 'pop3';

/** Counts a session open until its socket closes. */
export function countSession(protocol: Protocol, socket: { once(event: 'close', listener: () => void): unknown }): void {
  openSessions.inc({ protocol });
  socket.once('close', () => openSessions.dec({ protocol }));
}

/** One attempt's recipients; a final result (delivered, bounced) also goes into the latency histogram. */
export function countOutboundResults(results: readonly { state: string }[], queuedAt: number): void {
  const seconds = Math.max(0, (Date.now() - queuedAt) / 1000);
  for (const { state } of results) {
    outboundDeliveries.inc({ result: state });
    if (state === 'delivered' || state === 'bounced') outboundDeliverySeconds.observe({ result: state }, seconds);
  }
}

/** The reason label of a refusal: the policy step's name, or the reply's enhanced code (a few dozen values at most). */
export function refusalReason(reply: { step?: string; enhanced?: string; responseCode: number }): string {
  return reply.step ?? reply.enhanced ?? String(reply.responseCode);
}

const collectors = metrics.collectors;
/** A source waiting on an absent Redis (the queues wait for it) must not hold the scrape. */
const SCRAPE_SOURCE_TIMEOUT_MS = 5000;

/** A scrape-time source (a failing one is counted and logged; the others still report). */
export function onScrape(collect: () => Promise<void>): void {
  collectors.push(collect);
}

/** The text a scraper gets, with the scrape-time gauges refreshed first. */
export async function metricsText(log?: { warn(object: object, message: string): void }): Promise<string> {
  await Promise.all(
    collectors.map((collect) =>
      within(collect(), SCRAPE_SOURCE_TIMEOUT_MS).catch((error: unknown) => {
        scrapeErrors.inc({ source: collect.name || 'unnamed' });
        log?.warn({ err: error }, 'metrics source failed');
      }),
    ),
  );
  return metricsRegistry.metrics();
}

export const METRICS_CONTENT_TYPE = metricsRegistry.contentType;

/**
 * Who may read /metrics: with METRICS_TOKEN set, only a request bearing it
 * (`Authorization: Bearer …`); without, only a loopback peer. The peer is the
 * socket's address, never a forwarded header.
 */
export function metricsAllowed(token: string | undefined, authorization: string | null | undefined, peerAddress: string | undefined): boolean {
  if (token) {
    const given = Buffer.from(/^Bearer\s+(.+)$/i.exec(authorization ?? '')?.[1]?.trim() ?? '');
    const wanted = Buffer.from(token);
    return given.length === wanted.length && timingSafeEqual(given, wanted);
  }
  return peerAddress !== undefined && isLoopback(peerAddress);
}

/** Whether a listen address only takes connections from this machine. */
export function isLoopbackBind(host: string): boolean {
  return host === 'localhost' || isLoopback(host) || host.startsWith('127.');
}
