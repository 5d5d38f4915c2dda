import { randomBytes } from 'node:crypto';
import { encodeHeaderText, type Locale, newMessageId, rfc5322Date } from '@kontor/core';
import { encode as encodeQp, wrap as wrapQp } from 'nodemailer/lib/qp';
import { mailTexts } from '../mail-texts.ts';

/** One failed recipient of a delivery status notification. */
export interface FailedRecipient {
  recipient: string;
  /** The remote server's reply (or our own reason: expired, DNS, cancelled). */
  response: string;
  remoteHost?: string;
  /** RFC 3463 status; taken from the response when absent. */
  status?: string;
}

/** The RFC 3463 code of a reply: its enhanced code when it has one, else derived from the basic code. */
export function enhancedStatus(response: string, fallback = '5.0.0'): string {
  const enhanced = /^(?:\d{3}[ -])?([245]\.\d{1,3}\.\d{1,3})\b/.exec(response.trim())?.[1];
  if (enhanced) return enhanced;
  const basic = /^([245])\d\d\b/.exec(response.trim())?.[1];
  return basic ? `${basic}.0.0` : fallback;
}

/**
 * A bounce: `multipart/report; report-type=delivery-status` (RFC 3464,
 * RFC 6522) with a human-readable part, the machine-readable
 * message/delivery-status part, and the original message's header as
 * text/rfc822-headers. Sent with the null sender, so it is never bounced.
 * The parts for people are in `language` (the sender's domain's, when it
 * is hosted here); the machine-readable part is the same in every one.
 */
export function buildDsn(options: {
  reportingMta: string;
  to: string;
  queueId: string;
  arrivalDate: Date;
  failed: FailedRecipient[];
  originalHeaders: string;
  /** Why, in a sentence, for the human-readable part. */
  reason?: string;
  /** Language of the human-readable parts; English when absent. */
  language?: Locale;
  date?: Date;
}): string {
  const boundary = `kontor-dsn-${randomBytes(12).toString('hex')}`;
  const date = options.date ?? new Date();
  const text = mailTexts(options.language).dsn;
  const human = [
    text.intro(options.reportingMta),
    '',
    options.reason ?? text.explanation,
    '',
    ...options.failed.map((f) => `<${f.recipient}>: ${f.remoteHost ? text.remoteSaid(f.remoteHost) : ''}${f.response}`),
    '',
  ].join('\r\n');
  // German words (or a remote reply) with umlauts go quoted-printable, so the DSN stays 7-bit for any next hop.
  const eightBit = /[^\x00-\x7f]/.test(human);
  const humanPart = eightBit ? wrapQp(encodeQp(Buffer.from(human, 'utf8')), 76).replace(/\r?\n/g, '\r\n') : human;
  const perRecipient = options.failed.map((f) =>
    [
      `Final-Recipient: rfc822; ${f.recipient}`,
      'Action: failed',
      `Status: ${f.status ?? enhancedStatus(f.response)}`,
      ...(f.remoteHost ? [`Remote-MTA: dns; ${f.remoteHost}`] : []),
      ...(/^\d{3}\b/.test(f.response.trim()) ? [`Diagnostic-Code: smtp; ${oneLine(f.response)}`] : [`Diagnostic-Code: x-kontor; ${oneLine(f.response)}`]),
      `Last-Attempt-Date: ${rfc5322Date(date)}`,
    ].join('\r\n'),
  );
  const headers = options.originalHeaders.replace(/\r?\n/g, '\r\n').replace(/(\r\n)*$/, '\r\n');
  return [
    `From: ${encodeHeaderText(text.fromName)} <MAILER-DAEMON@${options.reportingMta}>`,
    `To: <${options.to}>`,
    `Subject: ${encodeHeaderText(text.subject)}`,
    `Date: ${rfc5322Date(date)}`,
    `Message-ID: ${newMessageId(options.reportingMta)}`,
    'Auto-Submitted: auto-replied',
    'MIME-Version: 1.0',
    `Content-Type: multipart/report; report-type=delivery-status; boundary="${boundary}"`,
    '',
    text.preamble,
    '',
    `--${boundary}`,
    'Content-Type: text/plain; charset=utf-8',
    ...(eightBit ? ['Content-Transfer-Encoding: quoted-printable'] : []),
    `Content-Description: ${encodeHeaderText(text.notificationDescription)}`,
    '',
    humanPart,
    `--${boundary}`,
    'Content-Type: message/delivery-status',
    `Content-Description: ${encodeHeaderText(text.reportDescription)}`,
    '',
    [`Reporting-MTA: dns; ${options.reportingMta}`, `X-Kontor-Queue-ID: ${options.queueId}`, `Arrival-Date: ${rfc5322Date(options.arrivalDate)}`].join('\r\n'),
    '',
    perRecipient.join('\r\n\r\n'),
    '',
    `--${boundary}`,
    'Content-Type: text/rfc822-headers',
    `Content-Description: ${encodeHeaderText(text.headersDescription)}`,
    '',
    headers,
    `--${boundary}--`,
    '',
  ].join('\r\n');
}

function oneLine(text: string): string {
  return text.replace(/\s+/g, ' ').trim().slice(0, 900);
}
