/**
 * An in-process IMAP server over MemoryStorage on a free port, for the
 * package's tests: plain (STARTTLS) and implicit-TLS listeners, a user
 * `alice@example.test` / `secret`, and helpers to log in.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import tls from 'node:tls';
import { createImapServer, type ImapServer, type ImapServerOptions } from '../server/imap-server.ts';
import { ImapTestClient } from './imap-test-client.ts';
import { MemoryStorage, MemoryThrottle } from './memory-storage.ts';

export const USER = 'alice@example.test';
export const PASSWORD = 'secret';

let certificate: { key: Buffer; cert: Buffer } | undefined;

/** A throw-away self-signed certificate for localhost (openssl, made once per process). */
export function testCertificate(): { key: Buffer; cert: Buffer } {
  if (certificate) return certificate;
  const dir = mkdtempSync(path.join(tmpdir(), 'imap-cert-'));
  try {
    execFileSync(
      'openssl',
      [
        'req',
        '-x509',
        '-newkey',
        'rsa:2048',
        '-nodes',
        '-days',
        '2',
        '-subj',
        '/CN=localhost',
        '-addext',
        'subjectAltName=DNS:localhost,IP:127.0.0.1',
        '-keyout',
        path.join(dir, 'key.pem'),
        '-out',
        path.join(dir, 'cert.pem'),
      ],
      { stdio: 'ignore' },
    );
    certificate = { key: readFileSync(path.join(dir, 'key.pem')), cert: readFileSync(path.join(dir, 'cert.pem')) };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  return certificate;
}

export interface TestServer {
  storage: MemoryStorage;
  throttle: MemoryThrottle;
  imap: ImapServer;
  port: number;
  tlsPort: number;
  connect(options?: { tls?: boolean; localAddress?: string }): Promise<ImapTestClient>;
  /** A client logged in as USER over loopback plaintext (allowed in tests by default). */
  login(): Promise<ImapTestClient>;
  /** Logged in and INBOX selected. */
  selectInbox(): Promise<ImapTestClient>;
  close(): Promise<void>;
}

export async function startTestServer(options: Partial<ImapServerOptions> & { withTls?: boolean } = {}): Promise<TestServer> {
  const storage = (options.storage as MemoryStorage | undefined) ?? new MemoryStorage();
  if (!options.storage) storage.addUser(USER, PASSWORD);
  const throttle = new MemoryThrottle();
  const cert = options.withTls === false ? undefined : testCertificate();
  const imap = createImapServer({
    storage,
    auth: storage.authenticator(),
    throttle,
    allowPlaintextLoopback: true,
    hostname: 'imap.test',
    ...(cert ? { tls: cert } : {}),
    ...options,
  });
  const plain = net.createServer((socket) => imap.handle(socket, { secure: false }));
  const secure = cert ? tls.createServer(cert, (socket) => imap.handle(socket, { secure: true })) : undefined;
  const listen = (server: net.Server) =>
    new Promise<number>((resolve) => server.listen(0, '127.0.0.1', () => resolve((server.address() as net.AddressInfo).port)));
  const port = await listen(plain);
  const tlsPort = secure ? await listen(secure) : 0;
  const clients: ImapTestClient[] = [];

  const server: TestServer = {
    storage,
    throttle,
    imap,
    port,
    tlsPort,
    async connect(connectOptions = {}) {
      const client = await ImapTestClient.connect({
        port: connectOptions.tls ? tlsPort : port,
        tls: connectOptions.tls ?? false,
        ...(connectOptions.localAddress ? { localAddress: connectOptions.localAddress } : {}),
      });
      clients.push(client);
      await client.greeting();
      return client;
    },
    async login() {
      const client = await server.connect();
      const result = await client.command(`LOGIN ${USER} ${PASSWORD}`);
      if (result.status !== 'OK') throw new Error(`login failed: ${result.tagged}`);
      return client;
    },
    async selectInbox() {
      const client = await server.login();
      const result = await client.command('SELECT INBOX');
      if (result.status !== 'OK') throw new Error(`select failed: ${result.tagged}`);
      return client;
    },
    async close() {
      for (const client of clients) client.close();
      await imap.close({ timeoutMs: 500 });
      await Promise.all([new Promise((r) => plain.close(r)), secure ? new Promise((r) => secure.close(r)) : undefined]);
    },
  };
  return server;
}

/** A CRLF message with the given headers and body. */
export function message(subject: string, options: { from?: string; to?: string; body?: string; date?: string; extra?: string } = {}): string {
  const {
    from = 'Bob Sender <bob@example.org>',
    to = 'Alice <alice@example.test>',
    body = 'Hello Alice,\r\nthis is a test.\r\n',
    date = 'Mon, 7 Feb 1994 21:52:25 -0800',
    extra = '',
  } = options;
  return `Date: ${date}\r\nFrom: ${from}\r\nTo: ${to}\r\nSubject: ${subject}\r\nMessage-ID: <${subject.replace(/\W/g, '')}@example.org>\r\n${extra}\r\n${body}`;
}
