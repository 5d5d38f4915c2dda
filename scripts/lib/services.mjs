// Finding, and where we may, starting the PostgreSQL and Redis a run needs.
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync } from 'node:fs';
import net from 'node:net';
import readline from 'node:readline';
import { portAnswers, waitForPort as waitForPortAnswer } from '../../packages/core/src/net/ports.js';

export { freePort, portAnswers } from '../../packages/core/src/net/ports.js';

/** Waits up to `seconds` for host:port to answer. */
export function waitForPort(port, host = '127.0.0.1', seconds = 30) {
  return waitForPortAnswer(port, { host, timeoutMs: seconds * 1000 });
}

export function commandExists(name) {
  return spawnSync('sh', ['-c', `command -v ${name}`], { stdio: 'ignore' }).status === 0;
}

/** The machine's PostgreSQL on 127.0.0.1:5432, started through pg_ctlcluster when down. */
export async function ensurePostgres(log) {
  if (await portAnswers(5432)) return;
  if (existsSync('/etc/postgresql') && commandExists('pg_ctlcluster')) {
    for (const version of readdirSync('/etc/postgresql')) {
      log(`starting PostgreSQL ${version}`);
      spawnSync('pg_ctlcluster', ['--skip-systemctl-redirect', version, 'main', 'start'], { stdio: 'inherit' });
    }
    if (await waitForPort(5432)) return;
  }
  throw new Error('PostgreSQL is not running on 127.0.0.1:5432 and could not be started (install postgresql, or set TEST_DATABASE_URL)');
}

/** Redis on 127.0.0.1:6379, started from PATH when down. */
export async function ensureRedis(log) {
  if (await portAnswers(6379)) return;
  if (commandExists('redis-server')) {
    log('starting redis-server');
    execFileSync('redis-server', ['--daemonize', 'yes', '--bind', '127.0.0.1', '--port', '6379', '--save', '', '--appendonly', 'no']);
    if (await waitForPort(6379)) return;
  }
  throw new Error('Redis is not running on 127.0.0.1:6379 and redis-server is not installed (apt-get install redis-server)');
}

let aptUpdated = false;
/** Whether perl can load a module (swaks needs Net::SSLeay and IO::Socket::SSL for TLS). */
function perlModuleExists(name) {
  return spawnSync('perl', [`-M${name}`, '-e1'], { stdio: 'ignore' }).status === 0;
}

/** Installs Debian packages whose command, file or perl module is missing: [{ command | path | perl, pkg }]. */
export function ensureDebianPackages(wanted, log) {
  const present = (w) => (w.path ? existsSync(w.path) : w.perl ? perlModuleExists(w.perl) : commandExists(w.command));
  const missing = wanted.filter((w) => !present(w));
  if (!missing.length) return;
  if (!commandExists('apt-get')) {
    throw new Error(`Missing tools ${missing.map((m) => m.command ?? m.path ?? m.perl).join(', ')} and no apt-get to install them`);
  }
  const packages = [...new Set(missing.map((m) => m.pkg))];
  log(`installing Debian packages: ${packages.join(' ')}`);
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  if (!aptUpdated) {
    spawnSync('apt-get', ['update', '-qq'], { stdio: 'inherit', env });
    aptUpdated = true;
  }
  const result = spawnSync('apt-get', ['install', '-y', '-qq', '--no-install-recommends', ...packages], { stdio: 'inherit', env });
  if (result.status !== 0) throw new Error(`apt-get install ${packages.join(' ')} failed`);
}

/** Whether this process could listen on host:port now: null when free, else the error code (EADDRINUSE, EACCES…). */
export function portProblem(port, host = '0.0.0.0') {
  return new Promise((resolve) => {
    const server = net.createServer();
    server.once('error', (/** @type {NodeJS.ErrnoException} */ error) => resolve(error.code ?? String(error)));
    server.listen({ port, host, exclusive: true }, () => server.close(() => resolve(null)));
  });
}

/**
 * Starts `redis-server` from PATH on 127.0.0.1, keeping its data (append-only
 * file) in `dir`. Returns { url, port, child, stop() }; stop() waits for the
 * final save. Output goes to `onLine`.
 */
export async function startRedisServer({ dir, port, onLine = () => {} }) {
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const child = spawn(
    'redis-server',
    [
      '--bind',
      '127.0.0.1',
      '--port',
      String(port),
      '--dir',
      dir,
      '--appendonly',
      'yes',
      '--daemonize',
      'no',
      '--protected-mode',
      'yes',
      '--loglevel',
      'warning',
      '--logfile',
      '',
    ],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  for (const stream of [child.stdout, child.stderr]) readline.createInterface({ input: stream }).on('line', onLine);
  const exited = new Promise((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
  const result = await Promise.race([waitForPort(port, '127.0.0.1', 15).then((up) => (up ? 'up' : 'timeout')), exited.then(() => 'exited')]);
  if (result !== 'up') {
    child.kill('SIGKILL');
    throw new Error(`redis-server did not start on 127.0.0.1:${port} (${result})`);
  }
  let stopping;
  const stop = (timeoutMs = 15000) =>
    (stopping ??= (async () => {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
      await exited;
      clearTimeout(timer);
    })());
  return { url: `redis://127.0.0.1:${port}`, port, child, exited, stop };
}
