// Steps both `npm start` and `npm test` take before anything else runs.
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

export function run(command, args, options = {}) {
  const result = spawnSync(command, args, { cwd: ROOT, stdio: 'inherit', ...options });
  if (result.status !== 0) {
    throw new Error(`${command} ${args.join(' ')} failed (exit ${result.status ?? result.signal})`);
  }
}

/** `npm install` when node_modules is missing or older than package-lock.json. */
export function ensureDependencies(log) {
  const lock = path.join(ROOT, 'package-lock.json');
  const stamp = path.join(ROOT, 'node_modules/.kontor-installed');
  const digest = existsSync(lock) ? createHash('sha256').update(readFileSync(lock)).digest('hex') : 'none';
  if (existsSync(stamp) && readFileSync(stamp, 'utf8') === digest) return;
  log('installing npm dependencies');
  run('npm', ['install', '--no-audit', '--no-fund', '--loglevel=error']);
  writeFileSync(stamp, digest);
}

/** The Prisma client is generated, not checked in. */
export function generatePrismaClient(log) {
  const schema = path.join(ROOT, 'prisma/schema.prisma');
  const stamp = path.join(ROOT, 'packages/db/src/generated/.schema-digest');
  const digest = createHash('sha256').update(readFileSync(schema)).digest('hex');
  if (existsSync(stamp) && readFileSync(stamp, 'utf8') === digest) return;
  log('generating the Prisma client');
  run(process.execPath, ['packages/db/scripts/generate.mjs'], { stdio: ['ignore', 'ignore', 'inherit'] });
  writeFileSync(stamp, digest);
}
