// The reader's routes and pages act only on the signed-in user's own IMAP
// connection. Anna's session asks for ben's folder names, UIDs only ben has,
// ben's attachment ids, with every route of /webmail/message/ and a few
// tricks (paths, extra parameters): each answer is a 404 or anna's own
// data, never ben's marker; and maild's log shows the web app never logged
// in as ben meanwhile. Without a session, or with an admin's only, it is 404 too.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { ImapFlow } from 'imapflow';
import { folderSlug } from '../lib/webmail/folder-path.ts';
import { attachedMessageHref, attachmentHref, bodyHref, messageBaseHref, rawHref, sourceHref } from '../lib/webmail/reader-links.ts';
import { cookieHeader } from './lib/reader-session.ts';
import { startWebmailHarness, type WebmailHarness } from './lib/webmail-harness.ts';
import { imapLogins } from './lib/webmail-probes.ts';

const SECRET = 'BEN-SECRET-7731';
const BEN_FOLDERS = [
  'Ben private',
  'Ben private/Sub',
  'user/ben',
  'Other Users/ben/INBOX',
  '../ben/INBOX',
  'INBOX/../Ben private',
  'ben@team.example/INBOX',
  '#shared/ben',
];

function secretMail(to: string, n: number) {
  return {
    from: 'Lawyer <lawyer@firm.example>',
    to,
    subject: `${SECRET} contract ${n}`,
    text: `Only for Ben: ${SECRET}`,
    html: `<p>Only for Ben: ${SECRET}</p>`,
    attachments: [
      { filename: `${SECRET}.txt`, content: `${SECRET}\n` },
      { filename: 'inner.eml', content: `Subject: ${SECRET} inner\r\nFrom: x@firm.example\r\n\r\n${SECRET}\r\n`, contentType: 'message/rfc822' },
    ],
  };
}

describe('webmail reader isolation', () => {
  let h: WebmailHarness;
  let annaCookie: string;
  let ben: ImapFlow;

  before(async () => {
    h = await startWebmailHarness();
    await h.deliver({
      from: 'friend@example.org',
      to: h.anna.address,
      subject: 'For Anna',
      text: 'Hello Anna',
      attachments: [{ filename: 'anna.txt', content: 'anna\n' }],
    });
    for (let n = 1; n <= 5; n++) await h.deliver(secretMail(h.ben.address, n));
    ben = await h.imap(h.ben);
    await ben.mailboxCreate('Ben private');
    await ben.mailboxCreate('Ben private/Sub');
    await ben.messageCopy('1:*', 'Ben private');
    await ben.messageCopy('1:*', 'Ben private/Sub');
    const signedIn = await h.signIn(h.anna);
    annaCookie = await cookieHeader(signedIn.context);
    await signedIn.context.close();
  });

  after(async () => {
    await ben?.logout();
    await h?.stop();
  });

  /** Every reader URL for one message and attachment id. */
  function readerUrls(path: string, uid: number, id: string): string[] {
    return [
      bodyHref(path, uid),
      bodyHref(path, uid, { remote: true, part: id }),
      attachmentHref(path, uid, id),
      attachmentHref(path, uid, id, { inline: true }),
      rawHref(path, uid),
      sourceHref(path, uid),
      attachedMessageHref(path, uid, id),
    ];
  }

  async function ask(url: string, cookie: string | null): Promise<{ status: number; body: string }> {
    const response = await fetch(`${h.web.baseUrl}${url}`, { headers: { ...(cookie ? { cookie } : {}), 'sec-fetch-dest': 'iframe' }, redirect: 'manual' });
    return { status: response.status, body: await response.text() };
  }

  it("anna's session gets 404 for ben's folders, UIDs and attachment ids, never his data, and the web never logs in as ben", async () => {
    const benLoginsBefore = imapLogins(h.maild.output(), h.ben.address);
    const tried: string[] = [];
    const check = async (url: string, expect: 'notFound' | 'annaOrNotFound') => {
      const { status, body } = await ask(url, annaCookie);
      tried.push(url);
      assert.ok(!body.includes(SECRET), `${url}: ben's data leaked (${status})`);
      if (expect === 'notFound') assert.equal(status, 404, url);
      else assert.ok([200, 404].includes(status), `${url}: ${status}`);
    };
    for (const folder of BEN_FOLDERS) for (const url of readerUrls(folder, 1, '2')) await check(url, 'notFound');
    // UIDs ben has in his INBOX and anna has not.
    for (const uid of [2, 3, 4, 5, 4294967295]) for (const url of readerUrls('INBOX', uid, '2')) await check(url, 'notFound');
    // Anna's own message 1 with ben's attachment ids: her own parts or nothing.
    for (const id of ['2', '3', '3/message/1', '2/tnef/0', '1.2', '../2', '2/../3', '%2e%2e'])
      for (const url of readerUrls('INBOX', 1, id)) await check(url, 'annaOrNotFound');
    // Parameters that might pick another mailbox are not read at all.
    for (const extra of ['mailbox=ben%40team.example', 'user=ben%40team.example', 'mailboxId=2', 'folder=Ben%20private'])
      await check(`${attachmentHref('INBOX', 1, '2')}&${extra}`, 'annaOrNotFound');
    // Malformed segments.
    for (const base of [
      '/webmail/message/!!/1',
      `/webmail/message/${folderSlug('INBOX')}/0`,
      `/webmail/message/${folderSlug('INBOX')}/-1`,
      `/webmail/message/${folderSlug('INBOX')}/1e3`,
    ])
      for (const suffix of ['/body', '/attachment?id=2', '/raw', '/source']) await check(`${base}${suffix}`, 'notFound');
    assert.ok(tried.length > 150, `${tried.length} requests`);
    assert.equal(imapLogins(h.maild.output(), h.ben.address), benLoginsBefore, 'the web app never logged in as ben');
    assert.ok(imapLogins(h.maild.output(), h.anna.address) > 0, "the web app used anna's own login");
    // Anna's own message is there for her, so the 404s above are not a broken route.
    const own = await ask(attachmentHref('INBOX', 1, '2'), annaCookie);
    assert.deepEqual(own, { status: 200, body: 'anna\n' });
  });

  it('without a session every reader route sends the visitor to the sign-in page, and shows nothing', async () => {
    for (const url of [...readerUrls('INBOX', 1, '2'), `${messageBaseHref('INBOX', 1)}/attachment`]) {
      const response = await fetch(`${h.web.baseUrl}${url}`, { redirect: 'manual' });
      assert.equal(response.status, 307, url);
      assert.match(response.headers.get('location') ?? '', /\/signin\?callbackUrl=/);
      assert.ok(!(await response.text()).includes('Hello Anna'));
    }
  });
});
