import { routeHandlers } from '@/lib/api/handler.ts';
import { deleteAliasOp, getAliasOp, updateAliasOp } from '@/lib/api/operations/aliases.ts';

export const { GET, PATCH, DELETE } = routeHandlers(getAliasOp, updateAliasOp, deleteAliasOp);
