import { routeHandlers } from '@/lib/api/handler.ts';
import { cancelQueueJob } from '@/lib/api/operations/queue.ts';

export const { POST } = routeHandlers(cancelQueueJob);
