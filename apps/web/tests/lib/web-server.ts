import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { freePort } from '@kontor/core/ports';

const WEB_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const NEXT_BIN = path.resolve(WEB_DIR, '../../node_modules/.bin/next');
const DIST_DIR = process.env.KONTOR_WEB_DIST_DIR || '.next';

export interface WebServer {
  baseUrl: string;
  stop(): Promise<void>;
}

/** `next start` of the built panel against a database, on a free port. */
export async function startWebServer(env: Record<string, string>): Promise<WebServer> {
  if (!existsSync(path.join(WEB_DIR, DIST_DIR, 'BUILD_ID'))) {
    const build = spawnSync(NEXT_BIN, ['build'], { cwd: WEB_DIR, stdio: 'inherit' });
    if (build.status !== 0) throw new Error('next build failed');
  }
  const port = await freePort();
  const baseUrl = `http://127.0.0.1:${port}`;
  const childEnv: NodeJS.ProcessEnv = {
    ...process.env,
    NODE_ENV: 'production',
    AUTH_SECRET: randomBytes(32).toString('base64url'),
    NEXT_TELEMETRY_DISABLED: '1',
    ...env,
  };
  delete childEnv.NEXTAUTH_URL;
  let output = '';
  const server: ChildProcess = spawn(NEXT_BIN, ['start', '-p', String(port), '-H', '127.0.0.1'], {
    cwd: WEB_DIR,
    env: childEnv,
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  server.stdout?.on('data', (chunk) => (output += chunk));
  server.stderr?.on('data', (chunk) => (output += chunk));
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (server.exitCode !== null) throw new Error(`next start exited (${server.exitCode}):\n${output}`);
    const ok = await fetch(`${baseUrl}/signin`, { redirect: 'manual' }).then(
      (r) => r.status < 500,
      () => false,
    );
    if (ok) break;
    if (Date.now() > deadline) throw new Error(`the panel did not answer:\n${output}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  return {
    baseUrl,
    async stop() {
      if (!server.pid || server.exitCode !== null) return;
      const exited = new Promise((resolve) => server.once('exit', resolve));
      try {
        process.kill(-server.pid, 'SIGTERM');
      } catch {
        server.kill('SIGTERM');
      }
      await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 5000))]);
    },
  };
}

/** Signs in through next-auth's credentials endpoint; returns the JSON answer's url or error. */
export async function credentialsSignIn(baseUrl: string, email: string, password: string): Promise<{ status: number; error: string | null }> {
  const csrfResponse = await fetch(`${baseUrl}/api/auth/csrf`);
  const cookie = (csrfResponse.headers.getSetCookie?.() ?? []).map((c) => c.split(';')[0]).join('; ');
  const { csrfToken } = (await csrfResponse.json()) as { csrfToken: string };
  const response = await fetch(`${baseUrl}/api/auth/callback/credentials`, {
    method: 'POST',
    redirect: 'manual',
    headers: { 'content-type': 'application/x-www-form-urlencoded', cookie, 'x-auth-return-redirect': '1' },
    body: new URLSearchParams({ csrfToken, email, password, json: 'true', callbackUrl: baseUrl }),
  });
  const body = (await response.json().catch(() => ({}))) as { url?: string };
  const error = body.url ? new URL(body.url).searchParams.get('error') : null;
  return { status: response.status, error };
}
