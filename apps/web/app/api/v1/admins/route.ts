import { routeHandlers } from '@/lib/api/handler.ts';
import { createAdmin, listAdmins } from '@/lib/api/operations/admins.ts';

export const { GET, POST } = routeHandlers(listAdmins, createAdmin);
