import type { MailRouter } from '../outbound/route.ts';
import type { Listener, RoleContext } from '../role-context.ts';
import { listenSmtp } from '../smtp/smtp-listener.ts';
import { spoolDirOf } from '../smtp/spool.ts';
import { createSubmissionAuth } from './auth.ts';
import { SendLimits } from './send-limits.ts';
import { createSubmissionServer } from './submission-server.ts';

/** Submission on SUBMISSION_PORT (STARTTLS, 587) and SMTPS_PORT (implicit TLS, 465). */
export async function startSubmission(context: RoleContext, router: MailRouter): Promise<Listener[]> {
  const { config, db, store, interactiveRedis, tls, loginLimiter, log } = context;
  const onAuth = createSubmissionAuth({ db, loginLimiter, allowPlaintextLoopback: config.ALLOW_PLAINTEXT_AUTH_LOOPBACK, log });
  const common = {
    db,
    store,
    router,
    onAuth,
    sendLimits: new SendLimits(interactiveRedis, `${config.REDIS_PREFIX}:send`),
    defaultLimits: { perHour: config.SEND_LIMIT_PER_HOUR, perDay: config.SEND_LIMIT_PER_DAY },
    tls,
    log,
    hostname: config.MAIL_HOSTNAME,
    spoolDir: spoolDirOf(config.DATA_DIR, 'submission'),
    maxMessageSize: config.MAX_MESSAGE_SIZE,
    maxRecipients: config.SMTP_MAX_RECIPIENTS,
    allowPlaintextAuthLoopback: config.ALLOW_PLAINTEXT_AUTH_LOOPBACK,
  };
  const front = { host: config.BIND_ADDRESS, log, isTrustedProxy: context.isTrustedProxy };
  return [
    await listenSmtp(createSubmissionServer({ ...common, implicitTls: false }), { ...front, name: 'submission', port: config.SUBMISSION_PORT }),
    await listenSmtp(createSubmissionServer({ ...common, implicitTls: true }), { ...front, name: 'smtps', port: config.SMTPS_PORT, implicitTls: tls }),
  ];
}
