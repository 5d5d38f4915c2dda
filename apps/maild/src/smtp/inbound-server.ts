import { randomBytes } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdir, rm } from 'node:fs/promises';
import path from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { Logger } from '@kontor/core';
import { type Db, type RecipientResolution, resolveRecipient } from '@kontor/db';
import { SMTPServer, type SMTPServerDataStream, type SMTPServerSession } from 'smtp-server';
import type { DnsResolver } from '../dns/resolver.ts';
import type { Certificate } from '../tls/certificate.ts';
import type { InboundDelivery } from './deliver-inbound.ts';
import { CrlfNormalizer } from './line-endings.ts';
import { verifyMessage } from './message-auth.ts';
import { runSteps } from './policy.ts';
import { receivedHeader } from './received-header.ts';
import { keepOwnEnhancedCodes, reject, SmtpReply } from './reply.ts';
import type { ConnectionLimits } from './steps/connection-limits.ts';
import { heloSanity } from './steps/helo.ts';
import { declaredSizeLimit, mailFromSyntax } from './steps/mail-from.ts';
import { recipientExists, recipientLimit, recipientQuota } from './steps/recipient.ts';
import { beginTransaction, currentTransaction } from './transaction.ts';

export interface InboundServerOptions {
  db: Db;
  delivery: InboundDelivery;
  certificate: Certificate;
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
  const server: SMTPServer = new SMTPServer({
    name: options.hostname,
    banner: 'Kontor ESMTP',
    key: options.certificate.key,
    cert: options.certificate.cert,
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
          if (verdict) return callback(verdict);
          options.connectionLimits.opened(session.remoteAddress);
          callback();
        },
        (error: unknown) => callback(internalError(log, error, session)),
      );
    },

    onClose(session) {
      // onClose runs for refused connections too; only count the ones we opened.
      if (session.openingCommand || session.hostNameAppearsAs || session.transmissionType) options.connectionLimits.closed(session.remoteAddress);
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
          void logRefusal(options, session, mailFrom, '', verdict).finally(() => callback(verdict));
        },
        (error: unknown) => callback(internalError(log, error, session)),
      );
    },

    onRcptTo(address, session, callback) {
      const transaction = currentTransaction(session);
      (async () => {
        const resolution = await (options.resolveRecipient ?? resolveRecipient)(options.db, address.address);
        const verdict = await runSteps([recipientLimit, recipientExists, recipientQuota], {
          address: address.address,
          resolution,
          accepted: transaction.recipients.length,
          maxRecipients: options.maxRecipients,
          declaredSize: transaction.declaredSize,
        });
        if (!verdict && resolution.kind === 'deliver') {
          transaction.recipients.push({ address: address.address, mailboxes: resolution.mailboxes, forwards: resolution.forwards });
        }
        return verdict;
      })().then(
        (verdict) => {
          if (!verdict) return callback();
          void logRefusal(options, session, transaction.mailFrom, address.address, verdict).finally(() => callback(verdict));
        },
        (error: unknown) => callback(internalError(log, error, session)),
      );
    },

    onData(stream, session, callback) {
      receiveMessage(options, stream, session).then(
        (reply) => callback(null, reply),
        (error: unknown) => {
          if (error instanceof SmtpReply) return callback(error);
          callback(internalError(log, error, session));
        },
      );
    },
  });
  server.on('error', (error) => log.warn({ err: error }, 'smtp connection error'));
  return server;
}

function internalError(log: Logger, error: unknown, session: SMTPServerSession): SmtpReply {
  log.error({ err: error, session: session.id, ip: session.remoteAddress }, 'inbound smtp failure');
  return reject(451, '4.3.0', 'Temporary local problem, please try again later');
}

async function logRefusal(options: InboundServerOptions, session: SMTPServerSession, mailFrom: string, rcptTo: string, verdict: SmtpReply) {
  options.log.info({ session: session.id, ip: session.remoteAddress, mailFrom, rcptTo, reply: `${verdict.responseCode} ${verdict.message}` }, 'smtp refused');
  await options.delivery
    .logRefusal({
      mailFrom,
      rcptTo,
      ip: session.remoteAddress,
      reply: `${verdict.responseCode} ${verdict.message}`,
      status: verdict.temporary ? 'deferred' : 'rejected',
    })
    .catch((error: unknown) => options.log.warn({ err: error }, 'delivery log write failed'));
}

/** Spool → verify → store → commit; resolves with the 250 text. */
async function receiveMessage(options: InboundServerOptions, stream: SMTPServerDataStream, session: SMTPServerSession): Promise<string> {
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
    let folder = 'INBOX';
    if (verdicts.dmarcFailedPolicy === 'reject') {
      if (options.dmarcRejectAction === 'reject') {
        await Promise.all(
          transaction.recipients.map((r) =>
            options.delivery.logRefusal({
              mailFrom: transaction.mailFrom,
              rcptTo: r.address,
              ip: session.remoteAddress,
              reply: '550 5.7.1 DMARC policy',
              status: 'rejected',
              verdicts,
            }),
          ),
        ).catch(() => {});
        throw reject(550, '5.7.1', 'Message rejected by the sender domain’s DMARC policy');
      }
      folder = 'Junk';
    }
    const socket = (session as unknown as { tlsOptions?: { name?: string; version?: string } }).tlsOptions;
    const trace =
      receivedHeader({
        helo,
        clientHostname: session.clientHostname,
        remoteAddress: session.remoteAddress,
        ourHostname: options.hostname,
        protocol: session.secure ? 'ESMTPS' : 'ESMTP',
        queueId,
        recipient: transaction.recipients.length === 1 ? transaction.recipients[0]!.address : undefined,
        tls: session.secure ? { protocol: socket?.version, cipher: socket?.name } : undefined,
      }) + verdicts.headers;
    const message = Readable.from(concatStreams([Buffer.from(trace), createReadStream(spoolFile)]));
    await options.delivery.deliver({
      queueId,
      message,
      mailFrom: transaction.mailFrom,
      recipients: transaction.recipients,
      folder,
      verdicts,
      remoteAddress: session.remoteAddress,
    });
    return `2.6.0 Message accepted as ${queueId}`;
  } finally {
    await rm(spoolFile, { force: true });
  }
}

async function* concatStreams(parts: Array<Buffer | Readable>): AsyncGenerator<Buffer> {
  for (const part of parts) {
    if (Buffer.isBuffer(part)) yield part;
    else for await (const chunk of part) yield chunk as Buffer;
  }
}
