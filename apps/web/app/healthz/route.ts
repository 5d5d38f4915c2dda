/** The panel process answers (docs/monitoring.md); public, says nothing. */
import { healthResponse } from '@/lib/monitoring.ts';

export const dynamic = 'force-dynamic';

export function GET() {
  return healthResponse();
}
