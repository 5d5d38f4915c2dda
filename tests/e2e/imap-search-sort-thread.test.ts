// SEARCH BODY/TEXT, SORT and THREAD against a real maild, answered from the
// search text and sort keys the store wrote at APPEND: imapflow appends and
// searches (it sends non-ASCII as a UTF-8 literal), Python imaplib sorts and
// threads. The corpus covers an ISO-8859-1 quoted-printable body with a word
// split by a soft line break, base64 UTF-8, HTML only (a style block is no
// text), an encoded-word From, no Date, no From, Re:/Fwd:/[list] subjects.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { after, before, describe, it } from 'node:test';
import { promisify } from 'node:util';
import { ImapFlow } from 'imapflow';
import { type ImapEnvironment, PASSWORD, startImapEnvironment } from './lib/imap-env.ts';

const run = promisify(execFile);
let env: ImapEnvironment;
let client: ImapFlow;

const mail = (headers: string[], body: string[]) => [...headers, '', ...body, ''].join('\r\n');
const CORPUS = [
  mail(
    [
      'From: Anna <anna@a.test>',
      'Subject: Projekt Zusammenarbeit',
      'Date: Mon, 2 Nov 2026 10:00:00 +0000',
      'Message-ID: <p1@a.test>',
      'Content-Type: text/plain; charset=iso-8859-1',
      'Content-Transfer-Encoding: quoted-printable',
    ],
    ['Gr=FC=DFe aus K=F6ln. Die Zusammen=', 'arbeit l=E4uft.'],
  ),
  mail(
    [
      'From: bert@b.test',
      'Subject: Re: Projekt Zusammenarbeit',
      'Date: Sun, 1 Nov 2026 10:00:00 +0000',
      'Message-ID: <p2@b.test>',
      'References: <p1@a.test>',
      'Content-Type: text/plain; charset=utf-8',
      'Content-Transfer-Encoding: base64',
    ],
    [Buffer.from('Überweisung für März erledigt.').toString('base64')],
  ),
  mail(
    [
      'From: =?utf-8?Q?C=C3=A4sar?= <caesar@c.test>',
      'Subject: Fwd: Angebot',
      'Message-ID: <p3@c.test>',
      'In-Reply-To: <p2@b.test>',
      'Content-Type: text/html; charset=utf-8',
    ],
    ['<html><head><style>.geheim{}</style></head><body><p>Angebot &amp; Lieferschein</p></body></html>'],
  ),
  mail(
    [
      'To: team@example.com',
      'Subject: [liste] Re: Projekt Zusammenarbeit',
      'Date: Tue, 3 Nov 2026 10:00:00 +0000',
      'Content-Type: text/plain; charset=utf-8',
      'Content-Transfer-Encoding: quoted-printable',
    ],
    ['Stra=C3=9Fe und Pl=C3=A4tze'],
  ),
];

before(async () => {
  env = await startImapEnvironment([{ localPart: 'info' }]);
  client = new ImapFlow({
    host: '127.0.0.1',
    port: env.maild.ports.imap,
    secure: false,
    doSTARTTLS: true,
    tls: { rejectUnauthorized: false },
    auth: { user: env.address('info'), pass: PASSWORD },
    logger: false,
  });
  await client.connect();
  for (const [i, raw] of CORPUS.entries()) await client.append('INBOX', raw, [], new Date(Date.UTC(2026, 10, 5 + i)));
  await client.mailboxOpen('INBOX');
});

after(async () => {
  await client?.logout();
  await env?.stop();
});

async function uids(query: Record<string, string>): Promise<number[]> {
  return ((await client.search(query, { uid: true })) || []).sort((a, b) => a - b);
}

/** imaplib's SORT and THREAD answers, for the ALL of INBOX. */
async function sortAndThread(): Promise<Record<string, string>> {
  const script = `
import imaplib, json, ssl
M = imaplib.IMAP4('127.0.0.1', ${env.maild.ports.imap})
M.starttls(ssl_context=ssl._create_unverified_context())
M.login(${JSON.stringify(env.address('info'))}, ${JSON.stringify(PASSWORD)})
M.select('INBOX')
out = {}
for key in ['DATE', 'REVERSE DATE', 'ARRIVAL', 'SUBJECT', 'FROM', 'DISPLAYFROM', 'TO', 'SIZE']:
    typ, data = M.uid('SORT', '(%s)' % key, 'UTF-8', 'ALL'); assert typ == 'OK', data
    out[key] = data[0].decode()
for algorithm in ['REFERENCES', 'ORDEREDSUBJECT']:
    typ, data = M.uid('THREAD', algorithm, 'UTF-8', 'ALL'); assert typ == 'OK', data
    out[algorithm] = data[0].decode()
M.logout()
print(json.dumps(out))
`;
  const { stdout } = await run('/usr/bin/python3', ['-c', script], { timeout: 30_000 });
  return JSON.parse(stdout) as Record<string, string>;
}

describe('SEARCH, SORT and THREAD from the stored text and keys (imapflow, imaplib)', () => {
  it('BODY and TEXT find decoded text in every charset and transfer encoding, HTML as text', async () => {
    assert.deepEqual(await uids({ body: 'Zusammenarbeit' }), [1], 'a word split by a soft line break');
    assert.deepEqual(await uids({ body: 'köln' }), [1], 'ISO-8859-1 quoted-printable');
    assert.deepEqual(await uids({ body: 'grüße aus' }), [1]);
    assert.deepEqual(await uids({ body: 'MÄRZ' }), [2], 'base64 UTF-8, case-insensitive');
    assert.deepEqual(await uids({ body: 'angebot & lieferschein' }), [3], 'HTML entities decoded');
    assert.deepEqual(await uids({ body: 'geheim' }), [], 'a style block is not text');
    assert.deepEqual(await uids({ body: 'straße und' }), [4], 'UTF-8 quoted-printable');
    assert.deepEqual(await uids({ text: 'cäsar' }), [3], 'TEXT: an encoded-word in From');
    assert.deepEqual(await uids({ text: 'projekt' }), [1, 2, 4]);
    assert.deepEqual(await uids({ body: 'projekt' }), []);
    assert.deepEqual(await uids({ or: [{ from: 'anna' }, { body: 'plätze' }] } as unknown as Record<string, string>), [1, 4]);
  });

  it('SORT by every key and THREAD answer as RFC 5256 wants', async () => {
    const answers = await sortAndThread();
    assert.deepEqual(answers, {
      // No Date: (3) sorts by its internal date (5-8 Nov), after the sent dates of 1-3 Nov.
      DATE: '2 1 4 3',
      'REVERSE DATE': '3 4 1 2',
      ARRIVAL: '1 2 3 4',
      // Base subjects: ANGEBOT, then PROJEKT ZUSAMMENARBEIT three times, tied by UID.
      SUBJECT: '3 1 2 4',
      // No From sorts first ("").
      FROM: '4 1 2 3',
      DISPLAYFROM: '4 1 2 3',
      TO: '1 2 3 4',
      SIZE: answers.SIZE!,
      REFERENCES: '(1 (2 3)(4))',
      // ORDEREDSUBJECT: the first of a subject is the parent of the others (siblings).
      ORDEREDSUBJECT: '(2 (1)(4))(3)',
    });
  });

  it('COPY and MOVE carry the text: the copies are found by BODY too', async () => {
    await client.mailboxCreate('Archiv');
    await client.messageCopy('1:2', 'Archiv', { uid: true });
    await client.messageMove('3', 'Archiv', { uid: true });
    await client.mailboxOpen('Archiv');
    assert.deepEqual(await uids({ body: 'köln' }), [1]);
    assert.deepEqual(await uids({ body: 'märz' }), [2]);
    assert.deepEqual(await uids({ body: 'lieferschein' }), [3]);
    await client.mailboxOpen('INBOX');
    assert.deepEqual(await uids({ body: 'köln' }), [1]);
    assert.deepEqual(await uids({ body: 'lieferschein' }), []);
  });
});
