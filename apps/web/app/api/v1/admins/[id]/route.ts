import { routeHandlers } from '@/lib/api/handler.ts';
import { deleteAdmin, getAdmin, updateAdmin } from '@/lib/api/operations/admins.ts';

export const { GET, PATCH, DELETE } = routeHandlers(getAdmin, updateAdmin, deleteAdmin);
