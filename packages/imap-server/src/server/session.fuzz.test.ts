// Random commands (valid and not) in random order, with a fixed seed:
// every one gets a tagged answer, none is a server bug, the connection
// stays up, and the session's view stays in step with the store.
// FUZZ_SEED=n runs another sequence.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { message, startTestServer, type TestServer, USER } from '../testing/harness.ts';

function random(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state * 1103515245 + 12345) & 0x7fffffff;
    return state / 0x7fffffff;
  };
}

const MAILBOXES = ['INBOX', 'Archive', 'Sent', 'Nope', '"a b"', 'Trash', '&AOQ-', '""'];
const SETS = ['1', '2:4', '*', '1:*', '3,1,5', '100', '0', '$', '2:*', 'x'];
const ITEMS = [
  'FLAGS',
  'UID',
  'ENVELOPE',
  'BODYSTRUCTURE',
  'BODY[]',
  'BODY.PEEK[1]',
  'BODY[HEADER.FIELDS (Subject)]',
  'RFC822.SIZE',
  '(FLAGS MODSEQ)',
  'FAST',
  'BODY[2.MIME]<0.10>',
  'BINARY[1]',
];
const FLAGS = ['\\Seen', '\\Deleted', '\\Flagged', '$Work', '\\Recent', '\\Bogus'];
const SEARCH = [
  'ALL',
  'SEEN',
  'UNSEEN FROM bob',
  'OR DELETED FLAGGED',
  'TEXT hello',
  'UID 2:*',
  'LARGER 10',
  'SINCE 1-Jan-2000',
  'NOT NOT ALL',
  'HEADER Subject x',
  'BODY test',
  'MODSEQ 1',
  'FROB',
];

describe('session fuzz', () => {
  let server: TestServer;
  before(async () => {
    server = await startTestServer();
    for (let i = 0; i < 6; i++) server.storage.deliver(USER, 'INBOX', message(`m${i}`));
  });
  after(() => server.close());

  it('answers 600 random commands without a server bug', async () => {
    const next = random(Number(process.env.FUZZ_SEED ?? 42));
    const pick = <T>(list: readonly T[]): T => list[Math.floor(next() * list.length)]!;
    const commands: Array<() => string> = [
      () => 'SELECT INBOX',
      () => 'SELECT INBOX',
      () => 'SELECT INBOX (CONDSTORE)',
      () => `SELECT ${pick(MAILBOXES)}`,
      () => `EXAMINE ${pick(MAILBOXES)}`,
      () => `FETCH ${pick(SETS)} ${pick(ITEMS)}`,
      () => `UID FETCH ${pick(SETS)} ${pick(ITEMS)}`,
      () => `STORE ${pick(SETS)} ${pick(['+FLAGS', '-FLAGS', 'FLAGS', '+FLAGS.SILENT'])} (${pick(FLAGS)})`,
      () => `UID STORE ${pick(SETS)} +FLAGS (${pick(FLAGS)})`,
      () => `SEARCH ${pick(SEARCH)}`,
      () => `UID SEARCH RETURN (MIN MAX COUNT) ${pick(SEARCH)}`,
      () => `COPY ${pick(SETS)} ${pick(MAILBOXES)}`,
      () => `UID MOVE ${pick(SETS)} ${pick(MAILBOXES)}`,
      () => 'EXPUNGE',
      () => `UID EXPUNGE ${pick(SETS)}`,
      () => 'NOOP',
      () => 'CHECK',
      () => 'CLOSE',
      () => 'UNSELECT',
      () => `STATUS ${pick(MAILBOXES)} (MESSAGES UNSEEN RECENT SIZE)`,
      () => `LIST "" ${pick(['*', '%', 'INBOX', '"A*"'])}`,
      () => `CREATE ${pick(MAILBOXES)}${pick(['', '/x'])}`,
      () => `DELETE ${pick(MAILBOXES)}`,
      () => `RENAME ${pick(MAILBOXES)} ${pick(MAILBOXES)}`,
      () => `APPEND ${pick(MAILBOXES)} (${pick(FLAGS)}) {12+}\r\nSubject: x\r\n`,
      () => `SORT (${pick(['DATE', 'SUBJECT', 'REVERSE SIZE'])}) UTF-8 ${pick(SEARCH)}`,
      () => `THREAD ${pick(['REFERENCES', 'ORDEREDSUBJECT'])} UTF-8 ALL`,
      () => `ENABLE ${pick(['CONDSTORE', 'QRESYNC', 'UTF8=ACCEPT'])}`,
      () => pick(['FROB', 'FETCH', 'SELECT', 'LOGIN a', '(((']),
    ];
    const client = await server.login();
    const problems: string[] = [];
    const stats: Record<string, number> = {};
    for (let i = 0; i < 600; i++) {
      const text = pick(commands)();
      const result = await client.command(text);
      stats[result.status] = (stats[result.status] ?? 0) + 1;
      if (!['OK', 'NO', 'BAD'].includes(result.status) || /SERVERBUG/.test(result.tagged)) problems.push(`${text} → ${result.tagged}`);
      // Deliveries now and then, as other sessions would make.
      if (next() < 0.05) server.storage.deliver(USER, 'INBOX', message(`d${i}`));
    }
    assert.deepEqual(problems, []);
    // Most commands must do real work, not bounce off the parser.
    assert.ok((stats.OK ?? 0) > 200, JSON.stringify(stats));
    // The view agrees with the store after a NOOP.
    await client.command('SELECT INBOX');
    const fetched = await client.command('FETCH 1:* UID');
    const uids = fetched.untagged.map((line) => Number(/UID (\d+)/.exec(line)![1]));
    assert.deepEqual(
      uids,
      [...server.storage.folderByName(USER, 'INBOX').messages.keys()].sort((a, b) => a - b),
    );
    await client.logout();
  });
});
