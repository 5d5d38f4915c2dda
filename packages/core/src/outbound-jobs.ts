import { z } from 'zod';

/**
 * The outbound queue's job data, shared by maild (which adds and works the
 * jobs) and the panel (which shows them). BullMQ on Redis; one job per
 * message and remote domain.
 */
export const OUTBOUND_QUEUE = 'kontor-outbound';
/** Autoreplies are decided and written off the delivery path, in jobs of their own. */
export const AUTOREPLY_QUEUE = 'kontor-autoreply';
/** The DNS drift watch: `check-all` on a schedule (DNS_CHECK_INTERVAL), `check-domain` after a change (docs/dns.md). */
export const DNS_CHECK_QUEUE = 'kontor-dns-check';
/** SMTP TLS reports Kontor sends (RFC 8460): `send-reports` daily for the UTC day before (docs/tls.md). */
export const TLS_REPORT_QUEUE = 'kontor-tls-reports';
/** The daily DMARC aggregate reports Kontor sends (apps/maild/src/dmarc-reports/). */
export const DMARC_REPORT_QUEUE = 'kontor-dmarc-reports';
/** The deliverability self-test: `send-probe` sends one run's probe (apps/maild/src/selftest/). */
export const SELFTEST_QUEUE = 'kontor-selftest';

/** Job names on OUTBOUND_QUEUE: `forward` (an alias's external copy, from the MX) and `deliver` (everything else). */
export const OUTBOUND_JOB_NAMES = ['deliver', 'forward'] as const;

export const outboundJobSchema = z.object({
  queueId: z.string(),
  blobSha256: z.string().regex(/^[0-9a-f]{64}$/),
  size: z.number().int().nonnegative(),
  /** Envelope sender; '' is the null sender (bounces, autoreplies): never bounced. */
  mailFrom: z.string(),
  /** All in one remote domain (forward jobs from older versions may mix domains). */
  recipients: z.array(z.string()).min(1),
  /** `notice`: Kontor's own mail to admins (DNS and certificate alerts, reports); null sender like a bounce, never bounced. */
  kind: z.enum(['submission', 'forward', 'bounce', 'autoreply', 'notice']).optional(),
  /** Sign with this hosted domain's active DKIM key. */
  dkimDomain: z.string().optional(),
  /** Forwarded mail: rewrite the envelope sender with SRS into this hosted domain. */
  srsDomain: z.string().optional(),
  /** The Message-ID header, for the delivery log. */
  messageId: z.string().optional(),
  /** When the message entered the queue (ms); the lifetime counts from here. */
  createdAt: z.number().optional(),
  // ---- the worker's bookkeeping. Each recipient's state (attempts, replies, cancels) is a row in
  // PostgreSQL (packages/db/src/outbound-state.ts), never here: older fields (results, cancel) are ignored.
  /** The job let go of its blob reference (it is finished; a crash after this must not release twice). */
  released: z.boolean().optional(),
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
