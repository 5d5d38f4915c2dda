import { listQuery, messageJourney, searchDeliveryLog, TRACE_COUNT_CAP, TRACE_STATUSES } from '@kontor/db';
import { z } from 'zod';
import { defineOperation } from '../operation.ts';
import { journeySchema, pageOf, traceRowSchema } from '../schemas.ts';

const TAG = 'trace';

const moment = z.coerce.date({ message: 'Enter a date, e.g. 2026-12-01 or 2026-12-01T08:00:00Z' }).optional();

export const searchTrace = defineOperation({
  id: 'searchTrace',
  method: 'GET',
  path: '/trace',
  tag: TAG,
  summary: 'Search the delivery log',
  description: `Newest first. \`q\` is an address (sender or recipient), a Message-ID or a queue id. A domain key sees its domains' mail only. At most ${TRACE_COUNT_CAP} matches are counted (\`capped\`).`,
  access: 'admin',
  query: listQuery.extend({
    since: moment.meta({ description: 'From this moment on' }),
    until: moment.meta({ description: 'Before this moment' }),
    direction: z.enum(['INBOUND', 'OUTBOUND']).optional(),
    status: z.enum(TRACE_STATUSES).optional(),
  }),
  response: pageOf(traceRowSchema, 'TracePage', { capped: z.boolean().meta({ description: 'More matches than were counted' }) }),
  handler: ({ db, actor, query }) => searchDeliveryLog(db, actor, query),
});

export const traceMessage = defineOperation({
  id: 'traceMessage',
  method: 'GET',
  path: '/trace/{queueId}',
  tag: TAG,
  summary: "One message's journey",
  description:
    'By its queue id (as POST /messages returns it, or from a Received: header): received or submitted, each local folder, forwards, autoreplies, every outbound attempt with the remote reply, the bounce.',
  access: 'admin',
  params: z.object({ queueId: z.string().min(1).max(200).meta({ description: 'The queue id' }) }),
  response: journeySchema,
  handler: ({ db, actor, params }) => messageJourney(db, actor, { by: 'queue', id: params.queueId }),
});
