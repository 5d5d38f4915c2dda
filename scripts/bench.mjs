// npm run bench [-- NAME…]: runs the benchmarks and prints their figures.
// Speed and memory targets live here, never in timed unit tests.
import { spawnSync } from 'node:child_process';
import { ensurePostgres, ensureRedis } from './lib/services.mjs';
import { ensureDependencies, generatePrismaClient, ROOT } from './lib/setup.mjs';

/** @type {Record<string, [string, ...string[]]>} */
const BENCHES = {
  smtp: ['bench/smtp-inbound.ts', '1000', '8'],
  'imap-idle': ['bench/imap-idle.ts', '3000'],
  'imap-idle-protocol': ['packages/imap-server/bench/idle-memory.ts', '2000'],
  'imap-large': ['bench/imap-large-folder.ts', '30000'],
  panel: ['bench/panel.ts', '10000', '1000000'],
  webmail: ['bench/webmail.ts', '10000', '50'],
};

const log = (line) => console.log(`[bench] ${line}`);
const wanted = process.argv.slice(2).filter((name) => name in BENCHES);
ensureDependencies(log);
await ensurePostgres(log);
await ensureRedis(log);
generatePrismaClient(log);
let failed = 0;
for (const [name, [file, ...args]] of Object.entries(BENCHES)) {
  if (wanted.length && !wanted.includes(name)) continue;
  log(`${name}: ${file} ${args.join(' ')}`);
  // --experimental-websocket: bench/imap-idle.ts talks to maild's inspector.
  const result = spawnSync(process.execPath, ['--experimental-websocket', '--import', 'tsx', file, ...args], {
    cwd: ROOT,
    stdio: 'inherit',
    env: { ...process.env, LOG_LEVEL: 'warn' },
  });
  if (result.status !== 0) failed++;
}
process.exit(failed ? 1 : 0);
