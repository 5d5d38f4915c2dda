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

/**
 * The built panel (server.ts, as npm start runs it) against a database, on
 * a free port; started again on another one when a parallel suite took the
 * picked port in between.
 */
export async function startWebServer(env: Record<string, string>): Promise<WebServer> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await startWebServerOnce(env);
    } catch (error) {
      if (!(error instanceof Error && error.message.includes('EADDRINUSE')) || attempt >= 4) throw error;
    }
  }
}

async function startWebServerOnce(env: Record<string, string>): Promise<WebServer> {
  if (!existsSync(path.join(WEB_DIR, DIST_DIR, 'BUILD_ID'))) {
    const build = spawnSync(NEXT_BIN, ['build'], { cwd: WEB_DIR, stdio: 'inherit' });
    if (build.status !== 0) throw new Error('next build failed');
  }
  // A caller may fix the port (a peer that must know it first, such as an ACME test CA validating on it).
  const port = env.WEB_PORT ? Number(env.WEB_PORT) : await freePort();
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
  childEnv.WEB_PORT = String(port);
  childEnv.BIND_ADDRESS = '127.0.0.1';
  delete childEnv.PORT;
  const server: ChildProcess = spawn(process.execPath, ['--import', 'tsx', 'server.ts'], {
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

function cookiesOf(response: Response): string[] {
  return (response.headers.getSetCookie?.() ?? []).map((c) => c.split(';')[0]!);
}

/**
 * Signs in through next-auth's credentials endpoint; returns the JSON
 * answer's error (null on success) and the cookies a browser would keep.
 */
export async function credentialsSignIn(
  baseUrl: string,
  email: string,
  password: string,
  headers: Record<string, string> = {},
): Promise<{ status: number; error: string | null; cookie: string }> {
  const csrfResponse = await fetch(`${baseUrl}/api/auth/csrf`, { headers });
  const csrfCookies = cookiesOf(csrfResponse);
  const { csrfToken } = (await csrfResponse.json()) as { csrfToken: string };
  const response = await fetch(`${baseUrl}/api/auth/callback/credentials`, {
    method: 'POST',
    redirect: 'manual',
    headers: { ...headers, 'content-type': 'application/x-www-form-urlencoded', cookie: csrfCookies.join('; '), 'x-auth-return-redirect': '1' },
    body: new URLSearchParams({ csrfToken, email, password, json: 'true', callbackUrl: baseUrl }),
  });
  const body = (await response.json().catch(() => ({}))) as { url?: string };
  const error = body.url ? new URL(body.url).searchParams.get('error') : null;
  return { status: response.status, error, cookie: [...csrfCookies, ...cookiesOf(response)].join('; ') };
}

/** Signs out the session the cookies belong to, as the panel's button does. */
export async function credentialsSignOut(baseUrl: string, cookie: string): Promise<void> {
  const csrfResponse = await fetch(`${baseUrl}/api/auth/csrf`, { headers: { cookie } });
  const { csrfToken } = (await csrfResponse.json()) as { csrfToken: string };
  const response = await fetch(`${baseUrl}/api/auth/signout`, {
    method: 'POST',
    redirect: 'manual',
    headers: { 'content-type': 'application/x-www-form-urlencoded', cookie, 'x-auth-return-redirect': '1' },
    body: new URLSearchParams({ csrfToken, json: 'true', callbackUrl: baseUrl }),
  });
  await response.arrayBuffer();
}

/** Where a page sends the holder of these cookies: null when it is shown, else the redirect target. */
export async function pageRedirect(baseUrl: string, pathname: string, cookie: string): Promise<string | null> {
  const response = await fetch(`${baseUrl}${pathname}`, { headers: { cookie }, redirect: 'manual' });
  await response.arrayBuffer();
  if (response.status >= 300 && response.status < 400) return response.headers.get('location');
  if (response.status !== 200) throw new Error(`${pathname} answered ${response.status}`);
  return null;
}
