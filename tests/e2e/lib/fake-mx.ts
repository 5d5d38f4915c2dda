// A remote mail server for tests: smtp-server on 127.0.0.1 with STARTTLS
// (self-signed), recording what it accepts. Per-recipient answers, a held
// DATA reply and required AUTH (a smarthost) are configurable.
import { generate } from 'selfsigned';
import { SMTPServer, type SMTPServerSession } from 'smtp-server';
import { freePort } from './ports.ts';

export interface ReceivedMessage {
  mailFrom: string;
  rcptTo: string[];
  raw: string;
  secure: boolean;
  user?: string;
  helo: string;
}

/** An SMTP answer: `{ code: 550, message: '5.1.1 No such user' }`. */
export interface FakeReply {
  code: number;
  message: string;
}

export interface FakeMxOptions {
  port?: number;
  /** Require AUTH with these credentials (a smarthost). */
  auth?: { user: string; pass: string };
  /** Answer for a recipient at RCPT; undefined accepts it. Called once per RCPT command. */
  onRcpt?: (rcpt: string, attempt: number) => FakeReply | undefined;
  /**
   * Resolve to release the DATA answer; the message counts only if the client is still there.
   * Resolving to a reply answers DATA with it instead (a slow server that then defers or refuses).
   */
  holdData?: (message: ReceivedMessage) => Promise<FakeReply | undefined> | undefined;
}

export interface FakeMx {
  port: number;
  messages: ReceivedMessage[];
  /** RCPT commands seen per recipient (lower case). */
  rcptAttempts: Map<string, number>;
  /** Client connections open now. */
  openConnections(): number;
  /** Resolves with the first message matching, or rejects after timeoutMs. */
  waitFor(predicate: (m: ReceivedMessage) => boolean, timeoutMs?: number): Promise<ReceivedMessage>;
  close(): Promise<void>;
}

let certificate: Promise<{ private: string; cert: string }> | undefined;

export async function startFakeMx(options: FakeMxOptions = {}): Promise<FakeMx> {
  certificate ??= generate([{ name: 'commonName', value: 'mx.remote.test' }], { keySize: 2048, algorithm: 'sha256' }) as Promise<{
    private: string;
    cert: string;
  }>;
  const pems = await certificate;
  const port = options.port ?? (await freePort());
  const messages: ReceivedMessage[] = [];
  const rcptAttempts = new Map<string, number>();
  const closed = new WeakSet<SMTPServerSession>();
  let open = 0;
  const waiters: Array<() => void> = [];
  const server = new SMTPServer({
    name: 'mx.remote.test',
    key: pems.private,
    cert: pems.cert,
    authOptional: !options.auth,
    authMethods: ['PLAIN', 'LOGIN'],
    disabledCommands: options.auth ? [] : ['AUTH'],
    logger: false,
    disableReverseLookup: true,
    size: 50 * 1024 * 1024,
    onAuth(auth, _session, callback) {
      if (auth.username === options.auth?.user && auth.password === options.auth?.pass) return callback(null, { user: auth.username });
      callback(Object.assign(new Error('5.7.8 Bad credentials'), { responseCode: 535 }));
    },
    onRcptTo(address, _session, callback) {
      const rcpt = address.address.toLowerCase();
      const attempt = (rcptAttempts.get(rcpt) ?? 0) + 1;
      rcptAttempts.set(rcpt, attempt);
      const reply = options.onRcpt?.(rcpt, attempt);
      if (reply) return callback(Object.assign(new Error(reply.message), { responseCode: reply.code }));
      callback();
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', async () => {
        const message: ReceivedMessage = {
          mailFrom: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
          rcptTo: session.envelope.rcptTo.map((r) => r.address),
          raw: Buffer.concat(chunks).toString('utf8'),
          secure: session.secure,
          user: typeof session.user === 'string' ? session.user : undefined,
          helo: session.hostNameAppearsAs,
        };
        const hold = options.holdData?.(message);
        const reply = hold ? await hold : undefined;
        if (closed.has(session)) return callback(new Error('client gone'));
        if (reply) return callback(Object.assign(new Error(reply.message), { responseCode: reply.code }));
        messages.push(message);
        for (const wake of waiters.splice(0)) wake();
        callback(null, '2.0.0 Ok: queued');
      });
    },
    onConnect(_session, callback) {
      open++;
      callback();
    },
    onClose(session) {
      if (!closed.has(session)) open--;
      closed.add(session);
    },
  });
  server.on('error', () => undefined);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve());
  });
  return {
    port,
    messages,
    rcptAttempts,
    openConnections: () => open,
    async waitFor(predicate, timeoutMs = 15_000) {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const found = messages.find(predicate);
        if (found) return found;
        const left = deadline - Date.now();
        if (left <= 0) throw new Error(`fake MX: no matching message within ${timeoutMs} ms (got ${messages.length})`);
        await new Promise<void>((resolve) => {
          const timer = setTimeout(resolve, Math.min(left, 200));
          waiters.push(() => {
            clearTimeout(timer);
            resolve();
          });
        });
      }
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
