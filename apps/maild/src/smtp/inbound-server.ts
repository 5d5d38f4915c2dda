import { randomBytes } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdir, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { type Logger, selftestTokenOf, TLS_POLICY } from '@kontor/core';
import { messagesReceived, messagesRefused, refusalReason, smtpConnections, smtpTransactions } from '@kontor/core/metrics';
import { type Db, pendingSelftest, type RecipientResolution, resolveRecipient } from '@kontor/db';
import { SMTPServer, type SMTPServerDataStream, type SMTPServerSession } from 'smtp-server';
import type { DnsResolver } from '../dns/resolver.ts';
import { recordProbe } from '../selftest/probe-verdicts.ts';
import type { TlsSource } from '../tls/tls-source.ts';
import type { InboundDelivery } from './deliver-inbound.ts';
import { removeForgedAuthHeaders } from './forged-auth-headers.ts';
import { CrlfNormalizer } from './line-endings.ts';
import { type AuthVerdicts, verifyMessage } from './message-auth.ts';
import { runSteps } from './policy.ts';
import { isBarePostmaster, resolveBarePostmaster } from './postmaster.ts';
import { receivedHeader } from './received-header.ts';
import { keepOwnEnhancedCodes, reject, SmtpReply } from './reply.ts';
import { negotiatedTls } from './session-tls.ts';
import { readSpooledHeader } from './spooled-header.ts';
import type { ConnectionLimits } from './steps/connection-limits.ts';
import { DMARC_REJECT_TEXT, type DmarcContext, dmarcPolicy } from './steps/dmarc.ts';
import { heloSanity } from './steps/helo.ts';
import { declaredSizeLimit, mailFromSyntax } from './steps/mail-from.ts';
import { recipientExists, recipientLimit, recipientQuota } from './steps/recipient.ts';
import { beginTransaction, currentTransaction, type InboundTransaction } from './transaction.ts';

export interface InboundServerOptions {
  db: Db;
  delivery: InboundDelivery;
  /** The certificate; smtp-server builds contexts of its own, so it is told of each reload. */
  tls: TlsSource;
  resolver: DnsResolver;
  log: Logger;
  hostname: string;
  spoolDir: string;
  maxMessageSize: number;
  maxRecipients: number;
  connectionLimits: ConnectionLimits;
  /** How RCPT TO addresses are resolved; defaults to resolveRecipient (maild adds SRS bounce handling). */
  resolveRecipient?: (db: Db, address: string) => Promise<RecipientResolution>;
  /** DMARC p=reject failures: refuse, or file them under Junk. */
  dmarcRejectAction: 'reject' | 'quarantine';
  /** DMARC pct= sampling (RFC 7489 §6.6.4), [0, 1); Math.random unless a test fixes it. */
  random?: () => number;
  /** Blocklist zones the self-test asks about the probe's sending address (DNSBL_ZONES). */
  dnsblZones?: readonly string[];
}

/**
 * The MX: receives mail for hosted domains from anyone, relays for no one.
 * Policy runs as ordered steps per phase; DATA is streamed to a spool file,
 * verified (SPF/DKIM/DMARC/ARC), then stored with trace headers prepended;
 * 250 is sent only after every recipient's copy is committed.
 */
export function createInboundServer(options: InboundServerOptions): SMTPServer {
  keepOwnEnhancedCodes();
  const { log } = options;
  // Sessions holding a connection slot, and sessions already gone (a client
  // may leave while its connect step still waits for Redis).
  const holdingSlot = new WeakSet<SMTPServerSession>();
  const gone = new WeakSet<SMTPServerSession>();
  const server: SMTPServer = new SMTPServer({
    name: options.hostname,
    banner: 'Kontor ESMTP',
    ...TLS_POLICY,
    key: options.tls.certificate.key,
    cert: options.tls.certificate.cert,
    // Names with a certificate of their own (ACME) get it; the rest the default above.
    SNICallback: options.tls.sniCallback,
    size: options.maxMessageSize,
    authOptional: true,
    disabledCommands: ['AUTH'],
    hideDSN: true,
    hideENHANCEDSTATUSCODES: false,
    disableReverseLookup: true,
    maxClients: 5000,
    socketTimeout: 5 * 60_000,
    closeTimeout: 30_000,
    logger: false,

    onConnect(session, callback) {
      runSteps([options.connectionLimits.step], { remoteAddress: session.remoteAddress }).then(
        (verdict) => {
          smtpConnections.inc({ listener: 'smtp', result: verdict ? 'refused' : 'accepted' });
          if (verdict) return callback(verdict);
          if (gone.has(session)) return options.connectionLimits.release(session.remoteAddress);
          holdingSlot.add(session);
          callback();
        },
        (error: unknown) => callback(internalError(log, error, session)),
      );
    },

    onClose(session) {
      // onClose runs for refused connections too; only those holding a slot give one back.
      gone.add(session);
      if (holdingSlot.delete(session)) options.connectionLimits.release(session.remoteAddress);
    },

    onMailFrom(address, session, callback) {
      const declaredSize = Number(((address.args as Record<string, string> | false) || {})['SIZE'] ?? 0) || 0;
      const mailFrom = address.address;
      beginTransaction(session, mailFrom, declaredSize);
      (async () =>
        (await runSteps([heloSanity], { helo: session.hostNameAppearsAs || '', remoteAddress: session.remoteAddress, ourHostname: options.hostname })) ??
        (await runSteps([mailFromSyntax, declaredSizeLimit], { address: mailFrom, declaredSize, maxSize: options.maxMessageSize })))().then(
        (verdict) => {
          if (!verdict) return callback();
          void logRefusal(options, 'mail', session, mailFrom, [''], verdict).finally(() => callback(verdict));
        },
        (error: unknown) => callback(internalError(log, error, session)),
      );
    },

    onRcptTo(address, session, callback) {
      const transaction = currentTransaction(session);
      (async () => {
        const probe = await selftestRecipient(options, address.address, transaction);
        if (probe !== undefined) return probe;
        if (transaction.selftest) return reject(452, '4.5.3', 'The self-test probe travels alone');
        const resolve = options.resolveRecipient ?? resolveRecipient;
        const { address: rcptTo, resolution } = isBarePostmaster(address.address)
          ? await resolveBarePostmaster(options.db, options.hostname, resolve)
          : { address: address.address, resolution: await resolve(options.db, address.address) };
        const verdict = await runSteps([recipientLimit, recipientExists, recipientQuota], {
          address: rcptTo,
          resolution,
          accepted: transaction.recipients.length,
          maxRecipients: options.maxRecipients,
          declaredSize: transaction.declaredSize,
        });
        if (!verdict && resolution.kind === 'deliver') {
          transaction.recipients.push({ address: rcptTo, mailboxes: resolution.mailboxes, forwards: resolution.forwards, forwardings: resolution.forwardings });
        }
        return verdict;
      })().then(
        (verdict) => {
          if (!verdict) return callback();
          void logRefusal(options, 'rcpt', session, transaction.mailFrom, [address.address], verdict).finally(() => callback(verdict));
        },
        (error: unknown) => callback(internalError(log, error, session)),
      );
    },

    onData(stream, session, callback) {
      const data: DataPhase = {};
      receiveMessage(options, stream, session, data).then(
        (reply) => {
          smtpTransactions.inc({ listener: 'smtp', result: 'accepted' });
          callback(null, reply);
        },
        (error: unknown) => {
          // Every refusal of the DATA phase (size, DMARC, quota, a local failure) is logged like those of MAIL and RCPT.
          const reply = error instanceof SmtpReply ? error : internalError(log, error, session);
          const transaction = currentTransaction(session);
          if (data.verdicts && reply.text === DMARC_REJECT_TEXT) void options.delivery.recordDmarcRefusal(data.verdicts, session.remoteAddress);
          smtpTransactions.inc({ listener: 'smtp', result: reply.temporary ? 'deferred' : 'rejected' });
          void logRefusal(
            options,
            'data',
            session,
            transaction.mailFrom,
            transaction.recipients.map((r) => r.address),
            reply,
            data.verdicts,
          ).finally(() => callback(reply));
        },
      );
    },
  });
  server.on('error', (error) => log.warn({ err: error }, 'smtp connection error'));
  options.tls.onReload((certificate) => server.updateSecureContext({ key: certificate.key, cert: certificate.cert }));
  return server;
}

/**
 * RCPT of a self-test probe (kontor-selftest-<token>@MAIL_HOSTNAME): accepted
 * alone, for a pending run only. undefined: not a probe address; null: accepted.
 */
async function selftestRecipient(options: InboundServerOptions, address: string, transaction: InboundTransaction): Promise<SmtpReply | null | undefined> {
  const token = selftestTokenOf(address, options.hostname);
  if (!token) return undefined;
  const run = await pendingSelftest(options.db, token);
  if (!run) return reject(550, '5.1.1', 'No such self-test (finished or expired)');
  if (transaction.recipients.length || transaction.selftest) return reject(452, '4.5.3', 'The self-test probe travels alone');
  transaction.selftest = { token, domain: run.domain };
  return null;
}

function internalError(log: Logger, error: unknown, session: SMTPServerSession): SmtpReply {
  log.error({ err: error, session: session.id, ip: session.remoteAddress }, 'inbound smtp failure');
  return reject(451, '4.3.0', 'Temporary local problem, please try again later');
}

/** A refusal goes to the log and, one row per recipient, to DeliveryLog. */
async function logRefusal(
  options: InboundServerOptions,
  phase: 'mail' | 'rcpt' | 'data',
  session: SMTPServerSession,
  mailFrom: string,
  recipients: string[],
  verdict: SmtpReply,
  verdicts?: AuthVerdicts,
) {
  const reply = `${verdict.responseCode} ${verdict.message}`;
  const rcptTo = recipients.length === 1 ? recipients[0] : recipients;
  options.log.info({ session: session.id, ip: session.remoteAddress, mailFrom, rcptTo, reply }, 'smtp refused');
  messagesRefused.inc({ phase, reason: refusalReason(verdict) });
  await Promise.all(
    recipients.map((recipient) =>
      options.delivery.logRefusal({
        mailFrom,
        rcptTo: recipient,
        ip: session.remoteAddress,
        reply,
        status: verdict.temporary ? 'deferred' : 'rejected',
        ...(verdicts ? { verdicts } : {}),
        tls: session.secure ? negotiatedTls(session) : null,
      }),
    ),
  ).catch((error: unknown) => options.log.warn({ err: error }, 'delivery log write failed'));
}

/** What the DATA phase learnt before it failed (for the refusal's log row). */
interface DataPhase {
  verdicts?: AuthVerdicts;
}

/** Spool → verify → store → commit; resolves with the 250 text. */
async function receiveMessage(options: InboundServerOptions, stream: SMTPServerDataStream, session: SMTPServerSession, data: DataPhase): Promise<string> {
  const transaction = currentTransaction(session);
  const queueId = randomBytes(8).toString('hex');
  await mkdir(options.spoolDir, { recursive: true });
  const spoolFile = path.join(options.spoolDir, `${queueId}.eml`);
  try {
    const normalizer = new CrlfNormalizer();
    await pipeline(stream, normalizer, createWriteStream(spoolFile));
    if (stream.sizeExceeded) {
      throw reject(552, '5.3.4', `Message size exceeds the fixed limit of ${options.maxMessageSize} bytes`);
    }
    const helo = session.hostNameAppearsAs || session.remoteAddress;
    const verdicts = await verifyMessage(createReadStream(spoolFile), {
      ip: session.remoteAddress,
      helo,
      sender: transaction.mailFrom,
      mta: options.hostname,
      resolver: options.resolver,
    });
    data.verdicts = verdicts;
    if (transaction.selftest) return await receiveProbe(options, session, transaction.selftest, verdicts, spoolFile);
    const dmarc: DmarcContext = { verdicts, rejectAction: options.dmarcRejectAction, folder: 'INBOX', ...(options.random ? { random: options.random } : {}) };
    const refusal = await runSteps([dmarcPolicy], dmarc);
    if (refusal) throw refusal;
    // Our results go on top; results claiming to be ours that came with the message go (RFC 8601 §5).
    const spooled = await readSpooledHeader(spoolFile);
    const { header, removed } = removeForgedAuthHeaders(spooled.header, options.hostname);
    if (removed) options.log.info({ queueId, ip: session.remoteAddress, removed }, 'removed authentication headers claiming to be ours');
    const trace =
      receivedHeader({
        helo,
        clientHostname: session.clientHostname,
        remoteAddress: session.remoteAddress,
        ourHostname: options.hostname,
        protocol: session.secure ? 'ESMTPS' : 'ESMTP',
        queueId,
        recipient: transaction.recipients.length === 1 ? transaction.recipients[0]!.address : undefined,
        tls: session.secure ? negotiatedTls(session) : undefined,
      }) + verdicts.headers;
    const size = { bytes: 0 };
    const parts = [Buffer.from(trace), Buffer.from(`${header}\r\n`, 'latin1'), createReadStream(spoolFile, { start: spooled.bodyOffset })];
    await options.delivery.deliver({
      queueId,
      message: Readable.from(concatStreams(parts, size)),
      mailFrom: transaction.mailFrom,
      recipients: transaction.recipients,
      folder: dmarc.folder,
      verdicts,
      remoteAddress: session.remoteAddress,
      helo,
      tls: session.secure ? negotiatedTls(session) : null,
    });
    options.log.info(
      {
        queueId,
        ip: session.remoteAddress,
        mailFrom: transaction.mailFrom,
        recipients: transaction.recipients.map((r) => r.address),
        size: size.bytes,
        spf: verdicts.spf,
        dkim: verdicts.dkim,
        dmarc: verdicts.dmarc,
        arc: verdicts.arc,
        folder: dmarc.folder,
      },
      'message accepted',
    );
    messagesReceived.inc({ listener: 'smtp' });
    return `2.6.0 Message accepted as ${queueId}`;
  } finally {
    await rm(spoolFile, { force: true });
  }
}

/** A self-test probe: evaluated as received (before any policy could refuse it), never stored. */
async function receiveProbe(
  options: InboundServerOptions,
  session: SMTPServerSession,
  probe: { token: string; domain: string },
  verdicts: AuthVerdicts,
  spoolFile: string,
): Promise<string> {
  const spooled = await readSpooledHeader(spoolFile);
  const { size } = await stat(spoolFile);
  await recordProbe(
    {
      db: options.db,
      resolver: options.resolver,
      log: options.log,
      hostname: options.hostname,
      dnsblZones: options.dnsblZones ?? [],
      maxMessageSize: options.maxMessageSize,
    },
    {
      ...probe,
      ip: session.remoteAddress,
      helo: session.hostNameAppearsAs || session.remoteAddress,
      tls: session.secure ? negotiatedTls(session) : null,
      verdicts,
      header: spooled.header,
      size,
    },
  );
  return '2.0.0 Self-test probe received';
}

/** The parts one after the other, counting the bytes that went through. */
async function* concatStreams(parts: Array<Buffer | Readable>, size: { bytes: number }): AsyncGenerator<Buffer> {
  for (const part of parts) {
    if (Buffer.isBuffer(part)) {
      size.bytes += part.length;
      yield part;
    } else {
      for await (const chunk of part) {
        size.bytes += (chunk as Buffer).length;
        yield chunk as Buffer;
      }
    }
  }
}
