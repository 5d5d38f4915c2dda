// A large INBOX: N messages (default 30,000, one delivered by SMTP, the rest
// copied in SQL with varied flags and dates), then what a desktop client
// does with it over IMAP, timed: SELECT, the searches it sends, a full FLAGS
// sync and a header sync, a body search, SORT and THREAD. With Debian's dovecot-imapd
// installed, the same mailbox in Dovecot (Maildir) is timed too. Figures
// are in docs/imap.md.
//
//   npm run bench -- imap-large
//   node --import tsx bench/imap-large-folder.ts 100000
import { execSync } from 'node:child_process';
import net from 'node:net';
import { CLI_ACTOR, createDomain, createMailbox } from '@kontor/db';
import { createTestDatabase } from '@kontor/db/testing';
import nodemailer from 'nodemailer';
import { startMaild } from '../tests/e2e/lib/maild.ts';
import { startDovecot } from './lib/dovecot.ts';

const N = Number(process.argv[2] ?? 30000);
const t = await createTestDatabase();
const domain = await createDomain(t.db, CLI_ACTOR, { name: 'example.com' });
await createMailbox(t.db, CLI_ACTOR, { domainId: domain.id, localPart: 'big', password: 'correct horse battery', quota: '0' });
const m = await startMaild({
  databaseUrl: t.url,
  env: { SMTP_CONNECTIONS_PER_MINUTE: '0', ALLOW_PLAINTEXT_AUTH_LOOPBACK: 'true' },
  nodeArgs: process.env.KONTOR_BENCH_PROFILE ? ['--cpu-prof', `--cpu-prof-dir=${process.env.KONTOR_BENCH_PROFILE}`] : [],
});
const tr = nodemailer.createTransport({ host: '127.0.0.1', port: m.ports.smtp, ignoreTLS: true, name: 'client.test' });
await tr.sendMail({ from: 'alice@sender.test', to: 'big@example.com', subject: 'seed message', text: 'hello world body' });
await new Promise((r) => setTimeout(r, 500));
const sql = (q: string) => execSync(`psql -v ON_ERROR_STOP=1 -h 127.0.0.1 -U postgres -d ${t.name} -At -f -`, { input: q }).toString().trim();
sql(`INSERT INTO "Message" ("folderId","mailboxId",uid,modseq,flags,"internalDate",size,"blobHash",envelope,"bodyStructure",subject,"fromAddress","toAddress","ccAddress","bccAddress","messageIdHdr","inReplyTo","sentDate","sortSubject","sortFrom","sortTo","sortCc","sortDisplayFrom","sortDisplayTo","referencesHdr")
 SELECT "folderId","mailboxId",uid+g,modseq,CASE WHEN g % 10 = 0 THEN '{}'::text[] ELSE ARRAY['\\Seen']::text[] END,"internalDate" - (g || ' hours')::interval,size,"blobHash",envelope,"bodyStructure",subject || ' ' || g,"fromAddress","toAddress","ccAddress","bccAddress","messageIdHdr","inReplyTo","sentDate" - (g || ' minutes')::interval,
   "sortSubject" || ' ' || g,"sortFrom","sortTo","sortCc","sortDisplayFrom","sortDisplayTo","referencesHdr" FROM "Message", generate_series(1, ${N - 1}) g`);
sql(
  `UPDATE "Folder" f SET "uidNext" = (SELECT max(uid)+1 FROM "Message" WHERE "folderId" = f.id), "messageCount" = (SELECT count(*) FROM "Message" WHERE "folderId" = f.id) WHERE name = 'INBOX'`,
);
sql(`UPDATE "Blob" SET "refCount" = ${N}`);
console.log('messages', sql(`SELECT count(*) FROM "Message"`));
const COMMANDS = [
  'SELECT INBOX',
  'UID SEARCH UNSEEN',
  'UID SEARCH SINCE 1-Nov-2026',
  'UID SEARCH FROM "alice"',
  'UID SEARCH SUBJECT "seed message 12345"',
  'UID FETCH 1:* (FLAGS)',
  'UID FETCH 1:* (UID RFC822.SIZE FLAGS BODY.PEEK[HEADER.FIELDS (From To Cc Bcc Subject Date Message-ID Priority X-Priority References Newsgroups In-Reply-To Content-Type Reply-To)])',
  'UID SEARCH BODY "hello"',
  'UID SEARCH OR FROM hello OR TO hello OR SUBJECT hello BODY hello',
  'UID SORT (REVERSE DATE) UTF-8 ALL',
  'UID SORT (SUBJECT) UTF-8 ALL',
  'UID THREAD REFERENCES UTF-8 ALL',
];

/**
 * Logs in on a raw session that only counts bytes (a parsing client would
 * be the slow side of a 12 MB response) and times each command.
 */
async function timeCommands(port: number): Promise<Array<{ ms: number; bytes: number; status: string }>> {
  const socket = net.connect(port, '127.0.0.1');
  let pending: { tag: string; resolve: (result: { bytes: number; tagged: string }) => void } | undefined;
  let tail = '';
  let bytes = 0;
  socket.on('data', (chunk: Buffer) => {
    bytes += chunk.length;
    tail = (tail + chunk.toString('latin1')).slice(-4096);
    if (!pending) return;
    const done = new RegExp(`(^|\\r\\n)${pending.tag} (OK|NO|BAD)[^\\r\\n]*\\r\\n$`).exec(tail);
    if (done) {
      const { resolve } = pending;
      pending = undefined;
      resolve({ bytes, tagged: done[0].trim() });
    }
  });
  await new Promise((r) => socket.once('data', r)); // greeting
  let counter = 0;
  const command = (text: string) => {
    const tag = `b${++counter}`;
    bytes = 0;
    tail = '';
    const result = new Promise<{ bytes: number; tagged: string }>((resolve) => (pending = { tag, resolve }));
    socket.write(`${tag} ${text}\r\n`);
    return result;
  };
  await command('LOGIN big@example.com "correct horse battery"');
  const results = [];
  for (const text of COMMANDS) {
    const t0 = performance.now();
    const { bytes: size, tagged } = await command(text);
    results.push({ ms: Math.round(performance.now() - t0), bytes: size, status: tagged.split(' ')[1] ?? '?' });
  }
  await command('LOGOUT');
  socket.destroy();
  return results;
}

const kontor = await timeCommands(m.ports.imap);
await m.stop({ cleanup: true });

// The same mailbox in Dovecot's Maildir, where Dovecot is installed.
const messages = function* () {
  for (let g = 0; g < N; g++) {
    yield {
      raw: `From: alice@sender.test\r\nTo: big@example.com\r\nSubject: seed message ${g}\r\nDate: Fri, 27 Nov 2026 10:00:00 +0000\r\nMessage-ID: <m${g}@sender.test>\r\n\r\nhello world body\r\n`,
      seen: g % 10 !== 0,
      internalDate: new Date(Date.now() - g * 3_600_000),
    };
  }
};
const dovecot = await startDovecot({ address: 'big@example.com', password: 'correct horse battery' }, messages());
let peer: typeof kontor | undefined;
if (dovecot) {
  // Dovecot builds its index at the first SELECT (an LDA would have built it at delivery): once, untimed.
  await timeCommands(dovecot.port);
  peer = await timeCommands(dovecot.port);
  await dovecot.stop();
} else {
  console.log('[imap-large] Dovecot is not installed (apt-get install dovecot-imapd): no peer figures');
}
console.table(
  COMMANDS.map((text, i) => ({
    command: text.length > 60 ? `${text.slice(0, 57)}...` : text,
    'kontor ms': kontor[i]!.ms,
    'kontor bytes': kontor[i]!.bytes,
    ...(peer ? { 'dovecot ms': peer[i]!.ms, 'dovecot bytes': peer[i]!.bytes } : {}),
  })),
);
await t.drop();
process.exit(0);
