import { routeHandlers } from '@/lib/api/handler.ts';
import { getForwardingOp, setForwardingOp } from '@/lib/api/operations/mailboxes.ts';

export const { GET, PUT } = routeHandlers(getForwardingOp, setForwardingOp);
