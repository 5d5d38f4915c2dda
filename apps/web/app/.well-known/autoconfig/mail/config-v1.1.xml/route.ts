import { autoconfigResponse } from '../../../../../lib/client-config.ts';

export const dynamic = 'force-dynamic';
export const GET = autoconfigResponse;
