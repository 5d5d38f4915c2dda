import { mobileconfigResponse } from '../../../lib/client-config.ts';

export const dynamic = 'force-dynamic';

export async function GET(_request: Request, { params }: { params: Promise<{ file: string }> }) {
  return mobileconfigResponse((await params).file);
}
