/**
 * Helpers for tests/e2e/pop3*.test.ts: a line-level POP3 session (plain,
 * STLS, implicit TLS) for asserting exact replies, and a runner for the
 * outside clients (Python poplib, curl, fetchmail).
 */
import { execFile, spawn } from 'node:child_process';
import net from 'node:net';
import tls from 'node:tls';

export const PYTHON = '/usr/bin/python3';

/** A raw POP3 session: send lines, read replies exactly as the server wrote them. */
export class Pop3Session {
  private buffer = Buffer.alloc(0);
  private wake: (() => void) | undefined;
  ended = false;
  readonly closed: Promise<void>;
  private markClosed!: () => void;

  private constructor(private socket: net.Socket) {
    this.closed = new Promise((resolve) => (this.markClosed = resolve));
    this.listen(socket);
  }

  /** Connects and reads the greeting. */
  static async open(port: number, options: { tls?: boolean } = {}): Promise<{ session: Pop3Session; greeting: string }> {
    const socket = options.tls ? tls.connect({ port, host: '127.0.0.1', rejectUnauthorized: false }) : net.connect({ port, host: '127.0.0.1' });
    await new Promise<void>((resolve, reject) => {
      socket.once(options.tls ? 'secureConnect' : 'connect', () => resolve());
      socket.once('error', reject);
    });
    const session = new Pop3Session(socket);
    return { session, greeting: await session.line() };
  }

  private listen(socket: net.Socket): void {
    socket.on('data', (chunk: Buffer) => {
      this.buffer = Buffer.concat([this.buffer, chunk]);
      this.wake?.();
    });
    socket.on('close', () => {
      this.ended = true;
      this.markClosed();
      this.wake?.();
    });
    socket.on('error', () => {});
  }

  async line(timeoutMs = 10_000): Promise<string> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const index = this.buffer.indexOf('\r\n');
      if (index !== -1) {
        const line = this.buffer.subarray(0, index).toString('latin1');
        this.buffer = this.buffer.subarray(index + 2);
        return line;
      }
      if (this.ended) throw new Error(`connection closed; pending ${JSON.stringify(this.buffer.toString('latin1'))}`);
      if (Date.now() > deadline) throw new Error(`no reply within ${timeoutMs} ms`);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, 100);
        this.wake = () => {
          clearTimeout(timer);
          resolve();
        };
      });
      this.wake = undefined;
    }
  }

  /** A multi-line body as sent (still byte-stuffed), without the final ".". */
  async body(): Promise<string[]> {
    const lines: string[] = [];
    for (let line = await this.line(); line !== '.'; line = await this.line()) lines.push(line);
    return lines;
  }

  write(data: string | Buffer): void {
    this.socket.write(data);
  }

  async command(line: string): Promise<string> {
    this.write(`${line}\r\n`);
    return this.line();
  }

  async starttls(): Promise<string> {
    const reply = await this.command('STLS');
    if (!reply.startsWith('+OK')) return reply;
    this.socket.removeAllListeners();
    const secure = tls.connect({ socket: this.socket, rejectUnauthorized: false, servername: 'localhost' });
    await new Promise<void>((resolve, reject) => {
      secure.once('secureConnect', () => resolve());
      secure.once('error', reject);
    });
    this.socket = secure;
    this.listen(secure);
    return reply;
  }

  async login(user: string, password: string): Promise<string> {
    const reply = await this.command(`USER ${user}`);
    return reply.startsWith('+OK') ? this.command(`PASS ${password}`) : reply;
  }

  destroy(): void {
    this.socket.destroy();
  }
}

export interface RunResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs a program to its end with optional stdin; never rejects. */
export function run(command: string, args: readonly string[], options: { input?: string; env?: NodeJS.ProcessEnv; timeoutMs?: number } = {}): Promise<RunResult> {
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
