import { routeHandlers } from '@/lib/api/handler.ts';
import { searchTrace } from '@/lib/api/operations/trace.ts';

export const { GET } = routeHandlers(searchTrace);
