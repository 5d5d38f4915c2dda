// PostgreSQL away is a temporary failure, said as such: maild reaches its
// database through a TCP proxy of the test, which the test closes (every
// connection cut, new ones refused) and opens again. Real clients:
// Python imaplib gets `NO [UNAVAILABLE]` (RFC 5530 §3), poplib
// `-ERR [SYS/TEMP]` (RFC 3206 §4), smtplib a 451 reply; all work again once
// the database is back.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import net from 'node:net';
import { after, before, describe, it } from 'node:test';
import { CLI_ACTOR, createDomain, createMailbox } from '@kontor/db';
import { createTestDatabase, type TestDatabase } from '@kontor/db/testing';
import { type MaildProcess, startMaild } from './lib/maild.ts';
import { PYTHON } from './lib/pop3.ts';
import { freePort } from './lib/ports.ts';

const PASSWORD = 'correct horse battery';
const USER = 'info@pg-outage.example';

/** A TCP proxy to PostgreSQL that the test can cut and restore. */
class DatabaseProxy {
  private server: net.Server | undefined;
  private readonly sockets = new Set<net.Socket>();

  constructor(
    readonly port: number,
    private readonly target: { host: string; port: number },
  ) {}

  async open(): Promise<void> {
    const server = net.createServer((client) => {
      const upstream = net.connect(this.target.port, this.target.host);
      for (const socket of [client, upstream]) {
        this.sockets.add(socket);
        socket.on('close', () => this.sockets.delete(socket));
        socket.on('error', () => {});
      }
      client.pipe(upstream).pipe(client);
      client.on('close', () => upstream.destroy());
      upstream.on('close', () => client.destroy());
    });
    await new Promise<void>((resolve) => server.listen(this.port, '127.0.0.1', resolve));
    this.server = server;
  }

  /** Cuts every connection and refuses new ones (ECONNREFUSED). */
  async cut(): Promise<void> {
    const server = this.server;
    this.server = undefined;
    const closed = new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
    for (const socket of this.sockets) socket.destroy();
    await closed;
  }
}

let t: TestDatabase;
let proxy: DatabaseProxy;
let maild: MaildProcess;

before(async () => {
  t = await createTestDatabase();
  const domain = await createDomain(t.db, CLI_ACTOR, { name: 'pg-outage.example' });
  await createMailbox(t.db, CLI_ACTOR, { domainId: domain.id, localPart: 'info', password: PASSWORD, quota: '10M' });
  const direct = new URL(t.url);
  proxy = new DatabaseProxy(await freePort(), { host: direct.hostname, port: Number(direct.port || 5432) });
  await proxy.open();
  const viaProxy = new URL(t.url);
  viaProxy.hostname = '127.0.0.1';
  viaProxy.port = String(proxy.port);
  maild = await startMaild({ databaseUrl: viaProxy.toString(), env: { SMTP_CONNECTIONS_PER_MINUTE: '0' } });
});

after(async () => {
  await maild?.stop({ cleanup: true });
  await proxy?.cut();
  await t?.drop();
});

interface Answers {
  imapLogin: string;
  imapSelected: string;
  pop3: string;
  smtp: string;
}

/**
 * One IMAP session logged in first (the database still up), then
 * `cutBetween`, then: a fresh IMAP LOGIN, a command in the open session,
 * POP3 USER/PASS and an SMTP RCPT TO; the answers as the clients saw them.
 */
async function clientsAnswer(cutBetween: () => Promise<void>): Promise<Answers> {
  const script = `
import imaplib, json, poplib, smtplib, ssl, sys
ctx = ssl.create_default_context(); ctx.check_hostname = False; ctx.verify_mode = ssl.CERT_NONE
out = {}
held = imaplib.IMAP4_SSL('127.0.0.1', ${maild.ports.imaps}, ssl_context=ctx, timeout=30)
held.login(${JSON.stringify(USER)}, ${JSON.stringify(PASSWORD)})
print('logged-in', flush=True)
sys.stdin.readline()  # the test changes the database's state here
typ, data = held.select('INBOX')
out['imapSelected'] = typ + ' ' + data[0].decode()
held.logout()
m = imaplib.IMAP4_SSL('127.0.0.1', ${maild.ports.imaps}, ssl_context=ctx, timeout=30)
try:
    typ, data = m.login(${JSON.stringify(USER)}, ${JSON.stringify(PASSWORD)})
    out['imapLogin'] = typ + ' ' + data[0].decode()
except imaplib.IMAP4.error as e:
    out['imapLogin'] = 'NO ' + str(e)
m.logout()
p = poplib.POP3_SSL('127.0.0.1', ${maild.ports.pop3s}, context=ctx, timeout=30)
p.user(${JSON.stringify(USER)})
try:
    out['pop3'] = p.pass_(${JSON.stringify(PASSWORD)}).decode()
except poplib.error_proto as e:
    out['pop3'] = e.args[0].decode()
p.quit()
s = smtplib.SMTP('127.0.0.1', ${maild.ports.smtp}, timeout=30)
s.ehlo('client.example')
s.mail('sender@elsewhere.example')
code, text = s.rcpt(${JSON.stringify(USER)})
out['smtp'] = '%d %s' % (code, text.decode())
s.quit()
print(json.dumps(out))
`;
  const child = spawn(PYTHON, ['-c', script], { stdio: ['pipe', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
  let loggedIn = false;
  child.stdout.on('data', (chunk: Buffer) => {
    stdout += chunk.toString();
    if (!loggedIn && stdout.includes('logged-in\n')) {
      loggedIn = true;
      void cutBetween().then(() => child.stdin.end('go\n'));
    }
  });
  const code = await exited;
  if (code !== 0) throw new Error(`python exited ${code}:\n${stderr}\n${stdout}`);
  return JSON.parse(stdout.trim().split('\n').at(-1)!) as Answers;
}

describe('maild while PostgreSQL is unreachable', () => {
  it('answers IMAP NO [UNAVAILABLE], POP3 -ERR [SYS/TEMP] and SMTP 451 (RFC 5530, RFC 3206)', async () => {
    const answers = await clientsAnswer(() => proxy.cut());
    assert.match(answers.imapSelected, /^NO \[UNAVAILABLE\] /);
    assert.match(answers.imapLogin, /^NO .*\[UNAVAILABLE\] /);
    assert.match(answers.pop3, /^-ERR \[SYS\/TEMP\] /);
    assert.match(answers.smtp, /^451 /);
    assert.doesNotMatch(JSON.stringify(answers), /SERVERBUG/);
  });

  it('answers normally again once the database is back', async () => {
    await proxy.open();
    const answers = await clientsAnswer(async () => {});
    assert.match(answers.imapSelected, /^OK /);
    assert.match(answers.imapLogin, /^OK /);
    assert.match(answers.pop3, /^\+OK /);
    assert.match(answers.smtp, /^250 /);
  });
});
