import { routeHandlers } from '@/lib/api/handler.ts';
import { createMailboxOp, listMailboxes } from '@/lib/api/operations/mailboxes.ts';

export const { GET, POST } = routeHandlers(listMailboxes, createMailboxOp);
