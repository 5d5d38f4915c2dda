import { randomBytes } from 'node:crypto';
import { chmodSync, linkSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';

/**
 * A secret of this installation: the configured value, else a random one
 * made once and kept in DATA_DIR/<name> (mode 0600). The web panel, the CLI
 * and maild share DATA_DIR, so they read the same file; creation is atomic
 * (written aside, then hard-linked into place), so two processes starting at
 * once agree on one value.
 */
export function instanceSecret(options: { configured?: string; dataDir: string; name: string }): string {
  if (options.configured) return options.configured;
  const file = path.join(options.dataDir, options.name);
  const existing = readSecret(file);
  if (existing) return existing;
  mkdirSync(options.dataDir, { recursive: true });
  const temp = `${file}.${process.pid}.${randomBytes(4).toString('hex')}`;
  writeFileSync(temp, `${randomBytes(32).toString('base64url')}\n`, { mode: 0o600 });
  try {
    linkSync(temp, file);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
  } finally {
    rmSync(temp, { force: true });
  }
  const secret = readSecret(file);
  if (!secret) throw new Error(`${file} is empty: remove it, or set the secret in the environment`);
  return secret;
}

function readSecret(file: string): string | null {
  try {
    const value = readFileSync(file, 'utf8').trim();
    if (value) chmodSync(file, 0o600);
    return value || null;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw error;
  }
}
