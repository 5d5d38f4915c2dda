import { routeHandlers } from '@/lib/api/handler.ts';
import { getAutoresponderOp, setAutoresponderOp } from '@/lib/api/operations/mailboxes.ts';

export const { GET, PUT } = routeHandlers(getAutoresponderOp, setAutoresponderOp);
