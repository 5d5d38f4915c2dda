import { randomBytes } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdir, open, rm } from 'node:fs/promises';
import path from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { domainOfAddress, isLoopback, type Logger, TLS_POLICY } from '@kontor/core';
import { messagesReceived, smtpConnections, smtpTransactions } from '@kontor/core/metrics';
import { type Db, mayUseSenderAddress, resolveRecipient, sendingProfile } from '@kontor/db';
import { type MailStore, storeSentCopy } from '@kontor/mailstore';
import { SMTPServer, type SMTPServerDataStream, type SMTPServerSession } from 'smtp-server';
import type { MailRouter } from '../outbound/route.ts';
import { CrlfNormalizer } from '../smtp/line-endings.ts';
import { runSteps } from '../smtp/policy.ts';
import { receivedHeader } from '../smtp/received-header.ts';
import { keepOwnEnhancedCodes, reject, SmtpReply } from '../smtp/reply.ts';
import { negotiatedTls } from '../smtp/session-tls.ts';
import { recipientExists, recipientLimit, recipientQuota } from '../smtp/steps/recipient.ts';
import type { TlsSource } from '../tls/tls-source.ts';
import type { createSubmissionAuth, SubmissionUser } from './auth.ts';
import { prepareHeader } from './prepare-message.ts';
import type { SendLimits } from './send-limits.ts';

export interface SubmissionServerOptions {
  db: Db;
  store: MailStore;
  router: MailRouter;
  onAuth: ReturnType<typeof createSubmissionAuth>;
  sendLimits: SendLimits;
  /** Configured defaults; a mailbox's own limits win. */
  defaultLimits: { perHour: number; perDay: number };
  /** The certificate; smtp-server builds contexts of its own, so it is told of each reload. */
  tls: TlsSource;
  log: Logger;
  hostname: string;
  spoolDir: string;
  maxMessageSize: number;
  maxRecipients: number;
  /** SMTPS (465): TLS from the first byte; otherwise STARTTLS (587). */
  implicitTls: boolean;
  /** ALLOW_PLAINTEXT_AUTH_LOOPBACK: the library lets AUTH through before TLS; onAuth then allows loopback only. */
  allowPlaintextAuthLoopback: boolean;
}

interface SubmissionTransaction {
  mailFrom: string;
  recipients: string[];
}

const transactions = new WeakMap<SMTPServerSession, SubmissionTransaction>();

/**
 * The user onAuth gave the session. smtp-server declares `session.user` a
 * string, but it holds whatever onAuth returned: checked, not cast.
 */
function userOf(session: SMTPServerSession): SubmissionUser {
  const user: unknown = session.user;
  if (typeof user === 'object' && user !== null && 'mailboxId' in user && 'address' in user) {
    const { mailboxId, address } = user;
    if (typeof mailboxId === 'number' && typeof address === 'string') return { mailboxId, address };
  }
  throw new Error('submission: the session has no authenticated user');
}

/**
 * Mail submission (RFC 6409) on 587 (STARTTLS before AUTH) and 465
 * (implicit TLS): authenticated users only, sending as addresses they own,
 * within their sending limits. Local recipients get the message at once,
 * remote ones through the outbound queue; a copy goes to Sent on request.
 */
export function createSubmissionServer(options: SubmissionServerOptions): SMTPServer {
  keepOwnEnhancedCodes();
  const { log } = options;
  const server: SMTPServer = new SMTPServer({
    name: options.hostname,
    banner: 'Kontor ESMTP submission',
    ...TLS_POLICY,
    key: options.tls.certificate.key,
    cert: options.tls.certificate.cert,
    // Names with a certificate of their own (ACME) get it; the rest the default above.
    SNICallback: options.tls.sniCallback,
    secure: options.implicitTls,
    size: options.maxMessageSize,
    authMethods: ['PLAIN', 'LOGIN'],
    authOptional: false,
    authRequiredMessage: '5.7.0 Authentication required',
    allowInsecureAuth: options.allowPlaintextAuthLoopback,
    disabledCommands: options.implicitTls ? ['STARTTLS'] : [],
    hideDSN: true,
    hideENHANCEDSTATUSCODES: false,
    disableReverseLookup: true,
    maxClients: 2000,
    socketTimeout: 5 * 60_000,
    closeTimeout: 30_000,
    logger: false,

    // AUTH is advertised (and accepted) only where it can succeed: under TLS,
    // or in the clear from 127.0.0.1/::1 with ALLOW_PLAINTEXT_AUTH_LOOPBACK
    // (RFC 3207 §4, RFC 4954 §4). Before STARTTLS the session disables it,
    // so EHLO does not list it; TLS gives the server-wide list back.
    onConnect(session, callback) {
      smtpConnections.inc({ listener: options.implicitTls ? 'smtps' : 'submission', result: 'accepted' });
      if (!session.secure && !(options.allowPlaintextAuthLoopback && isLoopback(session.remoteAddress))) session.disabledCommands = ['AUTH'];
      callback();
    },

    onSecure(_socket, session, callback) {
      session.disabledCommands = undefined;
      callback();
    },

    onAuth(auth, session, callback) {
      options.onAuth(auth, session).then(
        (response) => callback(null, response),
        (error: unknown) => callback(error instanceof SmtpReply ? error : internalError(log, error, session)),
      );
    },

    onMailFrom(address, session, callback) {
      // With AUTH disabled before TLS the library no longer demands it: we do (RFC 3207 §4).
      if (!session.user) return callback(reject(530, '5.7.0', 'Must issue a STARTTLS command first'));
      const user = userOf(session);
      const mailFrom = address.address;
      transactions.set(session, { mailFrom, recipients: [] });
      (async () => {
        if (!mailFrom) return reject(553, '5.7.1', 'The null sender cannot be used for submission');
        if (!(await mayUseSenderAddress(options.db, user.mailboxId, mailFrom))) {
          log.info({ session: session.id, user: user.address, mailFrom }, 'submission: sender not owned');
          return reject(553, '5.7.1', `Sender address <${mailFrom}> is not owned by user ${user.address}`);
        }
        const profile = await sendingProfile(options.db, user.mailboxId);
        if (!profile?.active) return reject(550, '5.7.1', 'This mailbox may not send mail');
        const limit = { perHour: profile.sendLimitPerHour ?? options.defaultLimits.perHour, perDay: profile.sendLimitPerDay ?? options.defaultLimits.perDay };
        const verdict = await options.sendLimits.check(user.mailboxId, limit);
        if (!verdict.allowed) {
          log.warn(
            { event: 'send-limit', mailbox: user.address, mailboxId: user.mailboxId, window: verdict.window, limit: verdict.limit, sent: verdict.sent },
            'sending limit reached',
          );
          return reject(450, '4.7.1', `Sending limit reached: at most ${verdict.limit} messages per ${verdict.window}; try again later`);
        }
        return undefined;
      })().then(
        (verdict) => callback(verdict),
        (error: unknown) => callback(internalError(log, error, session)),
      );
    },

    onRcptTo(address, session, callback) {
      const transaction = transactions.get(session) ?? { mailFrom: session.envelope.mailFrom ? session.envelope.mailFrom.address : '', recipients: [] };
      transactions.set(session, transaction);
      (async () => {
        const resolution = await resolveRecipient(options.db, address.address);
        const context = {
          address: address.address,
          resolution,
          accepted: transaction.recipients.length,
          maxRecipients: options.maxRecipients,
          declaredSize: 0,
        };
        // Remote recipients are what submission is for; hosted ones must exist.
        const verdict = await runSteps(resolution.kind === 'not-local' ? [recipientLimit] : [recipientLimit, recipientExists, recipientQuota], context);
        if (!verdict) transaction.recipients.push(address.address);
        return verdict;
      })().then(
        (verdict) => callback(verdict),
        (error: unknown) => callback(internalError(log, error, session)),
      );
    },

    onData(stream, session, callback) {
      const listener = options.implicitTls ? 'smtps' : 'submission';
      submitMessage(options, stream, session).then(
        (reply) => {
          smtpTransactions.inc({ listener, result: 'accepted' });
          messagesReceived.inc({ listener });
          callback(null, reply);
        },
        (error: unknown) => {
          const reply = error instanceof SmtpReply ? error : internalError(log, error, session);
          smtpTransactions.inc({ listener, result: reply.temporary ? 'deferred' : 'rejected' });
          callback(reply);
        },
      );
    },
  });
  server.on('error', (error) => log.warn({ err: error }, 'submission connection error'));
  options.tls.onReload((certificate) => server.updateSecureContext({ key: certificate.key, cert: certificate.cert }));
  return server;
}

function internalError(log: Logger, error: unknown, session: SMTPServerSession): SmtpReply {
  log.error({ err: error, session: session.id, ip: session.remoteAddress }, 'submission failure');
  return reject(451, '4.3.0', 'Temporary local problem, please try again later');
}

/** Where the header ends in the spooled message: the offset of the body (after the blank line), or the file size. */
async function headerEnd(file: string): Promise<{ header: string; bodyOffset: number }> {
  const handle = await open(file, 'r');
  try {
    const limit = 1024 * 1024;
    const buffer = Buffer.alloc(limit);
    const { bytesRead } = await handle.read(buffer, 0, limit, 0);
    const data = buffer.subarray(0, bytesRead);
    if (data.subarray(0, 2).toString() === '\r\n') return { header: '', bodyOffset: 2 };
    const end = data.indexOf('\r\n\r\n');
    if (end < 0) {
      if (bytesRead === limit) throw reject(552, '5.6.0', 'Message header too large');
      return { header: data.toString('utf8').replace(/(\r\n)?$/, '\r\n'), bodyOffset: bytesRead };
    }
    return { header: data.subarray(0, end + 2).toString('utf8'), bodyOffset: end + 4 };
  } finally {
    await handle.close();
  }
}

async function submitMessage(options: SubmissionServerOptions, stream: SMTPServerDataStream, session: SMTPServerSession): Promise<string> {
  const user = userOf(session);
  const transaction = transactions.get(session);
  if (!transaction?.recipients.length) throw reject(554, '5.5.1', 'No valid recipients');
  const queueId = randomBytes(8).toString('hex');
  await mkdir(options.spoolDir, { recursive: true });
  const spoolFile = path.join(options.spoolDir, `${queueId}.sub.eml`);
  try {
    await pipeline(stream, new CrlfNormalizer(), createWriteStream(spoolFile));
    if (stream.sizeExceeded) throw reject(552, '5.3.4', `Message size exceeds the fixed limit of ${options.maxMessageSize} bytes`);
    const profile = await sendingProfile(options.db, user.mailboxId);
    if (!profile) throw reject(550, '5.7.1', 'This mailbox may not send mail');
    const { header, bodyOffset } = await headerEnd(spoolFile);
    const trace = receivedHeader({
      helo: session.hostNameAppearsAs || session.remoteAddress,
      clientHostname: session.clientHostname,
      remoteAddress: session.remoteAddress,
      ourHostname: options.hostname,
      protocol: session.secure ? 'ESMTPSA' : 'ESMTPA',
      queueId,
      tls: session.secure ? negotiatedTls(session) : undefined,
    });
    const prepared = prepareHeader(header, { trace, mailFrom: transaction.mailFrom, displayName: profile.displayName, hostname: options.hostname });
    if (!prepared.fromAddresses.length) throw reject(550, '5.6.0', 'The From: header holds no address');
    for (const from of prepared.fromAddresses) {
      if (!(await mayUseSenderAddress(options.db, user.mailboxId, from))) {
        options.log.info({ session: session.id, user: user.address, from }, 'submission: From: not owned');
        throw reject(553, '5.7.1', `From: address <${from}> is not owned by user ${user.address}`);
      }
    }
    const body = bodyOffset > 0 ? createReadStream(spoolFile, { start: bodyOffset }) : undefined;
    const stored = await options.store.storeBlob(Readable.from(concat([Buffer.from(`${prepared.header}\r\n`), ...(body ? [body] : [])])));
    try {
      await options.router.route({
        queueId,
        stored,
        mailFrom: transaction.mailFrom,
        recipients: transaction.recipients,
        kind: 'submission',
        dkimDomain: domainOfAddress(prepared.fromAddresses[0]!),
        messageId: prepared.messageId,
        senderMailboxId: user.mailboxId,
        client: { ip: session.remoteAddress, user: user.address, tls: session.secure ? negotiatedTls(session) : null },
      });
    } catch (error) {
      if ((error as { code?: string }).code === 'quota_exceeded') throw reject(452, '4.2.2', 'A recipient mailbox is full, try again later');
      throw error;
    }
    if (profile.saveSentCopy) await storeSentCopy(options.store, stored, { mailboxId: user.mailboxId, queueId }, options.log);
    await options.sendLimits.record(user.mailboxId).catch((error: unknown) => options.log.warn({ err: error }, 'send counter not updated'));
    options.log.info(
      { queueId, user: user.address, mailFrom: transaction.mailFrom, recipients: transaction.recipients.length, size: stored.size },
      'message submitted',
    );
    return `2.0.0 Message queued as ${queueId}`;
  } finally {
    await rm(spoolFile, { force: true });
  }
}

async function* concat(parts: Array<Buffer | Readable>): AsyncGenerator<Buffer> {
  for (const part of parts) {
    if (Buffer.isBuffer(part)) yield part;
    else for await (const chunk of part) yield chunk as Buffer;
  }
}
