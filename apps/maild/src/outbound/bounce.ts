import { randomBytes } from 'node:crypto';
import { Readable } from 'node:stream';
import type { Logger } from '@kontor/core';
import { type Db, mailLanguageOf } from '@kontor/db';
import type { MailStore } from '@kontor/mailstore';
import { buildDsn, type FailedRecipient } from './dsn.ts';
import { readHeaderBlock } from './message-header.ts';
import type { MailRouter } from './route.ts';

/**
 * Writes delivery status notifications and sends them to the original
 * sender: into the INBOX when the sender is one of ours, through the
 * queue otherwise. A message with the null sender is never bounced.
 * Written in the language of the sender's domain when it is hosted here.
 */
export class Bouncer {
  constructor(private readonly deps: { db: Db; store: MailStore; router: MailRouter; hostname: string; log: Logger }) {}

  /** Resolves true when a DSN went out (or was not due: null sender). */
  async bounce(
    message: { queueId: string; blobSha256: string; mailFrom: string; arrivalDate: Date },
    failed: FailedRecipient[],
    reason?: string,
  ): Promise<boolean> {
    const { store, router, hostname, log } = this.deps;
    if (!failed.length) return true;
    if (!message.mailFrom) {
      log.info({ queueId: message.queueId, recipients: failed.map((f) => f.recipient) }, 'undeliverable message with the null sender: no bounce');
      return true;
    }
    let originalHeaders = '';
    try {
      originalHeaders = await readHeaderBlock(store.openMessage(message.blobSha256));
    } catch (error) {
      log.warn({ err: error, queueId: message.queueId }, 'original message unreadable for the bounce');
    }
    const language = await mailLanguageOf(this.deps.db, message.mailFrom).catch((error: unknown) => {
      log.warn({ err: error, queueId: message.queueId }, 'language of the sender domain unknown; the bounce is in English');
      return undefined;
    });
    const dsn = buildDsn({
      reportingMta: hostname,
      language,
      to: message.mailFrom,
      queueId: message.queueId,
      arrivalDate: message.arrivalDate,
      failed,
      originalHeaders,
      reason,
    });
    const stored = await store.storeBlob(Readable.from([Buffer.from(dsn)]));
    const queueId = `${message.queueId}-dsn-${randomBytes(3).toString('hex')}`;
    const routed = await router.route({ queueId, stored, mailFrom: '', recipients: [message.mailFrom], kind: 'bounce' });
    log.info(
      { queueId: message.queueId, dsn: queueId, to: message.mailFrom, recipients: failed.map((f) => f.recipient), local: routed.local.length > 0 },
      'bounce sent',
    );
    return true;
  }
}
