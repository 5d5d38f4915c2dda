// The message trace from what maild really writes: a message received over
// STARTTLS (client address, HELO, TLS, SPF/DKIM/DMARC, folder, an alias's
// forward with its attempts at a greylisting remote MX) and one submitted by
// a signed-in user (client address, user, TLS), each as one journey.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { after, before, describe, it } from 'node:test';
import { promisify } from 'node:util';
import { CLI_ACTOR, createAlias, createDomain, createMailbox, type JourneyStep, messageJourney } from '@kontor/db';
import { createTestDatabase, type TestDatabase } from '@kontor/db/testing';
import { type FakeMx, startFakeMx } from './lib/fake-mx.ts';
import { type MaildProcess, startMaild } from './lib/maild.ts';

const run = promisify(execFile);
const PASSWORD = 'correct horse battery';
process.env.DKIM_ENCRYPTION_KEY ??= 'kontor test dkim key';

const DNS = {
  'MX:remote.test': [{ exchange: 'mx.remote.test', priority: 10 }],
  'A:mx.remote.test': ['127.0.0.1'],
  'TXT:sender.test': [['v=spf1 ip4:127.0.0.1 -all']],
};

let t: TestDatabase;
let maild: MaildProcess;
let mx: FakeMx;

async function swaks(args: string[]): Promise<string> {
  const { stdout, stderr } = await run('swaks', ['--server', '127.0.0.1', '--timeout', '20', '-tls', ...args]);
  return stdout + stderr;
}

const queueIdOf = (out: string) => /queued as ([0-9a-f]+)|accepted as ([0-9a-f]+)/.exec(out)?.slice(1).find(Boolean) ?? '';

async function eventually<T>(read: () => Promise<T>, done: (value: T) => boolean, what: string): Promise<T> {
  const deadline = Date.now() + 20_000;
  for (;;) {
    const value = await read();
    if (done(value)) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}: ${JSON.stringify(value, (_k, v) => (typeof v === 'bigint' ? String(v) : v))}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

const ofType = <T extends JourneyStep['type']>(steps: JourneyStep[], type: T) => steps.filter((s): s is Extract<JourneyStep, { type: T }> => s.type === type);

before(async () => {
  t = await createTestDatabase();
  mx = await startFakeMx({ onRcpt: (_rcpt, attempt) => (attempt <= 1 ? { code: 451, message: '4.7.1 Greylisted, come back later' } : undefined) });
  const domain = await createDomain(t.db, CLI_ACTOR, { name: 'example.com' });
  await createMailbox(t.db, CLI_ACTOR, { domainId: domain.id, localPart: 'info', password: PASSWORD });
  await createAlias(t.db, CLI_ACTOR, { domainId: domain.id, localPart: 'partner', destinations: 'someone@remote.test' });
  maild = await startMaild({
    databaseUrl: t.url,
    dns: DNS,
    env: { MAILD_ROLES: 'smtp,workers', OUTBOUND_PORT: String(mx.port), QUEUE_RETRY_BASE: '200ms', OUTBOUND_CONNECT_TIMEOUT: '2s' },
  });
});

after(async () => {
  await maild?.stop({ cleanup: true });
  await mx?.close();
  await t?.drop();
});

describe('message trace of real deliveries', () => {
  it('shows a received message: client, HELO, TLS, verdicts, folder, the forward and its attempts', async () => {
    const out = await swaks([
      '--port',
      String(maild.ports.smtp),
      '--helo',
      'client.sender.test',
      '--from',
      'alice@sender.test',
      '--to',
      'info@example.com,partner@example.com',
      '--header',
      'Subject: traced',
    ]);
    const queueId = queueIdOf(out);
    assert.ok(queueId, out);
    const journey = await eventually(
      () => messageJourney(t.db, CLI_ACTOR, { by: 'queue', id: queueId }),
      (j) => ofType(j.steps, 'attempt').some((a) => a.result === 'delivered'),
      'the forward to be delivered',
    );
    const [received] = ofType(journey.steps, 'received');
    assert.equal(received?.clientIp, '127.0.0.1');
    assert.equal(received?.helo, 'client.sender.test');
    assert.match(received?.tls?.protocol ?? '', /^TLSv1\.[23]$/);
    assert.ok(received?.tls?.cipher);
    assert.equal(received?.spf, 'pass');
    assert.deepEqual(received?.recipients, ['info@example.com', 'partner@example.com']);
    assert.deepEqual(
      ofType(journey.steps, 'local').map((s) => [s.rcptTo, s.folder]),
      [['info@example.com', 'INBOX']],
    );
    assert.deepEqual(
      ofType(journey.steps, 'forward').map((s) => [s.rcptTo, s.to]),
      [['partner@example.com', ['someone@remote.test']]],
    );
    const attempts = ofType(journey.steps, 'attempt').map((a) => [a.rcptTo, a.attempt, a.result, a.remoteHost, a.reply.slice(0, 9)]);
    assert.deepEqual(attempts, [
      ['someone@remote.test', 1, 'deferred', 'mx.remote.test[127.0.0.1]', '451 4.7.1'],
      ['someone@remote.test', 2, 'delivered', 'mx.remote.test[127.0.0.1]', attempts[1]?.[4]],
    ]);
    assert.match(String(attempts[1]?.[4]), /^2/);
  });

  it('shows a submitted message with the client, the signed-in user and TLS', async () => {
    const out = await swaks([
      '--port',
      String(maild.ports.submission),
      '--helo',
      'laptop.example.com',
      '--auth',
      'PLAIN',
      '--auth-user',
      'info@example.com',
      '--auth-password',
      PASSWORD,
      '--from',
      'info@example.com',
      '--to',
      'info@example.com',
      '--h-From',
      '<info@example.com>',
      '--header',
      'Subject: self',
    ]);
    const queueId = queueIdOf(out);
    assert.ok(queueId, out);
    const journey = await messageJourney(t.db, CLI_ACTOR, { by: 'queue', id: queueId });
    const [submitted] = ofType(journey.steps, 'submitted');
    assert.equal(submitted?.user, 'info@example.com');
    assert.equal(submitted?.clientIp, '127.0.0.1');
    assert.match(submitted?.tls?.protocol ?? '', /^TLSv1\.[23]$/);
    assert.deepEqual(
      ofType(journey.steps, 'local').map((s) => s.rcptTo),
      ['info@example.com'],
    );
    assert.ok(journey.messageId.includes('@'), 'found by its Message-ID too');
    const byMessage = await messageJourney(t.db, CLI_ACTOR, { by: 'message', id: journey.messageId });
    assert.equal(ofType(byMessage.steps, 'submitted').length, 1);
  });
});
