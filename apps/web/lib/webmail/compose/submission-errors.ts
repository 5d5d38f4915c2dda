/**
 * What submission's answers mean for the person at the compose form.
 * nodemailer hands an SMTP failure over as an Error with the command, the
 * reply code and text (RFC 5321 §4.2, enhanced codes RFC 3463); refused
 * recipients come as a list beside an otherwise successful send.
 */
import type { RecipientRefusal, SendProblem } from './compose-input.ts';

export interface SmtpFailure {
  code?: string;
  command?: string;
  responseCode?: number;
  response?: string;
  rejected?: string[];
  rejectedErrors?: Array<{ recipient?: string; responseCode?: number; response?: string }>;
}

function asFailure(error: unknown): SmtpFailure {
  return typeof error === 'object' && error !== null ? (error as SmtpFailure) : {};
}

/** The server's own words without the code, for a detail line. */
export function replyText(response: string | undefined): string {
  return (response ?? '')
    .replace(/^\d{3}[ -](\d\.\d{1,3}\.\d{1,3}\s+)?/, '')
    .trim()
    .slice(0, 300);
}

export function recipientRefusal(responseCode: number | undefined, response: string | undefined): RecipientRefusal {
  const enhanced = /^\d{3}[ -](\d\.\d{1,3}\.\d{1,3})/.exec(response ?? '')?.[1] ?? '';
  if (enhanced === '5.1.1' || enhanced === '5.1.2') return 'unknown';
  if (enhanced === '4.2.2' || enhanced === '5.2.2' || responseCode === 552) return 'full';
  if (enhanced === '5.2.1') return 'disabled';
  if (enhanced === '5.7.1' && /relay/i.test(response ?? '')) return 'relay';
  return 'other';
}

export function refusedRecipients(failure: SmtpFailure): Extract<SendProblem, { code: 'recipientsRefused' }>['refused'] {
  const errors = failure.rejectedErrors ?? [];
  return (failure.rejected ?? []).map((address) => {
    const error = errors.find((e) => e.recipient === address);
    return { address, reason: recipientRefusal(error?.responseCode, error?.response), detail: replyText(error?.response) };
  });
}

/** A failed send as the form's problem; `from` names the sender in the message. */
export function sendProblem(error: unknown, from: string): SendProblem {
  const failure = asFailure(error);
  const response = failure.response ?? '';
  const code = failure.responseCode;
  if (failure.code === 'EAUTH' || code === 535) return { code: 'sessionEnded' };
  if (failure.code === 'EENVELOPE' && failure.rejected?.length && failure.command === 'RCPT TO') {
    const refused = refusedRecipients(failure);
    if (refused.some((r) => r.detail === 'Too many recipients')) return { code: 'tooManyRecipients' };
    return { code: 'recipientsRefused', refused };
  }
  if (/\b5\.7\.1\b/.test(response) && /not owned/i.test(response)) return { code: 'senderRefused', address: from };
  if (/\b4\.7\.1\b/.test(response) && /sending limit/i.test(response)) {
    const match = /at most (\d+) messages per (hour|day)/i.exec(response);
    return { code: 'sendLimit', limit: match ? Number(match[1]) : null, window: match ? (match[2]!.toLowerCase() as 'hour' | 'day') : null };
  }
  if (code === 552 || /\b5\.3\.4\b/.test(response) || (failure.code === 'EMESSAGE' && /larger than allowed/.test(String((error as Error).message))))
    return { code: 'tooLarge' };
  if (code === 452 && /\b4\.5\.3\b/.test(response)) return { code: 'tooManyRecipients' };
  if (['ECONNECTION', 'ETIMEDOUT', 'ESOCKET', 'EDNS', 'ETLS'].includes(failure.code ?? '') && !code) return { code: 'unavailable' };
  if (code && code >= 400 && code < 500) return { code: 'temporary', detail: replyText(response) };
  if (code) return { code: 'refused', detail: replyText(response) };
  return { code: 'unavailable' };
}
