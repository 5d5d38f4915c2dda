// npm test: sets up everything the tests need, runs every test of every
// workspace, and ends with one line `N passed, N failed`.
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { ensureDebianPackages, ensurePostgres, ensureRedis } from './lib/services.mjs';
import { ensureDependencies, generatePrismaClient, ROOT, run } from './lib/setup.mjs';

const log = (line) => console.log(`[test] ${line}`);

/** Tools the tests drive: clients nobody here wrote, and the browser. */
const DEBIAN_TOOLS = [
  { path: '/usr/bin/chromium', pkg: 'chromium' },
  { command: 'swaks', pkg: 'swaks' },
  // swaks's TLS (-tls, --tlsc); recommended, not required, by the swaks package.
  { perl: 'Net::SSLeay', pkg: 'libnet-ssleay-perl' },
  { perl: 'IO::Socket::SSL', pkg: 'libio-socket-ssl-perl' },
  { command: 'curl', pkg: 'curl' },
  { command: 'fetchmail', pkg: 'fetchmail' },
  { command: 'mbsync', pkg: 'isync' },
  { command: 'msmtp', pkg: 'msmtp' },
  { path: '/usr/lib/python3/dist-packages/dkim/__init__.py', pkg: 'python3-dkim' },
  // The strict receiving MTA of tests/e2e/outbound-8bit.test.ts.
  { path: '/usr/lib/python3/dist-packages/aiosmtpd/__init__.py', pkg: 'python3-aiosmtpd' },
  // The Prometheus text-format parser of tests/e2e/monitoring.test.ts.
  { path: '/usr/lib/python3/dist-packages/prometheus_client/parser.py', pkg: 'python3-prometheus-client' },
  { command: 'openssl', pkg: 'openssl' },
  // tests/e2e/testssl.test.ts scans every TLS port with it.
  { command: 'testssl', pkg: 'testssl.sh' },
  { path: '/usr/sbin/haproxy', pkg: 'haproxy' },
  // tests/e2e/redis-outage.test.ts runs, stops and kills a private redis-server.
  { command: 'redis-server', pkg: 'redis-server' },
  { path: '/usr/bin/python3', pkg: 'python3' },
  // apps/web/lib/webmail/render/tnef.test.ts compares the TNEF reader with Debian's tnef.
  { command: 'tnef', pkg: 'tnef' },
  // tests/e2e/acme.test.ts: Let's Encrypt's test CA, and pebble-challtestsrv (same package) as the DNS its validation asks.
  { command: 'pebble', pkg: 'pebble' },
  // The DNS check suites serve their test zones with a real authoritative server (packages/core/src/dns/knot-server.ts).
  { path: '/usr/sbin/knotd', pkg: 'knot' },
  // tests/e2e/outbound-dane.test.ts: the DNSSEC-validating resolver in front of knotd's signed zone.
  { path: '/usr/sbin/unbound', pkg: 'unbound' },
  // tests/e2e/dns-watch.test.ts: outbound signatures by Mail::DKIM, SPF by pyspf, both asking that server (dnspython, Net::DNS).
  { perl: 'Mail::DKIM::Verifier', pkg: 'libmail-dkim-perl' },
  { path: '/usr/lib/python3/dist-packages/spf.py', pkg: 'python3-spf' },
  { path: '/usr/lib/python3/dist-packages/dns/resolver.py', pkg: 'python3-dnspython' },
  { path: '/usr/lib/python3/dist-packages/nacl/__init__.py', pkg: 'python3-nacl' },
  // tests/e2e/compose-ports.test.ts reads docker-compose.yml with PyYAML.
  { path: '/usr/lib/python3/dist-packages/yaml/__init__.py', pkg: 'python3-yaml' },
];

function findTests(dir, found = []) {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (['node_modules', '.next', '.turbo', 'generated', 'data', 'dist'].includes(entry.name) || entry.name.startsWith('.')) continue;
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) findTests(full, found);
    else if (entry.name.endsWith('.test.ts')) found.push(path.relative(ROOT, full));
  }
  return found;
}

async function main() {
  const filters = process.argv.slice(2);
  ensureDependencies(log);
  await ensurePostgres(log);
  await ensureRedis(log);
  ensureDebianPackages(DEBIAN_TOOLS, log);
  generatePrismaClient(log);
  log('linting and checking the format (Biome)');
  run('npx', ['biome', 'ci', '--reporter=summary', '.']);
  log('type-checking');
  run('npx', ['turbo', 'run', 'typecheck', '--output-logs=errors-only', '--log-prefix=none']);
  // Code outside the workspaces: tests/e2e, bench, the set-up scripts.
  run('npx', ['tsc', '-p', 'tsconfig.json']);
  run('npx', ['tsc', '-p', 'scripts/tsconfig.json']);
  log('building the web app');
  run('npx', ['turbo', 'run', 'build', '--output-logs=errors-only', '--log-prefix=none']);

  const files = ['apps', 'packages', 'tests']
    .flatMap((dir) => findTests(path.join(ROOT, dir)))
    .filter((file) => filters.length === 0 || filters.some((f) => file.includes(f)))
    .sort();
  log(`running ${files.length} test files`);
  const summaryFile = path.join(mkdtempSync(path.join(tmpdir(), 'kontor-test-')), 'summary');
  const child = spawn(
    process.execPath,
    [
      '--import',
      'tsx',
      '--test',
      '--test-concurrency=2',
      '--test-timeout=300000',
      '--test-reporter=spec',
      '--test-reporter-destination=stdout',
      '--test-reporter=./scripts/test-summary-reporter.mjs',
      `--test-reporter-destination=${summaryFile}`,
      ...files,
    ],
    {
      cwd: ROOT,
      stdio: 'inherit',
      env: {
        ...process.env,
        NODE_ENV: 'test',
        LOG_LEVEL: process.env.LOG_LEVEL ?? 'silent',
        KONTOR_WEB_PREBUILT: '1',
        DKIM_ENCRYPTION_KEY: process.env.DKIM_ENCRYPTION_KEY ?? 'kontor test dkim key',
      },
    },
  );
  const code = await new Promise((resolve) => child.on('exit', (c, s) => resolve(c ?? (s ? 1 : 0))));
  // The closing line comes last, after the spec reporter's own summary.
  const summary = existsSync(summaryFile) ? readFileSync(summaryFile, 'utf8').trim() : '';
  console.log(summary || `0 passed, ${code === 0 ? 0 : 1} failed`);
  process.exit(code);
}

main().catch((error) => {
  console.error(`[test] ${error.message}`);
  console.log('0 passed, 1 failed');
  process.exit(1);
});
