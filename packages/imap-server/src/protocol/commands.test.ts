import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { COMMANDS, type CommandName } from './commands.ts';
import { type ValidationResult, validateCommand } from './dispatcher.ts';
import { CommandParser } from './parser.ts';

const SELECTED = { state: 'selected', enabled: new Set(['QRESYNC', 'CONDSTORE']) } as const;

/** Parses one command line (with literals inline) and validates it in the selected state. */
function check(line: string, session: Parameters<typeof validateCommand>[1] = SELECTED): ValidationResult {
  const events = new CommandParser().feed(Buffer.from(`t ${line}\r\n`));
  const event = events.find((e) => e.kind === 'command');
  if (event?.kind !== 'command') throw new Error(`not parsed: ${line} → ${JSON.stringify(events)}`);
  return validateCommand(event.command, session);
}

function args(line: string, session?: Parameters<typeof validateCommand>[1]): unknown {
  const result = check(line, session);
  assert.ok(result.ok, `${line} → ${JSON.stringify(!result.ok && result.completion)}`);
  return result.args;
}

function rejection(line: string, session?: Parameters<typeof validateCommand>[1]): string {
  const result = check(line, session);
  assert.ok(!result.ok, `${line} should be rejected`);
  return `${result.completion.status} ${result.completion.text}`;
}

/** One valid example per command, run in a state that allows it. */
const EXAMPLES: Record<CommandName, string> = {
  CAPABILITY: 'CAPABILITY',
  NOOP: 'NOOP',
  LOGOUT: 'LOGOUT',
  ID: 'ID NIL',
  STARTTLS: 'STARTTLS',
  AUTHENTICATE: 'AUTHENTICATE PLAIN',
  LOGIN: 'LOGIN bob secret',
  ENABLE: 'ENABLE CONDSTORE',
  SELECT: 'SELECT INBOX',
  EXAMINE: 'EXAMINE INBOX',
  CREATE: 'CREATE Archive',
  DELETE: 'DELETE Archive',
  RENAME: 'RENAME Old New',
  SUBSCRIBE: 'SUBSCRIBE News',
  UNSUBSCRIBE: 'UNSUBSCRIBE News',
  LIST: 'LIST "" *',
  LSUB: 'LSUB "" *',
  NAMESPACE: 'NAMESPACE',
  STATUS: 'STATUS INBOX (MESSAGES)',
  APPEND: 'APPEND INBOX {1+}\r\nx',
  IDLE: 'IDLE',
  GETQUOTA: 'GETQUOTA ""',
  GETQUOTAROOT: 'GETQUOTAROOT INBOX',
  CHECK: 'CHECK',
  CLOSE: 'CLOSE',
  UNSELECT: 'UNSELECT',
  EXPUNGE: 'EXPUNGE',
  SEARCH: 'SEARCH ALL',
  FETCH: 'FETCH 1 FLAGS',
  STORE: 'STORE 1 FLAGS ()',
  COPY: 'COPY 1 Trash',
  MOVE: 'MOVE 1 Trash',
  SORT: 'SORT (DATE) UTF-8 ALL',
  THREAD: 'THREAD REFERENCES UTF-8 ALL',
  'UID FETCH': 'UID FETCH 1 FLAGS',
  'UID STORE': 'UID STORE 1 +FLAGS \\Seen',
  'UID COPY': 'UID COPY 1 Trash',
  'UID MOVE': 'UID MOVE 1 Trash',
  'UID SEARCH': 'UID SEARCH ALL',
  'UID SORT': 'UID SORT (DATE) UTF-8 ALL',
  'UID THREAD': 'UID THREAD REFERENCES UTF-8 ALL',
  'UID EXPUNGE': 'UID EXPUNGE 1:5',
};

describe('command table', () => {
  it('accepts an example of every command in an allowed state', () => {
    for (const [name, line] of Object.entries(EXAMPLES) as Array<[CommandName, string]>) {
      const state = COMMANDS[name].states[0]!;
      const result = check(line, { state, enabled: new Set() });
      assert.ok(result.ok, `${name}: ${JSON.stringify(!result.ok && result.completion)}`);
      assert.equal(result.command, name);
    }
  });

  it('rejects extra arguments to commands that take none', () => {
    for (const name of ['CAPABILITY', 'NOOP', 'LOGOUT', 'NAMESPACE', 'CHECK', 'CLOSE', 'UNSELECT', 'EXPUNGE', 'IDLE'] as const) {
      const state = COMMANDS[name].states[0]!;
      assert.equal(rejection(`${name} now`, { state, enabled: new Set() }), `BAD ${name}: Unexpected argument: now`);
    }
  });
});

describe('argument schemas', () => {
  const auth = { state: 'not-authenticated', enabled: new Set<string>() } as const;
  const authenticated = { state: 'authenticated', enabled: new Set(['QRESYNC']) } as const;

  it('LOGIN / AUTHENTICATE / ENABLE / ID', () => {
    assert.deepEqual(args('LOGIN {3+}\r\nbob "p\\"w"', auth), { username: 'bob', password: 'p"w' });
    assert.deepEqual(args('AUTHENTICATE plain AGJvYgBzZWNyZXQ=', auth), { mechanism: 'PLAIN', initialResponse: 'AGJvYgBzZWNyZXQ=' });
    assert.deepEqual(args('AUTHENTICATE PLAIN =', auth), { mechanism: 'PLAIN', initialResponse: '' });
    assert.equal(rejection('AUTHENTICATE PLAIN abc', auth), 'BAD AUTHENTICATE: Initial response is not base64');
    assert.equal(rejection('LOGIN bob', auth), 'BAD LOGIN: Missing password');
    assert.deepEqual(args('ENABLE condstore UTF8=ACCEPT', authenticated), { capabilities: ['CONDSTORE', 'UTF8=ACCEPT'] });
    assert.equal(rejection('ENABLE', authenticated), 'BAD ENABLE: Missing capability names');
    assert.deepEqual(args('ID ("name" "Thunderbird" "version" NIL)', auth), {
      params: [
        ['name', 'Thunderbird'],
        ['version', null],
      ],
    });
  });

  it('SELECT / EXAMINE with CONDSTORE and QRESYNC (RFC 7162)', () => {
    assert.deepEqual(args('SELECT inbox', authenticated), { mailbox: 'INBOX', condstore: false });
    assert.deepEqual(args('EXAMINE Sent (CONDSTORE)', authenticated), { mailbox: 'Sent', condstore: true });
    assert.deepEqual(args('SELECT INBOX (QRESYNC (67890007 20050715194045000 41,43:211,214:541))', authenticated), {
      mailbox: 'INBOX',
      condstore: true,
      qresync: {
        uidValidity: 67890007,
        modseq: 20050715194045000n,
        knownUids: {
          kind: 'ranges',
          ranges: [
            { start: 41, end: 41 },
            { start: 43, end: 211 },
            { start: 214, end: 541 },
          ],
        },
      },
    });
    const withMatch = args(
      'SELECT INBOX (QRESYNC (67890007 90060115194045000 1:29997 (5000,7500,9000,9990:9999 15000,22500,27000,29970,29973,29976,29979,29982,29985,29988,29991,29994,29997)))',
      authenticated,
    ) as {
      qresync: { sequenceMatch: unknown };
    };
    assert.ok(withMatch.qresync.sequenceMatch);
    assert.equal(
      rejection('SELECT INBOX (QRESYNC (1 2))', { state: 'authenticated', enabled: new Set() }),
      'BAD SELECT: QRESYNC parameter requires ENABLE QRESYNC',
    );
    assert.equal(rejection('SELECT INBOX (QRESYNC (1 2 1:*))', authenticated), 'BAD SELECT: "*" is not allowed in QRESYNC known UIDs');
    assert.equal(rejection('SELECT INBOX (FOO)', authenticated), 'BAD SELECT: Unknown SELECT parameter: FOO');
  });

  it('mailbox names: modified UTF-7, UTF8=ACCEPT, INBOX', () => {
    assert.deepEqual(args('CREATE "~peter/mail/&U,BTFw-/&ZeVnLIqe-"', authenticated), { mailbox: '~peter/mail/台北/日本語' });
    assert.equal(rejection('CREATE "Tom & Jerry"', authenticated), 'NO CREATE: Invalid mailbox name: not valid modified UTF-7');
    assert.deepEqual(args('CREATE "Entwürfe"', { state: 'authenticated', enabled: new Set(['UTF8=ACCEPT']) }), { mailbox: 'Entwürfe' });
    assert.deepEqual(args('CREATE Sent (USE (\\sent))', authenticated), { mailbox: 'Sent', specialUse: ['\\Sent'] });
    assert.deepEqual(args('RENAME inbox Old-Inbox', authenticated), { from: 'INBOX', to: 'Old-Inbox' });
  });

  it('LIST, LIST-EXTENDED, LIST-STATUS and LSUB', () => {
    assert.deepEqual(args('LIST "" %', authenticated), {
      reference: '',
      patterns: ['%'],
      selection: { subscribed: false, remote: false, recursiveMatch: false, specialUse: false },
      returns: { subscribed: false, children: false, specialUse: false },
      extended: false,
    });
    assert.deepEqual(args('LIST (SUBSCRIBED RECURSIVEMATCH) "" ("INBOX" "Sent*" %) RETURN (CHILDREN SPECIAL-USE STATUS (MESSAGES UNSEEN))', authenticated), {
      reference: '',
      patterns: ['INBOX', 'Sent*', '%'],
      selection: { subscribed: true, remote: false, recursiveMatch: true, specialUse: false },
      returns: { subscribed: false, children: true, specialUse: true, status: ['MESSAGES', 'UNSEEN'] },
      extended: true,
    });
    assert.equal(rejection('LIST (RECURSIVEMATCH) "" *', authenticated), 'BAD LIST: RECURSIVEMATCH needs another selection option');
    assert.equal(rejection('LIST (BOGUS) "" *', authenticated), 'BAD LIST: Unknown LIST selection option: BOGUS');
    assert.deepEqual(args('LSUB "#news." "comp.mail.*"', authenticated), { reference: '#news.', pattern: 'comp.mail.*' });
  });

  it('STATUS', () => {
    assert.deepEqual(args('STATUS blurdybloop (UIDNEXT MESSAGES uidnext)', authenticated), { mailbox: 'blurdybloop', items: ['UIDNEXT', 'MESSAGES'] });
    assert.equal(rejection('STATUS INBOX ()', authenticated), 'BAD STATUS: Empty STATUS item list');
    assert.equal(rejection('STATUS INBOX (SPAM)', authenticated), 'BAD STATUS: Unknown STATUS item: SPAM');
  });

  it('APPEND with flags, date, literal8 and MULTIAPPEND', () => {
    const result = args('APPEND saved-messages (\\Seen $Label) "05-Jul-1994 02:44:25 -0700" {5+}\r\nhello ~{3+}\r\nbye UTF8 (~{2+}\r\nhi)', authenticated) as {
      mailbox: string;
      messages: Array<{ flags: string[]; internalDate?: { date: Date }; content: Buffer; binary: boolean; utf8: boolean }>;
    };
    assert.equal(result.mailbox, 'saved-messages');
    assert.equal(result.messages.length, 3);
    assert.deepEqual(result.messages[0]!.flags, ['\\Seen', '$Label']);
    assert.equal(result.messages[0]!.internalDate?.date.toISOString(), '1994-07-05T09:44:25.000Z');
    assert.equal(result.messages[0]!.content.toString(), 'hello');
    assert.deepEqual([result.messages[1]!.binary, result.messages[1]!.content.toString()], [true, 'bye']);
    assert.deepEqual([result.messages[2]!.utf8, result.messages[2]!.content.toString()], [true, 'hi']);
    assert.equal(rejection('APPEND INBOX "junk" {1+}\r\nx', authenticated), 'BAD APPEND: Invalid date-time: junk (expected e.g. "17-Jul-1996 02:44:25 -0700")');
    assert.equal(rejection('APPEND INBOX (\\Recent) {1+}\r\nx', authenticated), 'BAD APPEND: Flag \\Recent cannot be set');
    assert.equal(rejection('APPEND INBOX hello', authenticated), 'BAD APPEND: Expected the message as a literal, found hello');
    assert.equal(rejection('APPEND INBOX', authenticated), 'BAD APPEND: Missing message literal');
  });

  it('STORE with every operation, bare flags and UNCHANGEDSINCE', () => {
    assert.deepEqual(args('STORE 12 +flags \\deleted'), {
      uid: false,
      set: { kind: 'ranges', ranges: [{ start: 12, end: 12 }] },
      operation: 'add',
      silent: false,
      flags: ['\\Deleted'],
    });
    assert.deepEqual(args('UID STORE 1:* (UNCHANGEDSINCE 320162338) -FLAGS.SILENT ($Junk \\Flagged)'), {
      uid: true,
      set: { kind: 'ranges', ranges: [{ start: 1, end: '*' }] },
      operation: 'remove',
      silent: true,
      flags: ['$Junk', '\\Flagged'],
      unchangedSince: 320162338n,
    });
    assert.deepEqual((args('STORE 1 FLAGS.SILENT ()') as { flags: string[] }).flags, []);
    assert.equal(rejection('STORE 1 +FLAGS'), 'BAD STORE: Missing flags');
    assert.equal(rejection('STORE 1 LABELS (x)'), 'BAD STORE: Unknown STORE data item: LABELS');
    assert.equal(rejection('STORE 1 FLAGS (\\Bogus)'), 'BAD STORE: Flag \\Bogus cannot be set');
  });

  it('COPY / MOVE / UID EXPUNGE / GETQUOTA', () => {
    assert.deepEqual(args('UID COPY 2:4 MEETING'), { uid: true, set: { kind: 'ranges', ranges: [{ start: 2, end: 4 }] }, mailbox: 'MEETING' });
    assert.deepEqual(args('MOVE $ Trash'), { uid: false, set: { kind: 'saved' }, mailbox: 'Trash' });
    assert.equal(rejection('COPY 1'), 'BAD COPY: Missing destination mailbox');
    assert.deepEqual(args('UID EXPUNGE 3000:3002'), { set: { kind: 'ranges', ranges: [{ start: 3000, end: 3002 }] } });
    assert.deepEqual(args('GETQUOTA ""'), { root: '' });
  });

  it('SORT and THREAD (RFC 5256)', () => {
    assert.deepEqual(args('SORT (REVERSE ARRIVAL subject) UTF-8 SINCE 1-Feb-1994'), {
      uid: false,
      criteria: [
        { key: 'ARRIVAL', reverse: true },
        { key: 'SUBJECT', reverse: false },
      ],
      charset: 'UTF-8',
      search: { type: 'date', field: 'internal', op: 'since', date: '1994-02-01' },
    });
    assert.deepEqual(args('UID THREAD ORDEREDSUBJECT US-ASCII SEEN'), {
      uid: true,
      algorithm: 'ORDEREDSUBJECT',
      charset: 'US-ASCII',
      search: { type: 'flag', flag: '\\Seen', set: true },
    });
    assert.equal(rejection('SORT () UTF-8 ALL'), 'BAD SORT: Empty sort criteria');
    assert.equal(rejection('SORT (DATE) ALL'), 'NO SORT: Unsupported charset ALL');
    assert.equal(rejection('THREAD MAGIC UTF-8 ALL'), 'BAD THREAD: Unknown thread algorithm: MAGIC');
  });
});
