/** PostgreSQL, Redis and the blob directory reachable from the panel (docs/monitoring.md); public, names only what failed. */
import { readinessResponse } from '@/lib/monitoring.ts';

export const dynamic = 'force-dynamic';

export function GET() {
  return readinessResponse();
}
