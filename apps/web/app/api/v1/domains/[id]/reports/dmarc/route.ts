import { routeHandlers } from '@/lib/api/handler.ts';
import { dmarcReportsOp } from '@/lib/api/operations/reports.ts';

export const { GET } = routeHandlers(dmarcReportsOp);
