// The outbox (docs/decisions/0004-outbox-and-queue-state.md): a delivery
// and the forward it causes are committed together, so Redis being away
// neither fails the delivery (451 → a retried second copy) nor loses the
// forward. maild runs against a redis-server of this test's own, which the
// test stops (SIGSTOP: connections stay open and nothing answers, the way
// a hung or partitioned Redis behaves) and lets go on again (SIGCONT).
import assert from 'node:assert/strict';
import { type ChildProcess, spawn } from 'node:child_process';
import { after, before, describe, it } from 'node:test';
import { CLI_ACTOR, createAlias, createDomain, createMailbox } from '@kontor/db';
import { createTestDatabase, type TestDatabase } from '@kontor/db/testing';
import { type FakeMx, startFakeMx } from './lib/fake-mx.ts';
import { type MaildProcess, startMaild } from './lib/maild.ts';
import { freePort, waitForPort } from './lib/ports.ts';
import { rawSession } from './lib/smtp-session.ts';

const DNS = {
  'MX:remote.test': [{ exchange: 'mx.remote.test', priority: 10 }],
  'A:mx.remote.test': ['127.0.0.1'],
};

let t: TestDatabase;
let maild: MaildProcess;
let mx: FakeMx;
let redisPort: number;
let redisServer: ChildProcess | undefined;
let annaId: number;

/** A throw-away redis-server (no persistence) on redisPort. */
async function startRedis(): Promise<void> {
  redisServer = spawn('redis-server', ['--port', String(redisPort), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], { stdio: 'ignore' });
  await waitForPort(redisPort);
}

/** Redis stops answering. */
function pauseRedis(): void {
  redisServer?.kill('SIGSTOP');
}

/** Redis answers again (everything sent meanwhile is still in its sockets). */
function resumeRedis(): void {
  redisServer?.kill('SIGCONT');
}

async function stopRedis(): Promise<void> {
  const server = redisServer;
  redisServer = undefined;
  if (!server || server.exitCode !== null) return;
  const exited = new Promise((resolve) => server.once('exit', resolve));
  server.kill('SIGKILL');
  await exited;
}

async function waitFor<T>(what: string, probe: () => Promise<T | undefined | null | false>, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

before(async () => {
  redisPort = await freePort();
  await startRedis();
  t = await createTestDatabase();
  mx = await startFakeMx({});
  const domain = await createDomain(t.db, CLI_ACTOR, { name: 'example.com' });
  annaId = (await createMailbox(t.db, CLI_ACTOR, { domainId: domain.id, localPart: 'anna', password: 'correct horse battery', quota: '20M' })).id;
  await createAlias(t.db, CLI_ACTOR, { domainId: domain.id, localPart: 'team', destinations: 'anna@example.com, partner@remote.test' });
  maild = await startMaild({
    databaseUrl: t.url,
    dns: DNS,
    env: {
      REDIS_URL: `redis://127.0.0.1:${redisPort}`,
      MAILD_ROLES: 'smtp,workers',
      OUTBOUND_PORT: String(mx.port),
      // The per-minute limit lives in Redis; this test is about the delivery, not the limiter.
      SMTP_CONNECTIONS_PER_MINUTE: '0',
      QUEUE_LOCK_TIMEOUT: '2s',
    },
  });
});

after(async () => {
  await maild?.stop({ cleanup: true });
  await stopRedis();
  await mx?.close();
  await t?.drop();
});

describe('delivery while Redis is away', () => {
  it('answers 250 once, files one local copy, and forwards exactly once when Redis is back', async () => {
    pauseRedis();
    const replies = await rawSession(maild.ports.smtp, [
      ...['EHLO client.test', 'MAIL FROM:<alice@sender.test>', 'RCPT TO:<team@example.com>', 'DATA'].map((c) => `${c}\r\n`),
      'From: alice@sender.test\r\nTo: team@example.com\r\nSubject: outbox-check\r\n\r\nWhile Redis sleeps.\r\n.\r\n',
      'QUIT\r\n',
    ]);
    assert.match(replies[4] ?? '', /^250 /, `the message is accepted although Redis is down: ${replies.join(' | ')}`);
    assert.equal(replies.filter((r) => /^4\d\d /.test(r)).length, 0, 'no temporary failure, so no retried second copy');

    const inbox = await t.db.folder.findFirstOrThrow({ where: { mailboxId: annaId, name: 'INBOX' } });
    assert.equal(await t.db.message.count({ where: { folderId: inbox.id, subject: 'outbox-check' } }), 1, 'one local copy');
    assert.equal(await t.db.outbox.count(), 1, 'the forward waits in the outbox');
    assert.equal(mx.messages.filter((m) => m.raw.includes('Subject: outbox-check')).length, 0);

    resumeRedis();
    const forwarded = await mx.waitFor((m) => m.raw.includes('Subject: outbox-check'), 30_000);
    assert.deepEqual(forwarded.rcptTo, ['partner@remote.test']);
    await waitFor('the outbox to empty', async () => (await t.db.outbox.count()) === 0);
    // The forward job holds one blob reference; once it is finished only the local copy holds one.
    const message = await t.db.message.findFirstOrThrow({ where: { folderId: inbox.id, subject: 'outbox-check' } });
    await waitFor('the forward job to let go of the blob', async () => (await t.db.blob.findUnique({ where: { sha256: message.blobHash } }))?.refCount === 1);
    await maild.waitForLog(/outbound job finished/, 10_000);
    assert.equal(mx.messages.filter((m) => m.raw.includes('Subject: outbox-check')).length, 1, 'forwarded exactly once');
    assert.equal(await t.db.message.count({ where: { folderId: inbox.id, subject: 'outbox-check' } }), 1, 'still one local copy');
  });
});
