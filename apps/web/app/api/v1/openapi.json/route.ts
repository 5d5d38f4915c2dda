import { routeHandlers } from '@/lib/api/handler.ts';
import { getOpenApi } from '@/lib/api/operations/meta.ts';

export const { GET } = routeHandlers(getOpenApi);
