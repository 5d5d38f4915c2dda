import { routeHandlers } from '@/lib/api/handler.ts';
import { createDomainOp, listDomains } from '@/lib/api/operations/domains.ts';

export const { GET, POST } = routeHandlers(listDomains, createDomainOp);
