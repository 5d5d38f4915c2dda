// AUTHORIZATION state over real sockets, against the in-memory storage:
// greeting, CAPA, STLS, USER/PASS, AUTH, the lock and every refusal.
import assert from 'node:assert/strict';
import { after, afterEach, before, describe, it } from 'node:test';
import { eventually, message, startTestServer, TestClient, type TestServer } from '../test-support.ts';

const b64 = (text: string) => Buffer.from(text).toString('base64');
const clients: TestClient[] = [];

async function connect(port: number, tls = false): Promise<TestClient> {
  const client = await TestClient.connect(port, { tls });
  clients.push(client);
  assert.equal(await client.line(), '+OK pop.test Kontor POP3 server ready');
  return client;
}

async function capa(client: TestClient): Promise<string[]> {
  assert.equal(await client.command('CAPA'), '+OK Capability list follows');
  return client.body();
}

let ts: TestServer;

before(async () => {
  ts = await startTestServer();
  const anna = ts.directory.add('anna@example.test', 'correct horse');
  anna.add(message('one'));
  anna.add(message('two'));
  ts.directory.add('ben@example.test', 'battery staple');
});

afterEach(() => {
  for (const client of clients.splice(0)) client.destroy();
  ts.guard.blockedMs = 0;
  ts.guard.delayMs = 0;
});

after(() => ts.close());

describe('greeting and CAPA (RFC 2449)', () => {
  it('offers STLS but no USER or SASL before TLS', async () => {
    const client = await connect(ts.port);
    assert.deepEqual(await capa(client), ['TOP', 'UIDL', 'RESP-CODES', 'AUTH-RESP-CODE', 'PIPELINING', 'EXPIRE NEVER', 'STLS', 'IMPLEMENTATION Kontor']);
  });

  it('offers USER and SASL PLAIN LOGIN after STLS, and no STLS', async () => {
    const client = await connect(ts.port);
    assert.equal(await client.starttls(), '+OK Begin TLS negotiation');
    assert.deepEqual(await capa(client), [
      'TOP',
      'UIDL',
      'USER',
      'SASL PLAIN LOGIN',
      'RESP-CODES',
      'AUTH-RESP-CODE',
      'PIPELINING',
      'EXPIRE NEVER',
      'IMPLEMENTATION Kontor',
    ]);
  });

  it('offers USER and SASL on implicit TLS', async () => {
    const client = await connect(ts.tlsPort, true);
    assert.deepEqual(await capa(client), [
      'TOP',
      'UIDL',
      'USER',
      'SASL PLAIN LOGIN',
      'RESP-CODES',
      'AUTH-RESP-CODE',
      'PIPELINING',
      'EXPIRE NEVER',
      'IMPLEMENTATION Kontor',
    ]);
  });

  it('lists neither USER, SASL nor STLS after login', async () => {
    const client = await connect(ts.tlsPort, true);
    assert.match(await client.login('ben@example.test', 'battery staple'), /^\+OK /);
    assert.deepEqual(await capa(client), ['TOP', 'UIDL', 'RESP-CODES', 'AUTH-RESP-CODE', 'PIPELINING', 'EXPIRE NEVER', 'IMPLEMENTATION Kontor']);
    assert.equal(await client.command('QUIT'), '+OK pop.test POP3 server signing off (0 messages left)');
  });
});

describe('credentials only under TLS (RFC 2595)', () => {
  it('refuses USER, PASS and AUTH in the clear with [AUTH], and the session goes on', async () => {
    const client = await connect(ts.port);
    const checked = ts.directory.logins.length;
    const refusal = '-ERR [AUTH] Plaintext authentication is not allowed without TLS: use STLS first';
    assert.equal(await client.command('USER anna@example.test'), refusal);
    assert.equal(await client.command('PASS correct horse'), refusal);
    assert.equal(await client.command(`AUTH PLAIN ${b64('\0anna@example.test\0correct horse')}`), refusal);
    assert.equal(await client.command('AUTH'), refusal);
    assert.equal(ts.directory.logins.length, checked, 'no password was checked');
    assert.equal(await client.starttls(), '+OK Begin TLS negotiation');
    assert.match(await client.login('anna@example.test', 'correct horse'), /^\+OK anna@example.test has 2 messages \(\d+ octets\)$/);
    assert.deepEqual(ts.directory.logins.at(-1)?.client, { address: '127.0.0.1', secure: true });
    assert.equal(await client.command('QUIT'), '+OK pop.test POP3 server signing off (2 messages left)');
  });

  it('STLS: refused under TLS, after login, and without a certificate', async () => {
    const secure = await connect(ts.tlsPort, true);
    assert.equal(await secure.command('STLS'), '-ERR Already using TLS');
    assert.match(await secure.login('ben@example.test', 'battery staple'), /^\+OK /);
    assert.equal(await secure.command('STLS'), '-ERR STLS is only valid before login');
    await secure.command('QUIT');

    const bare = await startTestServer({ tls: undefined });
    try {
      const client = await connect(bare.port);
      assert.deepEqual(await capa(client), ['TOP', 'UIDL', 'RESP-CODES', 'AUTH-RESP-CODE', 'PIPELINING', 'EXPIRE NEVER', 'IMPLEMENTATION Kontor']);
      assert.equal(await client.command('STLS'), '-ERR STLS is not available on this server');
    } finally {
      await bare.close();
    }
  });

  it('drops commands pipelined behind STLS instead of running them under TLS', async () => {
    const client = await connect(ts.port);
    assert.equal(await client.starttls('USER injected@example.test\r\nCAPA\r\n'), '+OK Begin TLS negotiation');
    // Nothing pipelined was answered: the first reply under TLS is NOOP's refusal.
    assert.equal(await client.command('NOOP'), '-ERR NOOP is only valid after login');
    assert.equal(await client.command('PASS correct horse'), '-ERR PASS without USER: send USER first');
  });

  it('accepts plaintext credentials from loopback when allowed (ALLOW_PLAINTEXT_AUTH_LOOPBACK)', async () => {
    const loose = await startTestServer({ allowPlaintextAuthFromLoopback: true });
    try {
      loose.directory.add('anna@example.test', 'pw');
      const client = await connect(loose.port);
      assert.deepEqual(await capa(client), [
        'TOP',
        'UIDL',
        'USER',
        'SASL PLAIN LOGIN',
        'RESP-CODES',
        'AUTH-RESP-CODE',
        'PIPELINING',
        'EXPIRE NEVER',
        'STLS',
        'IMPLEMENTATION Kontor',
      ]);
      assert.equal(await client.login('anna@example.test', 'pw'), '+OK anna@example.test has 0 messages (0 octets)');
      assert.deepEqual(loose.directory.logins[0]?.client, { address: '127.0.0.1', secure: false });
    } finally {
      await loose.close();
    }
  });
});

describe('USER / PASS (RFC 1939 §7)', () => {
  it('logs in and reports the maildrop', async () => {
    const client = await connect(ts.tlsPort, true);
    assert.equal(await client.command('USER anna@example.test'), '+OK Send PASS for anna@example.test');
    assert.match(await client.command('PASS correct horse'), /^\+OK anna@example.test has 2 messages \(\d+ octets\)$/);
    assert.deepEqual(ts.guard.successes.at(-1), 'anna@example.test@127.0.0.1');
    assert.equal(await client.command('QUIT'), '+OK pop.test POP3 server signing off (2 messages left)');
    await client.closed;
  });

  it('PASS needs USER first; a failed PASS forgets the USER', async () => {
    const client = await connect(ts.tlsPort, true);
    assert.equal(await client.command('PASS correct horse'), '-ERR PASS without USER: send USER first');
    assert.equal(await client.login('anna@example.test', 'wrong'), '-ERR [AUTH] Invalid user name or password');
    assert.equal(await client.command('PASS correct horse'), '-ERR PASS without USER: send USER first');
    assert.equal(await client.command('USER'), '-ERR USER: Missing user name');
    assert.equal(await client.command('PASS'), '-ERR PASS: Missing password');
  });

  it('answers a wrong password and an unknown user alike, after the limiter delay', async () => {
    ts.guard.delayMs = 150;
    const client = await connect(ts.tlsPort, true);
    const started = Date.now();
    assert.equal(await client.login('anna@example.test', 'nope'), '-ERR [AUTH] Invalid user name or password');
    assert.ok(Date.now() - started >= 140, 'the reply waited for the delay');
    assert.equal(await client.login('nobody@example.test', 'nope'), '-ERR [AUTH] Invalid user name or password');
    assert.deepEqual(ts.guard.failures.slice(-2), ['anna@example.test@127.0.0.1', 'nobody@example.test@127.0.0.1']);
    // The session lives on and can still log in.
    ts.guard.delayMs = 0;
    assert.match(await client.login('anna@example.test', 'correct horse'), /^\+OK /);
  });

  it('refuses without checking the password while the limiter blocks the address', async () => {
    ts.guard.blockedMs = 29_500;
    const client = await connect(ts.tlsPort, true);
    const checked = ts.directory.logins.length;
    assert.equal(await client.login('anna@example.test', 'correct horse'), '-ERR [SYS/TEMP] Too many failed logins from your address; try again in 30 seconds');
    assert.equal(ts.directory.logins.length, checked);
  });

  it('QUIT before login signs off and closes', async () => {
    const client = await connect(ts.port);
    assert.equal(await client.command('QUIT'), '+OK pop.test POP3 server signing off');
    await client.closed;
  });
});

describe('AUTH (RFC 5034)', () => {
  it('PLAIN with an initial response', async () => {
    const client = await connect(ts.tlsPort, true);
    assert.match(await client.command(`AUTH PLAIN ${b64('\0anna@example.test\0correct horse')}`), /^\+OK anna@example.test has 2 messages/);
  });

  it('PLAIN with the response after an empty challenge; an authzid equal to the user is fine', async () => {
    const client = await connect(ts.tlsPort, true);
    assert.equal(await client.command('AUTH PLAIN'), '+ ');
    assert.match(await client.command(b64('anna@example.test\0anna@example.test\0correct horse')), /^\+OK anna@example.test has 2/);
  });

  it('LOGIN with prompts, and with the user name as initial response', async () => {
    const client = await connect(ts.tlsPort, true);
    assert.equal(await client.command('AUTH LOGIN'), `+ ${b64('Username:')}`);
    assert.equal(await client.command(b64('ben@example.test')), `+ ${b64('Password:')}`);
    assert.equal(await client.command(b64('battery staple')), '+OK ben@example.test has 0 messages (0 octets)');
    await client.command('QUIT');

    const again = await connect(ts.tlsPort, true);
    assert.equal(await again.command(`auth login ${b64('ben@example.test')}`), `+ ${b64('Password:')}`);
    assert.equal(await again.command(b64('battery staple')), '+OK ben@example.test has 0 messages (0 octets)');
  });

  it('refuses bad credentials, bad base64, a foreign authzid, cancels and unknown mechanisms; the session lives on', async () => {
    const client = await connect(ts.tlsPort, true);
    assert.equal(await client.command(`AUTH PLAIN ${b64('\0anna@example.test\0wrong')}`), '-ERR [AUTH] Invalid user name or password');
    assert.equal(await client.command('AUTH PLAIN not*base64'), '-ERR [AUTH] AUTH failed: the response is not valid base64');
    assert.equal(await client.command('AUTH PLAIN ='), '-ERR [AUTH] AUTH failed: PLAIN response must be authzid NUL user NUL password');
    assert.equal(
      await client.command(`AUTH PLAIN ${b64('ben@example.test\0anna@example.test\0correct horse')}`),
      '-ERR [AUTH] AUTH failed: acting as another user is not supported (authorization identity must be empty)',
    );
    assert.equal(await client.command('AUTH PLAIN'), '+ ');
    assert.equal(await client.command('*'), '-ERR AUTH cancelled');
    assert.equal(await client.command('AUTH LOGIN'), `+ ${b64('Username:')}`);
    assert.equal(await client.command(b64('anna@example.test')), `+ ${b64('Password:')}`);
    assert.equal(await client.command('*'), '-ERR AUTH cancelled');
    assert.equal(await client.command('AUTH CRAM-MD5'), '-ERR Unsupported mechanism CRAM-MD5: use PLAIN or LOGIN');
    assert.equal(await client.command('AUTH'), '+OK Supported mechanisms follow');
    assert.deepEqual(await client.body(), ['PLAIN', 'LOGIN']);
    assert.match(await client.command(`AUTH PLAIN ${b64('\0anna@example.test\0correct horse')}`), /^\+OK /);
    assert.equal(await client.command('AUTH PLAIN'), '-ERR AUTH is only valid before login');
  });
});

describe('the maildrop lock (RFC 1939 §8, RFC 2449 [IN-USE])', () => {
  it('refuses a second session with [IN-USE] and frees the maildrop at QUIT', async () => {
    const first = await connect(ts.tlsPort, true);
    assert.match(await first.login('anna@example.test', 'correct horse'), /^\+OK /);
    const second = await connect(ts.tlsPort, true);
    assert.equal(await second.login('anna@example.test', 'correct horse'), '-ERR [IN-USE] Maildrop is in use by another session; try again later');
    // Still in AUTHORIZATION: it may try again once the first is done.
    assert.equal(await first.command('QUIT'), '+OK pop.test POP3 server signing off (2 messages left)');
    assert.match(await second.login('anna@example.test', 'correct horse'), /^\+OK anna@example.test has 2/);
  });

  it('frees the maildrop when the connection drops', async () => {
    const first = await connect(ts.tlsPort, true);
    assert.match(await first.login('anna@example.test', 'correct horse'), /^\+OK /);
    first.destroy();
    await first.closed;
    await eventually(() => ts.locks.held.size === 0);
    const second = await connect(ts.tlsPort, true);
    assert.match(await second.login('anna@example.test', 'correct horse'), /^\+OK anna@example.test has 2/);
  });

  it('[LOGIN-DELAY] when configured: advertised, enforced, and the lock is not kept', async () => {
    const claims = new Set<string>();
    const delayed = await startTestServer({
      loginDelay: { seconds: 900, claim: async (user) => !claims.has(user.username) && Boolean(claims.add(user.username)) },
    });
    try {
      delayed.directory.add('anna@example.test', 'pw');
      const client = await connect(delayed.tlsPort, true);
      assert.ok((await capa(client)).includes('LOGIN-DELAY 900'));
      assert.match(await client.login('anna@example.test', 'pw'), /^\+OK /);
      assert.ok((await capa(client)).includes('LOGIN-DELAY 900'), 'also after login (RFC 2449 §6.5)');
      await client.command('QUIT');
      const again = await connect(delayed.tlsPort, true);
      assert.equal(await again.login('anna@example.test', 'pw'), '-ERR [LOGIN-DELAY] Logged in less than 900 seconds ago; try again later');
      assert.equal(delayed.locks.held.size, 0);
    } finally {
      await delayed.close();
    }
  });

  it('[SYS/PERM] and [SYS/TEMP] when the maildrop cannot be opened; the lock is released', async () => {
    const carl = ts.directory.add('carl@example.test', 'pw');
    const client = await connect(ts.tlsPort, true);
    carl.failMaildrop = 'perm';
    assert.equal(await client.login('carl@example.test', 'pw'), '-ERR [SYS/PERM] This mailbox has no INBOX');
    carl.failMaildrop = 'temp';
    assert.equal(await client.login('carl@example.test', 'pw'), '-ERR [SYS/TEMP] The maildrop cannot be opened now; try again later');
    assert.equal(ts.locks.held.has(carl), false);
    carl.failMaildrop = undefined;
    assert.equal(await client.login('carl@example.test', 'pw'), '+OK carl@example.test has 0 messages (0 octets)');
  });
});
