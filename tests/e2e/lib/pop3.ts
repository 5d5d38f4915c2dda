/**
 * Helpers for tests/e2e/pop3*.test.ts: a line-level POP3 session (plain,
 * STLS, implicit TLS) for asserting exact replies, and a runner for the
 * outside clients (Python poplib, curl, fetchmail).
 */
import { execFile, spawn } from 'node:child_process';
import { TestClient } from '@kontor/pop3-server/testing';

export const PYTHON = '/usr/bin/python3';

/**
 * A raw POP3 session against the real daemon, for exact reply assertions:
 * the package's own test client, with a patient line timeout.
 */
export const Pop3Session = {
  async open(port: number, options: { tls?: boolean } = {}): Promise<{ session: TestClient; greeting: string }> {
    const session = await TestClient.connect(port, { ...options, timeoutMs: 10_000 });
    return { session, greeting: await session.line() };
  },
};

export interface RunResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs a program to its end with optional stdin; never rejects. */
export function run(
  command: string,
  args: readonly string[],
  options: { input?: string; env?: NodeJS.ProcessEnv; timeoutMs?: number } = {},
): Promise<RunResult> {
  return new Promise((resolve) => {
    const child = execFile(
      command,
      args,
      { env: options.env ?? process.env, timeout: options.timeoutMs ?? 60_000, maxBuffer: 64 * 1024 * 1024 },
      (error, stdout, stderr) => {
        const code = error ? (typeof error.code === 'number' ? error.code : null) : 0;
        resolve({ code, stdout: stdout.toString(), stderr: stderr.toString() });
      },
    );
    child.stdin?.end(options.input ?? '');
  });
}

/** Python with Debian's poplib/ssl; `script` prints JSON on its last line. */
export async function python<T>(script: string, input = ''): Promise<T> {
  const result = await run(PYTHON, ['-c', script], { input });
  if (result.code !== 0) throw new Error(`python exited ${result.code}:\n${result.stderr}\n${result.stdout}`);
  const last = result.stdout.trim().split('\n').at(-1) ?? '';
  return JSON.parse(last) as T;
}

/** A Python process that logs in and keeps the session open until killed. Resolves once logged in. */
export async function holdSession(port: number, user: string, password: string): Promise<{ kill(): Promise<void> }> {
  const script = `
import poplib, ssl, sys, time
ctx = ssl.create_default_context(); ctx.check_hostname = False; ctx.verify_mode = ssl.CERT_NONE
p = poplib.POP3_SSL('127.0.0.1', ${port}, context=ctx)
p.user(sys.argv[1]); p.pass_(sys.argv[2])
print('logged-in', flush=True)
time.sleep(600)`;
  const child = spawn(PYTHON, ['-c', script, user, password], { stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  await new Promise<void>((resolve, reject) => {
    child.stdout.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      if (output.includes('logged-in')) resolve();
    });
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.once('exit', (code) => reject(new Error(`session holder exited ${code}: ${output}`)));
  });
  return {
    async kill() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGKILL');
      await exited;
    },
  };
}
