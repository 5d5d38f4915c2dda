import { routeHandlers } from '@/lib/api/handler.ts';
import { getCatchAllOp, setCatchAllOp } from '@/lib/api/operations/domains.ts';

export const { GET, PUT } = routeHandlers(getCatchAllOp, setCatchAllOp);
