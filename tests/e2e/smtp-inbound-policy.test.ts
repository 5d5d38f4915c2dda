// Inbound policy decisions end to end, through real sockets: forged
// authentication headers, DMARC dispositions (p, sp, pct), ASCII replies,
// DATA-phase refusals in DeliveryLog, the bare postmaster, the per-IP
// connection limit under a burst, and the log line of an accepted message.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { CLI_ACTOR, createAlias, createDomain, createMailbox } from '@kontor/db';
import { createTestDatabase, type TestDatabase } from '@kontor/db/testing';
import { type MaildProcess, startMaild } from './lib/maild.ts';
import { rawSession } from './lib/smtp-session.ts';

const PASSWORD = 'correct horse battery';
const SPF_FAIL = [['v=spf1 ip4:192.0.2.1 -all']];

/** The outside world's DNS as the daemon sees it (127.0.0.1 is the client). */
const DNS = {
  'TXT:sender.test': [['v=spf1 ip4:127.0.0.1 -all']],
  'TXT:_dmarc.sender.test': [['v=DMARC1; p=reject']],
  'TXT:strict.test': SPF_FAIL,
  'TXT:_dmarc.strict.test': [['v=DMARC1; p=reject']],
  'TXT:quarantine.test': SPF_FAIL,
  'TXT:_dmarc.quarantine.test': [['v=DMARC1; p=quarantine']],
  // Organisational domain p=none, subdomains sp=quarantine (RFC 7489 §6.3).
  'TXT:parent.test': SPF_FAIL,
  'TXT:sub.parent.test': SPF_FAIL,
  'TXT:_dmarc.parent.test': [['v=DMARC1; p=none; sp=quarantine']],
  // pct=0: nothing is sampled, so the next lower policy applies (RFC 7489 §6.6.4).
  'TXT:sampled-reject.test': SPF_FAIL,
  'TXT:_dmarc.sampled-reject.test': [['v=DMARC1; p=reject; pct=0']],
  'TXT:sampled-quarantine.test': SPF_FAIL,
  'TXT:_dmarc.sampled-quarantine.test': [['v=DMARC1; p=quarantine; pct=0']],
};

let t: TestDatabase;
let maild: MaildProcess;
const mailbox: Record<string, number> = {};

function message(subject: string, { from = 'alice@sender.test', to = 'info@example.com', extra = '', body = 'Hello from the policy test.\r\n' } = {}) {
  return `${extra}From: <${from}>\r\nTo: ${to}\r\nSubject: ${subject}\r\nDate: ${new Date().toUTCString()}\r\nMessage-ID: <${subject.replace(/\W/g, '')}.${Date.now()}@test>\r\n\r\n${body}`;
}

/** One transaction over a raw socket; the replies to MAIL, each RCPT, DATA, the message and QUIT. */
function send(from: string, to: string[], raw: string): Promise<string[]> {
  return rawSession(maild.ports.smtp, [
    'EHLO client.sender.test\r\n',
    `MAIL FROM:<${from}>\r\n`,
    ...to.map((rcpt) => `RCPT TO:<${rcpt}>\r\n`),
    'DATA\r\n',
    `${raw}\r\n.\r\n`,
    'QUIT\r\n',
  ]).then((replies) => replies.slice(1));
}

async function storedBySubject(subject: string) {
  const m = await t.db.message.findFirst({ where: { subject }, include: { folder: true } });
  assert.ok(m, `message ${subject} stored`);
  const text = readFileSync(path.join(maild.dataDir, 'blobs', m.blobHash.slice(0, 2), m.blobHash.slice(2, 4), m.blobHash), 'utf8');
  return { folder: m.folder.name, text, header: text.slice(0, text.indexOf('\r\n\r\n') + 2) };
}

before(async () => {
  t = await createTestDatabase();
  const example = await createDomain(t.db, CLI_ACTOR, { name: 'example.com' });
  for (const [name, quota] of [
    ['info', '10M'],
    ['admin', '10M'],
    ['tiny', '2K'],
  ] as const) {
    mailbox[name] = (await createMailbox(t.db, CLI_ACTOR, { domainId: example.id, localPart: name, password: PASSWORD, quota })).id;
  }
  // MAIL_HOSTNAME is mx.kontor.test: a bare "postmaster" is postmaster@kontor.test.
  const kontor = await createDomain(t.db, CLI_ACTOR, { name: 'kontor.test' });
  await createAlias(t.db, CLI_ACTOR, { domainId: kontor.id, localPart: 'postmaster', destinations: 'admin@example.com' });
  maild = await startMaild({
    databaseUrl: t.url,
    dns: DNS,
    env: { MAX_MESSAGE_SIZE: '50K', MAILD_ROLES: 'smtp', SMTP_MAX_CONNECTIONS_PER_IP: '20', SMTP_CONNECTIONS_PER_MINUTE: '1000' },
  });
});

after(async () => {
  await maild?.stop({ cleanup: true });
  await t?.drop();
});

describe('authentication headers from outside (RFC 8601 §5)', () => {
  it('removes Authentication-Results claiming our authserv-id and earlier Received-SPF, keeps other servers results', async () => {
    const forged = [
      'Authentication-Results: mx.kontor.test; dkim=pass header.d=bank.test; dmarc=pass header.from=bank.test',
      'authentication-results:  MX.Kontor.Test 1;\r\n\tspf=pass smtp.mailfrom=bank.test',
      'Authentication-Results: (comment) mx.kontor.test ; arc=pass',
      'Received-SPF: pass (mx.kontor.test: domain of bank.test designates 127.0.0.1 as permitted sender)',
      'Authentication-Results: relay.other.test; spf=pass smtp.mailfrom=sender.test',
      'Authentication-Results: mx.kontor.test.evil.test; dkim=pass',
      '',
    ].join('\r\n');
    const replies = await send('alice@sender.test', ['info@example.com'], message('forged-auth', { extra: forged }));
    assert.match(replies.at(-2)!, /^250 2\.6\.0 /);
    const { header } = await storedBySubject('forged-auth');
    const fields = header.replace(/\r\n[ \t]+/g, ' ').split('\r\n');
    const ours = fields.filter((f) => /^authentication-results:\s*(\([^)]*\)\s*)?mx\.kontor\.test\s*(\d+\s*)?;/i.test(f));
    assert.equal(ours.length, 1, `only our own Authentication-Results:\n${header}`);
    assert.match(ours[0]!, /spf=pass .*smtp\.mailfrom=alice@sender\.test/);
    assert.doesNotMatch(header, /bank\.test/);
    assert.equal(fields.filter((f) => /^received-spf:/i.test(f)).length, 1, 'only our own Received-SPF');
    assert.match(header, /\r\nAuthentication-Results: relay\.other\.test; spf=pass/);
    assert.match(header, /\r\nAuthentication-Results: mx\.kontor\.test\.evil\.test; dkim=pass/);
  });
});

describe('DMARC dispositions', () => {
  it('files p=quarantine failures under Junk', async () => {
    const replies = await send('ceo@quarantine.test', ['info@example.com'], message('dmarc-quarantine', { from: 'ceo@quarantine.test' }));
    assert.match(replies.at(-2)!, /^250 /);
    assert.equal((await storedBySubject('dmarc-quarantine')).folder, 'Junk');
  });

  it('uses sp= for a subdomain and p= for the organisational domain itself', async () => {
    await send('ceo@sub.parent.test', ['info@example.com'], message('dmarc-subdomain', { from: 'ceo@sub.parent.test' }));
    assert.equal((await storedBySubject('dmarc-subdomain')).folder, 'Junk');
    await send('ceo@parent.test', ['info@example.com'], message('dmarc-org-none', { from: 'ceo@parent.test' }));
    assert.equal((await storedBySubject('dmarc-org-none')).folder, 'INBOX');
  });

  it('applies the next lower policy to mail pct= does not sample (pct=0)', async () => {
    const reject = await send('ceo@sampled-reject.test', ['info@example.com'], message('dmarc-pct-reject', { from: 'ceo@sampled-reject.test' }));
    assert.match(reject.at(-2)!, /^250 /, 'p=reject pct=0 is not refused');
    assert.equal((await storedBySubject('dmarc-pct-reject')).folder, 'Junk');
    await send('ceo@sampled-quarantine.test', ['info@example.com'], message('dmarc-pct-quarantine', { from: 'ceo@sampled-quarantine.test' }));
    assert.equal((await storedBySubject('dmarc-pct-quarantine')).folder, 'INBOX');
  });

  it('refuses p=reject failures with a 550 whose text is plain ASCII (RFC 5321 §4.2), and logs it', async () => {
    const replies = await send('ceo@strict.test', ['info@example.com'], message('dmarc-reject', { from: 'ceo@strict.test' }));
    const refusal = replies.at(-2)!;
    assert.match(refusal, /^550 5\.7\.1 /);
    // rawSession reads bytes as latin1: any byte above 0x7e shows here.
    assert.match(refusal, /^[\x20-\x7e]+$/, `non-ASCII reply: ${JSON.stringify(refusal)}`);
    const row = await t.db.deliveryLog.findFirst({ where: { rcptTo: 'info@example.com', mailFrom: 'ceo@strict.test', status: 'rejected' } });
    assert.ok(row, 'DeliveryLog row for the DMARC refusal');
    assert.match(row.remoteResponse, /^550 5\.7\.1/);
  });
});

describe('DATA-phase refusals are written to DeliveryLog', () => {
  it('logs an oversized message (552)', async () => {
    const replies = await send(
      'big@sender.test',
      ['info@example.com'],
      message('too-big', { from: 'big@sender.test', body: `${'x'.repeat(998)}\r\n`.repeat(60) }),
    );
    assert.match(replies.at(-2)!, /^552 5\.3\.4 /);
    const row = await t.db.deliveryLog.findFirst({ where: { mailFrom: 'big@sender.test', rcptTo: 'info@example.com' } });
    assert.ok(row, 'DeliveryLog row for the size refusal');
    assert.equal(row.status, 'rejected');
    assert.match(row.remoteResponse, /^552 5\.3\.4/);
  });

  it('logs a message that does not fit the quota at commit (452)', async () => {
    const replies = await send(
      'full@sender.test',
      ['tiny@example.com'],
      message('over-quota', { from: 'full@sender.test', to: 'tiny@example.com', body: `${'y'.repeat(70)}\r\n`.repeat(60) }),
    );
    assert.match(replies.at(-2)!, /^452 4\.2\.2 /);
    const row = await t.db.deliveryLog.findFirst({ where: { mailFrom: 'full@sender.test', rcptTo: 'tiny@example.com' } });
    assert.ok(row, 'DeliveryLog row for the quota refusal');
    assert.equal(row.status, 'deferred');
    assert.match(row.remoteResponse, /^452 4\.2\.2/);
  });
});

describe('RCPT TO:<postmaster> (RFC 5321 §4.5.1)', () => {
  it('accepts the bare postmaster and delivers it where postmaster@ of MAIL_HOSTNAME domain goes', async () => {
    const replies = await send('alice@sender.test', ['postmaster'], message('to-postmaster', { to: 'postmaster' }));
    assert.match(replies[1]!, /^250 /, replies.join(' | '));
    assert.match(replies.at(-2)!, /^250 2\.6\.0 /);
    const m = await t.db.message.findFirst({ where: { subject: 'to-postmaster' } });
    assert.equal(m?.mailboxId, mailbox.admin);
    const upper = await rawSession(maild.ports.smtp, ['EHLO client.sender.test\r\n', 'MAIL FROM:<>\r\n', 'RCPT TO:<PostMaster>\r\n', 'QUIT\r\n']);
    assert.match(upper[2]!, /^250 /);
  });
});

describe('per-IP connection limit', () => {
  it('greets exactly SMTP_MAX_CONNECTIONS_PER_IP of 60 simultaneous connections and refuses the rest with 421', async () => {
    const sockets: net.Socket[] = [];
    const closed: Array<Promise<unknown>> = [];
    const greetings = await Promise.all(
      Array.from(
        { length: 60 },
        () =>
          new Promise<string>((resolve, reject) => {
            const socket = net.connect({ port: maild.ports.smtp, host: '127.0.0.1' });
            sockets.push(socket);
            closed.push(new Promise((resolve) => socket.once('close', resolve)));
            let text = '';
            socket.on('data', (chunk) => {
              text += chunk.toString('latin1');
              if (text.includes('\r\n')) resolve(text.slice(0, 3));
            });
            socket.on('error', reject);
            setTimeout(() => reject(new Error('no greeting')), 15_000);
          }),
      ),
    );
    for (const s of sockets) s.destroy();
    await Promise.all(closed);
    assert.equal(greetings.filter((g) => g === '220').length, 20, greetings.join(' '));
    assert.equal(greetings.filter((g) => g === '421').length, 40, greetings.join(' '));
    // Every slot is given back when the clients leave.
    const deadline = Date.now() + 5000;
    for (;;) {
      const replies = await rawSession(maild.ports.smtp, ['QUIT\r\n']).catch(() => []);
      if (replies[0]?.startsWith('221')) break;
      if (Date.now() > deadline) throw new Error('slots not released');
      await new Promise((r) => setTimeout(r, 100));
    }
  });
});

describe('accepted messages are logged', () => {
  it('logs one info line per accepted message with queue id, client, envelope, size, verdicts and folder', async () => {
    const replies = await send('alice@sender.test', ['info@example.com', 'admin@example.com'], message('logged-delivery'));
    const queueId = /Message accepted as (\w+)/.exec(replies.at(-2)!)?.[1];
    assert.ok(queueId, replies.join(' | '));
    const line = await maild.waitForLog(new RegExp(`"queueId":"${queueId}".*"msg":"message accepted"`));
    const entry = JSON.parse(line) as Record<string, unknown>;
    assert.equal(entry.level, 30);
    assert.equal(entry.ip, '127.0.0.1');
    assert.equal(entry.mailFrom, 'alice@sender.test');
    assert.deepEqual(entry.recipients, ['info@example.com', 'admin@example.com']);
    assert.equal(typeof entry.size, 'number');
    assert.equal(entry.spf, 'pass');
    assert.deepEqual(entry.dkim, ['none']);
    assert.equal(entry.dmarc, 'pass');
    assert.equal(entry.folder, 'INBOX');
    assert.equal(
      maild
        .output()
        .split('\n')
        .filter((l) => l.includes(`"queueId":"${queueId}"`) && l.includes('"msg":"message accepted"')).length,
      1,
    );
  });
});
