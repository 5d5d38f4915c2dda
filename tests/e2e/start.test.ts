/**
 * `npm start` on an empty DATA_DIR with DATABASE_URL unset: the embedded
 * PostgreSQL comes up, the first admin can sign in through next-auth, other
 * database clients work while web and maild are connected, Ctrl-C stops
 * everything cleanly, and a second start reuses the data.
 */
import assert from 'node:assert/strict';
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { spoolDirOf } from '../../apps/maild/src/smtp/spool.ts';
import { freePort } from './lib/ports.ts';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const ADMIN_EMAIL = 'owner@start-test.example';
const ADMIN_PASSWORD = 'Start-test-passw0rd-42';

/** Resolves with 'timeout' after `seconds`, without keeping the process alive. */
function timeout(seconds: number): Promise<'timeout'> {
  return new Promise((resolve) => setTimeout(() => resolve('timeout'), seconds * 1000).unref());
}

interface Run {
  child: ChildProcess;
  output: string[];
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  seconds: () => number;
}

const runs: Run[] = [];
let dataDir = '';
let env: NodeJS.ProcessEnv = {};
let webPort = 0;

function startKontor(label: string): Run {
  const began = Date.now();
  // Its own process group, so after() can take down everything it started.
  const child = spawn(process.execPath, ['scripts/start.mjs'], { cwd: ROOT, env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  const output: string[] = [];
  const collect = (chunk: Buffer) =>
    output.push(
      ...chunk
        .toString('utf8')
        .split('\n')
        .filter(Boolean)
        .map((l) => `${label}: ${l}`),
    );
  child.stdout!.on('data', collect);
  child.stderr!.on('data', collect);
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once('exit', (code, signal) => resolve({ code, signal })),
  );
  const run = { child, output, exited, seconds: () => (Date.now() - began) / 1000 };
  runs.push(run);
  return run;
}

function tail(run: Run, lines = 60): string {
  return run.output.slice(-lines).join('\n');
}

/** Until GET /api/auth/csrf answers 200, or the process ends. */
async function waitForWeb(run: Run, seconds: number): Promise<number> {
  let ended = false;
  void run.exited.then(() => (ended = true));
  const deadline = Date.now() + seconds * 1000;
  while (Date.now() < deadline) {
    if (ended) assert.fail(`npm start exited before the web app answered:\n${tail(run)}`);
    try {
      const response = await fetch(`http://127.0.0.1:${webPort}/api/auth/csrf`, { signal: AbortSignal.timeout(5000) });
      if (response.ok) return run.seconds();
    } catch {}
    await new Promise((r) => setTimeout(r, 500));
  }
  assert.fail(`the web app did not answer within ${seconds} s:\n${tail(run)}`);
}

/** Banner printed (web up and maild ready). */
async function waitForLine(run: Run, text: string, seconds: number): Promise<void> {
  const deadline = Date.now() + seconds * 1000;
  while (Date.now() < deadline) {
    if (run.output.some((l) => l.includes(text))) return;
    if (run.child.exitCode !== null || run.child.signalCode !== null) break;
    await new Promise((r) => setTimeout(r, 200));
  }
  assert.fail(`no line "${text}" within ${seconds} s:\n${tail(run)}`);
}

class CookieJar {
  private cookies = new Map<string, string>();
  take(response: Response): void {
    for (const header of response.headers.getSetCookie()) {
      const [pair] = header.split(';');
      const at = pair!.indexOf('=');
      this.cookies.set(pair!.slice(0, at).trim(), pair!.slice(at + 1).trim());
    }
  }
  header(): string {
    return [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
  }
  has(pattern: RegExp): boolean {
    return [...this.cookies.keys()].some((k) => pattern.test(k));
  }
}

/** next-auth v4 credentials sign-in over plain HTTP; returns the cookies of the session. */
async function signIn(email: string, password: string): Promise<CookieJar> {
  const base = `http://127.0.0.1:${webPort}`;
  const jar = new CookieJar();
  const csrfResponse = await fetch(`${base}/api/auth/csrf`);
  assert.equal(csrfResponse.status, 200);
  jar.take(csrfResponse);
  const { csrfToken } = (await csrfResponse.json()) as { csrfToken: string };
  assert.ok(csrfToken, 'a CSRF token');
  const response = await fetch(`${base}/api/auth/callback/credentials`, {
    method: 'POST',
    redirect: 'manual',
    headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: jar.header() },
    body: new URLSearchParams({ csrfToken, email, password, redirect: 'false', json: 'true', callbackUrl: `${base}/` }),
  });
  jar.take(response);
  assert.ok(response.status === 200 || response.status === 302, `sign-in answered ${response.status}: ${await response.text()}`);
  assert.ok(jar.has(/session-token/), `a session cookie after signing in (got ${jar.header()})`);
  return jar;
}

async function sessionEmail(jar: CookieJar): Promise<string | undefined> {
  const response = await fetch(`http://127.0.0.1:${webPort}/api/auth/session`, { headers: { cookie: jar.header() } });
  assert.equal(response.status, 200);
  const session = (await response.json()) as { user?: { email?: string } };
  return session.user?.email;
}

function urlFile(): string {
  return path.join(dataDir, 'run', 'embedded-db.url');
}

async function stopWith(run: Run, signal: NodeJS.Signals, seconds: number) {
  const t = Date.now();
  run.child.kill(signal); // the start process only: it must stop its children itself
  const result = await Promise.race([run.exited, timeout(seconds)]);
  assert.notEqual(result, 'timeout', `npm start did not exit within ${seconds} s of ${signal}:\n${tail(run)}`);
  assert.deepEqual(result, { code: 0, signal: null }, `npm start exit after ${signal}:\n${tail(run)}`);
  return (Date.now() - t) / 1000;
}

before(async () => {
  dataDir = mkdtempSync(path.join(tmpdir(), 'kontor-start-'));
  webPort = await freePort();
  env = {
    ...process.env,
    DATA_DIR: dataDir,
    BIND_ADDRESS: '127.0.0.1',
    WEB_PORT: String(webPort),
    SMTP_PORT: String(await freePort()),
    SUBMISSION_PORT: String(await freePort()),
    SMTPS_PORT: String(await freePort()),
    IMAP_PORT: String(await freePort()),
    IMAPS_PORT: String(await freePort()),
    POP3_PORT: String(await freePort()),
    POP3S_PORT: String(await freePort()),
    METRICS_PORT: String(await freePort()),
    EMBEDDED_DB_PORT: String(await freePort()),
    KONTOR_ADMIN_EMAIL: ADMIN_EMAIL,
    KONTOR_ADMIN_PASSWORD: ADMIN_PASSWORD,
    LOG_LEVEL: 'info',
    NODE_ENV: 'development',
  };
  delete env.DATABASE_URL;
  delete env.AUTH_SECRET;
  delete env.NEXTAUTH_SECRET;
  delete env.NEXTAUTH_URL;
});

after(async () => {
  for (const run of runs) {
    if (run.child.exitCode === null && run.child.signalCode === null && run.child.pid) {
      try {
        process.kill(-run.child.pid, 'SIGKILL');
      } catch {}
      await Promise.race([run.exited, timeout(5)]);
    }
  }
  // Children of a killed start (web, maild) are in its process group, gone with it.
  rmSync(dataDir, { recursive: true, force: true });
});

test('npm start on an empty DATA_DIR: embedded database, sign-in, concurrent clients, clean stop, reuse', async (t) => {
  // ---- first start
  const first = startKontor('start#1');
  t.after(() => {
    if (!first.output.some((l) => l.includes('Kontor is running'))) console.error(tail(first, 200));
  });
  const webAfter = await waitForWeb(first, 240);
  await waitForLine(first, 'Kontor is running', 60);
  t.diagnostic(`first start (empty DATA_DIR): web answered after ${webAfter.toFixed(1)} s, banner after ${first.seconds().toFixed(1)} s`);
  assert.ok(
    first.output.some((l) => l.includes(`created the first superadmin ${ADMIN_EMAIL}`)),
    tail(first),
  );
  assert.ok(existsSync(urlFile()), 'the embedded database URL file exists while running');
  const secret = readFileSync(path.join(dataDir, 'auth-secret'), 'utf8');
  assert.ok(secret.trim().length >= 32);
  assert.equal(
    spawnSync('stat', ['-c', '%a', path.join(dataDir, 'auth-secret')])
      .stdout.toString()
      .trim(),
    '600',
  );

  // ---- sign in through next-auth's credentials flow
  const jar = await signIn(ADMIN_EMAIL, ADMIN_PASSWORD);
  assert.equal(await sessionEmail(jar), ADMIN_EMAIL);

  // ---- more database clients while web and maild hold theirs
  const url = readFileSync(urlFile(), 'utf8').trim();
  const a = new pg.Client({ connectionString: url });
  const b = new pg.Client({ connectionString: url });
  await a.connect();
  await b.connect();
  try {
    // Both connected at once; interleaved statements and a transaction that the other must not see half-done.
    const [ra, rb] = await Promise.all([
      a.query('SELECT count(*)::int AS n FROM "AdminAccount" WHERE email = $1', [ADMIN_EMAIL]),
      b.query('SELECT $1::text AS v', ['from b']),
    ]);
    assert.equal(ra.rows[0].n, 1);
    assert.equal(rb.rows[0].v, 'from b');
    await a.query('BEGIN');
    await a.query('CREATE TEMP TABLE IF NOT EXISTS start_probe (v int)');
    const waiting = b.query('SELECT 42 AS answer');
    await a.query('COMMIT');
    assert.equal((await waiting).rows[0].answer, 42);

    // The kontor command, a separate process, with the same DATA_DIR while a and b stay connected.
    const cli = path.join(ROOT, 'apps/cli/bin/kontor.js');
    if (existsSync(cli)) {
      const result = spawnSync(process.execPath, [cli, 'domain', 'list', '--json'], { cwd: ROOT, env, encoding: 'utf8', timeout: 60_000 });
      assert.equal(result.status, 0, `kontor domain list --json: ${result.stderr}${result.stdout}`);
      assert.ok(Array.isArray(JSON.parse(result.stdout)), result.stdout);
    } else {
      t.diagnostic('apps/cli/bin/kontor.js is missing: only pg clients were used');
    }
    // And the panel still answers from the database after all that.
    assert.equal(await sessionEmail(await signIn(ADMIN_EMAIL, ADMIN_PASSWORD)), ADMIN_EMAIL);
  } finally {
    await a.end();
    await b.end();
  }

  // ---- Ctrl-C
  const stopSeconds = await stopWith(first, 'SIGINT', 20);
  t.diagnostic(`SIGINT → exit 0 in ${stopSeconds.toFixed(1)} s`);
  assert.ok(!existsSync(urlFile()), 'the URL file is removed on exit');
  assert.ok(!existsSync(path.join(dataDir, 'run', 'kontor.pid')), 'the pid file is removed on exit');
  assert.ok(
    first.output.some((l) => l.includes('closing the embedded database')),
    tail(first),
  );

  // ---- second start on the same data
  const second = startKontor('start#2');
  t.after(() => {
    if (second.child.exitCode !== 0) console.error(tail(second, 200));
  });
  const webAgain = await waitForWeb(second, 180);
  await waitForLine(second, 'Kontor is running', 60);
  t.diagnostic(`second start (same DATA_DIR): web answered after ${webAgain.toFixed(1)} s, banner after ${second.seconds().toFixed(1)} s`);
  assert.ok(!second.output.some((l) => l.includes('created the first superadmin')), 'no second admin is created');
  assert.ok(!second.output.some((l) => l.includes('generated AUTH_SECRET')), 'the secret is kept');
  assert.equal(readFileSync(path.join(dataDir, 'auth-secret'), 'utf8'), secret);
  // Same secret: the session cookie of the first run is still valid.
  assert.equal(await sessionEmail(jar), ADMIN_EMAIL);
  const c = new pg.Client({ connectionString: readFileSync(urlFile(), 'utf8').trim() });
  await c.connect();
  try {
    const { rows } = await c.query('SELECT email FROM "AdminAccount"');
    assert.deepEqual(
      rows.map((r) => r.email),
      [ADMIN_EMAIL],
    );
  } finally {
    await c.end();
  }

  // ---- a second npm start on a DATA_DIR in use is refused with one line
  const third = startKontor('start#3');
  const refused = await Promise.race([third.exited, timeout(60)]);
  assert.notEqual(refused, 'timeout');
  assert.equal((refused as { code: number }).code, 1);
  assert.ok(
    third.output.some((l) => l.includes('already running with DATA_DIR')),
    tail(third),
  );

  // ---- SIGTERM stops it as well
  await stopWith(second, 'SIGTERM', 20);
  assert.ok(!existsSync(urlFile()));
});

test('npm start restarts a crashed maild, which sweeps the spool files of unfinished transactions', async () => {
  // DATA_DIR is the first test's: this start reuses it.
  const spool = spoolDirOf(dataDir, 'smtp');
  mkdirSync(spool, { recursive: true });
  writeFileSync(path.join(spool, 'before-start.eml'), 'Subject: never acknowledged\r\n\r\n');
  const run = startKontor('start#4');
  await waitForLine(run, 'Kontor is running', 240);
  assert.ok(!existsSync(path.join(spool, 'before-start.eml')), 'the spool is swept at start');
  // The ports answer before maild has finished starting (its workers, the search backfill): crash it once it says it is ready.
  await waitForLine(run, 'maild ready', 60);

  const maildPid = () => {
    const ps = spawnSync('ps', ['-o', 'pid=,args=', '--ppid', String(run.child.pid)], { encoding: 'utf8' }).stdout;
    const line = ps.split('\n').find((l) => l.includes('apps/maild/src/main.ts'));
    return line ? Number(line.trim().split(/\s+/)[0]) : undefined;
  };
  const crashed = maildPid();
  assert.ok(crashed, `no maild process under npm start:\n${tail(run)}`);
  writeFileSync(path.join(spool, 'in-flight.eml'), 'Subject: cut off by the crash\r\n\r\n');
  process.kill(crashed, 'SIGKILL');

  await waitForLine(run, 'maild stopped unexpectedly (killed by SIGKILL); restarting it in 1 s', 30);
  await waitForLine(run, 'maild restarted', 30);
  const readyLines = () => run.output.filter((l) => l.includes('maild ready')).length;
  const deadline = Date.now() + 60_000;
  while (readyLines() < 2 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 200));
  assert.equal(readyLines(), 2, tail(run));
  assert.notEqual(maildPid(), crashed);
  assert.ok(!existsSync(path.join(spool, 'in-flight.eml')), "the restarted maild swept the crashed one's spool file");
  assert.equal(run.child.exitCode, null, 'npm start keeps running');

  // It serves again.
  const banner = await new Promise<string>((resolve, reject) => {
    const socket = net.connect(Number(env.SMTP_PORT), '127.0.0.1');
    socket.once('data', (chunk) => {
      resolve(chunk.toString());
      socket.end();
    });
    socket.once('error', reject);
  });
  assert.match(banner, /^220 /);
  await stopWith(run, 'SIGTERM', 30);
});

test('the embedded database server keeps concurrent connections apart', async (t) => {
  const { startEmbeddedDatabase } = await import('../../packages/db/src/embedded-server.ts');
  const dir = mkdtempSync(path.join(tmpdir(), 'kontor-embedded-'));
  const server = await startEmbeddedDatabase({ dataDir: dir, port: 0, idleInTransactionTimeoutMs: 3000 });
  const clients: pg.Client[] = [];
  const connect = async () => {
    const client = new pg.Client({ connectionString: server.url });
    client.on('error', () => {});
    await client.connect();
    clients.push(client);
    return client;
  };
  try {
    assert.equal(readFileSync(path.join(dir, 'run', 'embedded-db.url'), 'utf8').trim(), server.url);
    const [a, b, c] = [await connect(), await connect(), await connect()];
    assert.equal(server.stats().connections, 3);

    // A statement too big for one TCP chunk (Parse/Bind arrive apart) while others run small ones:
    // no other connection's statement may come in between.
    const big = 'x'.repeat(2_000_000);
    let done = false;
    let small = 0;
    const bigQueries = (async () => {
      for (let i = 0; i < 15; i++) {
        const { rows } = await a.query('SELECT length($1::text) AS n, $2::int AS i', [big, i]);
        assert.deepEqual([Number(rows[0].n), rows[0].i], [big.length, i]);
      }
      done = true;
    })();
    const smallQueries = [b, c].map(async (client, k) => {
      while (!done) {
        const v = ++small * 10 + k;
        const { rows } = await client.query('SELECT $1::int AS v', [v]);
        assert.equal(rows[0].v, v);
      }
    });
    await Promise.all([bigQueries, ...smallQueries]);
    t.diagnostic(`${small} small statements ran between 15 large ones`);

    // A transaction holds the database: others wait for it, then see only what was committed.
    await a.query('CREATE TABLE probe (v int)');
    await a.query('BEGIN');
    await a.query('INSERT INTO probe VALUES (1)');
    let seen: number | undefined;
    const waiting = b.query('SELECT count(*)::int AS n FROM probe').then((r) => (seen = r.rows[0].n));
    await new Promise((r) => setTimeout(r, 300));
    assert.equal(seen, undefined, 'b waits while a is inside its transaction');
    assert.equal(server.stats().waiting, 1);
    await a.query('ROLLBACK');
    await waiting;
    assert.equal(seen, 0);

    // A client that disconnects inside a transaction is rolled back and does not block the others.
    const d = await connect();
    await d.query('BEGIN');
    await d.query('INSERT INTO probe VALUES (2)');
    (d as unknown as { connection: { stream: net.Socket } }).connection.stream.destroy();
    assert.equal((await b.query('SELECT count(*)::int AS n FROM probe')).rows[0].n, 0);

    // One idle inside a transaction for too long is closed.
    const e = await connect();
    await e.query('BEGIN');
    await e.query('INSERT INTO probe VALUES (3)');
    assert.equal((await c.query('SELECT count(*)::int AS n FROM probe')).rows[0].n, 0, 'after the idle timeout');

    // Wrong password.
    const wrong = new pg.Client({ connectionString: server.url.replace(/:[^:@/]+@/, ':wrong@') });
    await assert.rejects(wrong.connect(), /password authentication failed/);
  } finally {
    await Promise.all(clients.map((client) => client.end().catch(() => {})));
    await server.stop();
    assert.ok(!existsSync(path.join(dir, 'run', 'embedded-db.url')), 'stop() removes the URL file');
    rmSync(dir, { recursive: true, force: true });
  }
});
