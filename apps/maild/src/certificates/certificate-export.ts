/**
 * ACME_EXPORT_DIR: the automatic certificates as files, for a reverse proxy
 * in front of the web app (nginx, HAProxy) that serves HTTPS for the same
 * names. Per name set, named after its first name: `<name>.crt` (chain),
 * `<name>.key` (mode 0600) and `<name>.pem` (both, HAProxy's format).
 * Files are replaced by rename, so a reader never sees half a file; a file
 * whose content is unchanged is left alone (its mtime stays).
 */
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { DkimKeyring } from '@kontor/core';
import { type Db, issuedTlsCertificates } from '@kontor/db';

export async function exportCertificates(db: Db, keyring: DkimKeyring, dir: string): Promise<string[]> {
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const written: string[] = [];
  for (const row of await issuedTlsCertificates(db)) {
    const name = row.names[0];
    if (!name || !row.certPem || !row.keyEncrypted) continue;
    const key = keyring.decrypt(row.keyEncrypted);
    const chain = row.certPem.trim();
    const files: Array<[string, string, number]> = [
      [`${name}.crt`, `${chain}\n`, 0o644],
      [`${name}.key`, `${key.trim()}\n`, 0o600],
      [`${name}.pem`, `${chain}\n${key.trim()}\n`, 0o600],
    ];
    for (const [file, content, mode] of files) {
      const target = path.join(dir, file);
      if (existsSync(target) && readFileSync(target, 'utf8') === content) continue;
      writeFileSync(`${target}.tmp`, content, { mode });
      renameSync(`${target}.tmp`, target);
      written.push(target);
    }
  }
  return written;
}
