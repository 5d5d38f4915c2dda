/**
 * Debian's pebble (Let's Encrypt's test CA) and its companion
 * pebble-challtestsrv as the DNS server pebble's validation authority
 * asks: every name resolves to 127.0.0.1, so pebble validates HTTP-01 for
 * real by fetching http://<name>:<httpPort>/.well-known/acme-challenge/…
 * from the web app. No network beyond the loopback is needed.
 */
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import https from 'node:https';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { freePort, waitForPort } from './ports.ts';

export interface Pebble {
  directoryUrl: string;
  /** CA file for pebble's own HTTPS listener (maild trusts it through NODE_EXTRA_CA_CERTS). */
  listenerCaFile: string;
  /** The root that signs issued certificates (a new one per pebble run). */
  rootPem(): Promise<string>;
  output(): string;
  /** Makes the DNS answer `address` for `host` (a name that no longer points here). */
  pointName(host: string, address: string): Promise<void>;
  stop(): Promise<void>;
}

export async function startPebble(options: { httpPort: number }): Promise<Pebble> {
  const dir = mkdtempSync(path.join(tmpdir(), 'kontor-pebble-'));
  const listenerCaFile = path.join(dir, 'listener-ca.pem');
  makeListenerCertificate(dir);
  const [acmePort, managementPort, dnsPort, dnsManagementPort, tlsPort] = [
    await freePort(),
    await freePort(),
    await freePort(),
    await freePort(),
    await freePort(),
  ];
  const config = path.join(dir, 'pebble.json');
  writeFileSync(
    config,
    JSON.stringify({
      pebble: {
        listenAddress: `127.0.0.1:${acmePort}`,
        managementListenAddress: `127.0.0.1:${managementPort}`,
        certificate: path.join(dir, 'listener-cert.pem'),
        privateKey: path.join(dir, 'listener-key.pem'),
        httpPort: options.httpPort,
        // No TLS-ALPN-01 server here; Kontor asks for HTTP-01 only.
        tlsPort,
        ocspResponderURL: '',
        externalAccountBindingRequired: false,
      },
    }),
  );
  let output = '';
  const children: ChildProcess[] = [];
  const run = (command: string, args: string[], env: Record<string, string> = {}) => {
    const child = spawn(command, args, { cwd: dir, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    child.stdout?.on('data', (chunk) => (output += chunk));
    child.stderr?.on('data', (chunk) => (output += chunk));
    children.push(child);
    return child;
  };
  // No AAAA answers: the web app listens on 127.0.0.1 only.
  run('pebble-challtestsrv', [
    '-defaultIPv4',
    '127.0.0.1',
    '-defaultIPv6',
    '',
    '-dns01',
    `127.0.0.1:${dnsPort}`,
    '-http01',
    '',
    '-https01',
    '',
    '-tlsalpn01',
    '',
    '-management',
    `127.0.0.1:${dnsManagementPort}`,
  ]);
  await waitForPort(dnsManagementPort);
  // Without its random sleeps and nonce rejections; authorisations are never reused, so a renewal validates again.
  const pebbleEnv = { PEBBLE_VA_NOSLEEP: '1', PEBBLE_WFE_NONCEREJECT: '0', PEBBLE_AUTHZREUSE: '0' };
  run('pebble', ['-config', config, '-dnsserver', `127.0.0.1:${dnsPort}`], pebbleEnv);
  await waitForPort(acmePort);
  const stopChild = async (child: ChildProcess) => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGTERM');
    await exited;
  };
  return {
    directoryUrl: `https://127.0.0.1:${acmePort}/dir`,
    listenerCaFile,
    rootPem: () => fetchText(`https://127.0.0.1:${managementPort}/roots/0`, readFileSync(listenerCaFile)),
    output: () => output,
    async pointName(host, address) {
      const response = await fetch(`http://127.0.0.1:${dnsManagementPort}/add-a`, {
        method: 'POST',
        body: JSON.stringify({ host: `${host}.`, addresses: [address] }),
      });
      if (!response.ok) throw new Error(`pebble-challtestsrv refused add-a: ${response.status}`);
    },
    async stop() {
      for (const child of children) await stopChild(child);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** A small CA and a certificate for 127.0.0.1 signed by it: pebble's ACME and management listeners. */
function makeListenerCertificate(dir: string): void {
  const file = (name: string) => path.join(dir, name);
  const openssl = (args: string[]) => execFileSync('openssl', args, { stdio: 'ignore', cwd: dir });
  openssl([
    'req',
    '-x509',
    '-newkey',
    'rsa:2048',
    '-nodes',
    '-keyout',
    file('listener-ca-key.pem'),
    '-out',
    file('listener-ca.pem'),
    '-days',
    '2',
    '-subj',
    '/CN=Kontor test pebble listener CA',
  ]);
  openssl(['req', '-newkey', 'rsa:2048', '-nodes', '-keyout', file('listener-key.pem'), '-out', file('listener.csr'), '-subj', '/CN=127.0.0.1']);
  writeFileSync(file('listener.ext'), 'subjectAltName=IP:127.0.0.1,DNS:localhost\n');
  openssl([
    'x509',
    '-req',
    '-in',
    file('listener.csr'),
    '-CA',
    file('listener-ca.pem'),
    '-CAkey',
    file('listener-ca-key.pem'),
    '-CAcreateserial',
    '-out',
    file('listener-cert.pem'),
    '-days',
    '2',
    '-extfile',
    file('listener.ext'),
  ]);
}

function fetchText(url: string, ca: Buffer): Promise<string> {
  return new Promise((resolve, reject) => {
    https
      .get(url, { ca }, (response) => {
        let body = '';
        response.on('data', (chunk) => (body += chunk));
        response.on('end', () => resolve(body));
      })
      .on('error', reject);
  });
}
