import { routeHandlers } from '@/lib/api/handler.ts';
import { traceMessage } from '@/lib/api/operations/trace.ts';

export const { GET } = routeHandlers(traceMessage);
