/**
 * Dovecot (Debian's dovecot-imapd), when installed, as the peer in the IMAP
 * benchmarks: its own config in a temp dir, one user with a Maildir, IMAP on
 * a free port, plaintext login (loopback only).
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { chmodSync, chownSync, existsSync, mkdirSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir, userInfo } from 'node:os';
import path from 'node:path';
import { freePort, waitForPort } from '../../tests/e2e/lib/ports.ts';

export const DOVECOT = '/usr/sbin/dovecot';

export interface DovecotMessage {
  raw: string;
  seen: boolean;
  internalDate: Date;
}

export interface Dovecot {
  port: number;
  child: ChildProcess;
  stop(): Promise<void>;
}

export async function startDovecot(user: { address: string; password: string }, messages: Iterable<DovecotMessage>): Promise<Dovecot | null> {
  if (!existsSync(DOVECOT)) return null;
  const dir = mkdtempSync(path.join(tmpdir(), 'kontor-dovecot-'));
  chmodSync(dir, 0o755);
  const maildir = path.join(dir, 'home', 'Maildir');
  for (const sub of ['cur', 'new', 'tmp']) mkdirSync(path.join(maildir, sub), { recursive: true });
  let n = 0;
  for (const message of messages) {
    n++;
    const file = path.join(maildir, 'cur', `${Math.floor(message.internalDate.getTime() / 1000)}.M${n}P1.bench:2,${message.seen ? 'S' : ''}`);
    writeFileSync(file, message.raw);
    utimesSync(file, message.internalDate, message.internalDate); // Maildir's INTERNALDATE is the file's mtime
  }
  // Dovecot refuses to serve mail as root: the mail belongs to nobody.
  const asRoot = userInfo().uid === 0;
  if (asRoot) chownTree(path.join(dir, 'home'), 65534, 65534);
  const port = await freePort();
  const config = [
    `base_dir = ${dir}/run`,
    `state_dir = ${dir}/state`,
    'listen = 127.0.0.1',
    'protocols = imap',
    'ssl = no',
    'disable_plaintext_auth = no',
    `log_path = ${dir}/dovecot.log`,
    'first_valid_uid = 100',
    `mail_location = maildir:${maildir}`,
    'passdb {',
    '  driver = passwd-file',
    `  args = scheme=PLAIN username_format=%u ${dir}/passwd`,
    '}',
    'userdb {',
    '  driver = static',
    `  args = ${asRoot ? 'uid=nobody gid=nogroup ' : ''}home=${dir}/home`,
    '}',
    'service imap-login {',
    '  inet_listener imap {',
    `    port = ${port}`,
    '  }',
    '  inet_listener imaps {',
    '    port = 0',
    '  }',
    '}',
    '',
  ].join('\n');
  mkdirSync(path.join(dir, 'run'));
  mkdirSync(path.join(dir, 'state'));
  writeFileSync(path.join(dir, 'dovecot.conf'), config);
  writeFileSync(path.join(dir, 'passwd'), `${user.address}:{PLAIN}${user.password}\n`);
  const child = spawn(DOVECOT, ['-F', '-c', path.join(dir, 'dovecot.conf')], { stdio: 'ignore' });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  await waitForPort(port, 10_000);
  return {
    port,
    child,
    async stop() {
      child.kill('SIGTERM');
      await exited;
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

function chownTree(dir: string, uid: number, gid: number): void {
  chownSync(dir, uid, gid);
  for (const sub of ['Maildir', 'Maildir/cur', 'Maildir/new', 'Maildir/tmp']) chownSync(path.join(dir, sub), uid, gid);
}
