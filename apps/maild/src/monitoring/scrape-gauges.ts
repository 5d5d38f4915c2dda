/**
 * The gauges read at scrape time (docs/monitoring.md): queue depth and the
 * age of the oldest job from BullMQ, storage per domain from the Mailbox
 * counters, certificate expiry from TlsCertificate, and the latest DNS
 * drift check per record from DnsCheck. Each source refreshes its gauge
 * whole (reset, then set), so a deleted domain or certificate disappears.
 */
import { certificateExpiryDays, dnsCheckRecords, domainMessages, domainStorageBytes, onScrape, queueJobs, queueOldestJobAge } from '@kontor/core/metrics';
import type { Db } from '@kontor/db';
import type { Queue } from 'bullmq';

/** Delayed jobs looked at for the oldest one: the queue's own order is by due time, not age. */
const OLDEST_SCAN = 1000;
const DAY_MS = 86_400_000;

export function registerScrapeGauges(db: Db, queues: readonly Queue[]): void {
  onScrape(async function queueDepth() {
    const now = Date.now();
    const rows = await Promise.all(
      queues.map(async (queue) => {
        const counts = await queue.getJobCounts('waiting', 'delayed', 'active', 'failed');
        const pending = await queue.getJobs(['waiting', 'delayed'], 0, OLDEST_SCAN - 1);
        const oldest = Math.min(now, ...pending.map((job) => Number((job.data as { createdAt?: number } | undefined)?.createdAt ?? job.timestamp)));
        return { name: queue.name, counts, ageSeconds: (now - oldest) / 1000 };
      }),
    );
    queueJobs.reset();
    queueOldestJobAge.reset();
    for (const { name, counts, ageSeconds } of rows) {
      for (const [state, count] of Object.entries(counts)) queueJobs.set({ queue: name, state }, count);
      queueOldestJobAge.set({ queue: name }, ageSeconds);
    }
  });

  onScrape(async function storage() {
    const rows = await db.$queryRaw<Array<{ name: string; bytes: bigint; messages: bigint }>>`
      SELECT d."name", COALESCE(SUM(m."usedBytes"), 0)::bigint AS bytes, COALESCE(SUM(m."messageCount"), 0)::bigint AS messages
      FROM "Domain" d LEFT JOIN "Mailbox" m ON m."domainId" = d."id"
      GROUP BY d."name"`;
    domainStorageBytes.reset();
    domainMessages.reset();
    for (const row of rows) {
      domainStorageBytes.set({ domain: row.name }, Number(row.bytes));
      domainMessages.set({ domain: row.name }, Number(row.messages));
    }
  });

  onScrape(async function certificates() {
    const rows = await db.tlsCertificate.findMany({ where: { notAfter: { not: null } }, select: { names: true, notAfter: true } });
    certificateExpiryDays.reset();
    for (const row of rows) certificateExpiryDays.set({ name: row.names[0] ?? '' }, (row.notAfter!.getTime() - Date.now()) / DAY_MS);
  });

  onScrape(async function dnsChecks() {
    // The latest result of each record, counted by status per domain.
    const rows = await db.$queryRaw<Array<{ domain: string; status: string; records: bigint }>>`
      SELECT COALESCE(d."name", '') AS domain, latest."status"::text AS status, COUNT(*)::bigint AS records
      FROM (
        SELECT DISTINCT ON (c."domainId", c."record", c."name") c."domainId", c."status"
        FROM "DnsCheck" c ORDER BY c."domainId", c."record", c."name", c."checkedAt" DESC
      ) latest LEFT JOIN "Domain" d ON d."id" = latest."domainId"
      GROUP BY 1, 2`;
    dnsCheckRecords.reset();
    for (const row of rows) dnsCheckRecords.set({ domain: row.domain, status: row.status.toLowerCase() }, Number(row.records));
  });
}
