import { routeHandlers } from '@/lib/api/handler.ts';
import { listQueue } from '@/lib/api/operations/queue.ts';

export const { GET } = routeHandlers(listQueue);
