/** Prometheus metrics of the panel process (docs/monitoring.md); proxy.ts lets it through without a session. */
import { metricsResponse } from '@/lib/monitoring.ts';

export const dynamic = 'force-dynamic';

export function GET(request: Request) {
  return metricsResponse(request);
}
