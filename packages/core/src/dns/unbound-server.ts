/**
 * For tests: Debian's unbound as a real DNSSEC-validating resolver on
 * 127.0.0.1 and a free port, asking a test's knotd (stub zones) and
 * trusting the DNSKEYs it is given. Answers from a zone under one of those
 * anchors carry the AD bit when they validate and are SERVFAIL when they do
 * not; any other zone stays insecure (no AD), as an unsigned domain is.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { freePort } from '../net/ports.js';
import { rawQuery } from './raw-query.ts';

export interface UnboundServer {
  /** `127.0.0.1:PORT`, as DNS_SERVERS takes it. */
  server: string;
  stop(): Promise<void>;
}

export async function startUnbound(options: {
  /** The authoritative server (`127.0.0.1:PORT`) for every zone in `zones`. */
  authority: string;
  zones: string[];
  /** DNSKEY zone-file lines of the signed zones (`KnotServer.dnskeys`). */
  trustAnchors: string[];
}): Promise<UnboundServer> {
  const dir = mkdtempSync(path.join(tmpdir(), 'kontor-unbound-'));
  const port = await freePort();
  const [authorityHost, authorityPort] = options.authority.split(':');
  const conf = path.join(dir, 'unbound.conf');
  writeFileSync(
    conf,
    [
      'server:',
      '  interface: 127.0.0.1',
      `  port: ${port}`,
      '  do-ip6: no',
      '  do-daemonize: no',
      '  use-syslog: no',
      '  logfile: ""',
      '  verbosity: 0',
      '  username: ""',
      '  chroot: ""',
      `  directory: "${dir}"`,
      `  pidfile: "${path.join(dir, 'unbound.pid')}"`,
      '  do-not-query-localhost: no',
      '  module-config: "validator iterator"',
      // Test zones change between cases: nothing kept longer than a second.
      '  cache-max-ttl: 1',
      '  cache-max-negative-ttl: 1',
      '  qname-minimisation: no',
      // unbound answers `test.`, `invalid.` … itself (RFC 6761 special-use names) unless told not to.
      ...[...new Set(options.zones.map((zone) => zone.split('.').pop()))].map((tld) => `  local-zone: "${tld}." nodefault`),
      ...options.trustAnchors.map((anchor) => `  trust-anchor: "${anchor}"`),
      ...options.zones.flatMap((zone) => ['stub-zone:', `  name: "${zone}"`, `  stub-addr: ${authorityHost}@${authorityPort}`]),
      '',
    ].join('\n'),
  );
  let output = '';
  const child: ChildProcess = spawn('/usr/sbin/unbound', ['-d', '-c', conf], { stdio: ['ignore', 'pipe', 'pipe'] });
  child.stdout?.on('data', (d) => (output += d));
  child.stderr?.on('data', (d) => (output += d));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const server = `127.0.0.1:${port}`;
  const deadline = Date.now() + 15_000;
  for (;;) {
    const answered = await rawQuery(server, options.zones[0] ?? '.', 'SOA', 300).then(
      () => true,
      () => false,
    );
    if (answered) break;
    if (child.exitCode !== null) throw new Error(`unbound exited (${child.exitCode}): ${output}`);
    if (Date.now() > deadline) throw new Error(`unbound does not answer: ${output}`);
    await new Promise((r) => setTimeout(r, 50));
  }
  return {
    server,
    async stop() {
      if (child.exitCode === null) child.kill('SIGTERM');
      await exited;
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
