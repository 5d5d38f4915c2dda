import { listOutboundQueue, wakeOutboundJob } from '@kontor/core';
import { cancelOutboundRecipients, outboundRecipientsOf, retryOutboundRecipients } from '@kontor/db';
import { z } from 'zod';
import { getOutboundQueue } from '@/app/(panel)/queue/outbound-queue.ts';
import { defineOperation } from '../operation.ts';
import { queueActionResultSchema, queueEntrySchema } from '../schemas.ts';

const TAG = 'queue';

const jobParams = z.object({
  jobId: z
    .string()
    .regex(/^[\w.:-]{1,100}$/)
    .meta({ description: 'The job id from GET /queue (outbox-…)' }),
});

export const listQueue = defineOperation({
  id: 'listQueue',
  method: 'GET',
  path: '/queue',
  tag: TAG,
  summary: 'Outgoing mail not delivered yet',
  description: 'Superadmin keys only. Oldest first, each job (one message to one remote domain) with its recipients’ state.',
  access: 'superadmin',
  query: z.object({ limit: z.coerce.number().int().min(1).max(500).default(100) }),
  response: z.object({ jobs: z.array(queueEntrySchema) }).meta({ id: 'Queue' }),
  handler: async ({ db, query }) => {
    const jobs = await listOutboundQueue(getOutboundQueue(), { limit: query.limit });
    const recipients = await outboundRecipientsOf(
      db,
      jobs.map((j) => j.id),
    );
    return {
      jobs: jobs.map((job) => ({ ...job, recipients: recipients.filter((r) => r.jobId === job.id) })),
    };
  },
});

export const retryQueueJob = defineOperation({
  id: 'retryQueueJob',
  method: 'POST',
  path: '/queue/{jobId}/retry',
  tag: TAG,
  summary: 'Try a queued message again now',
  description: 'Superadmin keys only. 409 when no recipient is left to try.',
  access: 'superadmin',
  params: jobParams,
  response: queueActionResultSchema,
  handler: async ({ db, actor, params }) => {
    const result = await retryOutboundRecipients(db, actor, params.jobId);
    await wakeOutboundJob(getOutboundQueue(), params.jobId).catch(() => {});
    return result;
  },
});

export const cancelQueueJob = defineOperation({
  id: 'cancelQueueJob',
  method: 'POST',
  path: '/queue/{jobId}/cancel',
  tag: TAG,
  summary: 'Stop delivering a queued message',
  description:
    'Superadmin keys only. Its pending recipients are cancelled; with `bounce` (default) the sender gets a bounce. A recipient being attempted right now is cancelled when the attempt ends, unless it delivers.',
  access: 'superadmin',
  params: jobParams,
  body: z.object({ bounce: z.boolean().default(true).meta({ description: 'Tell the sender with a bounce (default true)' }) }),
  response: queueActionResultSchema,
  handler: async ({ db, actor, params, body }) => {
    const result = await cancelOutboundRecipients(db, actor, params.jobId, body.bounce === false ? 'silent' : 'bounce');
    await wakeOutboundJob(getOutboundQueue(), params.jobId).catch(() => {});
    return result;
  },
});
