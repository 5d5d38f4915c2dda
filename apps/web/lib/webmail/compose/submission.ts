/**
 * Webmail sends like any mail app: through maild's submission port, with
 * STARTTLS and the session's own credential (never the user's password),
 * so every rule of submission (who may send as whom, sending limits,
 * recipient checks, size) applies exactly as it does to Thunderbird.
 */
import { loadConfig } from '@kontor/core';
import { isLoopback } from '@kontor/core/loopback';
import nodemailer from 'nodemailer';
import type { ImapLogin } from '../imap-pool.ts';
import { refusedRecipients, type SmtpFailure } from './submission-errors.ts';

export interface SubmissionOutcome {
  /** Refused by RCPT TO while others got the message. */
  refused: ReturnType<typeof refusedRecipients>;
}

function transportFor(login: ImapLogin) {
  const config = loadConfig();
  const host = config.WEBMAIL_SUBMISSION_HOST;
  const loopback = isLoopback(host) || host === 'localhost';
  return nodemailer.createTransport({
    host,
    port: config.WEBMAIL_SUBMISSION_PORT ?? config.SUBMISSION_PORT,
    secure: false,
    requireTLS: true,
    // As the IMAP pool: on loopback the traffic stays on this machine, elsewhere the certificate must be valid.
    tls: loopback ? { rejectUnauthorized: false } : { servername: config.MAIL_HOSTNAME },
    auth: { user: login.address, pass: login.credential },
    name: config.MAIL_HOSTNAME,
    connectionTimeout: 15_000,
    greetingTimeout: 15_000,
    socketTimeout: 120_000,
    logger: false,
  });
}

/** Submits `raw` for the envelope; throws nodemailer's error when nothing was sent (see submission-errors.ts). */
export async function submitMessage(login: ImapLogin, envelope: { from: string; to: string[] }, raw: Buffer): Promise<SubmissionOutcome> {
  const transport = transportFor(login);
  try {
    const info = await transport.sendMail({ envelope, raw });
    const failure: SmtpFailure = {
      rejected: (info.rejected ?? []).map(String),
      rejectedErrors: (info as { rejectedErrors?: SmtpFailure['rejectedErrors'] }).rejectedErrors,
    };
    return { refused: refusedRecipients(failure) };
  } finally {
    transport.close();
  }
}
