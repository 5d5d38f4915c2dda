// testssl.sh (Debian's testssl.sh package) against every TLS port of maild,
// implicit and STARTTLS alike: any MEDIUM, HIGH or CRITICAL finding fails
// the test, except the ones the self-signed development certificate
// causes by design (listed below with their reason). Checks: protocols
// (-p), cipher categories (-s), server preference (-P), server defaults
// and certificate (-S), renegotiation (-R), forward secrecy (-f) and the
// vulnerabilities (-U); --fast keeps a port near 25 s, two ports run at once.
// Every listener takes its TLS settings from the same place, so the long
// checks (-s, -f, -U) run once per protocol greeting (SMTP, IMAP and POP3
// STARTTLS) and on one implicit-TLS port; the others get protocols,
// preference, defaults and renegotiation, which would show a listener
// configured apart.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { type ImapEnvironment, startImapEnvironment } from './lib/imap-env.ts';
import { TLS_PORT_NAMES, type TlsPort, tlsPorts } from './lib/tls-ports.ts';

/** Findings of the development certificate, not of the TLS configuration. */
const IGNORED_FINDINGS: Record<string, string> = {
  cert_chain_of_trust: 'self-signed: no CA issued it',
  cert_revocation: 'a self-signed certificate has no CRL or OCSP URI',
  cert_validityPeriod: 'maild makes its development certificate valid for 825 days (the CA/Browser maximum of its time); real ones come from TLS_CERT_FILE',
};

const FAILING = new Set(['MEDIUM', 'HIGH', 'CRITICAL', 'FATAL']);

/** The ports that get every check (see the top of the file). */
const FULL_SCAN = new Set(['smtp (25, STARTTLS)', 'imap (143, STARTTLS)', 'pop3 (110, STLS)', 'imaps (993)']);

interface Finding {
  id: string;
  severity: string;
  finding: string;
}

let env: ImapEnvironment;
let outDir: string;
const results = new Map<string, Promise<Finding[]>>();

before(async () => {
  env = await startImapEnvironment([{ localPart: 'info' }]);
  outDir = mkdtempSync(path.join(tmpdir(), 'kontor-testssl-'));
  // Two scans at a time (npm test runs on two cores); each test awaits its own port's.
  const pending = tlsPorts(env.maild.ports).map((target) => {
    let settle!: (run: Promise<Finding[]>) => void;
    results.set(target.name, new Promise<Finding[]>((resolve) => (settle = resolve)));
    return { target, settle };
  });
  const worker = async (): Promise<void> => {
    for (let next = pending.shift(); next; next = pending.shift()) {
      const run = scan(next.target, path.join(outDir, `${next.target.port}.json`));
      next.settle(run);
      await run.catch(() => {});
    }
  };
  void Promise.all([worker(), worker()]);
});
after(async () => {
  await env.stop();
  rmSync(outDir, { recursive: true, force: true });
});

describe('testssl.sh finds nothing MEDIUM or worse', () => {
  for (const name of TLS_PORT_NAMES) {
    it(name, async () => {
      const findings = await results.get(name)!;
      // The scan really ran: the renegotiation and cipher order checks are in it.
      for (const id of ['secure_client_renego', 'cipher_order', 'TLS1_1'])
        assert.ok(
          findings.some((f) => f.id === id),
          `${id} missing from the scan`,
        );
      const failing = findings.filter((f) => FAILING.has(f.severity) && !(f.id in IGNORED_FINDINGS));
      assert.deepEqual(
        failing.map((f) => `${f.severity} ${f.id}: ${f.finding}`),
        [],
      );
    });
  }
});

function scan(target: TlsPort, jsonFile: string): Promise<Finding[]> {
  const checks = FULL_SCAN.has(target.name) ? ['-p', '-s', '-P', '-S', '-R', '-f', '-U'] : ['-p', '-P', '-S', '-R'];
  const args = ['--quiet', '--warnings', 'off', '--color', '0', '--nodns', 'none', '--fast', '--jsonfile', jsonFile, ...checks];
  if (target.starttls) args.push('--starttls', target.starttls);
  args.push(`127.0.0.1:${target.port}`);
  return new Promise((resolve, reject) => {
    const child = spawn('testssl', args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.once('error', reject);
    child.once('exit', () => {
      try {
        resolve(JSON.parse(readFileSync(jsonFile, 'utf8')) as Finding[]);
      } catch (error) {
        reject(new Error(`testssl.sh left no JSON for ${target.name}: ${String(error)}\n${output}`));
      }
    });
  });
}
