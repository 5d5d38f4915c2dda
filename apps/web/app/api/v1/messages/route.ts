import { routeHandlers } from '@/lib/api/handler.ts';
import { sendMessage } from '@/lib/api/operations/messages.ts';

export const { POST } = routeHandlers(sendMessage);
