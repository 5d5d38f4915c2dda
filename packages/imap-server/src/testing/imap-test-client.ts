/**
 * A small raw IMAP client for tests: sends exactly what a test writes and
 * collects the server's responses as text (a literal is kept inline, so
 * `* 1 FETCH (BODY[] {5}\r\nhello)` is one response). Used by the
 * package's session tests and by tests/e2e.
 */
import net from 'node:net';
import tls from 'node:tls';

export interface TaggedResult {
  tag: string;
  /** The tagged line, e.g. `a1 OK [READ-WRITE] SELECT completed`. */
  tagged: string;
  /** `OK`, `NO` or `BAD`. */
  status: string;
  /** Untagged and continuation responses received while the command ran. */
  untagged: string[];
}

export interface ConnectOptions {
  port: number;
  host?: string;
  /** Implicit TLS (certificate not checked). */
  tls?: boolean;
  /** Local address to connect from (e.g. 127.0.0.7 to be another client IP). */
  localAddress?: string;
  servername?: string;
}

export class ImapTestClient {
  private buffer = Buffer.alloc(0);
  private readonly responses: string[] = [];
  private waiters: Array<() => void> = [];
  private counter = 0;
  closed = false;

  private constructor(private socket: net.Socket | tls.TLSSocket) {
    this.listen(socket);
  }

  static async connect(options: ConnectOptions): Promise<ImapTestClient> {
    const host = options.host ?? '127.0.0.1';
    const socket = await new Promise<net.Socket | tls.TLSSocket>((resolve, reject) => {
      const base = { port: options.port, host, ...(options.localAddress ? { localAddress: options.localAddress } : {}) };
      const s = options.tls
        ? tls.connect({ ...base, rejectUnauthorized: false, servername: options.servername ?? 'localhost' }, () => resolve(s))
        : net.connect(base, () => resolve(s));
      s.once('error', reject);
    });
    return new ImapTestClient(socket);
  }

  private listen(socket: net.Socket | tls.TLSSocket): void {
    socket.on('data', (chunk: Buffer) => {
      this.buffer = Buffer.concat([this.buffer, chunk]);
      this.parse();
    });
    socket.on('close', () => {
      this.closed = true;
      this.notify();
    });
    socket.on('error', () => {});
  }

  private parse(): void {
    // A response is a line; a line ending in {n} continues after n octets.
    let start = 0;
    let scan = 0;
    let text = '';
    for (;;) {
      const end = this.buffer.indexOf('\r\n', scan);
      if (end === -1) break;
      const line = this.buffer.toString('utf8', scan, end);
      const literal = /\{(\d+)\+?\}$/.exec(line);
      if (literal) {
        const size = Number(literal[1]);
        if (this.buffer.length < end + 2 + size) break;
        text += `${line}\r\n${this.buffer.toString('utf8', end + 2, end + 2 + size)}`;
        scan = end + 2 + size;
        continue;
      }
      text += line;
      this.responses.push(text);
      text = '';
      scan = end + 2;
      start = scan;
    }
    if (start > 0) this.buffer = this.buffer.subarray(start);
    this.notify();
  }

  private notify(): void {
    const waiters = this.waiters;
    this.waiters = [];
    for (const waiter of waiters) waiter();
  }

  /** Everything received and not yet taken. */
  get pending(): readonly string[] {
    return this.responses;
  }

  /** Waits for a response matching `test`; returns it and removes it and everything before it. */
  async waitFor(test: RegExp | ((line: string) => boolean), timeoutMs = 5000): Promise<{ line: string; before: string[] }> {
    const match = typeof test === 'function' ? test : (line: string) => test.test(line);
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const index = this.responses.findIndex(match);
      if (index >= 0) {
        const taken = this.responses.splice(0, index + 1);
        return { line: taken[index]!, before: taken.slice(0, index) };
      }
      if (this.closed) throw new Error(`connection closed while waiting for ${String(test)}; got ${JSON.stringify(this.responses)}`);
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`timed out waiting for ${String(test)}; got ${JSON.stringify(this.responses)}`);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, left);
        this.waiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
  }

  /** The greeting. */
  greeting(): Promise<string> {
    return this.waitFor(/^\* /).then((r) => r.line);
  }

  write(data: string | Buffer): void {
    this.socket.write(data);
  }

  nextTag(): string {
    this.counter += 1;
    return `a${this.counter}`;
  }

  /** Sends `TAG text\r\n` and waits for the tagged reply. */
  async command(text: string, timeoutMs = 10_000): Promise<TaggedResult> {
    const tag = this.nextTag();
    this.write(`${tag} ${text}\r\n`);
    return this.result(tag, timeoutMs);
  }

  /** Waits for the tagged reply of `tag`. */
  async result(tag: string, timeoutMs = 10_000): Promise<TaggedResult> {
    const { line, before } = await this.waitFor((l) => l.startsWith(`${tag} `), timeoutMs);
    return { tag, tagged: line, status: line.split(' ')[1] ?? '', untagged: before };
  }

  /** STARTTLS on this connection (after a tagged OK). */
  async startTls(): Promise<TaggedResult> {
    const result = await this.command('STARTTLS');
    if (result.status === 'OK') await this.upgradeTls();
    return result;
  }

  /** Starts TLS on the socket now (for tests that send STARTTLS themselves). */
  async upgradeTls(): Promise<void> {
    const plain = this.socket;
    plain.removeAllListeners('data');
    const secured = await new Promise<tls.TLSSocket>((resolve, reject) => {
      const s = tls.connect({ socket: plain, rejectUnauthorized: false, servername: 'localhost' }, () => resolve(s));
      s.once('error', reject);
    });
    this.socket = secured;
    this.listen(secured);
  }

  async logout(): Promise<void> {
    if (this.closed) return;
    await this.command('LOGOUT').catch(() => undefined);
    this.close();
  }

  close(): void {
    this.socket.destroy();
  }
}
