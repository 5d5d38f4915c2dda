/**
 * HAProxy (Debian's package) in front of maild, as docs/scaling.md
 * describes it: TLS terminated at the edge and the client named in a PROXY
 * header. Used by the e2e suite and the idle-memory benchmark.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { freePort, waitForPort } from './ports.ts';

export const HAPROXY = '/usr/sbin/haproxy';

export interface EdgeRoute {
  /** Where maild listens (127.0.0.1). */
  backendPort: number;
  /** Terminate TLS at HAProxy (with `send-proxy-v2-ssl`), or pass bytes through. */
  terminateTls: boolean;
  /** `send-proxy` (v1) instead of v2; only for pass-through routes. */
  proxyV1?: boolean;
}

export interface Haproxy {
  /** Frontend port of each route, in the order given. */
  ports: number[];
  child: ChildProcess;
  stop(): Promise<void>;
}

/** Starts HAProxy with one frontend per route; `certificate` and `key` are PEM files. */
export async function startHaproxy(
  routes: readonly EdgeRoute[],
  tls: { certificate: string; key: string },
  options: { maxconn?: number } = {},
): Promise<Haproxy> {
  const dir = mkdtempSync(path.join(tmpdir(), 'kontor-haproxy-'));
  const pem = path.join(dir, 'edge.pem');
  writeFileSync(pem, `${readFileSync(tls.certificate, 'utf8').trim()}\n${readFileSync(tls.key, 'utf8').trim()}\n`);
  const ports: number[] = [];
  const sections: string[] = [];
  for (const [i, route] of routes.entries()) {
    const port = await freePort();
    ports.push(port);
    const send = route.terminateTls ? 'send-proxy-v2-ssl' : route.proxyV1 ? 'send-proxy' : 'send-proxy-v2';
    sections.push(
      `frontend edge${i}`,
      `  bind 127.0.0.1:${port}${route.terminateTls ? ` ssl crt ${pem}` : ''}`,
      `  default_backend maild${i}`,
      `backend maild${i}`,
      `  server maild 127.0.0.1:${route.backendPort} ${send}`,
    );
  }
  const maxconn = options.maxconn ?? 1000;
  const config = [
    'global',
    `  maxconn ${maxconn}`,
    '  log stderr format raw local0 err',
    'defaults',
    '  mode tcp',
    `  maxconn ${maxconn}`,
    '  timeout connect 5s',
    // IMAP IDLE: a session may be silent for 29 minutes.
    '  timeout client 31m',
    '  timeout server 31m',
    ...sections,
    '',
  ].join('\n');
  const file = path.join(dir, 'haproxy.cfg');
  writeFileSync(file, config);
  let output = '';
  const child = spawn(HAPROXY, ['-db', '-f', file], { stdio: ['ignore', 'pipe', 'pipe'] });
  child.stdout!.on('data', (d: Buffer) => (output += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (output += d.toString()));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  try {
    await Promise.race([
      Promise.all(ports.map((port) => waitForPort(port, 10_000))),
      exited.then(() => {
        throw new Error(`haproxy exited: ${output}`);
      }),
    ]);
  } catch (error) {
    child.kill('SIGKILL');
    rmSync(dir, { recursive: true, force: true });
    throw error;
  }
  return {
    ports,
    child,
    async stop() {
      if (child.exitCode === null) {
        child.kill('SIGTERM');
        await exited;
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
