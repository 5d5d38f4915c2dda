import type { TlsaAnswer } from '@kontor/core/dns';
import type SMTPConnection from 'nodemailer/lib/smtp-connection';
import { type DaneFailureType, verifyDane } from './dane.ts';
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
  /** DANE (RFC 7672): the host's usable, DNSSEC-validated TLSA records; STARTTLS is then mandatory and the certificate must match one. */
  dane?: TlsaAnswer[];
  /** The names a DANE-TA certificate may carry (RFC 7672 §3.2.2); default the host. */
  daneNames?: string[];
  auth?: { user: string; pass: string };
}

export interface RecipientReply {
  recipient: string;
  code: number;
  response: string;
  /** Our own answer for this hop (never sent to it), not the remote server's. */
  local?: boolean;
}

/** How the session was protected, for the trace and TLS-RPT (RFC 8460 §4.3 result types). */
export interface SessionTls {
  /** STARTTLS or implicit TLS was up when the message went. */
  secure: boolean;
  /** "DANE verified (DANE-EE 3 1 1)", "TLS, certificate verified", "TLS", "no TLS". */
  summary: string;
  /** Set when TLS under a policy failed. */
  failure?: DaneFailureType | 'starttls-not-supported';
}

export type AttemptResult =
  /** The server answered for each recipient (accepted ones got the message). */
  | { kind: 'answered'; replies: RecipientReply[]; tls?: SessionTls }
  /**
   * No per-recipient answer: could not connect, TLS or AUTH failed, or the
   * whole transaction was refused (MAIL FROM, DATA). `code` is the SMTP
   * code when there was one; `connection` says the next host may do better.
   */
  | { kind: 'failed'; code: number; response: string; connection: boolean; tls?: SessionTls };

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
    requireTLS: (target.tls === 'required' || Boolean(target.dane)) && !target.implicitTls,
    opportunisticTLS: target.tls === 'opportunistic' && !target.dane,
    // Under DANE the TLSA records, not the WebPKI, decide (checked below, before MAIL FROM).
    tls: {
      servername: target.host,
      rejectUnauthorized: !target.dane && target.tls === 'required' && target.verifyCertificate !== false,
      minVersion: 'TLSv1.2',
    },
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
  let tls: SessionTls | undefined;
  try {
    try {
      await connection.open();
    } catch (error) {
      // No STARTTLS, or a failed handshake, where TLS is required: temporary (RFC 7672 §2.2, RFC 8461 §5), never plaintext.
      // nodemailer says ETLS for a refused STARTTLS; a certificate node refuses during the handshake is a socket error while `upgrading`.
      const tlsFailed = (error as SmtpError).code === 'ETLS' || Reflect.get(connection, 'upgrading') === true;
      if (tlsFailed && (target.dane || target.tls === 'required')) {
        const refusedStarttls = Boolean((error as SmtpError).responseCode);
        tls = { secure: false, summary: 'TLS failed', failure: refusedStarttls ? 'starttls-not-supported' : handshakeFailure((error as Error).message) };
        const what = refusedStarttls ? 'no STARTTLS' : (error as Error).message;
        return { kind: 'failed', code: 0, response: `4.7.5 ${target.dane ? 'DANE' : 'TLS'} required, ${what}: not sent in plaintext`, connection: true, tls };
      }
      throw error;
    }
    tls = sessionTls(connection, target);
    if (tls.failure) return { kind: 'failed', code: 0, response: `4.7.5 ${tls.summary}: not sent`, connection: true, tls };
    // Read before AUTH: after connect the last reply is the (post-STARTTLS) EHLO.
    const hop = hopExtensions(connection.lastServerResponse);
    if (target.auth) await connection.authenticate(target.auth);
    const prepared = await options.prepare(hop);
    refusedHere = prepared.refused;
    const refused = new Set(refusedHere.map((r) => r.recipient.toLowerCase()));
    sentTo = options.to.filter((r) => !refused.has(r.toLowerCase()));
    if (!sentTo.length) return { kind: 'answered', replies: refusedHere, tls };
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
    return { kind: 'answered', replies, tls };
  } catch (caught) {
    const error: SmtpError = caught instanceof Error ? caught : new Error(String(caught));
    if (error.rejectedErrors?.length && error.rejectedErrors.length === sentTo.length) {
      // Every recipient refused at RCPT: those are per-recipient answers.
      return { kind: 'answered', replies: [...refusedHere, ...error.rejectedErrors.map(rejection)], tls };
    }
    if (error.responseCode) {
      // A refusal of the whole transaction (MAIL FROM, DATA), or a 421 closing the connection.
      const failed = { kind: 'failed' as const, code: error.responseCode, response: responseText(error), connection: error.responseCode === 421, tls };
      if (!refusedHere.length) return failed;
      // Some were refused here already: answer for each recipient, the rest with the transaction's reply.
      const rest = sentTo.map((recipient) => ({ recipient, code: failed.code, response: failed.response }));
      return { kind: 'answered', replies: [...refusedHere, ...rest], tls };
    }
    return { kind: 'failed', code: 0, response: `${error.code ?? 'ERROR'}: ${error.message}`, connection: true, tls };
  } finally {
    connection.close();
  }
}

/** The RFC 8460 §4.3 result type of a failed handshake, from node's certificate error. */
function handshakeFailure(message: string): DaneFailureType {
  if (/expired/i.test(message)) return 'certificate-expired';
  if (/Hostname\/IP does not match|altnames/i.test(message)) return 'certificate-host-mismatch';
  return 'validation-failure';
}

/** What protects the open session; under DANE the certificate is checked against the TLSA records here. */
function sessionTls(connection: EnvelopeConnection, target: SmtpTarget): SessionTls {
  if (!connection.isSecure()) return { secure: false, summary: 'no TLS' };
  if (!target.dane) {
    const verified = target.tls === 'required' && target.verifyCertificate !== false;
    return { secure: true, summary: verified ? 'TLS, certificate verified' : 'TLS' };
  }
  const verdict = verifyDane(connection.peerChain(), target.dane, target.daneNames ?? target.host);
  if (verdict.ok) return { secure: true, summary: `DANE verified (${verdict.matched})` };
  return { secure: true, summary: `DANE verification failed: ${verdict.reason}`, failure: verdict.type };
}

function responseText(error: SmtpError): string {
  return (error.response ?? error.message).replace(/\s+/g, ' ').trim();
}

function rejection(error: SmtpError): RecipientReply {
  return { recipient: String(error.recipient ?? ''), code: error.responseCode ?? 450, response: responseText(error) };
}
