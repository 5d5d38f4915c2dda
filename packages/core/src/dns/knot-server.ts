/**
 * For tests: Debian's Knot DNS (knotd) as a real authoritative server on
 * 127.0.0.1 and a free port, serving zones the test writes. Point
 * DNS_SERVERS (or createResolver's servers) at `server`; `setZone`
 * rewrites a zone and has knotd load it again, as an operator's change
 * would reach the world.
 */
import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { freePort } from '../net/ports.js';
import { rawQuery } from './raw-query.ts';
import { createResolver } from './resolver.ts';

export { startUnbound, type UnboundServer } from './unbound-server.ts';

const run = promisify(execFile);

export interface KnotServer {
  /** `127.0.0.1:PORT`, as DNS_SERVERS takes it. */
  server: string;
  port: number;
  /** The DNSKEY records of a signed zone (zone-file lines), for a validating resolver's trust anchor. */
  dnskeys(origin: string): Promise<string[]>;
  /** Replaces a zone's records (zone-file lines, names fully qualified with a trailing dot) and reloads it. */
  setZone(origin: string, records: string[]): Promise<void>;
  stop(): Promise<void>;
}

function zoneText(origin: string, serial: number, records: string[]): string {
  return [
    `$ORIGIN ${origin}.`,
    '$TTL 60',
    `@ IN SOA ns.${origin}. hostmaster.${origin}. ${serial} 3600 600 86400 60`,
    `@ IN NS ns.${origin}.`,
    ...records,
    '',
  ].join('\n');
}

/** `signed`: zones knotd signs itself (DNSSEC, RFC 4035) with keys it makes at start; the rest stay unsigned. */
export async function startKnot(zones: Record<string, string[]>, options: { signed?: string[] } = {}): Promise<KnotServer> {
  const signed = new Set(options.signed ?? []);
  const dir = mkdtempSync(path.join(tmpdir(), 'kontor-knot-'));
  const port = await freePort();
  const conf = path.join(dir, 'knot.conf');
  const serials = new Map<string, number>();
  const zoneFile = (origin: string) => path.join(dir, `${origin}.zone`);
  const write = (origin: string, records: string[]) => {
    const serial = (serials.get(origin) ?? 0) + 1;
    serials.set(origin, serial);
    writeFileSync(zoneFile(origin), zoneText(origin, serial, records));
  };
  for (const [origin, records] of Object.entries(zones)) write(origin, records);
  writeFileSync(
    conf,
    [
      'server:',
      `    rundir: "${dir}"`,
      `    listen: 127.0.0.1@${port}`,
      'log:',
      '  - target: stderr',
      '    any: warning',
      'database:',
      `    storage: "${dir}"`,
      'control:',
      `    listen: "${path.join(dir, 'knot.sock')}"`,
      'template:',
      '  - id: default',
      `    storage: "${dir}"`,
      // Only the zone files the test writes: no journal, no serial bookkeeping of knotd's own (DNSSEC only where asked).
      '    zonefile-load: whole',
      '    journal-content: none',
      '    zonefile-sync: -1',
      '    semantic-checks: off',
      'zone:',
      ...Object.keys(zones).map((origin) => `  - domain: ${origin}\n    file: "${zoneFile(origin)}"${signed.has(origin) ? '\n    dnssec-signing: on' : ''}`),
      '',
    ].join('\n'),
  );
  let output = '';
  const child: ChildProcess = spawn('/usr/sbin/knotd', ['-c', conf], { stdio: ['ignore', 'pipe', 'pipe'] });
  child.stdout?.on('data', (d) => (output += d));
  child.stderr?.on('data', (d) => (output += d));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const server = `127.0.0.1:${port}`;
  const resolver = createResolver({ servers: [server], cacheTtlMs: 0, timeoutMs: 500 });
  const serves = async (origin: string, serial: number) => {
    const soa = (await resolver(origin, 'SOA').catch(() => null)) as { serial: number } | null;
    // A signed zone's serial is knotd's: it increments it when it signs.
    return signed.has(origin) ? (soa?.serial ?? 0) >= serial : soa?.serial === serial;
  };
  const waitFor = async (origin: string) => {
    const deadline = Date.now() + 15_000;
    while (!(await serves(origin, serials.get(origin)!))) {
      if (child.exitCode !== null) throw new Error(`knotd exited (${child.exitCode}): ${output}`);
      if (Date.now() > deadline) throw new Error(`knotd does not serve ${origin}: ${output}`);
      await new Promise((r) => setTimeout(r, 50));
    }
  };
  for (const origin of Object.keys(zones)) await waitFor(origin);
  return {
    server,
    port,
    async dnskeys(origin) {
      const reply = await rawQuery(server, origin, 'DNSKEY', 2000);
      return reply.answers.flatMap((a) =>
        a.type === 'DNSKEY' ? [`${origin}. 60 IN DNSKEY ${a.data.flags} 3 ${a.data.algorithm} ${a.data.key.toString('base64')}`] : [],
      );
    },
    async setZone(origin, records) {
      write(origin, records);
      await run('/usr/sbin/knotc', ['-c', conf, 'zone-reload', origin]);
      await waitFor(origin);
    },
    async stop() {
      if (child.exitCode === null) child.kill('SIGTERM');
      await exited;
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
