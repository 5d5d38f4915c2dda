import { routeHandlers } from '@/lib/api/handler.ts';
import { createAliasOp, listAliases } from '@/lib/api/operations/aliases.ts';

export const { GET, POST } = routeHandlers(listAliases, createAliasOp);
