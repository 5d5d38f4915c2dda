// npm start: Kontor on one machine with nothing but Node and npm.
//
//   dependencies → Prisma client → settings, ports free? → auth secret →
//   Redis (REDIS_URL, one already on 127.0.0.1:6379, or redis-server from
//   PATH) → web build (turbo, cached; runs while the database starts) →
//   database (DATABASE_URL, or the embedded PGlite served on 127.0.0.1) →
//   migrations → first superadmin → web + maild → banner.
//
// Ctrl-C / SIGTERM stops web and maild, then the embedded database (PGlite is
// closed cleanly), then a Redis started here, and exits 0. web or maild dying
// on its own is restarted with back-off; one that keeps crashing stops
// everything and exits 1. See docs/running.md.
import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { describeExit, startChild } from './lib/processes.mjs';
import { commandExists, freePort, portAnswers, portProblem, startRedisServer, waitForPort } from './lib/services.mjs';
import { ensureDependencies, generatePrismaClient, ROOT } from './lib/setup.mjs';
import { supervise } from './lib/supervise.mjs';

const started = Date.now();
const log = (line) => console.log(`[kontor] ${line}`);
/** One clear line, then exit 1 (after stopping whatever was started). */
class StartError extends Error {}

const MAIL_PORTS = [
  ['SMTP', 'SMTP_PORT'],
  ['submission', 'SUBMISSION_PORT'],
  ['SMTPS', 'SMTPS_PORT'],
  ['IMAP', 'IMAP_PORT'],
  ['IMAPS', 'IMAPS_PORT'],
  ['POP3', 'POP3_PORT'],
  ['POP3S', 'POP3S_PORT'],
];
const DEFAULT_EMBEDDED_DB_PORT = 5439;

/**
 * @typedef {{ url: string, port: number, stop: () => Promise<void> }} EmbeddedDatabase
 * @typedef {{ url: string, exited: Promise<import('./lib/processes.mjs').ExitResult>, stop: () => Promise<unknown> }} StartedRedis
 */
const state = {
  stopping: false,
  /** @type {EmbeddedDatabase | null} */
  embedded: null,
  /** @type {Promise<EmbeddedDatabase> | null} the promise while it starts */
  embeddedStarting: null,
  /** @type {StartedRedis | null} when started here */
  redis: null,
  /** @type {import('./lib/supervise.mjs').Supervised[]} web and maild */
  children: [],
  /** @type {import('./lib/processes.mjs').Child[]} the web build, while it runs */
  helpers: [],
  /** @type {string | null} */
  pidFile: null,
};

// ---------------------------------------------------------------- helpers

function loadTypeScript() {
  // tsx is a dependency, so it exists only after ensureDependencies().
  return import('tsx/esm/api').then(({ register }) => register());
}

function importRepo(file) {
  return import(pathToFileURL(path.join(ROOT, file)).href);
}

function parseEnvPort(name, fallback) {
  const raw = process.env[name];
  if (raw === undefined || raw.trim() === '') return fallback;
  const port = Number(raw);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new StartError(`invalid configuration: ${name}=${raw} is not a port number (0-65535)`);
  }
  return port;
}

function loadConfig(core) {
  try {
    return core.parseConfig(process.env);
  } catch (error) {
    // parseConfig names every bad setting on its own line; here they share one.
    const lines = error.message
      .split('\n')
      .map((l) => l.trim())
      .filter(Boolean);
    const details = lines[0]?.startsWith('Invalid configuration') ? lines.slice(1) : lines;
    throw new StartError(`invalid configuration: ${details.join('; ')}`);
  }
}

function processAlive(pid) {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return error.code === 'EPERM';
  }
}

/** One `npm start` per data directory: two would open one embedded database twice. */
function claimDataDir(dataDir) {
  const runDir = path.join(dataDir, 'run');
  mkdirSync(runDir, { recursive: true, mode: 0o700 });
  const pidFile = path.join(runDir, 'kontor.pid');
  if (existsSync(pidFile)) {
    const pid = Number(readFileSync(pidFile, 'utf8').trim());
    if (pid && pid !== process.pid && processAlive(pid)) {
      throw new StartError(`Kontor is already running with DATA_DIR ${dataDir} (process ${pid}); stop it first or use another DATA_DIR`);
    }
  }
  writeFileSync(pidFile, `${process.pid}\n`, { mode: 0o600 });
  state.pidFile = pidFile;
}

async function checkPorts(config) {
  const wanted = [['web panel', 'WEB_PORT'], ...MAIL_PORTS];
  const seen = new Map();
  for (const [label, name] of wanted) {
    const port = config[name];
    if (seen.has(port)) throw new StartError(`invalid configuration: ${name} and ${seen.get(port)} are both ${port}`);
    seen.set(port, name);
    const problem = await portProblem(port, config.BIND_ADDRESS);
    if (problem === 'EADDRINUSE') {
      throw new StartError(`port ${port} (${name}, ${label}) is already in use on ${config.BIND_ADDRESS}: stop what uses it, or set ${name} to a free port`);
    }
    if (problem === 'EACCES') {
      throw new StartError(`port ${port} (${name}, ${label}) needs root or CAP_NET_BIND_SERVICE: set ${name} to a port above 1023`);
    }
    if (problem === 'EADDRNOTAVAIL') {
      throw new StartError(`invalid configuration: BIND_ADDRESS ${config.BIND_ADDRESS} is not an address of this machine`);
    }
    if (problem) throw new StartError(`cannot listen on ${config.BIND_ADDRESS}:${port} (${name}): ${problem}`);
  }
}

/** AUTH_SECRET from the environment, else made once and kept in DATA_DIR/auth-secret. */
function authSecret(config) {
  if (config.AUTH_SECRET) return config.AUTH_SECRET;
  const file = path.join(config.DATA_DIR, 'auth-secret');
  if (existsSync(file)) {
    const secret = readFileSync(file, 'utf8').trim();
    if (secret) {
      chmodSync(file, 0o600);
      return secret;
    }
  }
  const secret = randomBytes(32).toString('base64url');
  writeFileSync(file, `${secret}\n`, { mode: 0o600 });
  log(`generated AUTH_SECRET in ${file}`);
  return secret;
}

function describeDbError(error, url) {
  let where = 'the database';
  try {
    const u = new URL(url);
    where = `PostgreSQL at ${u.hostname}:${u.port || 5432}${u.pathname}`;
  } catch {}
  return `cannot use ${where}: ${error.message || error.code || error}`;
}

async function prepareDatabase(config, db) {
  const migrate = (url) =>
    db.applyMigrations(url, { log }).then((applied) => {
      if (!applied.length) log('database schema is up to date');
    });
  if (config.DATABASE_URL) {
    log('database: DATABASE_URL');
    try {
      await db.ensureDatabase(config.DATABASE_URL);
    } catch (error) {
      if (['ECONNREFUSED', 'ENOTFOUND', 'ETIMEDOUT', '28P01', '28000'].includes(error.code)) {
        throw new StartError(describeDbError(error, config.DATABASE_URL));
      }
      log(`could not check/create the database (${error.message}); trying to migrate it as it is`);
    }
    try {
      await migrate(config.DATABASE_URL);
    } catch (error) {
      throw new StartError(describeDbError(error, config.DATABASE_URL));
    }
    return { url: config.DATABASE_URL, poolMax: 1, description: 'PostgreSQL (DATABASE_URL)' };
  }

  const { startEmbeddedDatabase } = await importRepo('packages/db/src/embedded-server.ts');
  const port = parseEnvPort('EMBEDDED_DB_PORT', DEFAULT_EMBEDDED_DB_PORT);
  const pgliteDir = path.join(config.DATA_DIR, 'pglite');
  const fresh = !existsSync(path.join(pgliteDir, 'PG_VERSION'));
  log(fresh ? `creating the embedded database in ${pgliteDir} (first start: 10-20 s)` : `opening the embedded database in ${pgliteDir}`);
  const t = Date.now();
  let embedded;
  try {
    // Ctrl-C while the database is being created waits for it, so its directory is never left half-made.
    state.embeddedStarting = startEmbeddedDatabase({ dataDir: config.DATA_DIR, port, log });
    embedded = state.embedded = await state.embeddedStarting;
  } catch (error) {
    throw new StartError(`the embedded database did not start: ${error.message}`);
  }
  if (state.stopping || !embedded) return null;
  log(`embedded database serving on 127.0.0.1:${embedded.port} (${((Date.now() - t) / 1000).toFixed(1)} s)`);
  try {
    await migrate(embedded.url);
  } catch (error) {
    throw new StartError(`migrating the embedded database failed: ${error.message}`);
  }
  return { url: embedded.url, poolMax: 1, description: `embedded PostgreSQL (PGlite) on 127.0.0.1:${embedded.port}` };
}

async function prepareRedis(config) {
  if (process.env.REDIS_URL && process.env.REDIS_URL.trim()) {
    let host = '127.0.0.1';
    let port = 6379;
    try {
      const u = new URL(config.REDIS_URL);
      host = u.hostname.replace(/^\[|\]$/g, '') || host;
      port = Number(u.port) || 6379;
    } catch {
      throw new StartError(`invalid configuration: REDIS_URL ${config.REDIS_URL} is not a URL such as redis://127.0.0.1:6379`);
    }
    if (!(await portAnswers(port, host, 3000))) {
      throw new StartError(`Redis at REDIS_URL (${host}:${port}) does not answer: start it, or unset REDIS_URL to use a local one`);
    }
    log(`Redis: ${config.REDIS_URL}`);
    return config.REDIS_URL;
  }
  if (await portAnswers(6379, '127.0.0.1')) {
    log('Redis: the one already running on 127.0.0.1:6379');
    return 'redis://127.0.0.1:6379';
  }
  if (!commandExists('redis-server')) {
    throw new StartError(
      'Redis is needed and none runs on 127.0.0.1:6379: install it (apt install redis-server, or brew install redis), or run docker compose up -d redis, or set REDIS_URL',
    );
  }
  const port = (await portProblem(6379, '127.0.0.1')) ? await freePort() : 6379;
  const dir = path.join(config.DATA_DIR, 'redis');
  log(`starting redis-server on 127.0.0.1:${port} with its data in ${dir}`);
  try {
    state.redis = await startRedisServer({ dir, port, onLine: (line) => console.log(`[redis] ${line}`) });
  } catch (error) {
    throw new StartError(error.message);
  }
  state.redis.exited.then((result) => {
    if (!state.stopping) void fail(`redis-server stopped unexpectedly (${describeExit(result)})`);
  });
  return state.redis.url;
}

async function ensureFirstAdmin(config, db, database) {
  const client = db.createDb({ url: database.url, max: 1 });
  try {
    return await db.ensureSuperadmin(client, { email: config.KONTOR_ADMIN_EMAIL, password: config.KONTOR_ADMIN_PASSWORD });
  } finally {
    await client.$disconnect();
  }
}

async function buildWeb() {
  // npm test builds the web app once before any test runs; an npm start
  // inside a test reuses that build instead of touching files other tests' servers read.
  if (process.env.KONTOR_WEB_PREBUILT === '1' && existsSync(path.join(ROOT, 'apps/web', process.env.KONTOR_WEB_DIST_DIR || '.next', 'BUILD_ID'))) {
    log('using the web build npm test made');
    return;
  }
  log('building the web app (turbo; the first build takes a minute or two, later ones come from the cache)');
  const turbo = path.join(ROOT, 'node_modules/.bin/turbo');
  // Another `next build` of apps/web (a second npm start, npm test) holds Next's build lock: wait for it, then go again.
  for (let attempt = 1; ; attempt++) {
    let locked = false;
    const build = startChild('build', turbo, ['run', 'build', '--filter=@kontor/web', '--output-logs=new-only', '--log-prefix=none'], {
      cwd: ROOT,
      env: { ...process.env, TURBO_TELEMETRY_DISABLED: '1', TURBO_NO_UPDATE_NOTIFIER: '1', NEXT_TELEMETRY_DISABLED: '1' },
      onLine: (line) => {
        if (line.includes('Another next build process is already running')) locked = true;
      },
    });
    state.helpers.push(build);
    const result = await build.exited;
    state.helpers.splice(state.helpers.indexOf(build), 1);
    if (state.stopping || result.code === 0) return;
    if (locked && attempt < 60) {
      log('another build of the web app is running; trying again in 5 s');
      await new Promise((r) => setTimeout(r, 5000));
      if (state.stopping) return;
      continue;
    }
    throw new StartError(`building the web app failed (${describeExit(result)}; its output is above)`);
  }
}

function connectHost(bind) {
  return bind === '0.0.0.0' || bind === '::' ? '127.0.0.1' : bind;
}

function panelUrl(config) {
  if (config.PUBLIC_URL) return config.PUBLIC_URL;
  const host = ['0.0.0.0', '::', '127.0.0.1', '::1'].includes(config.BIND_ADDRESS) ? 'localhost' : config.BIND_ADDRESS;
  return `http://${host}:${config.WEB_PORT}`;
}

function startServices(config, env) {
  /** @type {() => void} */
  let maildReady = () => {};
  const maildIsReady = new Promise((resolve) => (maildReady = () => resolve(undefined)));
  // A crashed child is started again (with back-off); one that keeps crashing stops everything.
  const options = { log, onGiveUp: (/** @type {string} */ reason) => void fail(reason) };
  // server.ts wraps Next.js: security headers on every response, the peer address for lib/client-ip.ts.
  const web = supervise(
    'web',
    () =>
      startChild('web', process.execPath, ['--import', 'tsx', 'server.ts'], {
        cwd: path.join(ROOT, 'apps/web'),
        env: { ...env, NODE_ENV: 'production', PORT: String(config.WEB_PORT), NEXT_TELEMETRY_DISABLED: '1' },
      }),
    options,
  );
  const maild = supervise(
    'maild',
    () =>
      startChild('maild', process.execPath, ['--import', 'tsx', 'apps/maild/src/main.ts'], {
        cwd: ROOT,
        env,
        onLine: (line) => {
          if (line.includes('maild ready')) maildReady();
        },
      }),
    options,
  );
  state.children.push(web, maild);
  return { web, maild, maildIsReady };
}

async function waitUntilUp(config, services) {
  const webUp = await waitForPort(config.WEB_PORT, connectHost(config.BIND_ADDRESS), 90);
  if (state.stopping) return;
  if (!webUp) throw new StartError(`the web app did not answer on port ${config.WEB_PORT} within 90 s`);
  // maild is up when it says so (log line) or when one of its ports answers.
  const host = connectHost(config.BIND_ADDRESS);
  let said = false;
  services.maildIsReady.then(() => (said = true));
  const portsUp = (async () => {
    for (let i = 0; i < 120 && !state.stopping && !said; i++) {
      for (const [, name] of MAIL_PORTS) if (await portAnswers(config[name], host, 250)) return 'up';
      await new Promise((r) => setTimeout(r, 250));
    }
    return 'timeout';
  })();
  const result = await Promise.race([services.maildIsReady.then(() => 'up'), portsUp]);
  if (result === 'timeout' && !state.stopping) log('warning: maild has neither said "maild ready" nor opened a port within 30 s; see its output above');
}

function banner(config, database, redisUrl, admin) {
  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  const ports = MAIL_PORTS.map(([label, name]) => `${label} ${config[name]}`).join(' · ');
  const lines = ['', `  Kontor is running (started in ${seconds} s)`, '', `  Panel     ${panelUrl(config)}`, `  Admin     ${admin.email}`];
  if (admin.password) {
    lines.push(`  Password  ${admin.password}`);
    lines.push('            ^ generated for this first start and shown only this once: note it, and change it after signing in');
  } else if (admin.created) {
    lines.push('  Password  the one in KONTOR_ADMIN_PASSWORD');
  }
  lines.push(
    `  Mail      ${ports}`,
    `  Data      ${config.DATA_DIR}`,
    `  Database  ${database.description}`,
    `  Redis     ${redisUrl}${state.redis ? ' (started by npm start)' : ''}`,
    '',
    '  Stop with Ctrl-C.',
    '',
  );
  console.log(lines.join('\n'));
}

// ------------------------------------------------------------- shutdown

let shutdownPromise;
function shutdown(code, reason) {
  shutdownPromise ??= (async () => {
    state.stopping = true;
    if (reason) log(reason);
    const anythingStarted = state.children.length > 0 || state.helpers.length > 0 || state.embeddedStarting || state.redis;
    const running = state.children.filter((c) => c.running());
    if (running.length) log(`stopping ${running.map((c) => c.name).join(' and ')}`);
    await Promise.all([...state.helpers, ...state.children].map((c) => c.stop(10000)));
    if (!state.embedded && state.embeddedStarting) {
      log('waiting for the embedded database to finish starting');
      state.embedded = await state.embeddedStarting.catch(() => null);
    }
    if (state.embedded) {
      log('closing the embedded database');
      await state.embedded.stop().catch((error) => log(`closing the embedded database failed: ${error.message}`));
    }
    if (state.redis) {
      log('stopping redis-server');
      await state.redis.stop().catch(() => {});
    }
    if (state.pidFile) rmSync(state.pidFile, { force: true });
    if (anythingStarted) log(code === 0 ? 'stopped' : 'stopped after an error');
    process.exit(code);
  })();
  return shutdownPromise;
}

function fail(reason) {
  return shutdown(1, reason);
}

function onSignal(signal) {
  if (state.stopping) {
    log(`${signal} again: still stopping, please wait`);
    return;
  }
  void shutdown(0, `${signal}: stopping`);
}

// ------------------------------------------------------------------ main

async function main() {
  process.on('SIGINT', () => onSignal('SIGINT'));
  process.on('SIGTERM', () => onSignal('SIGTERM'));
  process.on('SIGHUP', () => onSignal('SIGHUP'));

  ensureDependencies(log);
  generatePrismaClient(log);
  await loadTypeScript();
  const core = await import('@kontor/core');
  const config = loadConfig(core);
  parseEnvPort('EMBEDDED_DB_PORT', DEFAULT_EMBEDDED_DB_PORT);

  mkdirSync(config.DATA_DIR, { recursive: true, mode: 0o700 });
  claimDataDir(config.DATA_DIR);
  await checkPorts(config);
  const secret = authSecret(config);
  // Redis first: when it is missing, that is said before anything slow starts.
  const redisUrl = await prepareRedis(config);
  if (state.stopping) return;

  // The build needs nothing that runs; it goes on while the database starts.
  const build = buildWeb();
  build.catch(() => {}); // awaited below; this only keeps an early failure from being "unhandled"

  // Migrations live apart from the data functions (the web bundle does not carry them).
  const db = { ...(await import('@kontor/db')), ...(await import('@kontor/db/migrate')) };
  const database = await prepareDatabase(config, db);
  if (state.stopping || !database) return;
  const admin = await ensureFirstAdmin(config, db, database);
  if (state.stopping) return;
  if (admin.created) log(`created the first superadmin ${admin.email}`);
  await build;
  if (state.stopping) return;

  const env = {
    ...process.env,
    DATA_DIR: config.DATA_DIR,
    REDIS_URL: redisUrl,
    AUTH_SECRET: secret,
    NEXTAUTH_SECRET: process.env.NEXTAUTH_SECRET || secret,
  };
  // With DATABASE_URL unset, web, maild and `kontor` find the embedded database through DATA_DIR/run/embedded-db.url.
  const services = startServices(config, env);
  await waitUntilUp(config, services);
  if (state.stopping) return;
  banner(config, database, redisUrl, admin);
}

main().catch((error) => {
  const message = error instanceof StartError ? error.message : `failed to start: ${error.stack || error.message || error}`;
  if (state.stopping) return;
  void shutdown(1, message);
});
