import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { forwardSubject, type OriginalMessage, type QuoteLabels, replyPrefill, replyRecipients, replyReferences, replySubject } from './reply-prefill.ts';

const labels: QuoteLabels = {
  wrote: (date, sender) => `On ${date}, ${sender} wrote:`,
  forwarded: 'Forwarded message',
  from: 'From',
  date: 'Date',
  subject: 'Subject',
  to: 'To',
  cc: 'Cc',
  formatDate: (date) => date.toISOString().slice(0, 10),
};

const original: OriginalMessage = {
  subject: 'Lunch',
  from: [{ name: 'Ben Kurz', address: 'ben@team.example' }],
  to: [
    { name: 'Anna', address: 'Anna@Team.Example' },
    { name: '', address: 'dora@outside.example' },
  ],
  cc: [
    { name: '', address: 'sales@team.example' },
    { name: 'Carla', address: 'carla@outside.example' },
  ],
  replyTo: [],
  date: new Date('2026-12-01T12:00:00Z'),
  messageId: '<m3@team.example>',
  references: ['<m1@team.example>', '<m2@team.example>'],
  text: 'Noon?\n> earlier\n',
  html: null,
};
const own = new Set(['anna@team.example', 'sales@team.example']);

describe('reply and forward prefill', () => {
  it('prefixes subjects once, in the languages mail apps use', () => {
    assert.equal(replySubject('Lunch'), 'Re: Lunch');
    assert.equal(replySubject('AW: Lunch'), 'AW: Lunch');
    assert.equal(replySubject('re: Lunch'), 're: Lunch');
    assert.equal(forwardSubject('Lunch'), 'Fwd: Lunch');
    assert.equal(forwardSubject('WG: Lunch'), 'WG: Lunch');
  });

  it('replies to Reply-To or From; reply all adds everyone else but the user', () => {
    assert.deepEqual(replyRecipients(original, 'reply', own), { to: [{ name: 'Ben Kurz', address: 'ben@team.example' }], cc: [] });
    const all = replyRecipients(original, 'replyAll', own);
    assert.deepEqual(
      all.cc.map((r) => r.address),
      ['dora@outside.example', 'carla@outside.example'],
    );
    const withReplyTo = { ...original, replyTo: [{ name: 'List', address: 'list@team.example' }] };
    assert.deepEqual(
      replyRecipients(withReplyTo, 'reply', own).to.map((r) => r.address),
      ['list@team.example'],
    );
    // Answering one's own message (from Sent) goes to its recipients again.
    const mine = { ...original, from: [{ name: 'Anna', address: 'anna@team.example' }], to: [{ name: '', address: 'ben@team.example' }], cc: [] };
    assert.deepEqual(
      replyRecipients(mine, 'reply', own).to.map((r) => r.address),
      ['ben@team.example'],
    );
  });

  it('threads with In-Reply-To and References (RFC 5322 §3.6.4), trimmed to the first and the latest', () => {
    const prefill = replyPrefill('reply', original, own, labels);
    assert.equal(prefill.inReplyTo, '<m3@team.example>');
    assert.deepEqual(prefill.references, ['<m1@team.example>', '<m2@team.example>', '<m3@team.example>']);
    const long = { ...original, references: Array.from({ length: 30 }, (_, i) => `<r${i}@x>`) };
    const trimmed = replyReferences(long);
    assert.equal(trimmed.length, 20);
    assert.equal(trimmed[0], '<r0@x>');
    assert.equal(trimmed.at(-1), '<m3@team.example>');
  });

  it('quotes the original as "> " lines and in a blockquote, escaped, and answers from the identity it was sent to', () => {
    const prefill = replyPrefill('replyAll', { ...original, text: 'Noon? <b>really</b>\n> earlier\n' }, own, labels);
    assert.equal(prefill.identity, 'anna@team.example');
    assert.equal(prefill.quote.text, 'On 2026-12-01, Ben Kurz <ben@team.example> wrote:\n> Noon? <b>really</b>\n>> earlier');
    assert.match(prefill.quote.html, /^<p>On 2026-12-01, Ben Kurz &lt;ben@team.example&gt; wrote:<\/p><blockquote><p>Noon\? &lt;b&gt;really&lt;\/b&gt;<\/p>/);
  });

  it('forwards with a header block and no recipients; as an attachment without a quote', () => {
    const forward = replyPrefill('forward', original, own, labels);
    assert.deepEqual(forward.to, []);
    assert.equal(forward.subject, 'Fwd: Lunch');
    assert.equal(forward.inReplyTo, null);
    assert.match(
      forward.quote.text,
      /^---------- Forwarded message ----------\nFrom: Ben Kurz <ben@team\.example>\nDate: 2026-12-01\nSubject: Lunch\nTo: Anna <Anna@Team\.Example>, dora@outside\.example\nCc: /,
    );
    const attached = replyPrefill('forwardAttachment', original, own, labels);
    assert.deepEqual(attached.quote, { html: '', text: '' });
  });
});
