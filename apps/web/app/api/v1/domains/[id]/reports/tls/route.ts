import { routeHandlers } from '@/lib/api/handler.ts';
import { tlsReportsOp } from '@/lib/api/operations/reports.ts';

export const { GET } = routeHandlers(tlsReportsOp);
