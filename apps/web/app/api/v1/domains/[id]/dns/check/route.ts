import { routeHandlers } from '@/lib/api/handler.ts';
import { checkDomainDnsOp } from '@/lib/api/operations/dns-check.ts';

export const { GET } = routeHandlers(checkDomainDnsOp);
