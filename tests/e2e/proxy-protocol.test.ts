// maild behind a load balancer / TLS terminator (docs/scaling.md): real
// HAProxy from Debian in front of the IMAP, POP3 and submission ports,
// sending PROXY headers; Python's imaplib and poplib and swaks as the
// clients. Also the rules
// around it: only trusted peers may send a header, they must send one, and
// the address in it is the client's for every decision (here: the loopback
// exception for plaintext logins).
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { promisify } from 'node:util';
import { ImapTestClient } from '@kontor/imap-server/testing';
import { type Haproxy, startHaproxy } from './lib/haproxy.ts';
import { type ImapEnvironment, PASSWORD, startImapEnvironment, textMessage } from './lib/imap-env.ts';
import { rawSession } from './lib/smtp-session.ts';

const run = promisify(execFile);
let env: ImapEnvironment;
let edge: Haproxy;
let ports: { imapTerminated: number; imapsPassThrough: number; pop3Terminated: number; imapPlainV2: number; smtpsPassThrough: number };

before(async () => {
  env = await startImapEnvironment([{ localPart: 'info' }], {
    // 127.0.0.1 is the proxy; tests that play an ordinary client connect from 127.0.0.2.
    env: { PROXY_PROTOCOL_TRUSTED: '127.0.0.1', ALLOW_PLAINTEXT_AUTH_LOOPBACK: 'true' },
    smtpFrom: '127.0.0.2',
  });
  await env.deliver(env.address('info'), textMessage('through the edge', { body: 'Read through HAProxy.\r\n' }));
  const { imap, imaps, pop3, smtps } = env.maild.ports;
  edge = await startHaproxy(
    [
      { backendPort: imap, terminateTls: true },
      { backendPort: imaps, terminateTls: false, proxyV1: true },
      { backendPort: pop3, terminateTls: true },
      { backendPort: imap, terminateTls: false },
      { backendPort: smtps, terminateTls: false },
    ],
    { certificate: env.certificateFile, key: path.join(env.maild.dataDir, 'tls', 'selfsigned-key.pem') },
  );
  const [imapTerminated, imapsPassThrough, pop3Terminated, imapPlainV2, smtpsPassThrough] = edge.ports as [number, number, number, number, number];
  ports = { imapTerminated, imapsPassThrough, pop3Terminated, imapPlainV2, smtpsPassThrough };
});

after(async () => {
  await edge?.stop();
  await env?.stop();
});

async function python(script: string): Promise<string> {
  const { stdout } = await run('/usr/bin/python3', ['-c', script], { timeout: 60_000 });
  return stdout;
}

const pythonTls = `import ssl
ctx = ssl.create_default_context(); ctx.check_hostname = False; ctx.verify_mode = ssl.CERT_NONE
`;

describe('IMAP behind HAProxy', () => {
  it('treats a session whose TLS HAProxy terminated as secure: no STARTTLS, LOGIN allowed', async () => {
    const out = await python(`${pythonTls}import imaplib
M = imaplib.IMAP4_SSL('127.0.0.1', ${ports.imapTerminated}, ssl_context=ctx)
caps = M.capabilities
assert 'STARTTLS' not in caps and 'LOGINDISABLED' not in caps, caps
typ, data = M.login(${JSON.stringify(env.address('info'))}, ${JSON.stringify(PASSWORD)}); assert typ == 'OK', data
typ, data = M.select('INBOX'); assert typ == 'OK', data
typ, data = M.search(None, 'SUBJECT', '"through the edge"'); assert typ == 'OK' and data[0], data
typ, data = M.fetch(data[0].split()[0], '(BODY.PEEK[TEXT])'); assert b'Read through HAProxy.' in data[0][1], data
M.logout(); print('ok')
`);
    assert.equal(out.trim(), 'ok');
  });

  it('does the TLS handshake itself after a PROXY v1 header on the implicit-TLS port (pass-through)', async () => {
    const out = await python(`${pythonTls}import imaplib
M = imaplib.IMAP4_SSL('127.0.0.1', ${ports.imapsPassThrough}, ssl_context=ctx)
typ, data = M.login(${JSON.stringify(env.address('info'))}, ${JSON.stringify(PASSWORD)}); assert typ == 'OK', data
typ, data = M.status('INBOX', '(MESSAGES)'); assert typ == 'OK' and b'MESSAGES 1' in data[0], data
M.logout(); print('ok')
`);
    assert.equal(out.trim(), 'ok');
  });

  it('keeps a plain PROXY v2 session plain: STARTTLS offered, then TLS inside the proxied connection', async () => {
    const out = await python(`${pythonTls}import imaplib
M = imaplib.IMAP4('127.0.0.1', ${ports.imapPlainV2})
assert 'STARTTLS' in M.capabilities, M.capabilities
M.starttls(ssl_context=ctx)
typ, data = M.login(${JSON.stringify(env.address('info'))}, ${JSON.stringify(PASSWORD)}); assert typ == 'OK', data
M.logout(); print('ok')
`);
    assert.equal(out.trim(), 'ok');
  });
});

describe('POP3 behind HAProxy', () => {
  it('logs in over TLS terminated at the edge, without STLS', async () => {
    const out = await python(`${pythonTls}import poplib
P = poplib.POP3_SSL('127.0.0.1', ${ports.pop3Terminated}, context=ctx)
caps = P.capa()
assert 'STLS' not in caps and 'USER' in caps, caps
P.user(${JSON.stringify(env.address('info'))}); P.pass_(${JSON.stringify(PASSWORD)})
count, size = P.stat(); assert count == 1, count
assert any(b'Read through HAProxy.' in line for line in P.retr(1)[1])
P.quit(); print('ok')
`);
    assert.equal(out.trim(), 'ok');
  });
});

describe('SMTP behind a proxy', () => {
  /** The newest message in INBOX with this subject, headers only, read as an ordinary client. */
  async function headerOf(subject: string): Promise<string> {
    // Implicit TLS: 127.0.0.2 is not loopback for ALLOW_PLAINTEXT_AUTH_LOOPBACK (only 127.0.0.1 and ::1 are).
    const client = await ImapTestClient.connect({ port: env.maild.ports.imaps, tls: true, localAddress: '127.0.0.2' });
    await client.greeting();
    await client.command(`LOGIN ${env.address('info')} "${PASSWORD}"`);
    await client.command('SELECT INBOX');
    const found = await client.command(`UID SEARCH SUBJECT "${subject}"`);
    const uid = /\* SEARCH ([\d ]+)/.exec(found.untagged.join('\n'))?.[1]?.trim().split(' ').pop();
    assert.ok(uid, `no message "${subject}"`);
    const fetched = await client.command(`UID FETCH ${uid} (BODY.PEEK[HEADER])`);
    await client.logout();
    return fetched.untagged.join('\n');
  }

  it('takes the MX client from the PROXY header: the Received header names it', async () => {
    const replies = await rawSession(
      env.maild.ports.smtp,
      [
        'EHLO relay.sender.test\r\n',
        'MAIL FROM:<someone@sender.test>\r\n',
        `RCPT TO:<${env.address('info')}>\r\n`,
        'DATA\r\n',
        'Subject: proxied mx\r\n\r\nhello\r\n.\r\n',
        'QUIT\r\n',
      ],
      { preamble: 'PROXY TCP4 203.0.113.7 127.0.0.1 40000 25\r\n' },
    );
    assert.match(replies[4]!, /^250 /, replies.join(' | '));
    assert.match(await headerOf('proxied mx'), /Received: from relay\.sender\.test \([^)]*203\.0\.113\.7/);
  });

  it('submits through HAProxy to the implicit-TLS port (swaks, TLS by maild after a v2 header)', async () => {
    const { stdout } = await run('swaks', [
      '--server',
      `127.0.0.1:${ports.smtpsPassThrough}`,
      '--tlsc',
      '--helo',
      'laptop.example',
      '--timeout',
      '20',
      '--auth',
      'PLAIN',
      '--auth-user',
      env.address('info'),
      '--auth-password',
      PASSWORD,
      '--from',
      env.address('info'),
      '--to',
      env.address('info'),
      '--header',
      'Subject: proxied submission',
    ]);
    assert.match(stdout, /<~ {2}250 .*queued|<~ {2}250 /);
    assert.match(await headerOf('proxied submission'), /Subject: proxied submission/);
  });
});

describe('PROXY header rules', () => {
  async function proxied(header: string, options: { localAddress?: string } = {}): Promise<ImapTestClient> {
    const client = await ImapTestClient.connect({ port: env.maild.ports.imap, ...options });
    client.write(header);
    return client;
  }

  it('takes the address in the header as the client: a remote client gets no loopback exception', async () => {
    const remote = await proxied('PROXY TCP4 203.0.113.9 127.0.0.1 40000 143\r\n');
    assert.match(await remote.greeting(), /^\* OK/);
    const refused = await remote.command(`LOGIN ${env.address('info')} "${PASSWORD}"`);
    assert.match(refused.tagged, /^a1 NO \[PRIVACYREQUIRED\]/);
    remote.close();

    const local = await proxied('PROXY TCP4 127.0.0.1 127.0.0.1 40001 143\r\n');
    await local.greeting();
    assert.equal((await local.command(`LOGIN ${env.address('info')} "${PASSWORD}"`)).status, 'OK');
    await local.logout();
  });

  it("closes a trusted peer's connection that does not start with a header, without a greeting", async () => {
    const client = await proxied('a1 CAPABILITY\r\n');
    await assert.rejects(client.greeting(), /closed|timed out/i);
    assert.ok(client.closed);
    await env.maild.waitForLog(/trusted proxy sent no valid PROXY header/);
  });

  it('ignores PROXY from an untrusted peer: it is just a bad command there', async () => {
    const client = await ImapTestClient.connect({ port: env.maild.ports.imap, localAddress: '127.0.0.2' });
    assert.match(await client.greeting(), /^\* OK/);
    const result = await client.command('CAPABILITY');
    assert.equal(result.status, 'OK');
    client.write('PROXY TCP4 203.0.113.9 127.0.0.1 40000 143\r\n');
    await client.waitFor((line) => line.startsWith('PROXY BAD') || line.startsWith('* BAD'));
    assert.equal((await client.command('NOOP')).status, 'OK');
    await client.logout();
  });
});
