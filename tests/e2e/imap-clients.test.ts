// IMAP end to end with clients nobody here wrote: Python imaplib, curl,
// mbsync; plus two raw sessions on one folder and login rate limiting.
// maild runs as its own process on real PostgreSQL and Redis.
import assert from 'node:assert/strict';
import { execFile, spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { promisify } from 'node:util';
import { LoginLimiter } from '@kontor/core/login-limiter';
import { ImapTestClient } from '@kontor/imap-server/testing';
import { Redis } from 'ioredis';
import { type ImapEnvironment, PASSWORD, startImapEnvironment, textMessage } from './lib/imap-env.ts';

const run = promisify(execFile);
const PYTHON = '/usr/bin/python3';
let env: ImapEnvironment;

before(async () => {
  env = await startImapEnvironment([
    { localPart: 'info' },
    { localPart: 'sync' },
    { localPart: 'shared' },
    { localPart: 'guarded' },
    { localPart: 'fuzz', quota: '200K' },
  ]);
  await env.deliver(env.address('info'), textMessage('python hello', { body: 'Sent for imaplib.\r\n' }));
  await env.deliver(env.address('info'), textMessage('curl hello', { body: 'Sent for curl.\r\n' }));
});

after(async () => {
  await env?.stop();
});

/** Runs a Python script with /usr/bin/python3; returns stdout (throws with stderr on failure). */
async function python(script: string): Promise<string> {
  const { stdout } = await run(PYTHON, ['-c', script], { timeout: 60_000 });
  return stdout;
}

async function tlsClient(): Promise<ImapTestClient> {
  const client = await ImapTestClient.connect({ port: env.maild.ports.imaps, tls: true });
  await client.greeting();
  return client;
}

describe('Python imaplib', () => {
  const common = (user: string) => `
import imaplib, ssl, time
ctx = ssl.create_default_context(); ctx.check_hostname = False; ctx.verify_mode = ssl.CERT_NONE
USER, PASSWORD = ${JSON.stringify(user)}, ${JSON.stringify(PASSWORD)}
def flow(M, tag):
    typ, data = M.login(USER, PASSWORD); assert typ == 'OK', data
    typ, boxes = M.list(); assert typ == 'OK'
    assert any(b'\\\\Archive' in b and b'Archive' in b for b in boxes), boxes
    typ, data = M.select('INBOX'); assert typ == 'OK', data
    typ, data = M.search(None, 'SUBJECT', '"python hello"'); assert typ == 'OK'
    seq = data[0].split()[0]
    typ, data = M.fetch(seq, '(FLAGS BODY.PEEK[HEADER.FIELDS (SUBJECT)] RFC822.SIZE)'); assert typ == 'OK', data
    assert b'Subject: python hello' in data[0][1], data
    typ, data = M.fetch(seq, '(BODY[TEXT])'); assert b'Sent for imaplib.' in data[0][1], data
    typ, data = M.store(seq, '+FLAGS', '(\\\\Flagged)'); assert typ == 'OK' and b'\\\\Flagged' in data[0], data
    typ, data = M.copy(seq, 'Archive'); assert typ == 'OK', data
    typ, data = M.append('Drafts', '(\\\\Draft)', imaplib.Time2Internaldate(time.time()), ('From: me@example.com\\r\\nSubject: draft ' + tag + '\\r\\n\\r\\nbody\\r\\n').encode())
    assert typ == 'OK' and b'APPENDUID' in data[0], data
    typ, data = M.status('Drafts', '(MESSAGES UIDNEXT)'); assert typ == 'OK', data
    typ, data = M.select('Drafts'); n = int(data[0])
    typ, data = M.store(str(n), '+FLAGS', '(\\\\Deleted)'); assert typ == 'OK'
    typ, data = M.expunge(); assert typ == 'OK' and data[0] == str(n).encode(), data
    M.close(); M.logout()
    print(tag, 'ok')
`;

  it('refuses LOGIN before STARTTLS, then runs the core flow after M.starttls()', async () => {
    const out = await python(`${common(env.address('info'))}
M = imaplib.IMAP4('127.0.0.1', ${env.maild.ports.imap})
assert 'LOGINDISABLED' in M.capabilities and 'STARTTLS' in M.capabilities, M.capabilities
try:
    M.login(USER, PASSWORD); print('LOGIN ACCEPTED')
except imaplib.IMAP4.error as e:
    print('refused:', e)
M.starttls(ssl_context=ctx)
assert 'LOGINDISABLED' not in M.capabilities, M.capabilities
flow(M, 'starttls')`);
    assert.match(out, /refused: .*\[PRIVACYREQUIRED\]/);
    assert.match(out, /starttls ok/);
  });

  it('runs the core flow over IMAP4_SSL', async () => {
    const out = await python(`${common(env.address('info'))}
flow(imaplib.IMAP4_SSL('127.0.0.1', ${env.maild.ports.imaps}, ssl_context=ctx), 'ssl')`);
    assert.match(out, /ssl ok/);
  });
});

describe('curl', () => {
  const user = () => `${env.address('info')}:${PASSWORD}`;

  it('lists mailboxes over imap:// with STARTTLS required and over imaps://', async () => {
    const { stdout } = await run('curl', ['-sS', '--ssl-reqd', '-k', '-u', user(), `imap://127.0.0.1:${env.maild.ports.imap}/`]);
    assert.match(stdout, /\* LIST \(\\HasNoChildren \\Archive\) "\/" Archive/);
    assert.match(stdout, /\* LIST \(\\HasNoChildren\) "\/" INBOX/);
    const secure = await run('curl', ['-sS', '-k', '-u', user(), `imaps://127.0.0.1:${env.maild.ports.imaps}/`]);
    assert.equal(secure.stdout, stdout);
  });

  it('searches and fetches a message', async () => {
    const search = await run('curl', ['-sS', '--ssl-reqd', '-k', '-u', user(), `imap://127.0.0.1:${env.maild.ports.imap}/INBOX?SUBJECT%20%22curl%20hello%22`]);
    const match = /^\* SEARCH (\d+)/m.exec(search.stdout);
    assert.ok(match, search.stdout);
    const fetched = await run('curl', ['-sS', '-k', '-u', user(), `imaps://127.0.0.1:${env.maild.ports.imaps}/INBOX;MAILINDEX=${match[1]}`]);
    assert.match(fetched.stdout, /Subject: curl hello/);
    assert.match(fetched.stdout, /Sent for curl\./);
  });
});

describe('two sessions on one folder', () => {
  it('one expunges; the other gets * n EXPUNGE at the allowed moment and correct numbers after', async () => {
    const address = env.address('shared');
    for (let i = 1; i <= 5; i++) await env.deliver(address, textMessage(`shared ${i}`, { to: address }));
    const one = await tlsClient();
    const two = await tlsClient();
    const three = await tlsClient();
    for (const client of [one, two, three]) await client.command(`LOGIN ${address} "${PASSWORD}"`);
    assert.ok((await one.command('SELECT INBOX')).untagged.includes('* 5 EXISTS'));
    assert.ok((await two.command('SELECT INBOX')).untagged.includes('* 5 EXISTS'));
    // The third speaks QRESYNC: it will hear VANISHED instead.
    await three.command('ENABLE QRESYNC');
    const selected = await three.command('SELECT INBOX');
    const uidValidity = /UIDVALIDITY (\d+)/.exec(selected.untagged.join(' '))![1];
    const modseq = /HIGHESTMODSEQ (\d+)/.exec(selected.untagged.join(' '))![1];

    await one.command('STORE 2,4 +FLAGS.SILENT (\\Deleted)');
    const expunged = await one.command('EXPUNGE');
    assert.deepEqual(expunged.untagged, ['* 4 EXPUNGE', '* 2 EXPUNGE']);
    await new Promise((r) => setTimeout(r, 100));

    // During FETCH no EXPUNGE may come, and message 5 is still number 5.
    const fetched = await two.command('FETCH 5 (UID)');
    assert.ok(!fetched.untagged.some((l) => l.endsWith('EXPUNGE')), JSON.stringify(fetched.untagged));
    assert.ok(fetched.untagged.includes('* 5 FETCH (UID 5)'));
    const noop = await two.command('NOOP');
    assert.deepEqual(
      noop.untagged.filter((l) => l.endsWith('EXPUNGE')),
      ['* 4 EXPUNGE', '* 2 EXPUNGE'],
    );
    const after = await two.command('FETCH 1:* (UID)');
    assert.deepEqual(after.untagged, ['* 1 FETCH (UID 1)', '* 2 FETCH (UID 3)', '* 3 FETCH (UID 5)']);
    assert.deepEqual((await three.command('NOOP')).untagged, ['* VANISHED 2,4']);
    // A QRESYNC client coming back later learns the same from SELECT.
    await three.command('UNSELECT');
    const resync = await three.command(`SELECT INBOX (QRESYNC (${uidValidity} ${modseq} 1:5))`);
    assert.ok(resync.untagged.includes('* VANISHED (EARLIER) 2,4'), JSON.stringify(resync.untagged));
    await three.logout();

    // And a delivery reaches both as EXISTS.
    await env.deliver(address, textMessage('shared 6', { to: address }));
    await new Promise((r) => setTimeout(r, 100));
    assert.ok((await two.command('NOOP')).untagged.includes('* 4 EXISTS'));
    assert.ok((await one.command('NOOP')).untagged.includes('* 4 EXISTS'));
    await one.logout();
    await two.logout();
  });
});

describe('mbsync', () => {
  let dir: string;
  before(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'kontor-mbsync-'));
    mkdirSync(path.join(dir, 'mail'));
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  async function mbsync(): Promise<string> {
    return new Promise((resolve, reject) => {
      const child = spawn('mbsync', ['-c', path.join(dir, 'mbsyncrc'), '-V', 'kontor'], { env: { ...process.env, HOME: dir } });
      let output = '';
      child.stdout.on('data', (c: Buffer) => (output += c.toString()));
      child.stderr.on('data', (c: Buffer) => (output += c.toString()));
      child.on('exit', (code) => (code === 0 ? resolve(output) : reject(new Error(`mbsync exited with ${code}:\n${output}`))));
    });
  }

  function maildirFiles(): string[] {
    const inbox = path.join(dir, 'mail', 'INBOX');
    return ['cur', 'new'].flatMap((sub) => readdirSync(path.join(inbox, sub)).map((name) => path.join(inbox, sub, name)));
  }

  it('syncs 500 messages down, a flag change up, and a second run changes nothing', async () => {
    const address = env.address('sync');
    // 500 messages: five sessions, each pipelining 100 APPENDs with non-synchronising literals.
    const loading = Date.now();
    await Promise.all(
      [0, 1, 2, 3, 4].map(async (part) => {
        const loader = await tlsClient();
        await loader.command(`LOGIN ${address} "${PASSWORD}"`);
        let batch = '';
        for (let i = part * 100 + 1; i <= part * 100 + 100; i++) {
          const body = textMessage(`bulk ${i}`, { to: address, body: `Message number ${i}.\r\n` });
          batch += `b${i} APPEND INBOX {${Buffer.byteLength(body)}+}\r\n${body}\r\n`;
        }
        loader.write(batch);
        assert.equal((await loader.result(`b${part * 100 + 100}`, 60_000)).status, 'OK');
        await loader.logout();
      }),
    );
    console.log(`500 APPENDs: ${Date.now() - loading} ms`);

    writeFileSync(
      path.join(dir, 'mbsyncrc'),
      [
        'IMAPAccount kontor',
        'Host localhost',
        `Port ${env.maild.ports.imaps}`,
        `User ${address}`,
        `Pass "${PASSWORD}"`,
        'SSLType IMAPS',
        `CertificateFile ${env.certificateFile}`,
        '',
        'IMAPStore remote',
        'Account kontor',
        '',
        'MaildirStore local',
        `Path ${path.join(dir, 'mail')}/`,
        `Inbox ${path.join(dir, 'mail', 'INBOX')}`,
        '',
        'Channel kontor',
        'Far :remote:',
        'Near :local:',
        'Patterns INBOX',
        'Create Near',
        'Sync All',
        'SyncState *',
        '',
      ].join('\n'),
    );
    const started = Date.now();
    await mbsync();
    console.log(`mbsync of 500: ${Date.now() - started} ms`);
    const files = maildirFiles();
    assert.equal(files.length, 500);

    // Flag one message in the maildir (F = \Flagged) and push it up.
    const target = files.find((f) => !f.includes(',F')) ?? files[0]!;
    const flagged = target.includes(':2,') ? target.replace(/:2,([A-Z]*)$/, (_m, flags: string) => `:2,${[...`F${flags}`].sort().join('')}`) : `${target}:2,F`;
    renameSync(target, flagged);
    await mbsync();
    const sync = await env.t.db.folder.findFirstOrThrow({ where: { mailboxId: env.mailboxes.sync, name: 'INBOX' } });
    const flaggedRows = await env.t.db.message.findMany({ where: { folderId: sync.id, flags: { has: '\\Flagged' } } });
    assert.equal(flaggedRows.length, 1);

    // Nothing left to do: the server and the maildir stay as they are.
    const before = { modseq: sync.highestModseq, files: maildirFiles().sort() };
    await mbsync();
    const again = await env.t.db.folder.findFirstOrThrow({ where: { id: sync.id } });
    assert.equal(again.highestModseq, before.modseq);
    assert.deepEqual(maildirFiles().sort(), before.files);
  });
});

describe('failed logins', () => {
  it('answers [AUTHENTICATIONFAILED] after a growing delay and then blocks the account from that IP', async () => {
    const ip = `127.0.${1 + Math.floor(Math.random() * 200)}.${2 + Math.floor(Math.random() * 200)}`;
    const account = env.address('guarded');
    const client = await ImapTestClient.connect({ port: env.maild.ports.imaps, tls: true, localAddress: ip });
    await client.greeting();
    const durations: number[] = [];
    for (let i = 0; i < 3; i++) {
      const started = Date.now();
      const result = await client.command(`LOGIN ${account} wrong-${i}`);
      durations.push(Date.now() - started);
      assert.match(result.tagged, /NO \[AUTHENTICATIONFAILED\] Invalid user name or password/);
    }
    assert.ok(durations[0]! >= 200 && durations[2]! > durations[0]!, `delays ${durations.join(', ')}`);

    // Seven more failures recorded the way maild records them, then even the right password is refused.
    const redis = new Redis('redis://127.0.0.1:6379');
    try {
      const limiter = new LoginLimiter(redis, { keyPrefix: `${env.maild.redisPrefix}:login` });
      for (let i = 0; i < 7; i++) await limiter.recordFailure(ip, account);
      const blocked = await client.command(`LOGIN ${account} "${PASSWORD}"`);
      assert.match(blocked.tagged, /NO \[AUTHENTICATIONFAILED\] Too many failed logins; try again in \d+ minutes?/);
      // Another account from the same IP still may log in.
      const other = await tlsClient();
      assert.equal((await other.command(`LOGIN ${env.address('info')} "${PASSWORD}"`)).status, 'OK');
      await other.logout();
    } finally {
      await redis.del(`${env.maild.redisPrefix}:login:ip:${ip}`, `${env.maild.redisPrefix}:login:acct:${account}|${ip}`);
      await redis.quit();
      client.close();
    }
  });
});

describe('random commands against the real store', () => {
  it('answers 400 of them (valid and not) without a server bug or a logged error', async () => {
    const address = env.address('fuzz');
    for (let i = 0; i < 6; i++) await env.deliver(address, textMessage(`m${i}`, { to: address }));
    let state = 42;
    const next = () => {
      state = (state * 1103515245 + 12345) & 0x7fffffff;
      return state / 0x7fffffff;
    };
    const pick = <T>(list: readonly T[]): T => list[Math.floor(next() * list.length)]!;
    const MAILBOXES = ['INBOX', 'Archive', 'Sent', 'Nope', '"a b"', 'Trash', '&AOQ-', '""', 'x/y'];
    const SETS = ['1', '2:4', '*', '1:*', '3,1,5', '100', '0', '2:*'];
    const ITEMS = [
      'FLAGS',
      'ENVELOPE',
      'BODYSTRUCTURE',
      'BODY[]',
      'BODY.PEEK[1]',
      'BODY[HEADER.FIELDS (Subject)]',
      '(FLAGS MODSEQ)',
      'FAST',
      'BODY[TEXT]<3.5>',
    ];
    const FLAGS = ['\\Seen', '\\Deleted', '\\Flagged', '$Work'];
    const SEARCH = [
      'ALL',
      'UNSEEN FROM sender',
      'OR DELETED FLAGGED',
      'TEXT hello',
      'UID 2:*',
      'HEADER Subject m',
      'BODY test',
      'MODSEQ 1',
      'SENTBEFORE 1-Jan-2030',
    ];
    const commands: Array<() => string> = [
      () => 'SELECT INBOX',
      () => 'SELECT INBOX (CONDSTORE)',
      () => `EXAMINE ${pick(MAILBOXES)}`,
      () => `FETCH ${pick(SETS)} ${pick(ITEMS)}`,
      () => `UID FETCH ${pick(SETS)} ${pick(ITEMS)} (CHANGEDSINCE 2)`,
      () => `STORE ${pick(SETS)} ${pick(['+FLAGS', '-FLAGS', 'FLAGS', '+FLAGS.SILENT'])} (${pick(FLAGS)})`,
      () => `UID STORE ${pick(SETS)} (UNCHANGEDSINCE 3) +FLAGS (${pick(FLAGS)})`,
      () => `UID SEARCH RETURN (MIN MAX COUNT) ${pick(SEARCH)}`,
      () => `COPY ${pick(SETS)} ${pick(MAILBOXES)}`,
      () => `UID MOVE ${pick(SETS)} ${pick(MAILBOXES)}`,
      () => pick(['EXPUNGE', 'NOOP', 'CLOSE', 'UNSELECT', 'GETQUOTAROOT INBOX']),
      () => `STATUS ${pick(MAILBOXES)} (MESSAGES UNSEEN RECENT SIZE DELETED HIGHESTMODSEQ)`,
      () => `LIST "" ${pick(['*', '%'])} RETURN (STATUS (MESSAGES))`,
      () => `CREATE ${pick(MAILBOXES)}${pick(['', '/x', ' (USE (\\Archive))'])}`,
      () => `DELETE ${pick(MAILBOXES)}`,
      () => `RENAME ${pick(MAILBOXES)} ${pick(MAILBOXES)}`,
      () => `APPEND ${pick(MAILBOXES)} (${pick(FLAGS)}) {12+}\r\nSubject: x\r\n`,
      () => `SORT (${pick(['DATE', 'SUBJECT', 'REVERSE SIZE'])}) UTF-8 ${pick(SEARCH)}`,
      () => `THREAD ${pick(['REFERENCES', 'ORDEREDSUBJECT'])} UTF-8 ALL`,
    ];
    const client = await tlsClient();
    await client.command(`LOGIN ${address} "${PASSWORD}"`);
    const problems: string[] = [];
    const logged = env.maild.output().length;
    for (let i = 0; i < 400; i++) {
      const text = pick(commands)();
      const result = await client.command(text);
      if (/SERVERBUG/.test(result.tagged) || !['OK', 'NO', 'BAD'].includes(result.status)) problems.push(`${text} -> ${result.tagged}`);
      if (next() < 0.03) await env.deliver(address, textMessage(`d${i}`, { to: address }));
    }
    await client.logout();
    assert.deepEqual(problems, []);
    const errors = env.maild
      .output()
      .slice(logged)
      .split('\n')
      .filter((line) => /"level":(50|60)/.test(line));
    assert.deepEqual(errors, []);
  });
});
