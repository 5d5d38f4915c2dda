import { auditLogBatches, listDomains } from '@kontor/db';
import { csvRow } from '@/lib/csv.ts';
import { getDb } from '@/lib/db.ts';
import { auditTargetLabel, formatActor } from '@/lib/format.ts';
import { requireActor } from '@/lib/session.ts';
import { auditFilters } from '../filters.ts';

export const dynamic = 'force-dynamic';

/** Column names are stable identifiers (not translated), so scripts can read the file. */
const HEADER = ['time', 'actor', 'ip', 'action', 'target_type', 'target_id', 'target', 'domain', 'before', 'after'];

/**
 * GET /audit/export?actor=&action=&target=&from=&to= — every entry the audit
 * page would list with these filters (all pages, the same scope), as CSV,
 * read in batches and streamed.
 */
export async function GET(request: Request): Promise<Response> {
  const { actor } = await requireActor();
  const db = getDb();
  const { filters } = auditFilters(new URL(request.url).searchParams);
  const domainNames = new Map((await listDomains(db, actor)).map((d) => [d.id, d.unicodeName]));
  const batches = auditLogBatches(db, actor, filters);
  const encoder = new TextEncoder();
  const body = new ReadableStream<Uint8Array>({
    start(controller) {
      // A byte order mark, so spreadsheet programs read the file as UTF-8 (umlauts).
      controller.enqueue(encoder.encode(`\uFEFF${csvRow(HEADER)}`));
    },
    async pull(controller) {
      const next = await batches.next();
      if (next.done) {
        controller.close();
        return;
      }
      const text = next.value
        .map((entry) =>
          csvRow([
            entry.createdAt,
            formatActor(entry.actor),
            entry.ip ?? '',
            entry.action,
            entry.targetType,
            entry.targetId,
            auditTargetLabel(entry, domainNames),
            entry.domainId ? (domainNames.get(entry.domainId) ?? entry.domainId) : '',
            entry.before === null ? '' : JSON.stringify(entry.before),
            entry.after === null ? '' : JSON.stringify(entry.after),
          ]),
        )
        .join('');
      controller.enqueue(encoder.encode(text));
    },
    async cancel() {
      await batches.return(undefined);
    },
  });
  const day = new Date().toISOString().slice(0, 10);
  return new Response(body, {
    headers: {
      'Content-Type': 'text/csv; charset=utf-8',
      'Content-Disposition': `attachment; filename="kontor-audit-${day}.csv"`,
      'Cache-Control': 'no-store',
    },
  });
}
