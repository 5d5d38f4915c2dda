import { routeHandlers } from '@/lib/api/handler.ts';
import { deleteMailboxOp, getMailboxOp, updateMailboxOp } from '@/lib/api/operations/mailboxes.ts';

export const { GET, PATCH, DELETE } = routeHandlers(getMailboxOp, updateMailboxOp, deleteMailboxOp);
