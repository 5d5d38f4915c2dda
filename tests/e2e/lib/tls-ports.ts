/**
 * maild's TLS ports, and the openssl and certificate tools the TLS tests
 * drive them with: `openssl s_client` speaks STARTTLS for SMTP, IMAP and
 * POP3 itself, so every port is reached the way a real client reaches it.
 */
import { execFileSync, spawn } from 'node:child_process';
import path from 'node:path';
import type { MaildPorts } from './maild.ts';

export interface TlsPort {
  name: string;
  port: number;
  /** The protocol `openssl s_client -starttls` / `testssl.sh --starttls` speaks first; none on implicit TLS. */
  starttls?: 'smtp' | 'imap' | 'pop3';
}

const TLS_PORTS: ReadonlyArray<{ name: string; key: keyof MaildPorts; starttls?: TlsPort['starttls'] }> = [
  { name: 'smtp (25, STARTTLS)', key: 'smtp', starttls: 'smtp' },
  { name: 'submission (587, STARTTLS)', key: 'submission', starttls: 'smtp' },
  { name: 'smtps (465)', key: 'smtps' },
  { name: 'imap (143, STARTTLS)', key: 'imap', starttls: 'imap' },
  { name: 'imaps (993)', key: 'imaps' },
  { name: 'pop3 (110, STLS)', key: 'pop3', starttls: 'pop3' },
  { name: 'pop3s (995)', key: 'pop3s' },
];

/** The names of maild's TLS ports, for one test per port. */
export const TLS_PORT_NAMES: readonly string[] = TLS_PORTS.map((entry) => entry.name);

export function tlsPorts(ports: MaildPorts): TlsPort[] {
  return TLS_PORTS.map(({ name, key, starttls }) => ({ name, port: ports[key], ...(starttls ? { starttls } : {}) }));
}

/** A self-signed certificate for `name`, written to `dir` as `<file>-cert.pem` / `<file>-key.pem`. */
export function makeCertificate(dir: string, file: string, name: string): { certFile: string; keyFile: string } {
  const certFile = path.join(dir, `${file}-cert.pem`);
  const keyFile = path.join(dir, `${file}-key.pem`);
  execFileSync(
    'openssl',
    [
      'req',
      '-x509',
      '-newkey',
      'rsa:2048',
      '-nodes',
      '-keyout',
      keyFile,
      '-out',
      certFile,
      '-days',
      '2',
      '-subj',
      `/CN=${name}`,
      '-addext',
      `subjectAltName=DNS:${name},IP:127.0.0.1`,
    ],
    { stdio: 'ignore' },
  );
  return { certFile, keyFile };
}

export interface SClientRun {
  /** stdout and stderr together. */
  output: string;
  code: number | null;
}

/**
 * `openssl s_client` against a port. `afterHandshake` runs once the
 * handshake is reported (it may write to stdin); the run ends when
 * s_client exits, or after 15 s (a hang guard: the client is killed).
 */
export function sClient(
  target: TlsPort,
  args: string[],
  afterHandshake?: (io: { write(line: string): void; output(): string; end(): void }) => void,
): Promise<SClientRun> {
  return new Promise((resolve) => {
    const child = spawn('openssl', ['s_client', '-connect', `127.0.0.1:${target.port}`, ...(target.starttls ? ['-starttls', target.starttls] : []), ...args], {
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let output = '';
    let handshook = false;
    const io = { write: (line: string) => child.stdin.write(line), output: () => output, end: () => child.stdin.end() };
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      if (!handshook && /^(New|Reused), TLS/m.test(output)) {
        handshook = true;
        if (afterHandshake) afterHandshake(io);
        else child.stdin.end();
      }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.stdin.on('error', () => {});
    const guard = setTimeout(() => child.kill('SIGKILL'), 15_000);
    child.once('exit', (code) => {
      clearTimeout(guard);
      resolve({ output, code });
    });
    if (!afterHandshake) child.stdin.end();
  });
}

/** The SHA-256 fingerprint of the certificate a new handshake on the port presents. */
export async function presentedFingerprint(target: TlsPort): Promise<string> {
  const run = await sClient(target, ['-showcerts']);
  const pem = /-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/.exec(run.output)?.[0];
  if (!pem) throw new Error(`no certificate from ${target.name}:\n${run.output}`);
  return fingerprintOf(pem);
}

export function fingerprintOf(pem: string): string {
  return execFileSync('openssl', ['x509', '-noout', '-fingerprint', '-sha256'], { input: pem }).toString().trim();
}
