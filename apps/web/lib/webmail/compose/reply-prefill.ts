/**
 * What a reply or forward starts with: recipients, subject, threading
 * headers and the quoted original. Pure, so the rules are unit-tested.
 */
import type { Recipient, ReplyMode } from './compose-input.ts';
import { plainTextToHtml } from './plain-text.ts';

export interface OriginalMessage {
  subject: string;
  from: Recipient[];
  to: Recipient[];
  cc: Recipient[];
  replyTo: Recipient[];
  date: Date | null;
  messageId: string | null;
  references: string[];
  text: string | null;
  /** Sanitised HTML (the reading pane's renderer), or null for a plain text mail. */
  html: string | null;
}

/** The words of the quote headers, in the user's language. */
export interface QuoteLabels {
  /** "On {date}, {sender} wrote:" with both filled in. */
  wrote(date: string, sender: string): string;
  forwarded: string;
  from: string;
  date: string;
  subject: string;
  to: string;
  cc: string;
  formatDate(date: Date): string;
}

export interface ReplyPrefill {
  to: Recipient[];
  cc: Recipient[];
  subject: string;
  inReplyTo: string | null;
  references: string[];
  quote: { html: string; text: string };
  /** The identity the original was written to, to answer from it. */
  identity: string | null;
}

/** RFC 5322 §3.6.4 leaves trimming to us: the first and the latest ids keep a long thread together. */
const MAX_REFERENCES = 20;

const REPLY_PREFIX = /^\s*((re|aw|sv|antw|odp)(\[\d+\])?\s*:\s*)+/i;
const FORWARD_PREFIX = /^\s*((fwd?|wg|tr|vs)\s*:\s*)+/i;

export function replySubject(subject: string): string {
  return REPLY_PREFIX.test(subject) ? subject.trim() : `Re: ${subject.trim()}`;
}

export function forwardSubject(subject: string): string {
  return FORWARD_PREFIX.test(subject) ? subject.trim() : `Fwd: ${subject.trim()}`;
}

function lower(address: string): string {
  return address.trim().toLowerCase();
}

function unique(list: Recipient[], exclude: Set<string>): Recipient[] {
  const seen = new Set(exclude);
  const out: Recipient[] = [];
  for (const entry of list) {
    const key = lower(entry.address);
    if (!key || seen.has(key)) continue;
    seen.add(key);
    out.push({ name: entry.name, address: entry.address.trim() });
  }
  return out;
}

/**
 * Reply: to Reply-To, else From. Reply all: and Cc to every other
 * recipient of the original except the user's own addresses. Answering
 * one's own message (from Sent) goes to its recipients again.
 */
export function replyRecipients(original: OriginalMessage, mode: 'reply' | 'replyAll', own: Set<string>): { to: Recipient[]; cc: Recipient[] } {
  const fromSelf = original.from.length > 0 && original.from.every((a) => own.has(lower(a.address)));
  const primary = fromSelf ? original.to : original.replyTo.length ? original.replyTo : original.from;
  const to = unique(primary, fromSelf ? new Set() : own);
  if (mode === 'reply') return { to, cc: [] };
  const taken = new Set([...own, ...to.map((a) => lower(a.address))]);
  const cc = unique(fromSelf ? original.cc : [...original.to, ...original.cc], taken);
  return { to, cc };
}

export function replyReferences(original: OriginalMessage): string[] {
  const ids = [...original.references, ...(original.messageId ? [original.messageId] : [])];
  const seen = new Set<string>();
  const list = ids.filter((id) => !seen.has(id) && seen.add(id));
  return list.length > MAX_REFERENCES ? [list[0]!, ...list.slice(-(MAX_REFERENCES - 1))] : list;
}

export function formatRecipient(entry: Recipient): string {
  return entry.name ? `${entry.name} <${entry.address}>` : entry.address;
}

function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

function originalHtml(original: OriginalMessage): string {
  return original.html ?? plainTextToHtml(original.text ?? '');
}

function replyQuote(original: OriginalMessage, labels: QuoteLabels): { html: string; text: string } {
  const sender = original.from.map(formatRecipient).join(', ') || '?';
  const header = labels.wrote(original.date ? labels.formatDate(original.date) : '?', sender);
  const quoted = (original.text ?? '')
    .replace(/\r\n?/g, '\n')
    .replace(/\n+$/, '')
    .split('\n')
    .map((line) => (line.startsWith('>') ? `>${line}` : `> ${line}`))
    .join('\n');
  return { html: `<p>${escapeHtml(header)}</p><blockquote>${originalHtml(original)}</blockquote>`, text: `${header}\n${quoted}` };
}

function forwardQuote(original: OriginalMessage, labels: QuoteLabels): { html: string; text: string } {
  const lines: Array<[string, string]> = [
    [labels.from, original.from.map(formatRecipient).join(', ')],
    [labels.date, original.date ? labels.formatDate(original.date) : ''],
    [labels.subject, original.subject],
    [labels.to, original.to.map(formatRecipient).join(', ')],
  ];
  if (original.cc.length) lines.push([labels.cc, original.cc.map(formatRecipient).join(', ')]);
  const shown = lines.filter(([, value]) => value);
  const title = `---------- ${labels.forwarded} ----------`;
  const headerHtml = [escapeHtml(title), ...shown.map(([label, value]) => `${escapeHtml(label)}: ${escapeHtml(value)}`)].join('<br>');
  const headerText = [title, ...shown.map(([label, value]) => `${label}: ${value}`)].join('\n');
  return { html: `<p>${headerHtml}</p>${originalHtml(original)}`, text: `${headerText}\n\n${(original.text ?? '').trim()}` };
}

/** The identity among `own` the original was addressed to (To, then Cc), if any. */
function addressedIdentity(original: OriginalMessage, own: Set<string>): string | null {
  for (const entry of [...original.to, ...original.cc]) if (own.has(lower(entry.address))) return lower(entry.address);
  return null;
}

export function replyPrefill(mode: ReplyMode, original: OriginalMessage, own: Set<string>, labels: QuoteLabels): ReplyPrefill {
  const identity = addressedIdentity(original, own);
  if (mode === 'reply' || mode === 'replyAll') {
    return {
      ...replyRecipients(original, mode, own),
      subject: replySubject(original.subject),
      inReplyTo: original.messageId,
      references: replyReferences(original),
      quote: replyQuote(original, labels),
      identity,
    };
  }
  // A forward starts a new thread for its new recipients; the original is quoted (inline) or attached.
  return {
    to: [],
    cc: [],
    subject: forwardSubject(original.subject),
    inReplyTo: null,
    references: original.messageId ? [original.messageId] : [],
    quote: mode === 'forward' ? forwardQuote(original, labels) : { html: '', text: '' },
    identity,
  };
}
