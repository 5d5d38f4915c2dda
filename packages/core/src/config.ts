import { isIP } from 'node:net';
import path from 'node:path';
import { domainToASCII } from 'node:url';
import { z } from 'zod';
import { parseDuration } from './duration.ts';
import { parseNetwork } from './proxy-protocol/trusted-networks.ts';
import { parseSize } from './size.ts';
import { resolveAcmeDirectory } from './tls/acme-directory.ts';

const port = (fallback: number) => z.coerce.number().int().min(1).max(65535).default(fallback);
const optionalString = z
  .string()
  .optional()
  .transform((value) => (value === undefined || value.trim() === '' ? undefined : value.trim()));
const flag = (fallback: boolean) =>
  z
    .enum(['true', 'false', '1', '0', 'yes', 'no', ''])
    .optional()
    .transform((value) => (value === undefined || value === '' ? fallback : ['true', '1', 'yes'].includes(value)));

const duration = (fallback: string) =>
  z
    .string()
    .default(fallback)
    .transform((value, ctx) => {
      const ms = parseDuration(value);
      if (ms === null || ms <= 0) {
        ctx.addIssue({ code: 'custom', message: 'a duration such as 200ms, 30s, 5m, 4h or 5d' });
        return z.NEVER;
      }
      return ms;
    });
/** A comma-separated list of addresses and CIDR networks, checked entry by entry. */
const networkList = z
  .string()
  .default('')
  .transform((value, ctx) => {
    const entries = value
      .split(',')
      .map((entry) => entry.trim())
      .filter(Boolean);
    const bad = entries.filter((entry) => parseNetwork(entry) === null);
    if (bad.length > 0) {
      ctx.addIssue({ code: 'custom', message: `not an address or CIDR network: ${bad.join(', ')}` });
      return z.NEVER;
    }
    return entries;
  });
/** Comma-separated entries, blanks dropped. */
const commaList = (fallback: string) =>
  z
    .string()
    .default(fallback)
    .transform((value) =>
      value
        .split(',')
        .map((entry) => entry.trim())
        .filter(Boolean),
    );
/** DNS servers as node:dns takes them: `192.0.2.53`, `192.0.2.53:5353`, `2001:db8::53`, `[2001:db8::53]:5353`. */
const dnsServerList = commaList('').superRefine((entries, ctx) => {
  const bad = entries.filter((entry) => {
    const bracketed = /^\[([^\]]+)\](?::(\d{1,5}))?$/.exec(entry);
    if (bracketed) return isIP(bracketed[1]!) !== 6 || Number(bracketed[2] ?? 53) > 65535;
    if (isIP(entry)) return false;
    const [host, port, ...rest] = entry.split(':');
    return rest.length > 0 || isIP(host ?? '') !== 4 || !/^\d{1,5}$/.test(port ?? '') || Number(port) > 65535;
  });
  if (bad.length > 0) ctx.addIssue({ code: 'custom', message: `not an address or address:port: ${bad.join(', ')}` });
});
const addressList = commaList('').superRefine((entries, ctx) => {
  const bad = entries.filter((entry) => !isIP(entry));
  if (bad.length > 0) ctx.addIssue({ code: 'custom', message: `not an IPv4 or IPv6 address: ${bad.join(', ')}` });
});
const limit = (fallback: number) => z.coerce.number().int().min(0).default(fallback);

/** Every setting, its default and its meaning live here and in `.env.example`. */
export const configSchema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  DATABASE_URL: optionalString,
  DATABASE_POOL_MAX: z.coerce.number().int().min(1).max(200).default(10),
  EMBEDDED_DB_PORT: port(5439),
  REDIS_URL: z.string().default('redis://127.0.0.1:6379'),
  /** Start of every Redis key, channel and queue name, so installations (and test runs) can share one Redis. */
  REDIS_PREFIX: z
    .string()
    .regex(/^[A-Za-z0-9_.-]+$/, 'letters, digits, . _ -')
    .default('kontor'),
  DATA_DIR: z
    .string()
    .default('./data')
    .transform((dir) => path.resolve(dir)),
  /** Stored in its ASCII (A-label) form: HELO, Received, DNS names and certificates all need that one. */
  MAIL_HOSTNAME: z
    .string()
    .min(1)
    .default('localhost')
    .transform((name, ctx) => {
      const ascii = domainToASCII(name.trim().toLowerCase().replace(/\.$/, ''));
      if (ascii === '') ctx.addIssue({ code: 'custom', message: `not a host name: ${name}` });
      return ascii;
    }),
  BIND_ADDRESS: z.string().default('0.0.0.0'),
  WEB_PORT: port(3000),
  /** maild's /metrics, /healthz and /readyz (docs/monitoring.md); 0 = no such listener. */
  METRICS_PORT: z.coerce.number().int().min(0).max(65535).default(9465),
  /** Where METRICS_PORT listens; anything but loopback needs METRICS_TOKEN. */
  METRICS_BIND_ADDRESS: z.string().default('127.0.0.1'),
  /** Bearer token /metrics asks for (maild and web); unset: maild's /metrics is open on loopback, web's only to loopback peers. */
  METRICS_TOKEN: optionalString,
  PUBLIC_URL: optionalString,
  SMTP_PORT: port(2525),
  SUBMISSION_PORT: port(2587),
  SMTPS_PORT: port(2465),
  IMAP_PORT: port(1143),
  IMAPS_PORT: port(1993),
  POP3_PORT: port(1110),
  POP3S_PORT: port(1995),
  TLS_CERT_FILE: optionalString,
  TLS_KEY_FILE: optionalString,
  /** Contact address for the ACME account; set, Kontor obtains and renews certificates itself (docs/tls.md). */
  ACME_EMAIL: optionalString.pipe(z.email().optional()),
  /** The CA: Let's Encrypt by default, `staging` for its test CA, or any ACME directory URL. */
  ACME_DIRECTORY: z
    .string()
    .default('')
    .transform((value, ctx) => {
      const url = resolveAcmeDirectory(value);
      if (!url) {
        ctx.addIssue({ code: 'custom', message: 'letsencrypt, staging, or the URL of an ACME directory' });
        return z.NEVER;
      }
      return url;
    }),
  /** Renew a certificate this many days before it expires. */
  ACME_RENEW_DAYS: z.coerce.number().int().min(1).max(180).default(30),
  /** How often the certificate job looks for work (new domains, renewals due, retries). */
  ACME_CHECK_INTERVAL: duration('1h'),
  /** Also write the automatic certificates as PEM files here (for a reverse proxy serving HTTPS for the same names). */
  ACME_EXPORT_DIR: optionalString.transform((dir) => (dir ? path.resolve(dir) : undefined)),
  RELAY_HOST: optionalString,
  RELAY_USER: optionalString,
  RELAY_PASSWORD: optionalString,
  /** Verify the smarthost's certificate (turn off only for a relay on a private network with its own CA). */
  RELAY_TLS_VERIFY: flag(true),
  /** Port of remote MX hosts (25; tests point it at a fake MX). */
  OUTBOUND_PORT: port(25),
  OUTBOUND_CONNECT_TIMEOUT: duration('30s'),
  /** Honour MTA-STS policies of recipient domains (RFC 8461). */
  MTA_STS: flag(true),
  /** Honour DANE TLSA records of MX hosts (RFC 7672); DNS_SERVERS must be a DNSSEC-validating resolver. */
  DANE: flag(true),
  /** Send daily SMTP TLS reports (RFC 8460) to recipient domains that publish `_smtp._tls` with a mailto: rua. */
  TLS_REPORTS_SEND: flag(true),
  QUEUE_RETRY_BASE: duration('5m'),
  QUEUE_RETRY_MAX: duration('4h'),
  QUEUE_LIFETIME: duration('5d'),
  QUEUE_CONCURRENCY: z.coerce.number().int().min(1).max(500).default(10),
  /** How long a job of a crashed worker stays locked before another worker takes it over. */
  QUEUE_LOCK_TIMEOUT: duration('30s'),
  /** Messages a mailbox may submit per hour and per day (0 = no limit); mailboxes can override. */
  SEND_LIMIT_PER_HOUR: limit(200),
  SEND_LIMIT_PER_DAY: limit(1000),
  /** REST API (/api/v1) calls one key may make per minute (0 = no limit); sending keys also meet the sender's SEND_LIMIT_*. */
  API_RATE_LIMIT_PER_MINUTE: limit(600),
  DKIM_SELECTOR: z
    .string()
    .default('kontor')
    .refine((value) => /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/i.test(value), 'a DNS label such as kontor or mail2026'),
  /** Encrypts DKIM private keys in the database. Unset: generated once in DATA_DIR/dkim-encryption-key. */
  DKIM_ENCRYPTION_KEY: optionalString,
  /** Signs SRS addresses of forwarded mail. Unset: generated once in DATA_DIR/srs-secret. */
  SRS_SECRET: optionalString,
  ALLOW_PLAINTEXT_AUTH_LOOPBACK: flag(false),
  /**
   * Load balancers / TLS terminators (addresses or CIDR networks) whose
   * connections to the mail ports start with a PROXY protocol header; empty = none.
   */
  PROXY_PROTOCOL_TRUSTED: networkList,
  /**
   * Reverse proxies (addresses or CIDR networks) whose X-Forwarded-For the
   * panel believes; empty = none, so the socket's peer is the client.
   */
  WEB_TRUSTED_PROXIES: networkList,
  LOGIN_MAX_FAILURES_PER_ACCOUNT: z.coerce.number().int().min(1).default(10),
  LOGIN_MAX_FAILURES_PER_IP: z.coerce.number().int().min(1).default(30),
  LOGIN_BLOCK_SECONDS: z.coerce.number().int().min(1).default(900),
  /** POP3 maildrop lock lease (ms), renewed every third of it; a crashed holder's lock is gone after one lease. */
  POP3_LOCK_LEASE_MS: z.coerce.number().int().min(500).max(3_600_000).default(60_000),
  /** RFC 2449 LOGIN-DELAY in seconds; 0 = none. */
  POP3_LOGIN_DELAY_SECONDS: z.coerce.number().int().min(0).max(86_400).default(0),
  MAILD_ROLES: z
    .string()
    .default('smtp,imap,pop3,workers')
    .transform(
      (value) =>
        new Set(
          value
            .split(',')
            .map((r) => r.trim().toLowerCase())
            .filter(Boolean),
        ),
    ),
  MAX_MESSAGE_SIZE: z
    .string()
    .default('50M')
    .transform((value, ctx) => {
      const bytes = parseSize(value);
      if (bytes === null || bytes <= 0n) {
        ctx.addIssue({ code: 'custom', message: 'a size such as 25M or 50M' });
        return z.NEVER;
      }
      return Number(bytes);
    }),
  SMTP_MAX_RECIPIENTS: z.coerce.number().int().min(1).default(100),
  SMTP_MAX_CONNECTIONS_PER_IP: z.coerce.number().int().min(1).default(20),
  SMTP_CONNECTIONS_PER_MINUTE: z.coerce.number().int().min(0).default(120),
  /** JSON file of fixed DNS answers ({"TXT:example.com": [["v=spf1 -all"]]}) used instead of the network. */
  DNS_RECORDS_FILE: optionalString,
  /** Resolvers for SPF/DKIM/DMARC, MX lookups and the live DNS check (comma-separated, address or address:port); empty = the system's. */
  DNS_SERVERS: dnsServerList,
  /** DNS blocklists the server's addresses are looked up in by the DNS check; empty = none. */
  DNSBL_ZONES: commaList('zen.spamhaus.org,bl.spamcop.net'),
  /** How often the workers re-check every domain's DNS records (and tell the admins when one broke). */
  DNS_CHECK_INTERVAL: duration('6h'),
  /** This server's public addresses (where MAIL_HOSTNAME points, where outbound mail leaves from); empty = what MAIL_HOSTNAME resolves to. */
  PUBLIC_ADDRESSES: addressList,
  /** max_age of the MTA-STS policy served for every domain (RFC 8461 §3.2). */
  MTA_STS_MAX_AGE: duration('7d'),
  DMARC_REJECT_ACTION: z.enum(['reject', 'quarantine']).default('reject'),
  /** Send daily DMARC aggregate reports (RFC 7489 §7.2) to the rua= of domains Kontor received mail from (docs/dns.md, Reports). */
  DMARC_REPORTS_SEND: flag(true),
  AUTH_SECRET: optionalString,
  /** Where webmail reaches maild's IMAP (STARTTLS) and submission; the ports default to IMAP_PORT and SUBMISSION_PORT. */
  WEBMAIL_IMAP_HOST: z.string().default('127.0.0.1'),
  WEBMAIL_IMAP_PORT: z.coerce.number().int().min(1).max(65535).optional(),
  WEBMAIL_SUBMISSION_HOST: z.string().default('127.0.0.1'),
  WEBMAIL_SUBMISSION_PORT: z.coerce.number().int().min(1).max(65535).optional(),
  /** IMAP connections one web process keeps open (one per signed-in user); the least recently used idle one closes first. */
  WEBMAIL_MAX_CONNECTIONS: z.coerce.number().int().min(1).default(500),
  /** A signed-in user's IMAP connection closes after this long without a page, request or open tab. */
  WEBMAIL_IDLE_TIMEOUT: duration('10m'),
  /** How long a webmail request waits for maild's IMAP (connecting, or an answer) before the page says 'unavailable'. */
  WEBMAIL_IMAP_TIMEOUT: duration('15s'),
  /** How often an open webmail tab's live stream re-checks its session (ended by another web process, or a mailbox or domain disabled). */
  WEBMAIL_SESSION_CHECK_INTERVAL: duration('60s'),
  /** Memory for sanitised messages kept by the web process, so opening one again (and the page with its frame) sanitises once; 0 = none. */
  WEBMAIL_RENDER_CACHE_SIZE: z
    .string()
    .default('64M')
    .transform((value, ctx) => {
      const bytes = parseSize(value);
      if (bytes === null || bytes < 0n) {
        ctx.addIssue({ code: 'custom', message: 'a size such as 64M, or 0 for no cache' });
        return z.NEVER;
      }
      return Number(bytes);
    }),
  KONTOR_ADMIN_EMAIL: z.string().default('admin@localhost'),
  KONTOR_ADMIN_PASSWORD: optionalString,
});

export type Config = z.infer<typeof configSchema>;

/** Parses an environment; throws one readable error naming every bad setting. */
export function parseConfig(env: Record<string, string | undefined>): Config {
  const result = configSchema.safeParse(env);
  if (!result.success) {
    const lines = result.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`);
    throw new Error(`Invalid configuration:\n  ${lines.join('\n  ')}`);
  }
  return result.data;
}

let cached: Config | undefined;

/** The process's configuration, parsed once from process.env. */
export function loadConfig(): Config {
  cached ??= parseConfig(process.env);
  return cached;
}
