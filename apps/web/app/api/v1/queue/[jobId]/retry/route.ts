import { routeHandlers } from '@/lib/api/handler.ts';
import { retryQueueJob } from '@/lib/api/operations/queue.ts';

export const { POST } = routeHandlers(retryQueueJob);
