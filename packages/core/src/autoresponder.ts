import { domainToASCII } from 'node:url';
import { domainOfAddress, localPartOf, splitAddress } from './address.ts';
import { autoReplySubject } from './autoreply-subject.ts';
import { base64Lines, encodeHeaderText, formatMailbox, newMessageId, rfc5322Date } from './mail-headers.ts';

/**
 * Autoresponder policy (RFC 3834): when a message may be answered, and what
 * the answer looks like. The worker that sends it lives in maild.
 */

export interface AutoresponderSchedule {
  enabled: boolean;
  startsAt: Date | null;
  endsAt: Date | null;
}

/** Enabled, and `now` inside [startsAt, endsAt] (open ends allowed). */
export function autoresponderActive(schedule: AutoresponderSchedule, now = new Date()): boolean {
  if (!schedule.enabled) return false;
  if (schedule.startsAt && now < schedule.startsAt) return false;
  if (schedule.endsAt && now > schedule.endsAt) return false;
  return true;
}

/**
 * Where an autoresponder stands at `now`: switched off, on but not yet
 * started, answering, or past its end (which counts as off wherever it is
 * read, even before the sweep has switched it off for good).
 */
export type AutoresponderState = 'off' | 'scheduled' | 'active' | 'expired';

export function autoresponderState(schedule: AutoresponderSchedule, now = new Date()): AutoresponderState {
  if (!schedule.enabled) return 'off';
  if (schedule.endsAt && now > schedule.endsAt) return 'expired';
  if (schedule.startsAt && now < schedule.startsAt) return 'scheduled';
  return 'active';
}

/** Senders that are machines, never people: no reply goes there. */
const MACHINE_SENDER =
  /^(mailer-daemon|postmaster-daemon|no[-_.]?reply|do[-_.]?not[-_.]?reply|noreply[-_.].*|listserv|majordomo|owner-.+|.+-request|.+-bounces?|bounces?(\+.*)?)$/i;

export type AutoReplyVerdict = { reply: true } | { reply: false; reason: string };

/**
 * An address in the form two spellings of it share: local part lower case
 * without a `+tag`, domain in ASCII (A-label) form, so `Anna+x@Bücher.example`
 * and `anna@xn--bcher-kva.example` compare equal.
 */
export function comparableAddress(address: string): string {
  const parts = splitAddress(address.trim());
  if (!parts) return address.trim().toLowerCase();
  const local = parts.local.toLowerCase().replace(/\+.*$/, '');
  const domain = parts.domain.toLowerCase().replace(/\.$/, '');
  return `${local}@${domainToASCII(domain) || domain}`;
}

/**
 * The addresses written in the To: and Cc: fields (every field of each):
 * display names, quoted strings and comments dropped, groups opened.
 */
export function toAndCcAddresses(headers: ReadonlyMap<string, string[]>): string[] {
  const found: string[] = [];
  for (const value of [...(headers.get('to') ?? []), ...(headers.get('cc') ?? [])]) {
    const bare = value.replace(/"(?:[^"\\]|\\.)*"/g, ' ').replace(/\((?:[^()\\]|\\.)*\)/g, ' ');
    for (const match of bare.matchAll(/[^\s<>,;:@]+@[^\s<>,;:@]+/g)) found.push(match[0]);
  }
  return found;
}

/**
 * Whether a message to `mailboxAddress` with envelope sender `sender` and
 * these header fields (lower-case names → unfolded values) gets an autoreply.
 * `aliases` are the mailbox's other addresses (aliases that deliver to it):
 * the message must name the mailbox or one of them in To: or Cc:, so a Bcc
 * copy gets no answer (RFC 5230 §4.5, RFC 3834 §2).
 */
export function autoReplyVerdict(input: {
  sender: string;
  mailboxAddress: string;
  aliases?: readonly string[];
  headers: ReadonlyMap<string, string[]>;
}): AutoReplyVerdict {
  const sender = input.sender.trim().toLowerCase();
  if (!sender) return { reply: false, reason: 'null sender' };
  const local = localPartOf(sender);
  if (MACHINE_SENDER.test(local)) return { reply: false, reason: 'automated sender address' };
  if (sender === input.mailboxAddress.toLowerCase()) return { reply: false, reason: 'sent by the mailbox itself' };
  const first = (name: string) => input.headers.get(name)?.[0]?.trim().toLowerCase();
  const autoSubmitted = first('auto-submitted');
  if (autoSubmitted && !/^no\b/.test(autoSubmitted)) return { reply: false, reason: `Auto-Submitted: ${autoSubmitted}` };
  const precedence = first('precedence');
  if (precedence && /^(bulk|list|junk)\b/.test(precedence)) return { reply: false, reason: `Precedence: ${precedence}` };
  if (input.headers.has('list-id') || input.headers.has('list-unsubscribe')) return { reply: false, reason: 'mailing list message' };
  const suppress = first('x-auto-response-suppress');
  if (suppress && /\b(all|oof|autoreply)\b/.test(suppress)) return { reply: false, reason: `X-Auto-Response-Suppress: ${suppress}` };
  const own = new Set([input.mailboxAddress, ...(input.aliases ?? [])].map(comparableAddress));
  if (!toAndCcAddresses(input.headers).some((a) => own.has(comparableAddress(a)))) {
    return { reply: false, reason: 'mailbox not named in To or Cc (a Bcc copy)' };
  }
  return { reply: true };
}

export interface AutoReplyMessage {
  /** The mailbox answering. */
  from: { address: string; name?: string | null };
  /** The envelope sender being answered. */
  to: string;
  subject: string;
  body: string;
  original: { subject?: string | null; messageId?: string | null; references?: string | null };
  date?: Date;
}

/** The reply as a raw message (CRLF): Auto-Submitted, In-Reply-To/References, `Subject: <configured> (Re: <original>)`. */
export function composeAutoReply(message: AutoReplyMessage): { raw: string; messageId: string } {
  const domain = domainOfAddress(message.from.address);
  const messageId = newMessageId(domain);
  const subject = autoReplySubject(message.subject, message.original.subject);
  const originalId = message.original.messageId?.trim();
  const references = [message.original.references?.trim(), originalId].filter(Boolean).join(' ');
  const headers = [
    `From: ${formatMailbox(message.from.address, message.from.name)}`,
    `To: <${message.to}>`,
    `Subject: ${encodeHeaderText(subject)}`,
    `Date: ${rfc5322Date(message.date)}`,
    `Message-ID: ${messageId}`,
    ...(originalId ? [`In-Reply-To: ${originalId}`] : []),
    ...(references ? [`References: ${references}`] : []),
    'Auto-Submitted: auto-replied',
    'X-Auto-Response-Suppress: All',
    'MIME-Version: 1.0',
    'Content-Type: text/plain; charset=utf-8',
    'Content-Transfer-Encoding: base64',
  ];
  const body = message.body.replace(/\r?\n/g, '\r\n');
  return { raw: `${headers.join('\r\n')}\r\n\r\n${base64Lines(body)}`, messageId };
}
