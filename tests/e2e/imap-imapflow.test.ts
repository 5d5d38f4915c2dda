// IMAP end to end with imapflow (the client the webmail uses): maild as
// its own process, real PostgreSQL and Redis, mail arriving by SMTP.
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { ImapFlow, type MessageStructureObject } from 'imapflow';
import { fixture, type ImapEnvironment, PASSWORD, startImapEnvironment, textMessage } from './lib/imap-env.ts';
import { startMaild } from './lib/maild.ts';

let env: ImapEnvironment;

function client(options: { user?: string; secure?: boolean; qresync?: boolean } = {}): ImapFlow {
  const secure = options.secure ?? true;
  return new ImapFlow({
    host: '127.0.0.1',
    port: secure ? env.maild.ports.imaps : env.maild.ports.imap,
    secure,
    doSTARTTLS: secure ? undefined : true,
    tls: { rejectUnauthorized: false },
    auth: { user: env.address(options.user ?? 'info'), pass: PASSWORD },
    logger: false,
    ...(options.qresync ? { qresync: true } : {}),
  });
}

async function connected(options: Parameters<typeof client>[0] = {}): Promise<ImapFlow> {
  const c = client(options);
  await c.connect();
  return c;
}

/** Resolves with the first event `name` the client emits (or rejects after `ms`). */
function nextEvent<T>(c: ImapFlow, name: string, ms = 5000): Promise<T> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no ${name} event within ${ms} ms`)), ms);
    c.once(name, (event: T) => {
      clearTimeout(timer);
      resolve(event);
    });
  });
}

before(async () => {
  env = await startImapEnvironment([{ localPart: 'info', quota: '10M' }, { localPart: 'bob' }]);
  await env.deliver(env.address('info'), fixture('msg_02.txt'));
  await env.deliver(env.address('info'), textMessage('Quarterly numbers', { body: 'Revenue is up.\r\n' }));
});

after(async () => {
  await env?.stop();
});

describe('IMAP with imapflow', () => {
  it('logs in over implicit TLS and over STARTTLS and lists the special-use folders', async () => {
    const plain = await connected({ secure: false });
    assert.ok(plain.secureConnection === false || plain.capabilities.has('IDLE'));
    await plain.logout();

    const c = await connected();
    for (const cap of ['IDLE', 'UIDPLUS', 'MOVE', 'CONDSTORE', 'QRESYNC', 'SPECIAL-USE', 'QUOTA', 'ESEARCH']) assert.ok(c.capabilities.has(cap), cap);
    const list = await c.list();
    const byUse = Object.fromEntries(list.filter((m) => m.specialUse).map((m) => [m.specialUse, m.path]));
    assert.deepEqual(byUse, { '\\Archive': 'Archive', '\\Drafts': 'Drafts', '\\Junk': 'Junk', '\\Sent': 'Sent', '\\Trash': 'Trash', '\\Inbox': 'INBOX' });
    await c.logout();
  });

  it('selects INBOX and fetches the BODYSTRUCTURE of a nested multipart and its parts', async () => {
    const c = await connected();
    const mailbox = await c.mailboxOpen('INBOX');
    assert.equal(mailbox.exists, 2);
    const message = await c.fetchOne('1', { bodyStructure: true, envelope: true, uid: true });
    assert.ok(message);
    assert.equal(message.envelope?.subject, 'Ppp digest, Vol 1 #2 - 5 msgs');
    const root = message.bodyStructure as MessageStructureObject;
    assert.equal(root.type, 'multipart/mixed');
    const types = root.childNodes!.map((p) => p.type);
    assert.deepEqual(types, ['text/plain', 'text/plain', 'multipart/digest', 'text/plain']);
    const digest = root.childNodes![2]!;
    assert.equal(digest.childNodes!.length, 5);
    const first = digest.childNodes![0]!;
    assert.equal(first.type, 'message/rfc822');
    assert.equal(first.part, '3.1');
    assert.equal(first.envelope?.subject, '[Ppp] testing #1');
    assert.equal(first.childNodes?.[0]?.type, 'text/plain');

    const { content } = await c.download('1', '3.1.TEXT', { uid: false });
    assert.ok(content);
    let text = '';
    for await (const chunk of content) text += chunk.toString();
    assert.equal(text.trim(), 'hello');
    const headers = await c.fetchOne('1', { headers: ['subject', 'x-mailer'] });
    assert.equal(headers && headers.headers?.toString(), 'Subject: Ppp digest, Vol 1 #2 - 5 msgs\r\nX-Mailer: Mailman v2.0.4\r\n\r\n');
    await c.logout();
  });

  it('searches by header, body, flags and Message-ID (also with ESEARCH)', async () => {
    const c = await connected();
    await c.mailboxOpen('INBOX');
    assert.deepEqual(await c.search({ subject: 'quarterly' }), [2]);
    assert.deepEqual(await c.search({ from: 'ppp-request' }), [1]);
    assert.deepEqual(await c.search({ body: 'revenue' }), [2]);
    assert.deepEqual(await c.search({ seen: false }), [1, 2]);
    assert.deepEqual(await c.search({ header: { 'X-Mailer': 'Mailman' } }), [1]);
    assert.deepEqual(await c.search({ or: [{ subject: 'quarterly' }, { larger: 3000 }] }), [1, 2]);
    assert.deepEqual(await c.search({ uid: '2:*' }, { uid: true }), [2]);
    await c.logout();
  });

  it('stores flags (and keywords) and reads them back', async () => {
    const c = await connected();
    await c.mailboxOpen('INBOX');
    assert.equal(await c.messageFlagsAdd('2', ['\\Flagged', '$Important']), true);
    assert.equal(await c.messageFlagsRemove('2', ['$Important']), true);
    const message = await c.fetchOne('2', { flags: true });
    assert.ok(message && message.flags?.has('\\Flagged'));
    assert.ok(message && !message.flags?.has('$Important'));
    await c.logout();
  });

  it('appends to Drafts with flags and gets the APPENDUID', async () => {
    const c = await connected();
    const result = await c.append('Drafts', textMessage('draft'), ['\\Draft', '\\Seen'], new Date('2024-05-01T12:00:00Z'));
    assert.equal(result && result.uid, 1);
    const status = await c.status('Drafts', { messages: true, unseen: true, uidNext: true });
    assert.ok(status);
    assert.deepEqual({ messages: status.messages, unseen: status.unseen, uidNext: status.uidNext }, { messages: 1, unseen: 0, uidNext: 2 });
    await c.mailboxOpen('Drafts');
    const message = await c.fetchOne('1', { internalDate: true, flags: true });
    assert.equal(message && (message.internalDate as Date).toISOString(), '2024-05-01T12:00:00.000Z');
    await c.logout();
  });

  it('streams a 5 MB message back octet for octet', async () => {
    const c = await connected();
    const line = `${'0123456789'.repeat(7)}\r\n`;
    const raw = Buffer.from(textMessage('large', { body: line.repeat(Math.ceil((5 * 1024 * 1024) / line.length)) }));
    const appended = await c.append('Archive', raw);
    assert.ok(appended);
    await c.mailboxOpen('Archive');
    const { content, meta } = await c.download(String(appended.uid), undefined, { uid: true });
    assert.ok(content && meta);
    const chunks: Buffer[] = [];
    for await (const chunk of content) chunks.push(chunk as Buffer);
    assert.equal(meta.expectedSize, raw.length);
    assert.equal(createHash('sha256').update(Buffer.concat(chunks)).digest('hex'), createHash('sha256').update(raw).digest('hex'));
    await c.messageDelete(String(appended.uid), { uid: true });
    await c.logout();
  });

  it('copies, moves to Archive (COPYUID) and expunges', async () => {
    await env.deliver(env.address('info'), textMessage('to copy'));
    await env.deliver(env.address('info'), textMessage('to delete'));
    const c = await connected();
    await c.mailboxOpen('INBOX');
    const copied = await c.messageCopy({ subject: 'to copy' }, 'Sent');
    assert.ok(copied && copied.uidMap && copied.uidMap.size === 1);
    const moved = await c.messageMove({ subject: 'to copy' }, 'Archive');
    assert.ok(moved && moved.uidMap && moved.uidMap.size === 1);
    const archive = await c.status('Archive', { messages: true });
    assert.equal(archive && archive.messages, 1);
    assert.equal(await c.messageDelete({ subject: 'to delete' }), true);
    assert.deepEqual(await c.search({ subject: 'to ' }), []);
    assert.equal(c.mailbox && c.mailbox.exists, 2);
    await c.logout();
  });

  it('reports the quota in KiB', async () => {
    const c = await connected();
    const quota = await c.getQuota('INBOX');
    assert.ok(quota && quota.storage);
    assert.equal(quota.storage.limit, 10 * 1024 * 1024);
    assert.ok(quota.storage.usage! > 0);
    await c.logout();
  });

  it('wakes an IDLE client within a second of an SMTP delivery', async () => {
    const c = await connected();
    await c.mailboxOpen('INBOX');
    void c.idle();
    const exists = nextEvent<{ count: number; prevCount: number }>(c, 'exists', 3000);
    await new Promise((r) => setTimeout(r, 200)); // IDLE is on
    const sent = Date.now();
    await env.deliver(env.address('info'), textMessage('wake up'));
    const event = await exists;
    const elapsed = Date.now() - sent;
    assert.equal(event.count, event.prevCount + 1);
    assert.ok(elapsed < 1000, `IDLE woke after ${elapsed} ms`);
    await c.logout();
  });
});

describe('two maild instances', () => {
  it('an IDLE session on one instance is woken by a delivery to the other', async () => {
    const second = await startMaild({ databaseUrl: env.t.url, dataDir: env.maild.dataDir, env: { MAILD_ROLES: 'smtp,imap' } });
    try {
      const c = new ImapFlow({
        host: '127.0.0.1',
        port: second.ports.imaps,
        secure: true,
        tls: { rejectUnauthorized: false },
        auth: { user: env.address('bob'), pass: PASSWORD },
        logger: false,
      });
      await c.connect();
      await c.mailboxOpen('INBOX');
      const exists = nextEvent<{ count: number }>(c, 'exists', 3000);
      void c.idle();
      await new Promise((r) => setTimeout(r, 200));
      await env.deliver(env.address('bob'), textMessage('across instances', { to: env.address('bob') }));
      assert.equal((await exists).count, 1);
      const message = await c.fetchOne('1', { envelope: true });
      assert.equal(message && message.envelope?.subject, 'across instances');
      await c.logout();
    } finally {
      await second.stop();
    }
  });
});

describe('Thunderbird-style use with a second client watching', () => {
  it('delivered, read, flagged, moved to Archive and deleted: the second client sees every change', async () => {
    const reader = await connected();
    const watcher = await connected({ secure: false });
    await reader.mailboxOpen('INBOX');
    await watcher.mailboxOpen('INBOX');
    const startCount = watcher.mailbox ? watcher.mailbox.exists : 0;

    // New mail while the watcher IDLEs.
    const exists = nextEvent<{ count: number }>(watcher, 'exists');
    void watcher.idle();
    await new Promise((r) => setTimeout(r, 200));
    await env.deliver(env.address('info'), textMessage('Team lunch'));
    assert.equal((await exists).count, startCount + 1);

    // The reader opens it (BODY.PEEK[] then STORE \Seen, as Thunderbird does); the watcher hears the flag change.
    await reader.noop();
    const seq = startCount + 1;
    const seenEvent = nextEvent<{ seq: number; flags: Set<string> }>(watcher, 'flags');
    const { content } = await reader.download(String(seq));
    assert.ok(content);
    let text = '';
    for await (const chunk of content) text += chunk.toString();
    assert.match(text, /Subject: Team lunch/);
    await reader.messageFlagsAdd(String(seq), ['\\Seen']);
    const seen = await seenEvent;
    assert.equal(seen.seq, seq);
    assert.ok(seen.flags.has('\\Seen'));

    // Flagged.
    const flaggedEvent = nextEvent<{ flags: Set<string> }>(watcher, 'flags');
    await reader.messageFlagsAdd(String(seq), ['\\Flagged']);
    assert.ok((await flaggedEvent).flags.has('\\Flagged'));

    // Moved to Archive: gone from INBOX for the watcher.
    const expunged = nextEvent<{ seq: number }>(watcher, 'expunge');
    const moved = await reader.messageMove(String(seq), 'Archive');
    assert.ok(moved);
    assert.equal((await expunged).seq, seq);

    // Deleted from Archive by the reader; the watcher (now in Archive) sees it go.
    await watcher.mailboxOpen('Archive');
    const archiveCount = watcher.mailbox ? watcher.mailbox.exists : 0;
    await reader.mailboxOpen('Archive');
    const [uid] = (await reader.search({ subject: 'Team lunch' }, { uid: true })) || [];
    assert.ok(uid);
    const gone = nextEvent<{ seq: number }>(watcher, 'expunge');
    void watcher.idle();
    await new Promise((r) => setTimeout(r, 200));
    assert.equal(await reader.messageDelete(String(uid), { uid: true }), true);
    await gone;
    await watcher.noop();
    assert.equal(watcher.mailbox && watcher.mailbox.exists, archiveCount - 1);

    await reader.logout();
    await watcher.logout();
  });
});
