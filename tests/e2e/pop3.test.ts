// POP3 end to end: maild as its own process, real PostgreSQL and Redis,
// driven by clients nobody here wrote (Python poplib, curl, fetchmail),
// plus a line-level session for the exact reply of every error path.
import assert from 'node:assert/strict';
import { chmodSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { after, before, describe, it } from 'node:test';
import { createLogger } from '@kontor/core';
import { CLI_ACTOR, createDomain, createMailbox } from '@kontor/db';
import { createTestDatabase, type TestDatabase } from '@kontor/db/testing';
import { createMailStore, type MailStore } from '@kontor/mailstore';
import { ImapFlow } from 'imapflow';
import { Redis } from 'ioredis';
import { type MaildProcess, startMaild, suiteRedisUrl } from './lib/maild.ts';
import { holdSession, Pop3Session, python, run } from './lib/pop3.ts';

const PASSWORD = 'correct horse battery';
const DOMAIN = 'pop.example';
const LEASE_MS = 2000;
/**
 * A Redis database of this suite's own: the login limiter counts failures
 * per IP (127.0.0.1 for every suite) and the maildrop locks are keyed by
 * mailbox id (the same small numbers in every test database), so sharing
 * db 0 with suites running in parallel would let them disturb each other.
 */
const REDIS_URL = suiteRedisUrl(13);

let t: TestDatabase;
let maild: MaildProcess;
let redis: Redis;
let store: MailStore;
const mailbox: Record<string, number> = {};
const address = (name: string) => `${name}@${DOMAIN}`;

function message(subject: string, body: string[] = ['Hello from the POP3 test.']): string {
  return [
    `From: Alice <alice@sender.example>`,
    `To: ${address('anna')}`,
    `Subject: ${subject}`,
    `Date: ${new Date().toUTCString()}`,
    `Message-ID: <${subject.replace(/\W/g, '')}.${Date.now()}@sender.example>`,
    '',
    ...body,
    '',
  ].join('\r\n');
}

/** Files a message into INBOX the way delivery does (through the store). */
async function deliver(name: string, text: string): Promise<number> {
  const result = await store.appendMessage(mailbox[name]!, 'INBOX', Readable.from([Buffer.from(text)]));
  return Number(result.uid);
}

async function inbox(name: string) {
  const folder = await t.db.folder.findFirstOrThrow({ where: { mailboxId: mailbox[name], name: 'INBOX' } });
  const messages = await t.db.message.findMany({ where: { folderId: folder.id }, orderBy: { uid: 'asc' } });
  return { folder, messages };
}

function blobText(sha256: string): string {
  return readFileSync(path.join(maild.dataDir, 'blobs', sha256.slice(0, 2), sha256.slice(2, 4), sha256), 'utf8');
}

async function imapListening(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ port, host: '127.0.0.1' });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

const SSL_CONTEXT = `ctx = ssl.create_default_context(); ctx.check_hostname = False; ctx.verify_mode = ssl.CERT_NONE`;

before(async () => {
  t = await createTestDatabase();
  const domain = await createDomain(t.db, CLI_ACTOR, { name: DOMAIN });
  for (const name of ['anna', 'ben', 'bulk', 'curl', 'lock', 'crash', 'errors']) {
    mailbox[name] = (await createMailbox(t.db, CLI_ACTOR, { domainId: domain.id, localPart: name, password: PASSWORD, quota: '50M' })).id;
  }
  redis = new Redis(REDIS_URL, { maxRetriesPerRequest: 2 });
  const stale = [...(await redis.keys('kontor:login:*')), ...(await redis.keys('kontor:pop3:*'))];
  if (stale.length) await redis.del(...stale);
  maild = await startMaild({ databaseUrl: t.url, env: { REDIS_URL, POP3_LOCK_LEASE_MS: String(LEASE_MS) } });
  store = createMailStore({ db: t.db, dataDir: maild.dataDir, redis, log: createLogger('pop3-e2e', 'silent') });
});

after(async () => {
  await store?.close();
  await maild?.stop({ cleanup: true });
  await redis?.quit();
  await t?.drop();
});

describe('Python poplib', () => {
  const DOTTED = ['.starts with a dot', '.', '..two dots', 'a line', '.'];

  it('USER/PASS over STLS: CAPA, STAT, LIST, UIDL, TOP, RETR with byte-stuffed lines, QUIT', async () => {
    await deliver('anna', message('first'));
    const dottedUid = await deliver('anna', message('dotted', DOTTED));
    const { folder, messages } = await inbox('anna');
    const script = `
import json, poplib, ssl
${SSL_CONTEXT}
p = poplib.POP3('127.0.0.1', ${maild.ports.pop3})
before = p.capa()
p.stls(context=ctx)
after = p.capa()
p.user('${address('anna')}'); p.pass_('${PASSWORD}')
stat = p.stat()
listing = [l.decode() for l in p.list()[1]]
uidl = [l.decode() for l in p.uidl()[1]]
top = [l.decode() for l in p.top(2, 1)[1]]
retr = [l.decode() for l in p.retr(2)[1]]
quit = p.quit().decode()
print(json.dumps(dict(before=sorted(before), after=sorted(after), sasl=after.get('SASL'), stat=stat, listing=listing, uidl=uidl, top=top, retr=retr, quit=quit)))`;
    const r = await python<{
      before: string[];
      after: string[];
      sasl: string[];
      stat: [number, number];
      listing: string[];
      uidl: string[];
      top: string[];
      retr: string[];
      quit: string;
    }>(script);
    assert.deepEqual(r.before, ['AUTH-RESP-CODE', 'EXPIRE', 'IMPLEMENTATION', 'PIPELINING', 'RESP-CODES', 'STLS', 'TOP', 'UIDL']);
    assert.deepEqual(r.after, ['AUTH-RESP-CODE', 'EXPIRE', 'IMPLEMENTATION', 'PIPELINING', 'RESP-CODES', 'SASL', 'TOP', 'UIDL', 'USER']);
    assert.deepEqual(r.sasl, ['PLAIN', 'LOGIN']);
    const sizes = messages.map((m) => m.size);
    assert.deepEqual(r.stat, [2, sizes[0]! + sizes[1]!]);
    assert.deepEqual(r.listing, [`1 ${sizes[0]}`, `2 ${sizes[1]}`]);
    assert.deepEqual(r.uidl, [`1 ${folder.uidValidity}.${messages[0]!.uid}`, `2 ${folder.uidValidity}.${dottedUid}`]);
    assert.deepEqual(r.top.slice(-2), ['', '.starts with a dot'], 'poplib undoes the stuffing');
    assert.equal(`${r.retr.join('\r\n')}\r\n`, blobText(messages[1]!.blobHash), 'RETR gives the stored octets back');
    assert.deepEqual(r.retr.slice(-5), DOTTED);
    assert.match(r.quit, /^\+OK mx\.kontor\.test POP3 server signing off \(2 messages left\)$/);
  });

  it('POP3_SSL: the same UIDLs in a second session', async () => {
    const script = `
import json, poplib, ssl
${SSL_CONTEXT}
out = []
for _ in range(2):
    p = poplib.POP3_SSL('127.0.0.1', ${maild.ports.pop3s}, context=ctx)
    p.user('${address('anna')}'); p.pass_('${PASSWORD}')
    out.append([l.decode() for l in p.uidl()[1]])
    p.quit()
print(json.dumps(out))`;
    const [first, second] = await python<[string[], string[]]>(script);
    assert.equal(first!.length, 2);
    assert.deepEqual(second, first);
  });

  it('DELE + QUIT removes the message from the store (and from an IMAP view)', async (test) => {
    await deliver('ben', message('keep me'));
    const goneUid = await deliver('ben', message('delete me'));
    const imap = (await imapListening(maild.ports.imaps))
      ? new ImapFlow({
          host: '127.0.0.1',
          port: maild.ports.imaps,
          secure: true,
          tls: { rejectUnauthorized: false },
          auth: { user: address('ben'), pass: PASSWORD },
          logger: false,
        })
      : undefined;
    if (!imap) test.diagnostic('IMAP is not listening in this build: checked the store, not an IMAP view');
    if (imap) {
      await imap.connect();
      await imap.mailboxOpen('INBOX');
    }
    const script = `
import json, poplib, ssl
${SSL_CONTEXT}
p = poplib.POP3_SSL('127.0.0.1', ${maild.ports.pop3s}, context=ctx)
p.user('${address('ben')}'); p.pass_('${PASSWORD}')
dele = p.dele(2).decode()
print(json.dumps(dict(dele=dele, quit=p.quit().decode())))`;
    const r = await python<{ dele: string; quit: string }>(script);
    assert.equal(r.dele, '+OK Message 2 deleted');
    assert.equal(r.quit, '+OK mx.kontor.test POP3 server signing off (1 deleted, 1 left)');
    const { folder, messages } = await inbox('ben');
    assert.deepEqual(
      messages.map((m) => m.subject),
      ['keep me'],
    );
    const expunged = await t.db.expungedMessage.findMany({ where: { folderId: folder.id } });
    assert.deepEqual(
      expunged.map((e) => Number(e.uid)),
      [goneUid],
      'expunged the way IMAP expunges (QRESYNC record)',
    );
    const mb = await t.db.mailbox.findUniqueOrThrow({ where: { id: mailbox.ben } });
    assert.equal(mb.messageCount, 1, 'quota accounting follows');
    if (imap) {
      // The open IMAP session learns of the expunge; a fresh look agrees.
      await imap.noop();
      const status = await imap.status('INBOX', { messages: true });
      assert.equal(status && status.messages, 1);
      const uids = await imap.search({ all: true }, { uid: true });
      assert.deepEqual(uids, [Number(messages[0]!.uid)]);
      await imap.logout();
    }
  });

  it('DELE then a dropped connection deletes nothing', async () => {
    await deliver('errors', message('survivor'));
    const before = (await inbox('errors')).messages.length;
    const script = `
import json, os, poplib, ssl
${SSL_CONTEXT}
p = poplib.POP3_SSL('127.0.0.1', ${maild.ports.pop3s}, context=ctx)
p.user('${address('errors')}'); p.pass_('${PASSWORD}')
r = p.dele(1).decode()
p.sock.close()
print(json.dumps(r))`;
    assert.equal(await python<string>(script), '+OK Message 1 deleted');
    // The lock is free again at once and the message is still there.
    const { session, greeting } = await Pop3Session.open(maild.ports.pop3s, { tls: true });
    assert.match(greeting, /^\+OK /);
    assert.match(await session.login(address('errors'), PASSWORD), new RegExp(`^\\+OK ${address('errors')} has ${before} messages? `));
    assert.equal(await session.command('QUIT'), `+OK mx.kontor.test POP3 server signing off (${before} messages left)`);
    assert.equal((await inbox('errors')).messages.length, before);
  });
});

describe('curl', () => {
  const curl = (url: string, ...args: string[]) => run('curl', ['-sS', '--max-time', '20', '-u', `${address('curl')}:${PASSWORD}`, ...args, url]);

  before(async () => {
    await deliver('curl', message('curl one'));
    await deliver('curl', message('curl two', ['.dotted line', 'end']));
  });

  it('pop3:// with --ssl-reqd (STLS): LIST, RETR, UIDL, TOP', async () => {
    const base = `pop3://127.0.0.1:${maild.ports.pop3}`;
    const { messages, folder } = await inbox('curl');
    const list = await curl(`${base}/`, '--ssl-reqd', '-k');
    assert.equal(list.code, 0, list.stderr);
    assert.deepEqual(
      list.stdout.trim().split(/\r?\n/),
      messages.map((m, i) => `${i + 1} ${m.size}`),
    );
    const retr = await curl(`${base}/2`, '--ssl-reqd', '-k');
    assert.equal(retr.code, 0, retr.stderr);
    assert.match(retr.stdout, /\r\nSubject: curl two\r\n/);
    assert.match(retr.stdout, /\r\n\.dotted line\r\nend\r\n$/, 'curl undoes the stuffing');
    assert.equal(Buffer.byteLength(retr.stdout), messages[1]!.size);
    const uidl = await curl(`${base}/`, '--ssl-reqd', '-k', '-X', 'UIDL');
    assert.deepEqual(
      uidl.stdout.trim().split(/\r?\n/),
      messages.map((m, i) => `${i + 1} ${folder.uidValidity}.${m.uid}`),
    );
    const top = await curl(`${base}/`, '--ssl-reqd', '-k', '-X', 'TOP 1 0');
    assert.match(top.stdout, /Subject: curl one\r\n/);
    assert.ok(!top.stdout.includes('Hello from'), 'TOP 1 0 has no body lines');
  });

  it('pop3s:// (implicit TLS)', async () => {
    const r = await curl(`pop3s://127.0.0.1:${maild.ports.pop3s}/1`, '-k');
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /Subject: curl one/);
  });

  it('pop3:// without TLS cannot log in (no credentials in the clear)', async () => {
    const r = await curl(`pop3://127.0.0.1:${maild.ports.pop3}/`);
    assert.equal(r.code, 67, `curl: login denied; ${r.stderr}`);
  });
});

describe('fetchmail', () => {
  it('retrieves and deletes 100 messages over STLS with the certificate checked', async () => {
    const texts = Array.from({ length: 100 }, (_, i) => message(`bulk ${i + 1}`, [`Body of message ${i + 1}.`, i % 10 === 0 ? '.dot line' : 'plain line']));
    for (const text of texts) await deliver('bulk', text);
    const home = mkdtempSync(path.join(tmpdir(), 'kontor-fetchmail-'));
    try {
      const out = path.join(home, 'out');
      const rc = path.join(home, 'fetchmailrc');
      const certFile = path.join(maild.dataDir, 'tls', 'selfsigned-cert.pem');
      writeFileSync(
        rc,
        [
          `set no syslog`,
          `poll localhost port ${maild.ports.pop3} proto pop3 auth password timeout 30`,
          `  user "${address('bulk')}" password "${PASSWORD}" is root here`,
          `  sslproto 'tls1.2+' sslcertck sslcertfile "${certFile}"`,
          `  fetchall`,
          `  mda "/bin/sh -c 'cat > ${out}.$$'"`,
          '',
        ].join('\n'),
      );
      chmodSync(rc, 0o600);
      const r = await run('fetchmail', ['-f', rc, '-v', '--nodetach', '--pidfile', path.join(home, 'pid'), '-i', path.join(home, 'ids')], {
        env: { ...process.env, HOME: home },
        timeoutMs: 120_000,
      });
      assert.ok(r.code === 0 || r.code === 13, `fetchmail exited ${r.code}:\n${r.stderr}\n${r.stdout.slice(-3000)}`);
      const log = `${r.stdout}${r.stderr}`;
      assert.match(log, /POP3> STLS/, 'fetchmail upgraded with STLS');
      assert.doesNotMatch(log, /certificate (verification )?(error|failed)/i);
      const files = readdirSync(home).filter((f) => f.startsWith('out.'));
      assert.equal(files.length, 100);
      const subjects = files.map((f) => /^Subject: (.*)$/m.exec(readFileSync(path.join(home, f), 'utf8'))?.[1]?.trim()).sort();
      assert.deepEqual(subjects, texts.map((_, i) => `bulk ${i + 1}`).sort());
      const dotted = readFileSync(path.join(home, files.find((f) => readFileSync(path.join(home, f), 'utf8').includes('Subject: bulk 11'))!), 'utf8');
      assert.match(dotted, /\n\.dot line\r?\n/);
      assert.equal((await inbox('bulk')).messages.length, 0, 'fetchmail deleted what it fetched');
    } finally {
      rmSync(home, { recursive: true, force: true });
    }
  });
});

describe('the maildrop lock', () => {
  it('a second session gets [IN-USE]; the lock is free as soon as the first client is killed', async () => {
    const holder = await holdSession(maild.ports.pop3s, address('lock'), PASSWORD);
    const { session } = await Pop3Session.open(maild.ports.pop3s, { tls: true });
    try {
      assert.equal(await session.login(address('lock'), PASSWORD), '-ERR [IN-USE] Maildrop is in use by another session; try again later');
      await holder.kill();
      const killedAt = Date.now();
      let reply = '';
      while (Date.now() - killedAt < LEASE_MS) {
        reply = await session.login(address('lock'), PASSWORD);
        if (reply.startsWith('+OK')) break;
        await new Promise((r) => setTimeout(r, 50));
      }
      assert.match(reply, new RegExp(`^\\+OK ${address('lock')} has 0 messages`));
    } finally {
      await holder.kill();
      session.destroy();
    }
  });

  it('a crashed maild leaves no lock behind: another instance gets the maildrop within the lease', async () => {
    // A second instance on the same database and Redis; it also allows
    // plaintext logins from loopback (ALLOW_PLAINTEXT_AUTH_LOOPBACK).
    const other = await startMaild({ databaseUrl: t.url, env: { REDIS_URL, POP3_LOCK_LEASE_MS: String(LEASE_MS), ALLOW_PLAINTEXT_AUTH_LOOPBACK: 'true' } });
    try {
      const plain = await python<{ capa: string[]; stat: [number, number] }>(`
import json, poplib
p = poplib.POP3('127.0.0.1', ${other.ports.pop3})
capa = sorted(p.capa())
p.user('${address('crash')}'); p.pass_('${PASSWORD}')
print(json.dumps(dict(capa=capa, stat=p.stat())))
p.quit()`);
      assert.ok(plain.capa.includes('USER') && plain.capa.includes('STLS'), plain.capa.join());
      assert.deepEqual(plain.stat, [0, 0]);

      const { session: held } = await Pop3Session.open(other.ports.pop3s, { tls: true });
      assert.match(await held.login(address('crash'), PASSWORD), /^\+OK /);
      const { session } = await Pop3Session.open(maild.ports.pop3s, { tls: true });
      assert.equal(await session.login(address('crash'), PASSWORD), '-ERR [IN-USE] Maildrop is in use by another session; try again later');
      await other.kill();
      const killedAt = Date.now();
      let reply = await session.login(address('crash'), PASSWORD);
      assert.equal(reply, '-ERR [IN-USE] Maildrop is in use by another session; try again later', "the dead process's lease still runs");
      while (!reply.startsWith('+OK') && Date.now() - killedAt < LEASE_MS + 1000) {
        await new Promise((r) => setTimeout(r, 100));
        reply = await session.login(address('crash'), PASSWORD);
      }
      assert.match(reply, /^\+OK /);
      assert.ok(Date.now() - killedAt <= LEASE_MS + 1000, `free after ${Date.now() - killedAt} ms`);
      session.destroy();
      held.destroy();
    } finally {
      await other.kill();
      rmSync(other.dataDir, { recursive: true, force: true });
    }
  });
});

describe('error replies of the real daemon', () => {
  it('refuses credentials in the clear, then every bad command with a reason; the session lives on', async () => {
    const { session, greeting } = await Pop3Session.open(maild.ports.pop3);
    assert.equal(greeting, '+OK mx.kontor.test Kontor POP3 server ready');
    assert.equal(await session.command('USER anna@pop.example'), '-ERR [AUTH] Plaintext authentication is not allowed without TLS: use STLS first');
    assert.equal(await session.command('AUTH PLAIN'), '-ERR [AUTH] Plaintext authentication is not allowed without TLS: use STLS first');
    assert.equal(await session.command('STAT'), '-ERR STAT is only valid after login');
    assert.equal(await session.command('APOP anna x'), '-ERR Unknown command: APOP');
    assert.equal(await session.starttls(), '+OK Begin TLS negotiation');
    assert.equal(await session.command('STLS'), '-ERR Already using TLS');
    assert.equal(await session.command('PASS x'), '-ERR PASS without USER: send USER first');
    assert.equal(await session.login(address('errors'), 'wrong password'), '-ERR [AUTH] Invalid user name or password');
    const b64 = Buffer.from(`\0${address('errors')}\0${PASSWORD}`).toString('base64');
    assert.match(await session.command(`AUTH PLAIN ${b64}`), new RegExp(`^\\+OK ${address('errors')} has \\d+ messages? \\(\\d+ octets\\)$`));
    const count = Number(/^\+OK (\d+) /.exec(await session.command('STAT'))![1]);
    const cases: Array<[string, string]> = [
      ['HELO', '-ERR Unknown command: HELO'],
      ['USER x', '-ERR USER is only valid before login'],
      ['RETR', '-ERR RETR: Missing message number'],
      ['RETR one', '-ERR RETR: Invalid message number: one is not a number'],
      ['RETR 999', `-ERR RETR: No such message: 999 (${count === 1 ? 'there is message 1 only' : `messages are 1 to ${count}`})`],
      ['TOP 1', '-ERR TOP: Missing line count'],
      ['LIST 1 2', '-ERR LIST: Too many arguments for LIST'],
      ['NOOP', '+OK'],
      ['DELE 1', '+OK Message 1 deleted'],
      ['DELE 1', '-ERR DELE: Message 1 is already deleted'],
      ['RETR 1', '-ERR RETR: Message 1 is already deleted'],
      ['RSET', `+OK Maildrop has ${count} message${count === 1 ? '' : 's'} (`],
    ];
    for (const [command, reply] of cases) assert.ok((await session.command(command)).startsWith(reply), command);
    assert.match(await session.command(`NOOP ${'x'.repeat(2000)}`), /^-ERR Line too long: at most 1024 octets; closing$/);
    await session.closed;
    assert.equal((await inbox('errors')).messages.length, count, 'nothing deleted');
  });

  it('implicit TLS greets the same and refuses a wrong AUTH LOGIN with [AUTH]', async () => {
    const { session, greeting } = await Pop3Session.open(maild.ports.pop3s, { tls: true });
    assert.equal(greeting, '+OK mx.kontor.test Kontor POP3 server ready');
    assert.equal(await session.command('AUTH LOGIN'), `+ ${Buffer.from('Username:').toString('base64')}`);
    assert.equal(await session.command(Buffer.from(address('nobody')).toString('base64')), `+ ${Buffer.from('Password:').toString('base64')}`);
    assert.equal(await session.command(Buffer.from('x').toString('base64')), '-ERR [AUTH] Invalid user name or password');
    assert.equal(await session.command('QUIT'), '+OK mx.kontor.test POP3 server signing off');
    await session.closed;
  });
});
