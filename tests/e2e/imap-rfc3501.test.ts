// RFC 3501 §6-8 examples, replayed against maild over a socket. Each
// example sends the RFC's commands (names and data adapted where the RFC
// uses other servers' namespaces or a GSSAPI login) and checks the shape
// of every response the RFC shows. Messages and mailboxes come from setup.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { ImapTestClient } from '@kontor/imap-server/testing';
import { type ImapEnvironment, PASSWORD, startImapEnvironment, textMessage } from './lib/imap-env.ts';

let env: ImapEnvironment;
let user = '';

/** The RFC 3501 §6.3.11 example message (310 octets with CRLF). */
const RFC_MESSAGE = [
  'Date: Mon, 7 Feb 1994 21:52:25 -0800 (PST)',
  'From: Fred Foobar <foobar@Blurdybloop.COM>',
  'Subject: afternoon meeting',
  'To: mooch@owatagu.siam.edu',
  'Message-Id: <B27397-0100000@Blurdybloop.COM>',
  'MIME-Version: 1.0',
  'Content-Type: TEXT/PLAIN; CHARSET=US-ASCII',
  '',
  'Hello Joe, do you think we can meet at 3:30 tomorrow?',
  '',
].join('\r\n');

type Step =
  /** Send a command line (or the rest of one, then `tag` names it) and wait for the tagged reply. */
  | { send: string; tag?: string; untagged?: RegExp[]; tagged: RegExp; check?: (untagged: string[]) => void }
  /** Send raw text and wait for a continuation request. */
  | { send: string; continuation: true };

interface Example {
  section: string;
  title: string;
  /** Log in (and select) first. */
  login?: boolean;
  select?: string;
  steps: () => Step[];
}

const FLAG = String.raw`\\[A-Za-z]+|\$?[A-Za-z]+`;
const FLAGS = String.raw`\((?:(?:${FLAG})(?: (?:${FLAG}))*)?\)`;
const ENVELOPE = String.raw`\((?:"[^"]*"|NIL) (?:"[^"]*"|NIL) .*\)`;

const EXAMPLES: Example[] = [
  {
    section: '6.1.1',
    title: 'CAPABILITY',
    steps: () => [{ send: 'abcd CAPABILITY', untagged: [/^\* CAPABILITY IMAP4rev1( [\w=+.-]+)+$/], tagged: /^abcd OK / }],
  },
  {
    section: '6.1.2',
    title: 'NOOP reports what changed',
    login: true,
    select: 'INBOX',
    steps: () => [
      { send: 'a001 STORE 14 +FLAGS.SILENT (\\Seen \\Deleted)', tagged: /^a001 OK / },
      { send: 'a002 NOOP', tagged: /^a002 OK NOOP completed$/ },
    ],
  },
  {
    section: '6.1.3',
    title: 'LOGOUT',
    steps: () => [{ send: 'A023 LOGOUT', untagged: [/^\* BYE /], tagged: /^A023 OK LOGOUT completed$/ }],
  },
  {
    section: '6.2.1',
    title: 'STARTTLS is offered and refused after TLS',
    steps: () => [
      { send: 'a001 CAPABILITY', untagged: [/^\* CAPABILITY IMAP4rev1 .*AUTH=PLAIN/], tagged: /^a001 OK / },
      { send: 'a002 STARTTLS', tagged: /^a002 BAD STARTTLS is not available$/ },
    ],
  },
  {
    section: '6.2.2',
    title: 'AUTHENTICATE (PLAIN instead of GSSAPI)',
    steps: () => [
      { send: 'A001 AUTHENTICATE PLAIN', continuation: true },
      { send: Buffer.from(`\0${user}\0${PASSWORD}`).toString('base64'), tag: 'A001', tagged: /^A001 OK / },
    ],
  },
  {
    section: '6.2.3',
    title: 'LOGIN',
    steps: () => [{ send: `a001 LOGIN ${user} "${PASSWORD}"`, tagged: /^a001 OK \[CAPABILITY [^\]]+\] .* logged in$/ }],
  },
  {
    section: '6.3.1',
    title: 'SELECT',
    login: true,
    steps: () => [
      {
        send: 'A142 SELECT INBOX',
        untagged: [
          new RegExp(`^\\* FLAGS ${FLAGS}$`),
          new RegExp(`^\\* OK \\[PERMANENTFLAGS \\((?:(?:${FLAG}) )*\\\\\\*\\)\\] `),
          /^\* \d+ EXISTS$/,
          /^\* \d+ RECENT$/,
          /^\* OK \[UIDVALIDITY \d+\] UIDs valid$/,
          /^\* OK \[UIDNEXT \d+\] Predicted next UID$/,
        ],
        tagged: /^A142 OK \[READ-WRITE\] SELECT completed$/,
      },
    ],
  },
  {
    section: '6.3.2',
    title: 'EXAMINE',
    login: true,
    steps: () => [
      {
        send: 'A932 EXAMINE blurdybloop',
        // EXAMINE reports RECENT like SELECT (without clearing it): blurdybloop's message was never selected.
        untagged: [/^\* FLAGS /, /^\* OK \[PERMANENTFLAGS \(\)\] /, /^\* \d+ EXISTS$/, /^\* 1 RECENT$/, /^\* OK \[UIDVALIDITY \d+\]/],
        tagged: /^A932 OK \[READ-ONLY\] EXAMINE completed$/,
      },
    ],
  },
  {
    section: '6.3.3',
    title: 'CREATE with a trailing delimiter, then a child',
    login: true,
    steps: () => [
      { send: 'A003 CREATE owatagusiam/', tagged: /^A003 OK CREATE completed$/ },
      { send: 'A004 CREATE owatagusiam/blurdybloop', tagged: /^A004 OK CREATE completed$/ },
      {
        send: 'A005 LIST "" owatagusiam*',
        untagged: [/^\* LIST \(\\HasChildren\) "\/" owatagusiam$/, /^\* LIST \(\\HasNoChildren\) "\/" owatagusiam\/blurdybloop$/],
        tagged: /^A005 OK /,
      },
    ],
  },
  {
    section: '6.3.4',
    title: 'DELETE; a deleted parent stays as \\Noselect',
    login: true,
    steps: () => [
      { send: 'A682 CREATE foo/bar', tagged: /^A682 OK / },
      { send: 'A683 DELETE foo', tagged: /^A683 OK DELETE completed$/ },
      {
        send: 'A684 LIST "" foo*',
        untagged: [/^\* LIST \(\\Noselect \\HasChildren\) "\/" foo$/, /^\* LIST \(\\HasNoChildren\) "\/" foo\/bar$/],
        tagged: /^A684 OK /,
      },
      { send: 'A685 DELETE foo/bar', tagged: /^A685 OK / },
      { send: 'A686 LIST "" foo*', check: (u) => assert.deepEqual(u, []), tagged: /^A686 OK / },
    ],
  },
  {
    section: '6.3.5',
    title: 'RENAME with children',
    login: true,
    steps: () => [
      { send: 'A681 CREATE zap/bar', tagged: /^A681 OK / },
      { send: 'A684 RENAME zap zowie', tagged: /^A684 OK RENAME completed$/ },
      {
        send: 'A685 LIST "" zowie*',
        untagged: [/^\* LIST \(\\HasChildren\) "\/" zowie$/, /^\* LIST \(\\HasNoChildren\) "\/" zowie\/bar$/],
        tagged: /^A685 OK /,
      },
    ],
  },
  {
    section: '6.3.6-7',
    title: 'SUBSCRIBE and UNSUBSCRIBE',
    login: true,
    steps: () => [
      { send: 'A002 UNSUBSCRIBE blurdybloop', tagged: /^A002 OK UNSUBSCRIBE completed$/ },
      { send: 'A003 SUBSCRIBE blurdybloop', tagged: /^A003 OK SUBSCRIBE completed$/ },
    ],
  },
  {
    section: '6.3.8',
    title: 'LIST: the delimiter, and one level',
    login: true,
    steps: () => [
      { send: 'A101 LIST "" ""', untagged: [/^\* LIST \(\\Noselect\) "\/" ""$/], tagged: /^A101 OK LIST completed$/ },
      { send: 'A202 LIST owatagusiam/ %', untagged: [/^\* LIST \(\\HasNoChildren\) "\/" owatagusiam\/blurdybloop$/], tagged: /^A202 OK / },
    ],
  },
  {
    section: '6.3.9',
    title: 'LSUB',
    login: true,
    steps: () => [
      // CREATE does not subscribe (docs/imap.md): the client subscribes, as the RFC's client had.
      { send: 'A001 SUBSCRIBE owatagusiam/blurdybloop', tagged: /^A001 OK SUBSCRIBE completed$/ },
      { send: 'A002 LSUB "" "owatagusiam/*"', untagged: [/^\* LSUB \(\) "\/" owatagusiam\/blurdybloop$/], tagged: /^A002 OK LSUB completed$/ },
    ],
  },
  {
    section: '6.3.10',
    title: 'STATUS',
    login: true,
    steps: () => [
      {
        send: 'A042 STATUS blurdybloop (UIDNEXT MESSAGES)',
        untagged: [/^\* STATUS blurdybloop \(UIDNEXT \d+ MESSAGES \d+\)$/],
        tagged: /^A042 OK STATUS completed$/,
      },
    ],
  },
  {
    section: '6.3.11',
    title: 'APPEND (the RFC message, 310 octets)',
    login: true,
    steps: () => [
      { send: 'A003 APPEND saved-messages (\\Seen) {310}', continuation: true },
      { send: RFC_MESSAGE, tag: 'A003', tagged: /^A003 OK \[APPENDUID \d+ 1\] APPEND completed$/ },
    ],
  },
  {
    section: '6.4.1-2',
    title: 'CHECK and CLOSE',
    login: true,
    select: 'blurdybloop',
    steps: () => [
      { send: 'FXXZ CHECK', tagged: /^FXXZ OK CHECK completed$/ },
      { send: 'A341 CLOSE', tagged: /^A341 OK CLOSE completed$/ },
    ],
  },
  {
    section: '6.4.3',
    title: 'EXPUNGE of messages 3, 4, 7 and 11',
    login: true,
    select: 'expunge-me',
    steps: () => [
      { send: 'A201 STORE 3,4,7,11 +FLAGS.SILENT (\\Deleted)', tagged: /^A201 OK / },
      {
        send: 'A202 EXPUNGE',
        check: (untagged) => {
          // However ordered, the EXPUNGEs must take out exactly 3, 4, 7 and 11.
          const left = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11];
          for (const line of untagged) left.splice(Number(/^\* (\d+) EXPUNGE$/.exec(line)![1]) - 1, 1);
          assert.deepEqual(left, [1, 2, 5, 6, 8, 9, 10]);
        },
        tagged: /^A202 OK EXPUNGE completed$/,
      },
    ],
  },
  {
    section: '6.4.4',
    title: 'SEARCH, also with a UTF-8 literal',
    login: true,
    select: 'INBOX',
    steps: () => [
      { send: 'A282 SEARCH FLAGGED SINCE 1-Feb-1994 NOT FROM "Smith"', untagged: [/^\* SEARCH 2 5$/], tagged: /^A282 OK SEARCH completed$/ },
      { send: 'A283 SEARCH TEXT "string not in mailbox"', untagged: [/^\* SEARCH$/], tagged: /^A283 OK SEARCH completed$/ },
      { send: `A284 SEARCH CHARSET UTF-8 TEXT {${Buffer.byteLength('Grüße')}}`, continuation: true },
      { send: 'Grüße', tag: 'A284', untagged: [/^\* SEARCH 12$/], tagged: /^A284 OK SEARCH completed$/ },
    ],
  },
  {
    section: '6.4.5',
    title: 'FETCH 2:4 (FLAGS BODY[HEADER.FIELDS (DATE FROM)])',
    login: true,
    select: 'INBOX',
    steps: () => [
      {
        send: 'A654 FETCH 2:4 (FLAGS BODY[HEADER.FIELDS (DATE FROM)])',
        untagged: [2, 3, 4].map(
          (n) =>
            new RegExp(`^\\* ${n} FETCH \\(FLAGS ${FLAGS} BODY\\[HEADER\\.FIELDS \\(DATE FROM\\)\\] \\{\\d+\\}\\r\\nFrom: .*\\r\\nDate: .*\\r\\n\\r\\n\\)$`),
        ),
        tagged: /^A654 OK FETCH completed$/,
      },
    ],
  },
  {
    section: '6.4.6',
    title: 'STORE 2:4 +FLAGS (\\Deleted)',
    login: true,
    select: 'INBOX',
    steps: () => [
      {
        send: 'A003 STORE 2:4 +FLAGS (\\Deleted)',
        untagged: [/^\* 2 FETCH \(FLAGS \(.*\\Deleted.*\)\)$/, /^\* 3 FETCH \(FLAGS \(.*\\Deleted.*\)\)$/, /^\* 4 FETCH \(FLAGS \(.*\\Deleted.*\)\)$/],
        tagged: /^A003 OK STORE completed$/,
      },
      { send: 'A004 STORE 2:4 -FLAGS (\\Deleted)', tagged: /^A004 OK / },
    ],
  },
  {
    section: '6.4.7',
    title: 'COPY 2:4 MEETING',
    login: true,
    select: 'INBOX',
    steps: () => [{ send: 'A003 COPY 2:4 MEETING', tagged: /^A003 OK \[COPYUID \d+ 2:4 1:3\] COPY completed$/ }],
  },
  {
    section: '6.4.8',
    title: 'UID FETCH of a UID range',
    login: true,
    select: 'INBOX',
    steps: () => [
      {
        send: 'A999 UID FETCH 4:6 FLAGS',
        untagged: [/^\* 4 FETCH \(FLAGS \(.*\) UID 4\)$/, /^\* 5 FETCH \(FLAGS \(.*\) UID 5\)$/, /^\* 6 FETCH \(FLAGS \(.*\) UID 6\)$/],
        tagged: /^A999 OK FETCH completed$/,
      },
    ],
  },
  {
    section: '7.5',
    title: 'Command continuation: literals in LOGIN, and a refused literal',
    steps: () => [
      { send: 'A044 BLURDYBLOOP {102856}', tagged: /^A044 BAD Unknown command: BLURDYBLOOP$/ },
      { send: `A001 LOGIN {${Buffer.byteLength(user)}}`, continuation: true },
      { send: `${user} {${Buffer.byteLength(PASSWORD)}}`, continuation: true },
      { send: PASSWORD, tag: 'A001', tagged: /^A001 OK / },
    ],
  },
  {
    section: '8',
    title: 'Sample IMAP4rev1 connection',
    steps: () => [
      { send: `a001 login ${user} "${PASSWORD}"`, tagged: /^a001 OK / },
      {
        send: 'a002 select inbox',
        untagged: [/^\* FLAGS /, /^\* OK \[PERMANENTFLAGS /, /^\* 14 EXISTS$/, /^\* \d+ RECENT$/, /^\* OK \[UIDVALIDITY \d+\]/, /^\* OK \[UIDNEXT \d+\]/],
        tagged: /^a002 OK \[READ-WRITE\] SELECT completed$/,
      },
      {
        send: 'a003 fetch 12 full',
        untagged: [
          new RegExp(
            `^\\* 12 FETCH \\(FLAGS ${FLAGS} INTERNALDATE "\\d\\d-[A-Z][a-z]{2}-\\d{4} \\d\\d:\\d\\d:\\d\\d [+-]\\d{4}" RFC822\\.SIZE \\d+ ENVELOPE ${ENVELOPE} BODY \\("text" "plain" .*\\)\\)$`,
          ),
        ],
        tagged: /^a003 OK FETCH completed$/,
      },
      {
        send: 'a004 fetch 12 body[header]',
        untagged: [/^\* 12 FETCH \(BODY\[HEADER\] \{\d+\}\r\nFrom: .*\r\n\r\n FLAGS \(\\Seen[^)]*\)\)$/s],
        tagged: /^a004 OK FETCH completed$/,
      },
      { send: 'a005 store 12 +flags \\deleted', untagged: [/^\* 12 FETCH \(FLAGS \(\\Seen \\Deleted[^)]*\)\)$/], tagged: /^a005 OK STORE completed$/ },
      { send: 'a006 logout', untagged: [/^\* BYE /], tagged: /^a006 OK LOGOUT completed$/ },
    ],
  },
  {
    section: '6.3.5',
    title: 'RENAME INBOX moves its messages and leaves it empty',
    login: true,
    steps: () => [
      { send: 'Z433 RENAME INBOX old-mail', tagged: /^Z433 OK RENAME completed$/ },
      { send: 'Z434 LIST "" *', untagged: [/^\* LIST \([^)]*\) "\/" INBOX$/, /^\* LIST \([^)]*\) "\/" old-mail$/], tagged: /^Z434 OK / },
      { send: 'Z435 STATUS INBOX (MESSAGES)', untagged: [/^\* STATUS INBOX \(MESSAGES 0\)$/], tagged: /^Z435 OK / },
      { send: 'Z436 STATUS old-mail (MESSAGES)', untagged: [/^\* STATUS old-mail \(MESSAGES 14\)$/], tagged: /^Z436 OK / },
    ],
  },
];

before(async () => {
  env = await startImapEnvironment([{ localPart: 'rfc' }]);
  user = env.address('rfc');
  const client = await ImapTestClient.connect({ port: env.maild.ports.imaps, tls: true });
  await client.greeting();
  await client.command(`LOGIN ${user} "${PASSWORD}"`);
  for (const name of ['blurdybloop', 'MEETING', 'saved-messages', 'expunge-me']) await client.command(`CREATE ${name}`);
  const append = async (mailbox: string, flags: string, body: string) => {
    const result = await client.command(`APPEND ${mailbox} (${flags}) {${Buffer.byteLength(body)}+}\r\n${body}`);
    assert.equal(result.status, 'OK', result.tagged);
  };
  // INBOX: 14 messages, all from Fred but 3 (from Smith); 2, 3 and 5 flagged; all seen but 12, which has UTF-8 text.
  const flags = (n: number) => [n === 12 ? '' : '\\Seen', [2, 3, 5].includes(n) ? '\\Flagged' : ''].filter(Boolean).join(' ');
  for (let n = 1; n <= 14; n++) {
    const from = n === 3 ? 'Smith <smith@example.org>' : 'Fred Foobar <foobar@blurdybloop.example>';
    const body = n === 12 ? 'Viele Grüße aus Köln.\r\n' : `Message ${n}.\r\n`;
    const extra = n === 12 ? 'MIME-Version: 1.0\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: 8bit\r\n' : '';
    await append('INBOX', flags(n), textMessage(`message ${n}`, { from, body }).replace('\r\n\r\n', `\r\n${extra}\r\n`));
  }
  for (let n = 1; n <= 11; n++) await append('expunge-me', '', textMessage(`expunge ${n}`));
  await append('blurdybloop', '', textMessage('bloop'));
  await client.logout();
});

after(async () => {
  await env?.stop();
});

async function runStep(client: ImapTestClient, step: Step): Promise<void> {
  if ('continuation' in step) {
    client.write(`${step.send}\r\n`);
    await client.waitFor(/^\+ /);
    return;
  }
  client.write(`${step.send}\r\n`);
  const tag = step.tag ?? /^(\S+) /.exec(step.send)![1]!;
  const { line, before } = await client.waitFor((l) => l.startsWith(`${tag} `));
  assert.match(line, step.tagged);
  const untagged = before.filter((l) => l.startsWith('* '));
  let from = 0;
  for (const pattern of step.untagged ?? []) {
    const index = untagged.findIndex((l, i) => i >= from && pattern.test(l));
    assert.ok(index >= 0, `no response matching ${pattern} after #${from} in ${JSON.stringify(untagged)}`);
    from = index + 1;
  }
  step.check?.(untagged);
}

describe('RFC 3501 examples', () => {
  for (const example of EXAMPLES) {
    it(`§${example.section} ${example.title}`, async () => {
      const client = await ImapTestClient.connect({ port: env.maild.ports.imaps, tls: true });
      try {
        assert.match(await client.greeting(), /^\* OK \[CAPABILITY IMAP4rev1 [^\]]+\] /);
        if (example.login) assert.equal((await client.command(`LOGIN ${user} "${PASSWORD}"`)).status, 'OK');
        if (example.select) assert.equal((await client.command(`SELECT ${example.select}`)).status, 'OK');
        for (const step of example.steps()) await runStep(client, step);
      } finally {
        client.close();
      }
    });
  }
});

describe('RFC 3501 §7.1.5 BYE', () => {
  it('every session hears * BYE when maild shuts down, also one in IDLE', async () => {
    const idler = await ImapTestClient.connect({ port: env.maild.ports.imaps, tls: true });
    const plain = await ImapTestClient.connect({ port: env.maild.ports.imap });
    await idler.greeting();
    await plain.greeting();
    await idler.command(`LOGIN ${user} "${PASSWORD}"`);
    await idler.command('SELECT INBOX');
    idler.write('i IDLE\r\n');
    await idler.waitFor(/^\+ idling/);
    await env.maild.stop();
    await idler.waitFor(/^\* BYE Server shutting down$/);
    await plain.waitFor(/^\* BYE Server shutting down$/);
    idler.close();
    plain.close();
  });
});
