import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { autoReplyVerdict, autoresponderActive, comparableAddress, composeAutoReply, toAndCcAddresses } from './autoresponder.ts';

const headers = (entries: Record<string, string>) => new Map(Object.entries(entries).map(([k, v]) => [k, [v]]));
const verdict = (sender: string, h: Record<string, string> = {}) =>
  autoReplyVerdict({ sender, mailboxAddress: 'anna@example.com', headers: headers({ to: 'Anna <anna@example.com>', ...h }) });

describe('autoresponder policy (RFC 3834)', () => {
  it('answers people', () => {
    assert.deepEqual(verdict('bob@remote.test'), { reply: true });
    assert.deepEqual(verdict('bob@remote.test', { 'auto-submitted': 'no' }), { reply: true });
  });

  it('never answers machines, lists, bounces or itself', () => {
    for (const [sender, h] of [
      ['', {}],
      ['MAILER-DAEMON@remote.test', {}],
      ['noreply@remote.test', {}],
      ['no-reply@remote.test', {}],
      ['list-request@remote.test', {}],
      ['owner-list@remote.test', {}],
      ['anna@example.com', {}],
      ['bob@remote.test', { 'auto-submitted': 'auto-replied' }],
      ['bob@remote.test', { 'auto-submitted': 'auto-generated' }],
      ['bob@remote.test', { precedence: 'bulk' }],
      ['bob@remote.test', { precedence: 'list' }],
      ['bob@remote.test', { precedence: 'junk' }],
      ['bob@remote.test', { 'list-id': '<news.remote.test>' }],
      ['bob@remote.test', { 'list-unsubscribe': '<mailto:u@remote.test>' }],
    ] as const) {
      assert.equal(verdict(sender, h).reply, false, `${sender} ${JSON.stringify(h)}`);
    }
  });

  it('answers only when the mailbox or one of its aliases is in To or Cc, never a Bcc copy (RFC 5230 §4.5)', () => {
    const ask = (h: Record<string, string>, mailboxAddress = 'anna@example.com', aliases: string[] = ['sales@example.com']) =>
      autoReplyVerdict({ sender: 'bob@remote.test', mailboxAddress, aliases, headers: headers(h) }).reply;
    assert.equal(ask({ to: 'team@remote.test' }), false, 'only in Bcc');
    assert.equal(ask({}), false, 'no To or Cc at all');
    assert.equal(ask({ to: '"anna@example.com" <someone@remote.test>' }), false, 'address only in a display name');
    assert.equal(ask({ to: 'x@remote.test (anna@example.com)' }), false, 'address only in a comment');
    assert.equal(ask({ to: 'x@remote.test', cc: 'Sales <SALES@Example.COM>' }), true, 'alias in Cc, any case');
    assert.equal(ask({ to: 'ANNA@EXAMPLE.COM' }), true);
    assert.equal(ask({ to: 'anna+shop@example.com' }), true, 'a +tag is the same mailbox');
    assert.equal(ask({ to: 'friends: x@remote.test, anna@example.com;' }), true, 'inside a group');
    assert.equal(ask({ to: 'Anna <anna@bücher.example>' }, 'anna@xn--bcher-kva.example', []), true, 'U-label in To, A-label stored');
    assert.equal(ask({ to: 'anna@xn--bcher-kva.example' }, 'anna@bücher.example', []), true, 'A-label in To, U-label given');
    const repeated = new Map([['to', ['x@remote.test', 'anna@example.com']]]);
    assert.equal(autoReplyVerdict({ sender: 'bob@remote.test', mailboxAddress: 'anna@example.com', headers: repeated }).reply, true, 'second To line');
  });

  it('reads To/Cc addresses and compares them in one form', () => {
    assert.deepEqual(toAndCcAddresses(headers({ to: '"Doe, J" <j@x.test>, k@y.test', cc: 'g: a@b.test;' })), ['j@x.test', 'k@y.test', 'a@b.test']);
    assert.equal(comparableAddress('Anna+x@Bücher.Example'), 'anna@xn--bcher-kva.example');
  });

  it('is active only when enabled and inside its dates', () => {
    const now = new Date('2026-06-15T12:00:00Z');
    assert.equal(autoresponderActive({ enabled: true, startsAt: null, endsAt: null }, now), true);
    assert.equal(autoresponderActive({ enabled: false, startsAt: null, endsAt: null }, now), false);
    assert.equal(autoresponderActive({ enabled: true, startsAt: new Date('2026-06-16'), endsAt: null }, now), false);
    assert.equal(autoresponderActive({ enabled: true, startsAt: null, endsAt: new Date('2026-06-14') }, now), false);
    assert.equal(autoresponderActive({ enabled: true, startsAt: new Date('2026-06-01'), endsAt: new Date('2026-06-30') }, now), true);
  });

  it('writes the reply with RFC 3834 headers and threading', () => {
    const { raw, messageId } = composeAutoReply({
      from: { address: 'anna@example.com', name: 'Anna Åberg' },
      to: 'bob@remote.test',
      subject: 'Out of office',
      body: 'Back on Monday.\nAnna',
      original: { subject: 'Offer', messageId: '<m1@remote.test>', references: '<m0@remote.test>' },
    });
    assert.match(messageId, /^<[^@]+@example\.com>$/);
    assert.match(raw, /^From: =\?UTF-8\?B\?[^?]+\?= <anna@example\.com>\r\n/);
    assert.match(raw, /\r\nSubject: Out of office \(Re: Offer\)\r\n/);
    assert.match(raw, /\r\nIn-Reply-To: <m1@remote\.test>\r\n/);
    assert.match(raw, /\r\nReferences: <m0@remote\.test> <m1@remote\.test>\r\n/);
    assert.match(raw, /\r\nAuto-Submitted: auto-replied\r\n/);
    const body = raw.slice(raw.indexOf('\r\n\r\n') + 4);
    assert.equal(Buffer.from(body, 'base64').toString(), 'Back on Monday.\r\nAnna');
  });
});
