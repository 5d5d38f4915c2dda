import { z } from 'zod';

/**
 * The outbound queue's job data, shared by maild (which adds and works the
 * jobs) and the panel (which shows, retries and cancels them). BullMQ on
 * Redis; one job per message and remote domain.
 */
export const OUTBOUND_QUEUE = 'kontor-outbound';
/** Autoreplies are decided and written off the delivery path, in jobs of their own. */
export const AUTOREPLY_QUEUE = 'kontor-autoreply';

/** Job names on OUTBOUND_QUEUE: `forward` (an alias's external copy, from the MX) and `deliver` (everything else). */
export const OUTBOUND_JOB_NAMES = ['deliver', 'forward'] as const;

export const recipientOutcomeSchema = z.object({
  /** delivered (2xx), failed (5xx, or expired), deferred (4xx, will be retried). */
  status: z.enum(['delivered', 'failed', 'deferred']),
  response: z.string(),
  remoteHost: z.string().default(''),
  at: z.number(),
  /** For failed recipients: the DSN has been written. */
  bounced: z.boolean().optional(),
});
export type RecipientOutcome = z.infer<typeof recipientOutcomeSchema>;

export const outboundJobSchema = z.object({
  queueId: z.string(),
  blobSha256: z.string().regex(/^[0-9a-f]{64}$/),
  size: z.number().int().nonnegative(),
  /** Envelope sender; '' is the null sender (bounces, autoreplies): never bounced. */
  mailFrom: z.string(),
  /** All in one remote domain (forward jobs from older versions may mix domains). */
  recipients: z.array(z.string()).min(1),
  kind: z.enum(['submission', 'forward', 'bounce', 'autoreply']).optional(),
  /** Sign with this hosted domain's active DKIM key. */
  dkimDomain: z.string().optional(),
  /** Forwarded mail: rewrite the envelope sender with SRS into this hosted domain. */
  srsDomain: z.string().optional(),
  /** The Message-ID header, for the delivery log. */
  messageId: z.string().optional(),
  /** When the message entered the queue (ms); the lifetime counts from here. */
  createdAt: z.number().optional(),
  // ---- the worker's bookkeeping
  attempts: z.number().int().nonnegative().optional(),
  results: z.record(z.string(), recipientOutcomeSchema).optional(),
  lastError: z.string().optional(),
  nextAttemptAt: z.number().optional(),
  /** The job let go of its blob reference (it is finished; a crash after this must not release twice). */
  released: z.boolean().optional(),
  /** Set from the panel: stop trying, with a bounce to the sender or silently. */
  cancel: z.enum(['bounce', 'silent']).optional(),
});
export type OutboundJob = z.infer<typeof outboundJobSchema>;

export const autoreplyJobSchema = z.object({
  mailboxId: z.number().int(),
  /** Envelope sender of the message that arrived. */
  sender: z.string(),
  /** The stored message (for its headers). */
  blobSha256: z.string(),
  queueId: z.string(),
  receivedAt: z.number(),
});
export type AutoreplyJob = z.infer<typeof autoreplyJobSchema>;

/** Recipients not yet finished (delivered, or failed for good). */
export function pendingRecipients(job: Pick<OutboundJob, 'recipients' | 'results'>): string[] {
  return job.recipients.filter((r) => {
    const status = job.results?.[r]?.status;
    return status !== 'delivered' && status !== 'failed';
  });
}
