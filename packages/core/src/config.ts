import path from 'node:path';
import { z } from 'zod';
import { parseSize } from './size.ts';

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

/** Every setting, its default and its meaning live here and in `.env.example`. */
export const configSchema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  DATABASE_URL: optionalString,
  DATABASE_POOL_MAX: z.coerce.number().int().min(1).max(200).default(10),
  EMBEDDED_DB_PORT: port(5439),
  REDIS_URL: z.string().default('redis://127.0.0.1:6379'),
  DATA_DIR: z
    .string()
    .default('./data')
    .transform((dir) => path.resolve(dir)),
  MAIL_HOSTNAME: z.string().min(1).default('localhost'),
  BIND_ADDRESS: z.string().default('0.0.0.0'),
  WEB_PORT: port(3000),
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
  RELAY_HOST: optionalString,
  RELAY_USER: optionalString,
  RELAY_PASSWORD: optionalString,
  ALLOW_PLAINTEXT_AUTH_LOOPBACK: flag(false),
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
    .transform((value) => new Set(value.split(',').map((r) => r.trim().toLowerCase()).filter(Boolean))),
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
  DMARC_REJECT_ACTION: z.enum(['reject', 'quarantine']).default('reject'),
  AUTH_SECRET: optionalString,
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
