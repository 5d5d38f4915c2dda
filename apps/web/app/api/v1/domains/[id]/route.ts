import { routeHandlers } from '@/lib/api/handler.ts';
import { deleteDomainOp, getDomainOp, updateDomainOp } from '@/lib/api/operations/domains.ts';

export const { GET, PATCH, DELETE } = routeHandlers(getDomainOp, updateDomainOp, deleteDomainOp);
