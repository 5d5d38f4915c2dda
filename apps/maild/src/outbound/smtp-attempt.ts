import type SMTPConnection from 'nodemailer/lib/smtp-connection';
import { EnvelopeConnection } from './envelope-connection.ts';

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
  /** Our own answer for this hop (never sent to it), not the remote server's. */
  local?: boolean;
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

type SmtpError = SMTPConnection.SMTPError & { rejectedErrors?: SmtpError[]; recipient?: string };

/** What the next hop said it takes in its EHLO reply. */
export interface HopExtensions {
  /** RFC 6152 */
  eightBitMime: boolean;
  /** RFC 6531 */
  smtpUtf8: boolean;
}

/** What goes to one hop, decided once its extensions are known. */
export interface PreparedMessage {
  /** The exact octets, signed for this hop. */
  message: Buffer;
  /** MAIL FROM … BODY=8BITMIME */
  eightBitMime: boolean;
  /** MAIL FROM … SMTPUTF8 */
  smtpUtf8: boolean;
  /** Recipients refused before RCPT for this hop (e.g. an address it cannot carry), with the reason. */
  refused: RecipientReply[];
}

/** The EHLO keywords in a reply (`250-8BITMIME`, `250 SMTPUTF8`). */
export function hopExtensions(ehloReply: string | false): HopExtensions {
  const keywords = new Set(
    (ehloReply || '')
      .split(/\r?\n/)
      .slice(1)
      .map((line) =>
        line
          .replace(/^\d{3}[ -]/, '')
          .trim()
          .split(/\s+/)[0]!
          .toUpperCase(),
      ),
  );
  return { eightBitMime: keywords.has('8BITMIME'), smtpUtf8: keywords.has('SMTPUTF8') };
}

/**
 * One SMTP transaction with nodemailer's SMTPConnection: EHLO as our
 * hostname, STARTTLS as the target asks, then `prepare` chooses the message
 * for what the hop offers (RFC 6152 8BITMIME, RFC 6531 SMTPUTF8) before
 * MAIL FROM, so a converted message is signed as it goes out.
 */
export async function attemptDelivery(options: {
  target: SmtpTarget;
  heloName: string;
  from: string;
  to: string[];
  prepare: (hop: HopExtensions) => Promise<PreparedMessage>;
  connectTimeoutMs: number;
}): Promise<AttemptResult> {
  const { target } = options;
  const settings: SMTPConnection.Options & { allowInternalNetworkInterfaces: boolean } = {
    host: target.connectTo,
    port: target.port,
    name: options.heloName,
    secure: Boolean(target.implicitTls),
    requireTLS: target.tls === 'required' && !target.implicitTls,
    opportunisticTLS: target.tls === 'opportunistic',
    tls: { servername: target.host, rejectUnauthorized: target.tls === 'required' && target.verifyCertificate !== false, minVersion: 'TLSv1.2' },
    connectionTimeout: options.connectTimeoutMs,
    greetingTimeout: options.connectTimeoutMs,
    socketTimeout: 5 * 60_000,
    dnsTimeout: options.connectTimeoutMs,
    logger: false,
    allowInternalNetworkInterfaces: true,
  };
  const connection = new EnvelopeConnection(settings);
  let refusedHere: RecipientReply[] = [];
  let sentTo = options.to;
  try {
    await connection.open();
    // Read before AUTH: after connect the last reply is the (post-STARTTLS) EHLO.
    const hop = hopExtensions(connection.lastServerResponse);
    if (target.auth) await connection.authenticate(target.auth);
    const prepared = await options.prepare(hop);
    refusedHere = prepared.refused;
    const refused = new Set(refusedHere.map((r) => r.recipient.toLowerCase()));
    sentTo = options.to.filter((r) => !refused.has(r.toLowerCase()));
    if (!sentTo.length) return { kind: 'answered', replies: refusedHere };
    connection.forceSmtpUtf8 = prepared.smtpUtf8;
    const info = await connection.deliver(
      { from: options.from, to: sentTo, use8BitMime: prepared.eightBitMime, size: prepared.message.length },
      prepared.message,
    );
    const replies: RecipientReply[] = [...refusedHere];
    const code = Number(/^\d{3}/.exec(info.response ?? '')?.[0] ?? 250);
    for (const rcpt of info.accepted ?? []) replies.push({ recipient: String(rcpt), code, response: info.response ?? '250' });
    for (const error of info.rejectedErrors ?? []) replies.push(rejection(error));
    // Rejected recipients without an error object (should not happen): treat as temporary.
    for (const rcpt of info.rejected ?? []) {
      if (!replies.some((r) => r.recipient === rcpt)) replies.push({ recipient: String(rcpt), code: 450, response: '450 rejected without a reason' });
    }
    return { kind: 'answered', replies };
  } catch (caught) {
    const error: SmtpError = caught instanceof Error ? caught : new Error(String(caught));
    if (error.rejectedErrors?.length && error.rejectedErrors.length === sentTo.length) {
      // Every recipient refused at RCPT: those are per-recipient answers.
      return { kind: 'answered', replies: [...refusedHere, ...error.rejectedErrors.map(rejection)] };
    }
    if (error.responseCode) {
      // A refusal of the whole transaction (MAIL FROM, DATA), or a 421 closing the connection.
      const failed = { kind: 'failed' as const, code: error.responseCode, response: responseText(error), connection: error.responseCode === 421 };
      if (!refusedHere.length) return failed;
      // Some were refused here already: answer for each recipient, the rest with the transaction's reply.
      const rest = sentTo.map((recipient) => ({ recipient, code: failed.code, response: failed.response }));
      return { kind: 'answered', replies: [...refusedHere, ...rest] };
    }
    return { kind: 'failed', code: 0, response: `${error.code ?? 'ERROR'}: ${error.message}`, connection: true };
  } finally {
    connection.close();
  }
}

function responseText(error: SmtpError): string {
  return (error.response ?? error.message).replace(/\s+/g, ' ').trim();
}

function rejection(error: SmtpError): RecipientReply {
  return { recipient: String(error.recipient ?? ''), code: error.responseCode ?? 450, response: responseText(error) };
}
