import { autodiscoverResponse } from '../../../lib/client-config.ts';

export const dynamic = 'force-dynamic';
export const POST = autodiscoverResponse;
