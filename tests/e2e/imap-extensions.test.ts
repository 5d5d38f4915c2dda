// IMAP state, announcements and extensions against the real daemon (maild on
// PostgreSQL and Redis): new keywords announced to every session under 10
// concurrent clients, BINARY through imapflow, PREVIEW, SEARCHRES and EXAMINE's
// RECENT through Python imaplib, and the capability list both see.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { after, before, describe, it } from 'node:test';
import { promisify } from 'node:util';
import { ImapTestClient } from '@kontor/imap-server/testing';
import { ImapFlow } from 'imapflow';
import { type ImapEnvironment, PASSWORD, startImapEnvironment, textMessage } from './lib/imap-env.ts';

const run = promisify(execFile);
let env: ImapEnvironment;

const PNG = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00, 0x00, 0x0d, 0x49, 0x48, 0x44, 0x52, 0x00, 0xff]);
const MIXED = (to: string) =>
  [
    'From: Bob <bob@sender.test>',
    `To: ${to}`,
    'Subject: binary and preview',
    `Date: ${new Date().toUTCString()}`,
    'Message-ID: <binary.preview@sender.test>',
    'MIME-Version: 1.0',
    'Content-Type: multipart/mixed; boundary="b"',
    '',
    '--b',
    'Content-Type: text/html; charset=utf-8',
    'Content-Transfer-Encoding: quoted-printable',
    '',
    '<html><head><style>p{color:red}</style></head><body><p>Gr=C3=BC=C3=9Fe aus K=C3=B6ln &amp; Bonn</p></body></html>',
    '--b',
    'Content-Type: image/png; name="dot.png"',
    'Content-Disposition: attachment; filename="dot.png"',
    'Content-Transfer-Encoding: base64',
    '',
    PNG.toString('base64'),
    '--b--',
    '',
  ].join('\r\n');

before(async () => {
  env = await startImapEnvironment([{ localPart: 'busy' }, { localPart: 'binary' }, { localPart: 'fresh' }]);
  for (let i = 1; i <= 5; i++) await env.deliver(env.address('busy'), textMessage(`busy ${i}`, { to: env.address('busy') }));
  await env.deliver(env.address('binary'), MIXED(env.address('binary')));
  // Never selected before the imaplib test: its message is still \Recent.
  await env.deliver(env.address('fresh'), MIXED(env.address('fresh')));
});

after(async () => {
  await env?.stop();
});

async function tlsSession(user: string): Promise<ImapTestClient> {
  const client = await ImapTestClient.connect({ port: env.maild.ports.imaps, tls: true });
  await client.greeting();
  const login = await client.command(`LOGIN ${env.address(user)} "${PASSWORD}"`);
  assert.equal(login.status, 'OK', login.tagged);
  return client;
}

/** Every keyword a FETCH shows on this connection was in the last `* FLAGS` before it (RFC 3501 §7.2.6). */
function unannouncedKeywords(transcript: readonly string[]): string[] {
  let announced = new Set<string>();
  const missing: string[] = [];
  for (const line of transcript) {
    const flags = /^\* FLAGS \(([^)]*)\)/.exec(line);
    if (flags) {
      announced = new Set(flags[1]!.split(' ').map((f) => f.toLowerCase()));
      continue;
    }
    const fetched = /^\* \d+ FETCH \(.*FLAGS \(([^)]*)\)/.exec(line);
    if (!fetched) continue;
    for (const flag of fetched[1]!.split(' ')) {
      if (flag && !flag.startsWith('\\') && !announced.has(flag.toLowerCase())) missing.push(`${flag} in ${line}`);
    }
  }
  return missing;
}

describe('keyword announcements', () => {
  it('10 concurrent sessions storing new keywords: every keyword a FETCH shows was announced before on that connection', async () => {
    const sessions = await Promise.all(Array.from({ length: 10 }, () => tlsSession('busy')));
    const transcripts = sessions.map(() => [] as string[]);
    const record = (i: number, result: { untagged: string[]; tagged: string }) => transcripts[i]!.push(...result.untagged, result.tagged);
    await Promise.all(sessions.map(async (client, i) => record(i, await client.command('SELECT INBOX'))));
    await Promise.all(
      sessions.map(async (client, i) => {
        for (let round = 0; round < 6; round++) {
          record(i, await client.command(`STORE ${((i + round) % 5) + 1} +FLAGS ($s${i}r${round})`));
          record(i, await client.command('FETCH 1:* (FLAGS)'));
          if (round % 2 === 1) record(i, await client.command('NOOP'));
        }
      }),
    );
    // Once every session is done, one more NOOP each brings the last keywords.
    await Promise.all(sessions.map(async (client, i) => record(i, await client.command('NOOP'))));
    for (const [i, transcript] of transcripts.entries()) {
      assert.deepEqual(unannouncedKeywords(transcript), [], `session ${i}`);
      // Each session saw all 60 keywords in the end (its last FETCH or NOOP).
      const last = [...transcript].reverse().find((l) => l.startsWith('* FLAGS ('))!;
      assert.equal(last.split(' ').filter((f) => f.startsWith('$s')).length, 60, last);
    }
    await Promise.all(sessions.map((client) => client.logout()));
  });
});

describe('BINARY with imapflow', () => {
  it('fetches decoded parts with FETCH BINARY and appends NUL octets as a literal8', async () => {
    const client = new ImapFlow({
      host: '127.0.0.1',
      port: env.maild.ports.imaps,
      secure: true,
      tls: { rejectUnauthorized: false },
      auth: { user: env.address('binary'), pass: PASSWORD },
      logger: false,
    });
    await client.connect();
    try {
      for (const name of ['BINARY', 'MULTIAPPEND', 'PREVIEW', 'SEARCHRES', 'WITHIN', 'ESORT']) assert.ok(client.capabilities.has(name), name);
      await client.mailboxOpen('INBOX');
      const message = await client.fetchOne('1', { bodyParts: ['1', '2'] }, { binary: true });
      assert.ok(message);
      assert.deepEqual(message.bodyParts?.get('2'), PNG);
      assert.match(message.bodyParts!.get('1')!.toString('utf8'), /Grüße aus Köln &amp; Bonn/);

      const raw = Buffer.concat([Buffer.from('From: a@sender.test\r\nSubject: nul\r\nContent-Transfer-Encoding: binary\r\n\r\n'), PNG, Buffer.from('\r\n')]);
      const appended = await client.append('INBOX', raw);
      assert.ok(appended && appended.uid);
      const back = await client.fetchOne(String(appended.uid), { source: true }, { uid: true });
      assert.ok(back);
      assert.deepEqual(back.source, raw);
      await client.messageDelete(String(appended.uid), { uid: true });
    } finally {
      await client.logout();
    }
  });
});

describe('Python imaplib', () => {
  it('reads PREVIEW and BINARY.SIZE, uses SEARCH RETURN (SAVE) with $, and sees RECENT in EXAMINE', async () => {
    const script = `
import imaplib, ssl
ctx = ssl.create_default_context(); ctx.check_hostname = False; ctx.verify_mode = ssl.CERT_NONE
M = imaplib.IMAP4_SSL('127.0.0.1', ${env.maild.ports.imaps}, ssl_context=ctx)
M.login(${JSON.stringify(env.address('fresh'))}, ${JSON.stringify(PASSWORD)})
for name in ('BINARY', 'PREVIEW', 'SEARCHRES', 'WITHIN', 'ESORT', 'MULTIAPPEND'):
    assert name in M.capabilities, M.capabilities
typ, data = M.select('INBOX', readonly=True); assert typ == 'OK', data
assert M.response('RECENT')[1] == [b'1'], 'first EXAMINE'
typ, data = M.select('INBOX', readonly=True)
assert M.response('RECENT')[1] == [b'1'], 'EXAMINE must not clear RECENT'
typ, data = M.fetch('1', '(PREVIEW BINARY.SIZE[2])'); assert typ == 'OK', data
line = data[0] if isinstance(data[0], bytes) else data[0][0] + data[0][1]
assert b'PREVIEW "Gr\\xc3\\xbc\\xc3\\x9fe aus K\\xc3\\xb6ln & Bonn"' in line or b'Gr\\xc3\\xbc\\xc3\\x9fe aus K\\xc3\\xb6ln & Bonn' in b''.join(x if isinstance(x, bytes) else b''.join(x) for x in data), data
assert b'BINARY.SIZE[2] ${PNG.length}' in b''.join(x if isinstance(x, bytes) else b''.join(x) for x in data), data
typ, data = M.fetch('1', '(BINARY.PEEK[2])'); assert typ == 'OK', data
assert data[0][1] == bytes(${JSON.stringify([...PNG])}), data
typ, data = M.search(None, 'RETURN', '(SAVE)', 'ALL'); assert typ == 'OK', data
typ, data = M.fetch('$', '(UID)'); assert typ == 'OK' and b'UID 1' in data[0], data
typ, data = M.search(None, '$', 'YOUNGER', '3600'); assert typ == 'OK' and data[0].split()[0] == b'1', data
typ, data = M.search(None, 'NOT', '$'); assert typ == 'OK' and data == [b''], data
# RFC 5182 §2.1: "If the SEARCH command fails (returns NO or BAD), the search result
# variable ... MUST be set to the empty sequence": a failed SEARCH RETURN (SAVE) empties $.
for failing in (('RETURN', '(SAVE)', 'FROBNICATE'), ('RETURN', '(SAVE)', 'CHARSET', 'X-UNKNOWN', 'ALL')):
    typ, data = M.search(None, 'RETURN', '(SAVE)', 'ALL'); assert typ == 'OK', data
    typ, data = M.search(None, '$'); assert typ == 'OK' and data[0].split()[0] == b'1', data
    tag = M._new_tag().decode()
    M.send(('%s SEARCH %s\\r\\n' % (tag, ' '.join(failing))).encode())
    while True:
        line = M.readline()
        if line.startswith(tag.encode()):
            break
    assert line.split()[1] in (b'NO', b'BAD'), line
    typ, data = M.search(None, '$'); assert typ == 'OK' and data == [b''], (failing, data)
M.logout()
print('ok')
`;
    const { stdout } = await run('/usr/bin/python3', ['-c', script], { timeout: 60_000 }).catch((error: { stderr?: string }) => {
      throw new Error(`imaplib failed: ${error.stderr}`);
    });
    assert.equal(stdout.trim(), 'ok');
  });
});
