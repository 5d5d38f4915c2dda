import { Readable } from 'node:stream';
import {
  AUTOREPLY_QUEUE,
  autoReplyVerdict,
  autoreplyJobSchema,
  comparableAddress,
  composeAutoReply,
  domainOfAddress,
  type Logger,
  toAndCcAddresses,
} from '@kontor/core';
import { activeAutoresponders, claimAutoreply, type Db, releaseAutoreplyClaim, resolveRecipient, switchOffExpiredAutoresponders } from '@kontor/db';
import { type MailStore, parseMimeBuffer } from '@kontor/mailstore';
import { type Job, Worker } from 'bullmq';
import type { Redis } from 'ioredis';
import { headerMap, readHeaderBlock } from '../outbound/message-header.ts';
import type { MailRouter } from '../outbound/route.ts';

/**
 * Answers a message for a mailbox with an autoresponder (RFC 3834): only
 * when the autoresponder is on and inside its dates at arrival, never to
 * machines, lists or bounces, at most once per sender per interval. The
 * reply goes with the null sender, Auto-Submitted: auto-replied, DKIM-signed
 * with the mailbox's domain, through the outbound queue.
 */
export class AutoreplyWorker {
  readonly worker: Worker;
  private readonly sweepTimer: NodeJS.Timeout;
  private sweeping: Promise<void> = Promise.resolve();

  constructor(
    private readonly deps: {
      db: Db;
      store: MailStore;
      redis: Redis;
      router: MailRouter;
      log: Logger;
      redisPrefix?: string;
      /** How often autoresponders past their end are switched off (default 5 minutes; also once at start). */
      expirySweepMs?: number;
    },
  ) {
    this.worker = new Worker(AUTOREPLY_QUEUE, (job) => this.process(job), { connection: deps.redis, prefix: deps.redisPrefix ?? 'kontor', concurrency: 5 });
    this.worker.on('failed', (job, error) => deps.log.warn({ err: error, job: job?.id }, 'autoreply job failed'));
    this.worker.on('error', (error) => deps.log.warn({ err: error }, 'autoreply worker error'));
    // Expired ones answer nobody whatever the row says; the sweep makes the
    // row say so (with an audit entry), also for mailboxes that get no mail.
    this.sweepTimer = setInterval(() => this.sweepExpired(), deps.expirySweepMs ?? 300_000);
    this.sweepTimer.unref();
    this.sweepExpired();
  }

  /** Switches off the autoresponders past their end; one sweep at a time. */
  sweepExpired(): Promise<void> {
    this.sweeping = this.sweeping.then(async () => {
      try {
        const switched = await switchOffExpiredAutoresponders(this.deps.db);
        if (switched) this.deps.log.info({ switched }, 'expired autoresponders switched off');
      } catch (error) {
        this.deps.log.warn({ err: error }, 'autoresponder expiry sweep failed');
      }
    });
    return this.sweeping;
  }

  async close(): Promise<void> {
    clearInterval(this.sweepTimer);
    await this.sweeping;
    await this.worker.close();
  }

  /** Which of the To/Cc addresses are aliases (or a catch-all) delivering to this mailbox. */
  private async aliasesNamed(addresses: string[], mailboxAddress: string, mailboxId: number): Promise<string[]> {
    const own = comparableAddress(mailboxAddress);
    const aliases: string[] = [];
    // A bounded number: a To: line of thousands must not cost thousands of lookups.
    for (const address of [...new Set(addresses.map(comparableAddress))].slice(0, 50)) {
      if (address === own) continue;
      // Whose address it is, not where it is forwarded: a forward target's autoresponder does not answer for the mailbox that forwards.
      const resolution = await resolveRecipient(this.deps.db, address, { followForwarding: false });
      if (resolution.kind === 'deliver' && resolution.mailboxes.some((m) => m.mailboxId === mailboxId)) aliases.push(address);
    }
    return aliases;
  }

  private async process(job: Job): Promise<string> {
    const data = autoreplyJobSchema.parse(job.data);
    const log = this.deps.log.child({ job: job.id, queueId: data.queueId, mailboxId: data.mailboxId });
    const [autoresponder] = await activeAutoresponders(this.deps.db, [data.mailboxId], new Date(data.receivedAt));
    if (!autoresponder) return 'inactive';
    let block: string;
    try {
      block = await readHeaderBlock(this.deps.store.openMessage(data.blobSha256));
    } catch (error) {
      log.info({ err: error }, 'message gone before its autoreply');
      return 'message gone';
    }
    const headers = headerMap(block);
    const aliases = await this.aliasesNamed(toAndCcAddresses(headers), autoresponder.address, data.mailboxId);
    const verdict = autoReplyVerdict({ sender: data.sender, mailboxAddress: autoresponder.address, aliases, headers });
    if (!verdict.reply) {
      log.info({ sender: data.sender, reason: verdict.reason }, 'no autoreply');
      return `skipped: ${verdict.reason}`;
    }
    if (!(await claimAutoreply(this.deps.db, autoresponder.id, data.sender, autoresponder.intervalDays))) {
      log.info({ sender: data.sender }, 'no autoreply: answered within the interval');
      return 'skipped: answered recently';
    }
    try {
      const original = parseMimeBuffer(`${block}\r\n`);
      const { raw, messageId } = composeAutoReply({
        from: { address: autoresponder.address, name: autoresponder.displayName },
        to: data.sender,
        subject: autoresponder.subject,
        body: autoresponder.body,
        original: { subject: original.headers.subject, messageId: original.envelope.messageId, references: headers.get('references')?.[0] ?? null },
      });
      const stored = await this.deps.store.storeBlob(Readable.from([Buffer.from(raw)]));
      await this.deps.router.route({
        queueId: `${data.queueId}-ar${data.mailboxId}`,
        stored,
        mailFrom: '',
        recipients: [data.sender],
        kind: 'autoreply',
        dkimDomain: domainOfAddress(autoresponder.address),
        messageId,
        senderMailboxId: data.mailboxId,
      });
      log.info({ to: data.sender }, 'autoreply sent');
      return 'replied';
    } catch (error) {
      await releaseAutoreplyClaim(this.deps.db, autoresponder.id, data.sender).catch(() => undefined);
      throw error;
    }
  }
}
