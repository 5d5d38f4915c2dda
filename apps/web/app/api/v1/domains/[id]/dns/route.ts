import { routeHandlers } from '@/lib/api/handler.ts';
import { domainDns } from '@/lib/api/operations/domains.ts';

export const { GET } = routeHandlers(domainDns);
