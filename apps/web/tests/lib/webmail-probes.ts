/**
 * Looking at webmail from outside, as a browser and the operating system
 * see it: GETs with a session cookie, a /webmail/events stream held open
 * like a tab's EventSource, the web app's IMAP connections to maild counted
 * with `ss`, and maild's own log of IMAP logins. Used by the pool tests and
 * the webmail benchmark (bench/webmail.ts).
 */
import { execFileSync } from 'node:child_process';

export interface Fetched {
  ms: number;
  status: number;
  bytes: number;
  body: string;
  location: string | null;
}

/** One GET with the session's cookie, not following redirects; `ms` runs until the body's last byte. */
export async function getPage(baseUrl: string, path: string, cookie: string): Promise<Fetched> {
  const started = performance.now();
  const response = await fetch(`${baseUrl}${path}`, { headers: { cookie }, redirect: 'manual' });
  const body = await response.text();
  return { ms: performance.now() - started, status: response.status, bytes: Buffer.byteLength(body), body, location: response.headers.get('location') };
}

export interface EventStream {
  status: number;
  /** Everything received so far. */
  text(): string;
  /** True once the server said ': connected'; false when the stream ended (or the answer was not a stream) first. */
  connected: Promise<boolean>;
  /** Resolves when the server ends the stream (or close() is called). */
  ended: Promise<void>;
  isEnded(): boolean;
  close(): void;
}

/** GET /webmail/events with the cookie, read as it arrives. */
export async function openEventStream(baseUrl: string, cookie: string): Promise<EventStream> {
  const abort = new AbortController();
  const response = await fetch(`${baseUrl}/webmail/events`, { headers: { cookie, accept: 'text/event-stream' }, signal: abort.signal });
  let received = '';
  let done = false;
  let connected: (value: boolean) => void = () => {};
  const isConnected = new Promise<boolean>((resolve) => (connected = resolve));
  const ended = (async () => {
    try {
      if (response.status !== 200 || !response.body) {
        received = await response.text();
        return;
      }
      const reader = response.body.getReader();
      const decoder = new TextDecoder();
      for (;;) {
        const { done: finished, value } = await reader.read();
        if (finished) return;
        received += decoder.decode(value, { stream: true });
        if (received.includes(': connected')) connected(true);
      }
    } catch {
      // close() aborted it
    } finally {
      done = true;
      connected(false);
    }
  })();
  return { status: response.status, text: () => received, connected: isConnected, ended, isEnded: () => done, close: () => abort.abort() };
}

/** Established TCP connections to 127.0.0.1:port, counted by `ss` (the web app is maild's only client on its STARTTLS IMAP port in these runs). */
export function connectionsTo(port: number): number {
  const out = execFileSync('ss', ['-Htn', 'state', 'established', `( dport = :${port} )`], { encoding: 'utf8' });
  return out.split('\n').filter((line) => line.trim()).length;
}

/** How many times maild logged a successful IMAP login of `address` (its `"msg":"IMAP login"` lines). */
export function imapLogins(maildOutput: string, address: string): number {
  return maildOutput.split('\n').filter((line) => line.includes('"msg":"IMAP login"') && line.includes(`"user":"${address}"`)).length;
}

/** Polls `check` every 100 ms until it holds; throws with `what` after `timeoutMs`. Returns the ms it took. */
export async function eventually(what: string, check: () => boolean | Promise<boolean>, timeoutMs = 10_000): Promise<number> {
  const started = Date.now();
  for (;;) {
    if (await check()) return Date.now() - started;
    if (Date.now() - started > timeoutMs) throw new Error(`not within ${timeoutMs} ms: ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
