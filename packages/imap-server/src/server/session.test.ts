import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { PASSWORD, startTestServer, type TestServer, USER } from '../testing/harness.ts';

describe('session: TLS and password rules', () => {
  let server: TestServer;
  before(async () => {
    server = await startTestServer({ allowPlaintextLoopback: false });
  });
  after(() => server.close());

  it('greets with capabilities: STARTTLS and LOGINDISABLED before TLS, no AUTH=', async () => {
    const client = await server.connect();
    const result = await client.command('CAPABILITY');
    const caps = result.untagged[0]!;
    assert.match(caps, /^\* CAPABILITY IMAP4rev1 /);
    assert.match(caps, / STARTTLS/);
    assert.match(caps, / LOGINDISABLED/);
    assert.doesNotMatch(caps, /AUTH=PLAIN/);
    client.close();
  });

  it('refuses LOGIN and AUTHENTICATE before TLS with [PRIVACYREQUIRED]', async () => {
    const client = await server.connect();
    assert.match((await client.command(`LOGIN ${USER} ${PASSWORD}`)).tagged, /^a1 NO \[PRIVACYREQUIRED\]/);
    const plain = Buffer.from(`\0${USER}\0${PASSWORD}`).toString('base64');
    assert.match((await client.command(`AUTHENTICATE PLAIN ${plain}`)).tagged, /^a2 NO \[PRIVACYREQUIRED\]/);
    client.close();
  });

  it('upgrades with STARTTLS, then offers AUTH= and no STARTTLS, and logs in', async () => {
    const client = await server.connect();
    const started = await client.startTls();
    assert.equal(started.status, 'OK');
    const caps = (await client.command('CAPABILITY')).untagged[0]!;
    assert.doesNotMatch(caps, /STARTTLS/);
    assert.doesNotMatch(caps, /LOGINDISABLED/);
    assert.match(caps, /AUTH=PLAIN AUTH=LOGIN/);
    assert.match((await client.command('STARTTLS')).tagged, /BAD STARTTLS is not available/);
    const login = await client.command(`LOGIN ${USER} ${PASSWORD}`);
    assert.match(login.tagged, /OK \[CAPABILITY IMAP4rev1 .*\] alice@example.test logged in/);
    await client.logout();
  });

  it('drops commands pipelined in plaintext after STARTTLS', async () => {
    const client = await server.connect();
    // The injected LOGIN must never run: after TLS the session is still unauthenticated.
    client.write(`s1 STARTTLS\r\ns2 LOGIN ${USER} ${PASSWORD}\r\n`);
    await client.result('s1');
    await client.upgradeTls();
    const after = await client.command('SELECT INBOX');
    assert.match(after.tagged, /BAD SELECT needs authentication first/);
    assert.ok(!client.pending.some((line) => line.startsWith('s2 ')));
    client.close();
  });

  it('accepts implicit TLS with AUTHENTICATE PLAIN (SASL-IR) and LOGIN mechanism', async () => {
    const client = await server.connect({ tls: true });
    const plain = Buffer.from(`\0${USER}\0${PASSWORD}`).toString('base64');
    assert.match((await client.command(`AUTHENTICATE PLAIN ${plain}`)).tagged, /^a1 OK /);
    client.close();

    const other = await server.connect({ tls: true });
    other.write('x AUTHENTICATE LOGIN\r\n');
    assert.equal((await other.waitFor(/^\+ /)).line, `+ ${Buffer.from('Username:').toString('base64')}`);
    other.write(`${Buffer.from(USER).toString('base64')}\r\n`);
    await other.waitFor(/^\+ /);
    other.write(`${Buffer.from(PASSWORD).toString('base64')}\r\n`);
    assert.match((await other.result('x')).tagged, /^x OK /);
    other.close();
  });

  it('asks for the PLAIN response with an empty challenge and honours "*" (cancel)', async () => {
    const client = await server.connect({ tls: true });
    client.write('p AUTHENTICATE PLAIN\r\n');
    await client.waitFor(/^\+ $/);
    client.write('*\r\n');
    assert.match((await client.result('p')).tagged, /^p BAD AUTHENTICATE cancelled/);
    assert.match((await client.command('AUTHENTICATE CRAM-MD5')).tagged, /NO \[CANNOT\] Unsupported authentication mechanism/);
    client.close();
  });
});

describe('session: states, limits and failures', () => {
  let server: TestServer;
  before(async () => {
    server = await startTestServer();
  });
  after(() => server.close());

  it('rejects commands in the wrong state before any handler runs', async () => {
    const client = await server.connect();
    assert.match((await client.command('SELECT INBOX')).tagged, /BAD SELECT needs authentication first/);
    assert.match((await client.command('FETCH 1 FLAGS')).tagged, /BAD FETCH needs authentication first/);
    assert.match((await client.command('NOOP')).tagged, /OK/);
    await client.command(`LOGIN ${USER} ${PASSWORD}`);
    assert.match((await client.command(`LOGIN ${USER} ${PASSWORD}`)).tagged, /BAD LOGIN is not allowed after authentication/);
    assert.match((await client.command('FETCH 1 FLAGS')).tagged, /BAD FETCH needs a selected mailbox/);
    assert.match((await client.command('FROB')).tagged, /BAD Unknown command: FROB/);
    assert.match((await client.command('SELECT')).tagged, /BAD SELECT: Missing mailbox name/);
    await client.command('SELECT INBOX');
    assert.match((await client.command('ENABLE CONDSTORE')).tagged, /BAD ENABLE is not allowed while a mailbox is selected/);
    await client.logout();
  });

  it('refuses the literal of a command that will fail instead of inviting it', async () => {
    const client = await server.connect();
    client.write('a APPEND INBOX {20}\r\n');
    assert.match((await client.result('a')).tagged, /^a BAD APPEND needs authentication first/);
    client.close();
  });

  it('answers garbage with BAD and keeps going; a line past the hard limit ends with BYE', async () => {
    const client = await server.connect();
    client.write('\x00\x01\x02 garbage\r\n');
    await client.waitFor(/BAD/);
    client.write(')))(((\r\n');
    await client.waitFor(/BAD/);
    assert.equal((await client.command('NOOP')).status, 'OK');
    client.write(`x ${'A'.repeat(1_100_000)}`);
    await client.waitFor(/^\* BYE/);
    client.close();
  });

  it('counts failed logins, delays them and then blocks with [AUTHENTICATIONFAILED]', async () => {
    // Over TLS: only 127.0.0.1 and ::1 count as loopback for plaintext logins.
    const client = await server.connect({ tls: true, localAddress: '127.0.0.9' });
    for (let i = 0; i < 3; i++) {
      assert.match((await client.command(`LOGIN ${USER} wrong`)).tagged, /NO \[AUTHENTICATIONFAILED\] Invalid user name or password/);
    }
    const blocked = await client.command(`LOGIN ${USER} ${PASSWORD}`);
    assert.match(blocked.tagged, /NO \[AUTHENTICATIONFAILED\] Too many failed logins; try again in 1 minute/);
    client.close();
    // Another IP is not affected.
    const other = await server.connect({ tls: true, localAddress: '127.0.0.10' });
    assert.equal((await other.command(`LOGIN ${USER} ${PASSWORD}`)).status, 'OK');
    other.close();
  });

  it('turns a storage failure into NO [SERVERBUG] and goes on', async () => {
    const client = await server.login();
    server.storage.failNext = { method: 'listMailboxes', error: new Error('database is down') };
    assert.match((await client.command('LIST "" *')).tagged, /NO \[SERVERBUG\] LIST failed: internal error/);
    assert.equal((await client.command('LIST "" INBOX')).status, 'OK');
    await client.logout();
  });

  it('logs out with BYE then OK and closes', async () => {
    const client = await server.connect();
    const result = await client.command('LOGOUT');
    assert.deepEqual(result.untagged, ['* BYE Logging out']);
    assert.equal(result.status, 'OK');
    await new Promise((r) => setTimeout(r, 50));
    assert.equal(client.closed, true);
  });

  it('ends an idle connection with BYE after the timeout', async () => {
    const quick = await startTestServer({ preAuthTimeoutMs: 100, idleTimeoutMs: 200 });
    const client = await quick.connect();
    await client.waitFor(/^\* BYE Autologout/, 2000);
    await quick.close();
  });

  it('says BYE to every session on close, also in IDLE, and lets go of the watch', async () => {
    const own = await startTestServer();
    const idler = await own.selectInbox();
    idler.write('i IDLE\r\n');
    await idler.waitFor(/^\+ idling/);
    const plain = await own.connect();
    assert.ok(own.storage.watcherCount >= 1);
    await own.imap.close();
    await idler.waitFor(/^\* BYE Server shutting down/);
    await plain.waitFor(/^\* BYE Server shutting down/);
    assert.equal(own.storage.watcherCount, 0);
    assert.equal(own.imap.connections, 0);
    await own.close();
  });
});
