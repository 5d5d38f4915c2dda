import { NotFoundError } from '@kontor/core';
import { receivedReportRaw } from '@kontor/db';
import { parseId } from '@/lib/actions.ts';
import { getDb } from '@/lib/db.ts';
import { requireActor } from '@/lib/session.ts';

export const dynamic = 'force-dynamic';

const TYPES: Record<string, string> = { gz: 'application/gzip', zip: 'application/zip', xml: 'application/xml', json: 'application/json' };

/** GET /domains/{id}/reports/raw/{dmarc|tls}/{reportId}: the report's attachment as the reporter sent it. */
export async function GET(_request: Request, { params }: { params: Promise<{ id: string; kind: string; reportId: string }> }): Promise<Response> {
  const { id, kind, reportId } = await params;
  const { actor } = await requireActor();
  const domainId = parseId(id);
  const rowId = parseId(reportId);
  if (!domainId || !rowId || (kind !== 'dmarc' && kind !== 'tls')) return new Response('Not found', { status: 404 });
  try {
    const { filename, raw } = await receivedReportRaw(getDb(), actor, domainId, kind, rowId);
    const extension = /\.([a-z]+)$/i.exec(filename)?.[1]?.toLowerCase() ?? '';
    // The name is the reporter's: only safe characters reach the header.
    const safeName = filename.replace(/[^A-Za-z0-9._!-]/g, '_');
    return new Response(new Uint8Array(raw), {
      headers: {
        'Content-Type': TYPES[extension] ?? 'application/octet-stream',
        'Content-Disposition': `attachment; filename="${safeName}"`,
        'X-Content-Type-Options': 'nosniff',
        'Cache-Control': 'no-store',
      },
    });
  } catch (error) {
    if (error instanceof NotFoundError) return new Response('Not found', { status: 404 });
    throw error;
  }
}
