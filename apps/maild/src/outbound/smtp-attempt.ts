import type { Readable } from 'node:stream';
import nodemailer from 'nodemailer';

/** Where one attempt connects, and how. */
export interface SmtpTarget {
  /** The server's name (TLS SNI and certificate check, logs). */
  host: string;
  /** What to connect to: an address, or the name itself (a smarthost). */
  connectTo: string;
  port: number;
  /** opportunistic: STARTTLS when offered, any certificate; required: STARTTLS (or implicit TLS) with a verified certificate. */
  tls: 'opportunistic' | 'required';
  implicitTls?: boolean;
  /** Check the certificate when TLS is required (MTA-STS, smarthost). */
  verifyCertificate?: boolean;
  auth?: { user: string; pass: string };
}

export interface RecipientReply {
  recipient: string;
  code: number;
  response: string;
}

export type AttemptResult =
  /** The server answered for each recipient (accepted ones got the message). */
  | { kind: 'answered'; replies: RecipientReply[] }
  /**
   * No per-recipient answer: could not connect, TLS or AUTH failed, or the
   * whole transaction was refused (MAIL FROM, DATA). `code` is the SMTP
   * code when there was one; `connection` says the next host may do better.
   */
  | { kind: 'failed'; code: number; response: string; connection: boolean };

type SmtpError = Error & { code?: string; responseCode?: number; response?: string; rejectedErrors?: SmtpError[]; recipient?: string };

/**
 * One SMTP transaction with nodemailer's SMTP transport: EHLO as our
 * hostname, STARTTLS as the target asks, the envelope as given (null
 * sender allowed) and the message as is.
 */
export async function attemptDelivery(options: {
  target: SmtpTarget;
  heloName: string;
  from: string;
  to: string[];
  message: Readable;
  connectTimeoutMs: number;
}): Promise<AttemptResult> {
  const { target } = options;
  const transport = nodemailer.createTransport({
    host: target.connectTo,
    port: target.port,
    servername: target.host,
    name: options.heloName,
    secure: Boolean(target.implicitTls),
    requireTLS: target.tls === 'required' && !target.implicitTls,
    opportunisticTLS: target.tls === 'opportunistic',
    tls: { servername: target.host, rejectUnauthorized: target.tls === 'required' && target.verifyCertificate !== false, minVersion: 'TLSv1.2' },
    auth: target.auth,
    connectionTimeout: options.connectTimeoutMs,
    greetingTimeout: options.connectTimeoutMs,
    socketTimeout: 5 * 60_000,
    dnsTimeout: options.connectTimeoutMs,
    logger: false,
    disableFileAccess: true,
    disableUrlAccess: true,
    allowInternalNetworkInterfaces: true,
  } as never);
  try {
    const info = (await transport.sendMail({ envelope: { from: options.from, to: options.to }, raw: options.message } as never)) as {
      accepted: string[];
      rejected: string[];
      rejectedErrors?: SmtpError[];
      response: string;
    };
    const replies: RecipientReply[] = [];
    const code = Number(/^\d{3}/.exec(info.response ?? '')?.[0] ?? 250);
    for (const rcpt of info.accepted ?? []) replies.push({ recipient: String(rcpt), code, response: info.response ?? '250' });
    for (const error of info.rejectedErrors ?? []) replies.push(rejection(error));
    // Rejected recipients without an error object (should not happen): treat as temporary.
    for (const rcpt of info.rejected ?? []) {
      if (!replies.some((r) => r.recipient === rcpt)) replies.push({ recipient: String(rcpt), code: 450, response: '450 rejected without a reason' });
    }
    return { kind: 'answered', replies };
  } catch (caught) {
    const error = caught as SmtpError;
    if (error.rejectedErrors?.length && error.rejectedErrors.length === options.to.length) {
      // Every recipient refused at RCPT: those are per-recipient answers.
      return { kind: 'answered', replies: error.rejectedErrors.map(rejection) };
    }
    if (error.responseCode) {
      // A refusal of the whole transaction (MAIL FROM, DATA), or a 421 closing the connection.
      return { kind: 'failed', code: error.responseCode, response: responseText(error), connection: error.responseCode === 421 };
    }
    return { kind: 'failed', code: 0, response: `${error.code ?? 'ERROR'}: ${error.message}`, connection: true };
  } finally {
    transport.close();
  }
}

function responseText(error: SmtpError): string {
  return (error.response ?? error.message).replace(/\s+/g, ' ').trim();
}

function rejection(error: SmtpError): RecipientReply {
  return { recipient: String(error.recipient ?? ''), code: error.responseCode ?? 450, response: responseText(error) };
}
