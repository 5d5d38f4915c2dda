import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { freePort, waitForPort } from './ports.ts';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');

/**
 * A Redis database of one suite's own (`n` from 1 to 15), for suites that
 * inspect or flush Redis directly while other suites run.
 */
export function suiteRedisUrl(n: number): string {
  const url = new URL(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379');
  url.pathname = `/${n}`;
  return url.toString();
}

export interface MaildPorts {
  smtp: number;
  submission: number;
  smtps: number;
  imap: number;
  imaps: number;
  pop3: number;
  pop3s: number;
}

export interface MaildProcess {
  ports: MaildPorts;
  dataDir: string;
  /** REDIS_PREFIX of this daemon: one per test database, so suites sharing Redis never see each other's keys, queues or events. */
  redisPrefix: string;
  child: ChildProcess;
  /** Everything the daemon logged so far. */
  output(): string;
  /** The first logged line matching `pattern`, waiting for it (logs arrive after the replies they explain). */
  waitForLog(pattern: RegExp, timeoutMs?: number): Promise<string>;
  /** SIGTERM and wait; the data dir stays unless `cleanup` is set. */
  stop(options?: { cleanup?: boolean }): Promise<void>;
  /** SIGKILL: a crash. */
  kill(): Promise<void>;
}

export interface MaildOptions {
  databaseUrl: string;
  /** Reuse a data dir (restart after a crash); a temp dir otherwise. */
  dataDir?: string;
  ports?: MaildPorts;
  /** Fixed DNS answers, written to DNS_RECORDS_FILE. */
  dns?: Record<string, unknown[]>;
  env?: Record<string, string>;
  /** Extra node flags for the daemon (e.g. --cpu-prof in a benchmark). */
  nodeArgs?: string[];
}

/**
 * Starts apps/maild as its own process, the way npm start and compose do.
 * Free ports are picked, released and then bound by maild, so a suite
 * running beside this one can take one in between: then maild says the
 * port is in use, and it is started again on new ports (a few times).
 */
export async function startMaild(options: MaildOptions): Promise<MaildProcess> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await startMaildOnce(options);
    } catch (error) {
      const taken = error instanceof Error && /port \d+ on [^ ]+ is already in use/.test(error.message);
      if (!taken || options.ports || attempt >= 4) throw error;
    }
  }
}

async function startMaildOnce(options: MaildOptions): Promise<MaildProcess> {
  const dataDir = options.dataDir ?? mkdtempSync(path.join(tmpdir(), 'kontor-maild-'));
  const ports = options.ports ?? {
    smtp: await freePort(),
    submission: await freePort(),
    smtps: await freePort(),
    imap: await freePort(),
    imaps: await freePort(),
    pop3: await freePort(),
    pop3s: await freePort(),
  };
  const dnsFile = path.join(dataDir, 'dns-records.json');
  writeFileSync(dnsFile, JSON.stringify(options.dns ?? {}));
  const redisPrefix = options.env?.REDIS_PREFIX ?? `kontor-test-${new URL(options.databaseUrl).pathname.slice(1)}`;
  let output = '';
  const child = spawn(process.execPath, [...(options.nodeArgs ?? []), '--import', 'tsx', 'apps/maild/src/main.ts'], {
    cwd: ROOT,
    env: {
      ...process.env,
      NODE_ENV: 'test',
      LOG_LEVEL: 'info',
      DATABASE_URL: options.databaseUrl,
      DATA_DIR: dataDir,
      MAIL_HOSTNAME: 'mx.kontor.test',
      BIND_ADDRESS: '127.0.0.1',
      DNS_RECORDS_FILE: dnsFile,
      REDIS_PREFIX: redisPrefix,
      SMTP_PORT: String(ports.smtp),
      SUBMISSION_PORT: String(ports.submission),
      SMTPS_PORT: String(ports.smtps),
      IMAP_PORT: String(ports.imap),
      IMAPS_PORT: String(ports.imaps),
      POP3_PORT: String(ports.pop3),
      POP3S_PORT: String(ports.pop3s),
      // No monitoring listener unless a suite asks for one (suites run side by side).
      METRICS_PORT: '0',
      ...options.env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const ready = new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`maild did not start:\n${output}`)), 60_000);
    const check = () => {
      if (output.includes('"maild ready"')) {
        clearTimeout(timer);
        resolve();
      }
    };
    child.stdout!.on('data', check);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`maild exited with ${code}:\n${output}`));
    });
  });
  await ready;
  await waitForPort(ports.smtp);
  return {
    ports,
    dataDir,
    redisPrefix,
    child,
    output: () => output,
    async waitForLog(pattern, timeoutMs = 5000) {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const line = output.split('\n').find((l) => pattern.test(l));
        if (line) return line;
        if (Date.now() > deadline) throw new Error(`maild logged nothing matching ${pattern} within ${timeoutMs} ms`);
        await new Promise((r) => setTimeout(r, 25));
      }
    },
    async stop({ cleanup } = {}) {
      if (child.exitCode === null) child.kill('SIGTERM');
      await exited;
      if (cleanup) rmSync(dataDir, { recursive: true, force: true });
    },
    async kill() {
      if (child.exitCode === null) child.kill('SIGKILL');
      await exited;
    },
  };
}
