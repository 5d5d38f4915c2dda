import { routeHandlers } from '@/lib/api/handler.ts';
import { latestSelftestOp, startSelftestOp } from '@/lib/api/operations/selftest.ts';

export const { GET, POST } = routeHandlers(latestSelftestOp, startSelftestOp);
